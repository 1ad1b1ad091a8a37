// The coverage sweep: walks the bundled spec and fails when any documented operation, or any operation, lacks
// what the project promises (provenance, the common errors, a contract test). Coverage can never silently drop.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import nav from "../fixtures/newest-nav.json" with { type: "json" };
import { errorExamples, specOperations } from "../support/spec.js";

const contractDir = new URL("./", import.meta.url);
const contractSources = readdirSync(contractDir)
  .filter((file) => file.endsWith(".test.ts"))
  .map((file) => readFileSync(new URL(file, contractDir), "utf8"))
  .join("\n");

const operations = specOperations();

describe("coverage sweep", () => {
  it("every entry of the newest documentation navigation is covered by exactly one operation (x-p100-nav)", () => {
    const covered = operations.flatMap((o) => (o.op["x-p100-nav"] ?? []) as string[]);
    const missing = nav.entries.filter((entry) => !covered.includes(entry));
    const twice = nav.entries.filter((entry) => covered.filter((c) => c === entry).length > 1);
    expect(missing, "nav entries without an operation").toEqual([]);
    expect(twice, "nav entries claimed by two operations").toEqual([]);
  });

  it("an operation outside the newest navigation is marked deprecated", () => {
    const stray = operations.filter(
      (o) => !((o.op["x-p100-nav"] ?? []) as string[]).some((e) => nav.entries.includes(e)) && o.op.deprecated !== true,
    );
    expect(stray.map((o) => o.operationId)).toEqual([]);
  });

  it("every operation has provenance: x-p100-confidence, x-p100-source, and a sentence when not confirmed", () => {
    const problems = operations.flatMap((o) => {
      const confidence = o.op["x-p100-confidence"];
      const issues: string[] = [];
      if (!["confirmed", "older-docs", "inferred"].includes(confidence)) issues.push(`${o.operationId}: confidence`);
      if (!o.op["x-p100-source"]) issues.push(`${o.operationId}: source`);
      if (confidence !== "confirmed" && !/confirm|older|inferred|third-party/i.test(o.op.description ?? "")) {
        issues.push(`${o.operationId}: description does not say the facts are not confirmed`);
      }
      return issues;
    });
    expect(problems).toEqual([]);
  });

  it("every operation documents 401, P500 and P501 (near-universal in the documentation; P403 only where it applies)", () => {
    const missing = operations.flatMap((o) => {
      const names = errorExamples(o.operationId).map((e) => `${e.status} ${e.name}`);
      return ["401 xo1", "401 xo2", "401 xo3", "400 P500", "400 P501"]
        .filter((required) => !names.includes(required))
        .map((required) => `${o.operationId}: ${required}`);
    });
    expect(missing).toEqual([]);
  });

  it("every operation has a contract test (describeOperation) in test/contract", () => {
    const untested = operations.filter((o) => !contractSources.includes(`describeOperation("${o.operationId}"`));
    expect(untested.map((o) => o.operationId)).toEqual([]);
  });
});
