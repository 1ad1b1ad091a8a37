// The spec's own rules really fail: a write without x-p100-moves-money stops `npm run lint` (a Redocly rule in
// redocly.yaml), and a hand edit of README's generated webhook kinds table stops the drift check. Run on a scratch
// copy of the project.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scratchProject } from "../support/scratch-project.js";

const scratch = scratchProject("spec-rules");

const run = (script: string) =>
  spawnSync(process.execPath, [join(scratch, "scripts", script)], { cwd: scratch, encoding: "utf8" });

/** Runs `check` with `file` (relative to the scratch project) changed by `edit`, then restores it. */
function withEdit<T>(file: string, edit: (text: string) => string, check: () => T): T {
  const path = join(scratch, file);
  const original = readFileSync(path, "utf8");
  const edited = edit(original);
  expect(edited).not.toBe(original);
  writeFileSync(path, edited);
  try {
    return check();
  } finally {
    writeFileSync(path, original);
  }
}

describe("spec rules", () => {
  it("lint passes on the committed project, so a failure below is the edit's", () => {
    const result = run("lint.mjs");
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
  }, 60_000);

  it("lint fails, naming the rule, when a write lacks x-p100-moves-money", () => {
    const result = withEdit(
      "openapi/paths/user-virtual-cards/v1_card_unblock.yaml",
      (text) => text.replace(/^\s*x-p100-moves-money: false\n/m, ""),
      () => run("lint.mjs"),
    );
    expect(result.status).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toMatch(/write-moves-money[\s\S]*x-p100-moves-money/);
  }, 60_000);

  it("the drift check fails when README's webhook kinds table is edited by hand", () => {
    const result = withEdit(
      "README.md",
      (text) =>
        text.replace(
          "| `ibanStatus` | Transfers & Payments | confirmed |",
          "| `ibanStatus` | Transfers & Payments | inferred |",
        ),
      () => run("check-generated.mjs"),
    );
    expect(result.status).not.toBe(0);
  }, 120_000);
});
