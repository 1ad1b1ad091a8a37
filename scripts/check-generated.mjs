#!/usr/bin/env node
// @ts-check
// Fails, printing the difference, when generated/ (or a generated table of README.md) is not exactly what
// `npm run generate` would write.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readmeIsCurrent } from "./lib/readme-blocks.mjs";
import { root } from "./lib/run.mjs";

/**
 * Returns the problem found, or undefined when everything is current.
 * @param {string} fresh
 */
function check(fresh) {
  const gen = spawnSync(process.execPath, [join(root, "scripts", "generate.mjs"), "--out", fresh, "--skip-lint"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (gen.status !== 0) return "regenerating failed";
  const diff = spawnSync("git", ["diff", "--no-index", "--stat", "--patch", "--", join(root, "generated"), fresh], {
    encoding: "utf8",
  });
  if (diff.status !== 0) {
    process.stdout.write(diff.stdout.split("\n").slice(0, 200).join("\n"));
    return "generated/ is stale: the spec changed without regenerating";
  }
  if (!readmeIsCurrent(JSON.parse(readFileSync(join(fresh, "openapi.json"), "utf8")))) {
    return "README.md's generated tables are stale";
  }
  return undefined;
}

const fresh = mkdtempSync(join(tmpdir(), "p100-generated-"));
try {
  const problem = check(fresh);
  if (problem) {
    console.error(`\n${problem}. Run \`npm run generate\` and commit the result.`);
    process.exitCode = 1;
  } else {
    console.log("generated/ and README.md's generated tables are up to date with openapi/");
  }
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
