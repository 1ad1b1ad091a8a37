// The smaller parts of p100 verify: the target rules, the guessed paths, the redacted excerpt and the report.
import { describe, expect, it } from "vitest";
import { environments } from "../../src/index.js";
import { candidatePaths } from "../../src/verify/candidates.js";
import { redactedExcerpt, redactSecrets } from "../../src/verify/redact.js";
import { overridesSnippet, renderMarkdown } from "../../src/verify/report.js";
import type { OperationReport } from "../../src/verify/run.js";
import { resolveTarget, VerifyUsageError } from "../../src/verify/target.js";

describe("resolveTarget", () => {
  it("defaults to staging, where write probes may go", () => {
    expect(resolveTarget()).toEqual({ url: environments.staging, mayProbeWrites: true });
    expect(resolveTarget("http://127.0.0.1:4010/")).toEqual({ url: "http://127.0.0.1:4010", mayProbeWrites: true });
    expect(resolveTarget("https://proxy.example.test")).toEqual({
      url: "https://proxy.example.test",
      mayProbeWrites: false,
    });
  });

  it("refuses production in every spelling, with no way around it", () => {
    for (const url of [
      environments.production,
      `${environments.production}/`,
      "https://PARTNER-API.p100.io",
      "https://partner-api.p100.io:443/v1",
    ]) {
      expect(() => resolveTarget(url)).toThrow(VerifyUsageError);
      expect(() => resolveTarget(url)).toThrow(/refusing to run against production/);
    }
  });

  it("plain http only on loopback; no credentials, no query", () => {
    expect(() => resolveTarget("http://partner-api-stage.p100.io")).toThrow(/https/);
    expect(() => resolveTarget("https://u:p@partner-api-stage.p100.io")).toThrow(/credentials/);
    expect(() => resolveTarget("https://partner-api-stage.p100.io/?x=1")).toThrow(/query/);
    expect(() => resolveTarget("nope")).toThrow(/absolute URL/);
  });
});

describe("candidatePaths", () => {
  it("variants keep the placeholders and never repeat the template", () => {
    expect(candidatePaths("/v1/user/transactions/{externalUserId}")).toEqual([
      "/v1/transactions/{externalUserId}",
      "/v1/user/transaction/{externalUserId}",
      "/v1/user/transactions/all/{externalUserId}",
    ]);
    expect(candidatePaths("/v1/crypto-withdrawal/details/{withdrawalId}")).toEqual([
      "/v1/crypto-withdrawal/{withdrawalId}",
      "/v1/crypto-withdrawals/details/{withdrawalId}",
    ]);
  });
});

describe("redaction", () => {
  it("an excerpt keeps the shape and the codes the spec declares, never the data", () => {
    const spec = { paths: {} };
    const schema = {
      type: "object",
      properties: {
        status: { enum: ["ACTIVE"] },
        name: { type: "string" },
        items: { type: "array", items: { type: "object", properties: { currency: { enum: ["eur"] } } } },
      },
    };
    const body = {
      status: "FROZEN",
      name: "Jan Kowalski",
      email: "jan@example.pl",
      iban: "PL61109010140000071219812874",
      amount: 12.5,
      ok: true,
      items: [{ currency: "eur" }, { currency: "usd" }, { currency: "eur" }],
    };
    expect(redactedExcerpt(spec, schema, body)).toBe(
      '{"status":"FROZEN","name":"<string>","email":"<string>","iban":"<string>","amount":"<number>","ok":true,"items":[{"currency":"eur"},{"currency":"usd"},"<1 more>"]}',
    );
    // A code-shaped value is kept only where the spec declares a code; free text in an enum field is not.
    expect(redactedExcerpt(spec, schema, { status: "Jan Kowalski, Warszawa" })).toBe('{"status":"<string>"}');
  });

  it("secrets are replaced wherever they appear", () => {
    expect(redactSecrets("key sk-123456 and sk-123456", ["sk-123456", undefined, "ab"])).toBe("key *** and ***");
  });
});

describe("report", () => {
  const base = { method: "get", confidence: "inferred", kind: "read" as const, differences: [] };
  const results: OperationReport[] = [
    {
      ...base,
      operationId: "listX",
      path: "/v1/user/x/{externalUserId}",
      verdict: "not-found",
      reason: "404",
      status: 404,
      foundPath: { path: "/v1/x/{externalUserId}", status: 200, how: "guess" },
    },
    { ...base, operationId: "getY", path: "/v1/y/{id}", verdict: "not-found", reason: "404", status: 404 },
    { ...base, operationId: "getZ", path: "/v1/z", verdict: "confirmed", reason: "200", status: 200, excerpt: "{}" },
  ];
  const context = {
    date: "2026-12-01",
    target: "https://partner-api-stage.p100.io",
    spec: "P100 1.0.0",
    sdkVersion: "0.2.0",
    reportFile: "r.md",
    secrets: ["s3cr3t"],
  };

  it("the overrides snippet: a path for each one found, a commented line for each one still unknown", () => {
    expect(overridesSnippet(results, context)).toBe(
      [
        "// Path corrections found by p100 verify on 2026-12-01 against https://partner-api-stage.p100.io (source: r.md)",
        "const p100 = createP100Client({",
        "  paths: {",
        "    // GET /v1/user/x/{externalUserId} answered 404 without a P-code; this path answered 200 (r.md)",
        '    listX: "/v1/x/{externalUserId}",',
        "    // GET /v1/y/{id} answered 404 without a P-code and no other path answered: ask P100, then check with --try",
        '    // getY: "/v1/...",',
        "  },",
        "});",
      ].join("\n"),
    );
    expect(overridesSnippet([results[2] as OperationReport], context)).toBe("");
  });

  it("the Markdown report: suggestions with evidence, where to send it (no invented URL), no secret", () => {
    const md = renderMarkdown(
      [
        ...results,
        {
          ...base,
          operationId: "getW",
          path: "/v1/w",
          verdict: "inconclusive",
          reason: "request failed: key s3cr3t refused",
        },
      ],
      context,
    );
    expect(md).toContain(
      "- `getZ` (GET `/v1/z`, inferred): the server knows the path -> consider `x-p100-confidence: confirmed` for the path (evidence: 200 on 2026-12-01, body {}).",
    );
    expect(md).toContain("change the path to `/v1/x/{externalUserId}`");
    expect(md).toContain("## Send this report");
    expect(md).not.toMatch(/https?:\/\/(?!partner-api-stage\.p100\.io)/);
    expect(md).not.toContain("s3cr3t");
  });
});
