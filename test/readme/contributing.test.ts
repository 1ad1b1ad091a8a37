// CONTRIBUTING.md's map of where a change goes stays true: its "Common changes" table has a row for each common
// change, and every file it (or any other part of CONTRIBUTING.md) names exists.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const contributing = readFileSync(join(root, "CONTRIBUTING.md"), "utf8");
/** Files CONTRIBUTING.md names that a script writes and git does not keep. */
const OUTPUTS = new Set(["docs/api/index.html"]);

describe("CONTRIBUTING.md", () => {
  it("has a Common changes table with a row for each common change", () => {
    const section = contributing.split(/^## /m).find((s) => s.startsWith("Common changes\n")) ?? "";
    const rows = [...section.matchAll(/^\| ([^|]+?) \|/gm)].map((m) => m[1]);
    expect(rows).toEqual(
      expect.arrayContaining([
        "add an operation",
        "add a webhook kind",
        "change the retry policy",
        "add an error code",
        "add a CLI command",
      ]),
    );
  });

  it("names only files that exist", () => {
    const named = [
      ...contributing.matchAll(/`((?:src|scripts|test|openapi|docs|generated|examples|bench)\/[\w./-]+)`/g),
    ].map((m) => m[1] ?? "");
    const missing = [...new Set(named)].filter((path) => !OUTPUTS.has(path) && !existsSync(join(root, path)));
    expect(missing).toEqual([]);
  });
});
