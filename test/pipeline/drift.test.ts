// The drift check really fails when the spec changes without regenerating: run it on a scratch copy of the project.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scratchProject } from "../support/scratch-project.js";

const scratch = scratchProject("drift");

const checkGenerated = () =>
  spawnSync(process.execPath, [join(scratch, "scripts", "check-generated.mjs")], { cwd: scratch, encoding: "utf8" });

describe("check:generated", () => {
  it("passes on the committed project", () => {
    expect(checkGenerated().status).toBe(0);
  });

  it("fails, showing the difference, after a spec edit without regenerating", () => {
    const file = join(scratch, "openapi", "components", "schemas", "ExternalUserId.yaml");
    const original = readFileSync(file, "utf8");
    writeFileSync(file, original.replace("minLength: 1", "minLength: 2"));
    try {
      const result = checkGenerated();
      expect(result.status).toBe(1);
      expect(result.stdout).toContain("minLength");
      expect(result.stderr).toMatch(/generated\/ is stale/);
    } finally {
      writeFileSync(file, original);
    }
  });

  it("fails when a generated README table was edited by hand", () => {
    const readme = join(scratch, "README.md");
    const original = readFileSync(readme, "utf8");
    writeFileSync(readme, original.replace("| P411 | 400 |", "| P411 | 409 |"));
    try {
      const result = checkGenerated();
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/README.md's generated tables are stale/);
    } finally {
      writeFileSync(readme, original);
    }
  });
});
