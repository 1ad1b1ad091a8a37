// Planning (which operations run, with which inputs) and the target rules, from the fixture spec and the real one.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { planOperations } from "../../scripts/lib/verify-live/plan.mjs";
import { PRODUCTION_URL, resolveTarget, STAGING_URL, VerifyLiveUsageError } from "../../scripts/lib/verify-live/target.mjs";
import { environments } from "../../src/index.js";
import { spec as bundled } from "../support/spec.js";

const fixture: unknown = JSON.parse(readFileSync(new URL("./fixtures/read-only.json", import.meta.url), "utf8"));

describe("planOperations", () => {
  const plan = planOperations(fixture, { externalUserId: "u 1", params: { cardId: "c/9", withdrawalId: "w-1", orderId: "o-1" } });
  const byId = Object.fromEntries(plan.map((p) => [p.operation.operationId, p]));

  it("plans every operation of the spec, in spec order", () => {
    expect(plan.map((p) => p.operation.operationId)).toEqual([
      "getBalances",
      "getUserBalances",
      "getCardLimits",
      "listUserTransactions",
      "getCryptoWithdrawal",
      "getKycStatus",
      "getUserSepaTransfer",
      "getOrder",
      "createUser",
      "deleteCard",
      "updateCardLimits",
    ]);
  });

  it("only GET operations get a request; writes are not run", () => {
    for (const p of plan) {
      if (p.request) expect(p.request.method).toBe("GET");
      else expect(p.result.result).toBe("not-run");
    }
    for (const id of ["createUser", "deleteCard", "updateCardLimits"]) expect(byId[id]?.result?.notRun).toBe("write");
  });

  it("fills path parameters (externalUserId, --param) percent-encoded, path-level $refs included", () => {
    expect(byId.getUserBalances?.request?.path).toBe("/v1/user/balances/u%201");
    expect(byId.getCardLimits?.request?.path).toBe("/v1/card/limits/u%201/c%2F9");
  });

  it("a required query parameter takes its spec example; an optional one is left out", () => {
    expect(byId.listUserTransactions?.request?.query).toEqual([["page", "1"]]);
  });

  it("--param overrides the example and can set an optional query parameter", () => {
    const p = planOperations(fixture, { externalUserId: "u", params: { page: "3", limit: "5" } }).find((x) => x.operation.operationId === "listUserTransactions");
    expect(p?.request?.query).toEqual([["page", "3"], ["limit", "5"]]);
  });

  it("a missing path parameter means not run (missing input), naming it", () => {
    expect(byId.getUserSepaTransfer?.result).toMatchObject({ result: "not-run", notRun: "missing-input", reason: "not run: missing input transferId" });
    const withoutUser = planOperations(fixture, {}).find((x) => x.operation.operationId === "getCardLimits");
    expect(withoutUser?.result?.reason).toBe("not run: missing input externalUserId, cardId");
  });

  it("a path parameter never falls back to an example (it must be real staging data)", () => {
    const spec = {
      paths: { "/v1/x/{id}": { get: { operationId: "getX", parameters: [{ name: "id", in: "path", required: true, example: "demo", schema: { type: "string" } }], responses: {} } } },
    };
    expect(planOperations(spec, {})[0]?.result?.notRun).toBe("missing-input");
  });

  it("HEAD is read-only but Prism cannot proxy it: not run, with the reason", () => {
    const spec = { paths: { "/v1/x": { head: { operationId: "headX", responses: {} } } } };
    expect(planOperations(spec, {})[0]?.result).toMatchObject({ notRun: "unsupported", reason: expect.stringMatching(/HEAD/) });
  });

  it("works on the bundled spec, whatever it holds: every operation planned, no write ever gets a request", () => {
    const planned = planOperations(bundled, { externalUserId: "u-1" });
    const methods = Object.values<Record<string, unknown>>(bundled.paths).flatMap((item) =>
      Object.keys(item).filter((k) => ["get", "head", "put", "post", "delete", "options", "patch", "trace"].includes(k)),
    );
    expect(planned).toHaveLength(methods.length);
    for (const p of planned) {
      if (p.operation.method !== "get") expect(p.request).toBeUndefined();
      expect(p.operation.confidence).not.toBe("(none)");
    }
  });
});

describe("resolveTarget", () => {
  it("defaults to staging; the URLs match the SDK's environments", () => {
    expect(STAGING_URL).toBe(environments.staging);
    expect(PRODUCTION_URL).toBe(environments.production);
    expect(resolveTarget()).toEqual({ url: STAGING_URL, production: false });
  });

  it("refuses production unless forced", () => {
    for (const url of [PRODUCTION_URL, `${PRODUCTION_URL}/`, "https://PARTNER-API.p100.io"]) {
      expect(() => resolveTarget(url)).toThrow(VerifyLiveUsageError);
      expect(() => resolveTarget(url)).toThrow(/--force-production/);
    }
    expect(resolveTarget(PRODUCTION_URL, { forceProduction: true })).toEqual({ url: PRODUCTION_URL, production: true });
  });

  it("plain http only on loopback; no credentials, no query", () => {
    expect(resolveTarget("http://127.0.0.1:4321/").url).toBe("http://127.0.0.1:4321");
    expect(resolveTarget("http://localhost:4321").url).toBe("http://localhost:4321");
    expect(() => resolveTarget("http://partner-api-stage.p100.io")).toThrow(/https/);
    expect(() => resolveTarget("https://user:pw@partner-api-stage.p100.io")).toThrow(/credentials/);
    expect(() => resolveTarget("https://partner-api-stage.p100.io/?x=1")).toThrow(/query/);
    expect(() => resolveTarget("not a url")).toThrow(/absolute URL/);
  });
});
