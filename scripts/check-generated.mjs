#!/usr/bin/env node
// Fails, printing the difference, when generated/ is not exactly what `npm run generate` would write.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "./lib/run.mjs";

const fresh = mkdtempSync(join(tmpdir(), "p100-generated-"));
try {
  const gen = spawnSync(process.execPath, [join(root, "scripts", "generate.mjs"), "--out", fresh, "--skip-lint"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (gen.status !== 0) process.exit(gen.status ?? 1);
  const diff = spawnSync("git", ["diff", "--no-index", "--stat", "--patch", "--", join(root, "generated"), fresh], {
    encoding: "utf8",
  });
  if (diff.status !== 0) {
    process.stdout.write(diff.stdout.split("\n").slice(0, 200).join("\n"));
    console.error("\ngenerated/ is stale: the spec changed without regenerating. Run `npm run generate` and commit the result.");
    process.exit(1);
  }
  console.log("generated/ is up to date with openapi/");
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
