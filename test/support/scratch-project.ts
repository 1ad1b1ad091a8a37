// A scratch copy of the project's spec, generated files, scripts and docs, with the real node_modules linked in: the
// pipeline tests edit it to prove that a check fails, without touching the working tree. Removed after the file.
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const ENTRIES = [
  "openapi",
  "generated",
  "scripts",
  "README.md",
  "CONTRIBUTING.md",
  "redocly.yaml",
  "package.json",
  ".prettierrc.json",
  ".prettierignore",
];

/** Makes the copy in a fresh temp folder named after `label`, and removes it once the test file is done. */
export function scratchProject(label: string): string {
  const scratch = mkdtempSync(join(tmpdir(), `p100-${label}-`));
  for (const entry of ENTRIES) cpSync(join(root, entry), join(scratch, entry), { recursive: true });
  symlinkSync(join(root, "node_modules"), join(scratch, "node_modules"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  return scratch;
}
