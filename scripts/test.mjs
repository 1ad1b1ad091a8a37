#!/usr/bin/env node
// The whole test suite, as CI runs it: every check step, then vitest; ends with one line "N passed, N failed".
// Each step counts as one check; vitest contributes one per test. A skipped or todo test counts as neither.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { packageFile, root } from "./lib/run.mjs";

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

let passed = 0;
let failed = 0;
for (const [name, [command, ...args]] of steps) {
  console.log(`\n> ${name}`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.status === 0) passed++;
  else {
    failed++;
    console.error(`step ${name} failed (exit ${result.status ?? result.signal})`);
  }
}

const reportDir = join(root, ".tmp");
const report = join(reportDir, "vitest-report.json");
mkdirSync(reportDir, { recursive: true });
rmSync(report, { force: true });
console.log("\n> vitest");
const vitest = spawnSync(
  node,
  [packageFile("vitest", "vitest.mjs"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`],
  { cwd: root, stdio: "inherit" },
);
if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, "utf8"));
  passed += results.numPassedTests;
  failed += results.numFailedTests;
  // A file that fails to load has no tests to count: count it as a failure so it cannot hide.
  for (const file of results.testResults ?? []) {
    if (file.status === "failed" && (file.assertionResults ?? []).length === 0) failed++;
  }
  if (vitest.status !== 0 && results.numFailedTests === 0) failed++;
} else {
  console.error("vitest wrote no report");
  failed++;
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
