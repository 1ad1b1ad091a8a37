#!/usr/bin/env node
// The whole test suite, as CI runs it: every check step, then vitest; ends with one line "N passed, N failed".
// Each step counts as one check; vitest contributes one per test. A skipped or todo test counts as neither.
// Each step prints its wall time; a red run names every failed step and test file on the line before the last.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { packageFile, root } from "./lib/run.mjs";
import { summaryLines, tally } from "./lib/test-summary.mjs";

const node = process.execPath;
/** Checks that run before vitest, in order. */
const steps = [
  ["lint", [node, join(root, "scripts/lint.mjs")]],
  ["check:generated", [node, join(root, "scripts/check-generated.mjs")]],
  ["typecheck", [node, packageFile("typescript", "bin/tsc"), "-p", "."]],
  // The package as users get it: build, then pack + publint + attw + install-and-run smoke test, size budget.
  ["build", [node, join(root, "scripts/build.mjs")]],
  ["package", [node, join(root, "scripts/check-package.mjs")]],
  ["size", [node, packageFile("size-limit", "bin.js")]],
  // The docs page as readers see it: built offline, rendered in headless Chromium, screenshot in .tmp/artifacts/.
  ["docs", [node, join(root, "scripts/check-docs.mjs")]],
];

/** Results of the steps, for the summary. */
const stepResults = [];
const timings = [];
const started = Date.now();
/** Runs `work`, prints and records its wall time. */
function timed(name, work) {
  const start = Date.now();
  const result = work();
  const seconds = ((Date.now() - start) / 1000).toFixed(1);
  timings.push(`${name} ${seconds} s`);
  console.log(`< ${name}: ${seconds} s`);
  return result;
}

for (const [name, [command, ...args]] of steps) {
  console.log(`\n> ${name}`);
  const result = timed(name, () => spawnSync(command, args, { cwd: root, stdio: "inherit" }));
  stepResults.push({ name, status: result.status ?? result.signal });
  if (result.status !== 0) console.error(`step ${name} failed (exit ${result.status ?? result.signal})`);
}

const reportDir = join(root, ".tmp");
const report = join(reportDir, "vitest-report.json");
mkdirSync(reportDir, { recursive: true });
rmSync(report, { force: true });
console.log("\n> vitest");
const vitest = timed("vitest", () =>
  spawnSync(node, [packageFile("vitest", "vitest.mjs"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], {
    cwd: root,
    stdio: "inherit",
  }),
);
if (!existsSync(report)) console.error("vitest wrote no report");
const counts = tally({
  steps: stepResults,
  report: existsSync(report) ? JSON.parse(readFileSync(report, "utf8")) : undefined,
  vitestExit: vitest.status ?? vitest.signal,
  root,
});

console.log(`\nwall time: ${timings.join(", ")}; total ${((Date.now() - started) / 1000).toFixed(1)} s`);
for (const line of summaryLines(counts)) console.log(line);
process.exit(counts.failed === 0 ? 0 : 1);
