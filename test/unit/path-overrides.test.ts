// createP100Client({ paths }): an inferred path found wrong is corrected by configuration, the typed method kept.
import { describe, expect, it } from "vitest";
import { createP100Client, operationTable, P100ConfigurationError } from "../../src/index.js";
import { applyPathOverrides, pathOverrideProblem } from "../../src/path-overrides.js";
import { fakeFetch, json } from "../support/fake-fetch.js";

const base = { apiKey: "test-key", baseUrl: "https://partner-api-stage.p100.io" };

describe("createP100Client({ paths })", () => {
  it("sends the typed method to the overridden path, filling its placeholders", async () => {
    const fake = fakeFetch(json(200, [{ id: "t-1", amount: 1, currency: "eur", status: "SUCCESSFUL" }]));
    const p100 = createP100Client({
      ...base,
      fetch: fake.fetch,
      paths: { listUserTransactions: "/v1/transactions/{externalUserId}/all" },
    });
    const result = await p100.listUserTransactions({ externalUserId: "u 1" });
    expect(result).toEqual([{ id: "t-1", amount: 1, currency: "eur", status: "SUCCESSFUL" }]);
    expect(fake.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      "GET https://partner-api-stage.p100.io/v1/transactions/u%201/all",
    ]);
  });

  it("keeps every other operation on the spec's path", async () => {
    const fake = fakeFetch(json(200, {}));
    const p100 = createP100Client({
      ...base,
      fetch: fake.fetch,
      paths: { listUserTransactions: "/v1/transactions/{externalUserId}" },
    });
    await p100.getKycStatus({ externalUserId: "u1" });
    expect(fake.calls[0]?.url).toBe("https://partner-api-stage.p100.io/v1/kyc/status/u1");
    expect(operationTable.listUserTransactions.path).toBe("/v1/user/transactions/{externalUserId}");
  });

  it("reorders placeholders freely and moves kycVerificationPageUrl with getKycRedirectPage", () => {
    const p100 = createP100Client({
      ...base,
      paths: { getKycRedirectPage: "/v1/kyc/{verificationId}/page/{externalUserId}" },
    });
    expect(p100.kycVerificationPageUrl({ externalUserId: "u", verificationId: "v" })).toBe(
      "https://partner-api-stage.p100.io/v1/kyc/v/page/u",
    );
  });

  it("a missing or an extra placeholder is a P100ConfigurationError naming both templates", () => {
    const missing = () => createP100Client({ ...base, paths: { getCardLimits: "/v1/card/{cardId}/limits" } });
    expect(missing).toThrow(P100ConfigurationError);
    expect(missing).toThrow(
      'paths.getCardLimits: "/v1/card/{cardId}/limits" must keep exactly the placeholders of the spec\'s "/v1/card/limits/{externalUserId}/{cardId}" (missing: {externalUserId}; extra: none).',
    );
    const extra = () =>
      createP100Client({ ...base, paths: { getPartnerBalances: "/v1/partner/{partnerId}/balances" } });
    expect(extra).toThrow(P100ConfigurationError);
    expect(extra).toThrow(
      /"\/v1\/partner\/\{partnerId\}\/balances" must keep .*"\/v1\/partner\/balances" \(missing: none; extra: \{partnerId\}\)/,
    );
    const twice = () =>
      createP100Client({ ...base, paths: { getKycStatus: "/v1/{externalUserId}/kyc/{externalUserId}" } });
    expect(twice).toThrow(/extra: \{externalUserId\}\)/);
    const renamed = () => createP100Client({ ...base, paths: { getKycStatus: "/v1/kyc/status/{userId}" } });
    expect(renamed).toThrow(/missing: \{externalUserId\}; extra: \{userId\}\)/);
  });

  it("refuses an unknown operationId and a value that is not a plain path", () => {
    expect(() => createP100Client({ ...base, paths: { listEverything: "/v1/x" } as never })).toThrow(
      "paths.listEverything: is not an operationId.",
    );
    for (const bad of [
      "v1/partner/balances",
      "//evil.example/v1",
      "https://evil.example/v1/partner/balances",
      "/v1/a?x=1",
      "/v1/a#f",
      "/v1/../admin",
      "/v1//a",
      "/v1/a%2F",
      "/v1/{a",
      "/v1/a}",
      "/v1/./a",
      "/v1/a b",
      "/",
    ]) {
      expect(() => createP100Client({ ...base, paths: { getPartnerBalances: bad } }), bad).toThrow(
        P100ConfigurationError,
      );
    }
    expect(() => createP100Client({ ...base, paths: { getPartnerBalances: 5 as unknown as string } })).toThrow(
      "paths.getPartnerBalances: must be a string, got number.",
    );
    expect(() => createP100Client({ ...base, paths: [] as never })).toThrow(/`paths` must be an object/);
  });

  it("no override, or only undefined values, keeps the generated table itself", () => {
    expect(applyPathOverrides(operationTable, undefined)).toBe(operationTable);
    expect(applyPathOverrides(operationTable, { getKycStatus: undefined })).toBe(operationTable);
    expect(pathOverrideProblem("/v1/a/{id}", "/v2/b/{id}")).toBeUndefined();
  });
});
