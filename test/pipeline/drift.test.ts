// The drift check really fails when the spec changes without regenerating: run it on a scratch copy of the project.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "p100-drift-"));
for (const entry of [
  "openapi",
  "generated",
  "scripts",
  "README.md",
  "CONTRIBUTING.md",
  "redocly.yaml",
  "package.json",
]) {
  cpSync(join(root, entry), join(scratch, entry), { recursive: true });
}
symlinkSync(join(root, "node_modules"), join(scratch, "node_modules"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

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
