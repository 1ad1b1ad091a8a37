// The sandbox is a separate entry generated from the spec: every operation has its request contract and a handler,
// nothing outside src/sandbox imports it (the client bundle cannot grow), and webhook paths can be overridden.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { operationTable } from "../../generated/operations.js";
import { documentedErrors, requestContracts } from "../../generated/request-validators.js";
import { createSandbox } from "../../src/sandbox/index.js";
import { findOperation } from "../support/spec.js";
import { START } from "./support.js";

const src = fileURLToPath(new URL("../../src", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("sandbox entry", () => {
  it("has a generated request contract for every operation, with the spec's success status", () => {
    expect(Object.keys(requestContracts).sort()).toEqual(Object.keys(operationTable).sort());
    for (const [operationId, contract] of Object.entries(requestContracts)) {
      const success = Object.keys(findOperation(operationId).op.responses)
        .filter((s) => /^2/.test(s))
        .sort()[0];
      expect(contract.success, operationId).toBe(Number(success));
    }
    expect(documentedErrors.P412).toEqual({
      status: 400,
      body: { errorCode: "P412", errorName: "invalid-user", errorMessage: "User does not exist" },
    });
  });

  it("answers every operation of the table (a handler for each: no 404 for a documented route)", async () => {
    const sandbox = createSandbox({ startTime: START });
    for (const op of Object.values(operationTable)) {
      const path = op.path.replace(/\{[^}]+\}/g, "x");
      const response = await sandbox.fetch(`${sandbox.baseUrl}${path}`, {
        method: op.method.toUpperCase(),
        headers: { "x-api-key": sandbox.apiKey },
      });
      const body = await response.text();
      // A documented 404 (P428, P445) is an answer; the router's "Cannot GET" would mean a missing route.
      expect(body, `${op.method} ${op.path}`).not.toContain("Cannot ");
    }
    expect(sandbox.internalErrors).toEqual([]);
  });

  it("is imported by nothing outside src/sandbox but the p100 command, so the client and webhooks bundles do not carry it", () => {
    // src/cli is the `p100` command, a bundle of its own (dist/cli/p100.js): `p100 sandbox` runs the sandbox.
    const offenders = sourceFiles(src)
      .filter((f) => !f.startsWith(join(src, "sandbox")) && !f.startsWith(join(src, "cli")))
      .filter((f) => /from\s+["'][^"']*sandbox[^"']*["']/.test(readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });

  it("accepts a bare handler as `webhooks` (token sandbox-webhook-token)", async () => {
    const tokens: (string | null)[] = [];
    const sandbox = createSandbox({
      startTime: START,
      webhooks: (r) => (tokens.push(r.headers.get("authorization")), new Response("{}")),
    });
    sandbox.simulate.sepaDeposit({ amount: "1" });
    await sandbox.settle();
    expect(tokens).toEqual(["sandbox-webhook-token"]);
  });

  it("delivers to a custom path per kind when `paths` says so", async () => {
    const paths: string[] = [];
    const sandbox = createSandbox({
      startTime: START,
      webhooks: {
        token: "t",
        paths: { sepaDeposit: "/hooks/deposits" },
        handler: (r) => (paths.push(new URL(r.url).pathname), new Response("{}")),
      },
    });
    sandbox.simulate.sepaDeposit({ amount: "1" });
    await sandbox.settle();
    expect(paths).toEqual(["/hooks/deposits"]);
  });
});
