// The markdown report: columns, labels, suggestions, and that secrets never appear in it.
import { describe, expect, it } from "vitest";
import { classify, notRun, parseViolations, type OperationRef } from "../../scripts/lib/verify-live/classify.mjs";
import { renderReport, suggestions } from "../../scripts/lib/verify-live/report.mjs";

const op = (operationId: string, confidence: string, method = "get", path = `/v1/${operationId}`): OperationRef => ({ operationId, method, path, confidence });
const v = (list: unknown[]) => parseViolations(JSON.stringify(list));
const results = [
  classify(op("getCardLimits", "inferred"), { status: 200, body: {}, violations: [] }),
  classify(op("getUserBalances", "confirmed"), { status: 400, body: { errorCode: "P412" }, violations: [] }),
  classify(op("listUserTransactions", "inferred"), { status: 404, body: { message: "Cannot GET" }, violations: [] }),
  classify(op("getCryptoWithdrawal", "inferred"), {
    status: 200,
    body: {},
    violations: v([{ location: ["response", "body", "amount"], severity: "Error", message: "Response body property amount must be string,number" }]),
  }),
  classify(op("getOrder", "older-docs"), {
    status: 400,
    body: { errorCode: "P412" },
    violations: v([{ location: ["response"], severity: "Warning", message: "Unable to match the returned status code with those defined in the document: 200,401" }]),
  }),
  classify(op("getKyc", "older-docs"), { status: 401, body: "Access Denied. xo2", violations: [] }),
  notRun(op("getSepa", "older-docs", "get", "/v1/sepa/{transferId}"), "missing-input", "transferId"),
  notRun(op("createUser", "confirmed", "post"), "write"),
];

describe("renderReport", () => {
  const report = renderReport({ date: "2026-03-01", baseUrl: "http://127.0.0.1:1", spec: "spec.json", results, secrets: ["s3cr3t-key"] });

  it("has one row per operation with the six columns", () => {
    expect(report).toContain("| operationId | method | path | x-p100-confidence | result | evidence |");
    expect(report).toContain("| getCardLimits | GET | `/v1/getCardLimits` | inferred | path exists | 200 |");
    expect(report).toContain("| getUserBalances | GET | `/v1/getUserBalances` | confirmed | path exists | 400 P412 |");
    expect(report).toMatch(/\| listUserTransactions \| GET \| `\/v1\/listUserTransactions` \| inferred \| path unknown to the server \| 404; no P-code in the body/);
    expect(report).toContain("| getCryptoWithdrawal | GET | `/v1/getCryptoWithdrawal` | inferred | violates the spec | 200; /amount: Response body property amount must be string,number |");
    expect(report).toContain("| getSepa | GET | `/v1/sepa/{transferId}` | older-docs | not run (missing input transferId) |");
    expect(report).toContain("| createUser | POST | `/v1/createUser` | confirmed | not run (write operation) | never sent: verify:live sends GET only |");
    expect(report).toMatch(/\| getKyc \| GET .* \| inconclusive \| 401; access refused/);
  });

  it("suggests confirming, fixing paths and fixing schemas, and nothing for an already confirmed path", () => {
    const list = suggestions(results, "2026-03-01");
    expect(list).toEqual([
      expect.stringMatching(/^`getCardLimits` .*consider `x-p100-confidence: confirmed` \(evidence: 200 on 2026-03-01\)/),
      expect.stringMatching(/^`listUserTransactions` .*404 without a P-code -> path probably wrong/),
      expect.stringMatching(/^`getCryptoWithdrawal` .*fix the response schema at `\/amount`/),
      expect.stringMatching(/^`getOrder` .*document status 400 P412 in `responses`/),
    ]);
    expect(report).toContain("## Suggested spec changes");
    expect(report).toContain("## Not decided");
  });

  it("never contains a secret, even if one leaked into a message", () => {
    const leaky = [{ ...results[0]!, result: "inconclusive" as const, reason: "request failed: key s3cr3t-key rejected" }];
    const text = renderReport({ date: "d", baseUrl: "b", spec: "s", results: leaky, secrets: ["s3cr3t-key"] });
    expect(text).not.toContain("s3cr3t-key");
    expect(text).toContain("***");
  });

  it("escapes pipes inside cells", () => {
    const r = classify(op("getX", "inferred"), { status: 200, body: {}, violations: v([{ location: ["response", "body", "a|b"], severity: "Error", message: "x|y" }]) });
    expect(renderReport({ date: "d", baseUrl: "b", spec: "s", results: [r] })).toContain("/a\\|b: x\\|y");
  });
});
