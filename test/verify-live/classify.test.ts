// The classifier alone: every result it can give, from hand-written answers (no Prism, no network).
import { describe, expect, it } from "vitest";
import { classify, errorCodeOf, notRun, parseViolations, type OperationRef } from "../../scripts/lib/verify-live/classify.mjs";

const op: OperationRef = { operationId: "getCardLimits", method: "get", path: "/v1/card/limits/{externalUserId}/{cardId}", confidence: "inferred" };
const undocumentedStatus = parseViolations(
  JSON.stringify([{ location: ["response"], severity: "Warning", message: "Unable to match the returned status code with those defined in the document: 200,401" }]),
);

describe("parseViolations", () => {
  it("turns Prism's locations into JSON pointers and keeps the side", () => {
    const header = JSON.stringify([
      { location: ["request"], severity: "Error", code: 401, message: "Invalid security scheme used" },
      { location: ["request", "query"], severity: "Error", code: "required", message: "Request query must have required property 'page'" },
      { location: ["response", "body"], severity: "Error", code: "required", message: "Response body must have required property 'status'" },
      { location: ["response", "body", "items", "0", "a/b"], severity: "Error", code: "type", message: "m" },
      { location: ["response", "headers", "x-rate"], severity: "Error", message: "h" },
    ]);
    expect(parseViolations(header)).toEqual([
      { side: "request", pointer: "", message: "Invalid security scheme used", severity: "Error" },
      { side: "request", pointer: "query", message: "Request query must have required property 'page'", severity: "Error" },
      { side: "response", pointer: "/status", message: "Response body must have required property 'status'", severity: "Error" },
      { side: "response", pointer: "/items/0/a~1b", message: "m", severity: "Error" },
      { side: "response", pointer: "headers:x-rate", message: "h", severity: "Error" },
    ]);
  });

  it("no header means no violations; an unreadable one is itself reported", () => {
    expect(parseViolations(null)).toEqual([]);
    expect(parseViolations("not json")[0]?.message).toMatch(/unreadable sl-violations/);
  });
});

describe("errorCodeOf", () => {
  it("only a P-code string in errorCode counts", () => {
    expect(errorCodeOf({ errorCode: "P412" })).toBe("P412");
    expect(errorCodeOf({ errorCode: "E12" })).toBeUndefined();
    expect(errorCodeOf({ statusCode: 404, message: "Cannot GET /x" })).toBeUndefined();
    expect(errorCodeOf("Access Denied. xo2")).toBeUndefined();
    expect(errorCodeOf([{ errorCode: "P412" }])).toBeUndefined();
    expect(errorCodeOf(undefined)).toBeUndefined();
  });
});

describe("classify", () => {
  it("a documented 200 with a valid body: path exists", () => {
    const r = classify(op, { status: 200, body: { dailyLimit: 1 }, violations: [] });
    expect(r).toMatchObject({ result: "path-exists", status: 200, violations: [] });
    expect(r.errorCode).toBeUndefined();
  });

  it("a documented P-code error: path exists, with the code as evidence", () => {
    expect(classify(op, { status: 400, body: { errorCode: "P412", errorName: "invalid-user" }, violations: [] })).toMatchObject({
      result: "path-exists",
      errorCode: "P412",
    });
    // Even a 404, when it carries a documented P-code (P445 KYC not found).
    expect(classify(op, { status: 404, body: { errorCode: "P445" }, violations: [] })).toMatchObject({ result: "path-exists", errorCode: "P445" });
  });

  it("404 without a P-code: path unknown, whatever Prism says about the status", () => {
    for (const body of [{ statusCode: 404, message: "Cannot GET /v1/x", error: "Not Found" }, "Not Found", undefined]) {
      expect(classify(op, { status: 404, body, violations: undocumentedStatus }).result).toBe("path-unknown");
    }
  });

  it("a body that breaks the schema: violates the spec, naming every field", () => {
    const violations = parseViolations(
      JSON.stringify([
        { location: ["response", "body"], severity: "Error", code: "required", message: "Response body must have required property 'status'" },
        { location: ["response", "body", "amount"], severity: "Error", code: "type", message: "Response body property amount must be string,number" },
      ]),
    );
    const r = classify(op, { status: 200, body: { amount: true }, violations });
    expect(r.result).toBe("violates-spec");
    expect(r.violations.map((v) => v.pointer)).toEqual(["/status", "/amount"]);
  });

  it("a P-code under an undocumented status: violates the spec (the path exists, the status is missing)", () => {
    const r = classify(op, { status: 400, body: { errorCode: "P412" }, violations: undocumentedStatus });
    expect(r).toMatchObject({ result: "violates-spec", errorCode: "P412", status: 400 });
    expect(r.violations[0]?.message).toMatch(/status code/);
  });

  it("answers that say nothing about the path: inconclusive", () => {
    expect(classify(op, { status: 401, body: "Access Denied. xo2", violations: [] }).result).toBe("inconclusive");
    expect(classify(op, { status: 403, body: undefined, violations: undocumentedStatus }).result).toBe("inconclusive");
    expect(classify(op, { status: 429, body: undefined, violations: undocumentedStatus }).result).toBe("inconclusive");
    expect(classify(op, { status: 502, body: "<html>Bad gateway</html>", violations: undocumentedStatus }).result).toBe("inconclusive");
    const prismError = { type: "https://stoplight.io/prism/errors#UNKNOWN", title: "Request terminated with error", status: 500 };
    expect(classify(op, { status: 500, body: prismError, violations: [] })).toMatchObject({ result: "inconclusive", reason: expect.stringMatching(/Prism/) });
  });

  it("request violations are kept apart and do not change the result", () => {
    const violations = parseViolations(JSON.stringify([{ location: ["request", "query"], severity: "Error", message: "Request query must have required property 'page'" }]));
    const r = classify(op, { status: 400, body: { errorCode: "P403", errorMessage: "page must be a number" }, violations });
    expect(r).toMatchObject({ result: "path-exists", violations: [] });
    expect(r.requestViolations).toHaveLength(1);
  });

  it("write operations are never classified from an answer, and a missing answer is missing input", () => {
    for (const method of ["post", "patch", "put", "delete"]) {
      expect(classify({ ...op, method }, { status: 200, body: {}, violations: [] })).toMatchObject({ result: "not-run", notRun: "write" });
    }
    expect(classify(op)).toMatchObject({ result: "not-run", notRun: "missing-input" });
    expect(notRun(op, "missing-input", "cardId").reason).toBe("not run: missing input cardId");
  });
});
