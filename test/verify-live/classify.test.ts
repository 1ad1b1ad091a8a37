// What one answer says about an operation: the verdicts of reads and of write probes, from hand-written answers.
import { describe, expect, it } from "vitest";
import { classifyProbe, classifyRead, errorCodeOf } from "../../src/verify/classify.js";
import type { Spec, SpecOperation } from "../../src/verify/spec.js";

const spec: Spec = { paths: {} };
const op: SpecOperation = {
  operationId: "getCardLimits",
  method: "get",
  path: "/v1/card/limits/{externalUserId}/{cardId}",
  confidence: "inferred",
  parameters: [],
  bodyRequiresFields: false,
  responses: {
    "200": {
      content: {
        "application/json": {
          schema: { type: "object", required: ["daily"], properties: { daily: { type: "string" } } },
        },
      },
    },
    "400": { content: { "application/json": { schema: { type: "object" } } } },
  },
};
const json = "application/json";

describe("classifyRead", () => {
  it("a documented 200 matching the schema: path confirmed", () => {
    expect(classifyRead(spec, op, { status: 200, body: { daily: "1" }, contentType: json })).toMatchObject({
      verdict: "confirmed",
      differences: [],
    });
  });

  it("a documented P-code error: the server knows the path", () => {
    expect(classifyRead(spec, op, { status: 400, body: { errorCode: "P412" }, contentType: json })).toMatchObject({
      verdict: "confirmed",
      errorCode: "P412",
    });
    // An undocumented status with a P-code: the path exists, the status is the difference.
    expect(classifyRead(spec, op, { status: 404, body: { errorCode: "P434" }, contentType: json })).toMatchObject({
      verdict: "differs",
      differences: [{ kind: "status", field: "", expected: "200, 400", actual: "404" }],
    });
  });

  it("404 without a P-code: path not found; 401/403 without: auth refused; 429, 5xx, 3xx: inconclusive", () => {
    for (const body of [{ statusCode: 404, message: "Cannot GET /x" }, "Not Found", undefined]) {
      expect(classifyRead(spec, op, { status: 404, body, contentType: json }).verdict).toBe("not-found");
    }
    expect(classifyRead(spec, op, { status: 401, body: "Access Denied. xo2", contentType: "text/plain" }).verdict).toBe(
      "auth-refused",
    );
    expect(classifyRead(spec, op, { status: 403, body: undefined, contentType: "" }).verdict).toBe("auth-refused");
    for (const status of [429, 500, 502, 302])
      expect(classifyRead(spec, op, { status, body: undefined, contentType: "" }).verdict).toBe("inconclusive");
    expect(classifyRead(spec, op, { status: 400, body: "<html>", contentType: "text/html" }).verdict).toBe(
      "inconclusive",
    );
  });

  it("a 200 that breaks the schema: differs, field by field", () => {
    expect(classifyRead(spec, op, { status: 200, body: { daily: 5, weekly: "1" }, contentType: json })).toMatchObject({
      verdict: "differs",
      differences: [
        { kind: "type", field: "/daily" },
        { kind: "extra", field: "/weekly" },
      ],
    });
  });

  it("only a string P-code in errorCode counts", () => {
    expect(errorCodeOf({ errorCode: "P412" })).toBe("P412");
    for (const body of [{ errorCode: "E12" }, { errorCode: 412 }, [{ errorCode: "P412" }], "P412", null])
      expect(errorCodeOf(body)).toBeUndefined();
  });
});

describe("classifyProbe", () => {
  it("a refusal in the API's format proves the path; a bare 404 is no such path", () => {
    expect(classifyProbe({ status: 400, body: { errorCode: "P403" }, contentType: json })).toMatchObject({
      verdict: "confirmed",
      errorCode: "P403",
    });
    expect(classifyProbe({ status: 404, body: { statusCode: 404 }, contentType: json }).verdict).toBe("not-found");
    expect(classifyProbe({ status: 401, body: "Access Denied. xo1", contentType: "text/plain" }).verdict).toBe(
      "auth-refused",
    );
    expect(classifyProbe({ status: 201, body: {}, contentType: json })).toMatchObject({
      verdict: "confirmed",
      reason: expect.stringMatching(/ACCEPTED an empty body/),
    });
    expect(classifyProbe({ status: 422, body: { message: "bad" }, contentType: json }).verdict).toBe("inconclusive");
  });
});
