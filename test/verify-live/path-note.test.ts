// Every inferred operation tells its users, in its method's JSDoc, how to check the path and correct it.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { operationTable } from "../../src/index.js";
import { spec } from "../support/spec.js";

const methods = readFileSync(new URL("../../generated/methods.ts", import.meta.url), "utf8");
const NOTE =
  "Path inferred: check it with `p100 verify`; if it is wrong, `createP100Client({ paths: { ... } })` corrects it.";

/** The JSDoc block of a method, found by its first line (`METHOD path` and confidence). */
function jsdocOf(method: string, path: string): string {
  const at = methods.indexOf(`\`${method.toUpperCase()} ${path}\` (`);
  expect(at, `${method} ${path}`).toBeGreaterThan(0);
  return methods.slice(at, methods.indexOf("*/", at));
}

describe("the inferred-path note", () => {
  it("is in the JSDoc of exactly the inferred operations (32 of them)", () => {
    const inferred: string[] = [];
    for (const [id, entry] of Object.entries(operationTable)) {
      const op = (spec.paths as Record<string, Record<string, { "x-p100-confidence"?: string }>>)[entry.path]?.[
        entry.method
      ];
      const doc = jsdocOf(entry.method, entry.path);
      if (op?.["x-p100-confidence"] === "inferred") {
        inferred.push(id);
        expect(doc.replace(/\n\s*\* ?/g, " "), id).toContain(NOTE);
      } else {
        expect(doc, id).not.toContain("Path inferred");
      }
    }
    expect(inferred).toHaveLength(32);
  });
});
