#!/usr/bin/env node
// @ts-check
// The whole test suite, as CI runs it: every check step, then vitest; ends with one line "N passed, N failed".
// Each step counts as one check; vitest contributes one per test. A skipped or todo test counts as neither.
// Each step prints its wall time; a red run names every failed step and test file on the line before the last.
// `--vitest-only` skips the steps; arguments after `--` go to vitest (e.g. `-- test/unit`); `--report <file>` moves
// vitest's JSON report from .tmp/vitest-report.json (so a run inside a run cannot overwrite the outer one's).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { packageFile, root } from "./lib/run.mjs";
import { summaryLines, tally } from "./lib/test-summary.mjs";

const { values: options, positionals: vitestArgs } = parseArgs({
  options: { "vitest-only": { type: "boolean", default: false }, report: { type: "string" } },
  allowPositionals: true,
});

const node = process.execPath;
/** @type {[string, [string, ...string[]]][]} Checks that run before vitest, in order. */
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

/** @type {{ name: string, status: number | string | null }[]} Results of the steps, for the summary. */
const stepResults = [];
/** @type {string[]} */
const timings = [];
const started = Date.now();
/**
 * Runs `work`, prints and records its wall time.
 * @template T
 * @param {string} name
 * @param {() => T} work
 * @returns {T}
 */
function timed(name, work) {
  const start = Date.now();
  const result = work();
  const seconds = ((Date.now() - start) / 1000).toFixed(1);
  timings.push(`${name} ${seconds} s`);
  console.log(`< ${name}: ${seconds} s`);
  return result;
}

for (const [name, [command, ...args]] of options["vitest-only"] ? [] : steps) {
  console.log(`\n> ${name}`);
  const result = timed(name, () => spawnSync(command, args, { cwd: root, stdio: "inherit" }));
  stepResults.push({ name, status: result.status ?? result.signal });
  if (result.status !== 0) console.error(`step ${name} failed (exit ${result.status ?? result.signal})`);
}

const report = options.report === undefined ? join(root, ".tmp", "vitest-report.json") : resolve(options.report);
mkdirSync(dirname(report), { recursive: true });
rmSync(report, { force: true });
console.log("\n> vitest");
const vitest = timed("vitest", () =>
  spawnSync(
    node,
    [
      packageFile("vitest", "vitest.mjs"),
      "run",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${report}`,
      ...vitestArgs,
    ],
    {
      cwd: root,
      stdio: "inherit",
    },
  ),
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
