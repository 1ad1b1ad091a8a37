#!/usr/bin/env node
// @ts-check
// `npm run verify:live -- <options>`: `p100 verify` (src/cli/verify.ts, shipped in the package) run from the
// repository without a build, on generated/openapi.json. Every option, the report and the exit code are the command's;
// see `npm run verify:live -- --help`. tsx is resolved from here, so the script runs from any folder.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { root } from "./lib/run.mjs";

const result = spawnSync(
  process.execPath,
  ["--import", import.meta.resolve("tsx"), join(root, "src", "cli", "p100.ts"), "verify", ...process.argv.slice(2)],
  { stdio: "inherit" },
);
process.exitCode = result.status ?? 1;
