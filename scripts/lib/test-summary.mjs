// The closing lines of `npm test`, kept apart from the runner so that they are unit-tested: CI reads only the last
// line ("N passed, N failed"); the line before it names what failed, so a red run needs no scrolling.
import { relative } from "node:path";

/**
 * Counts checks: each step is one; vitest adds one per test (a skipped or todo test counts as neither). A test file
 * that fails to load has no tests to count, so it counts as one failure and cannot hide; so does a vitest run that
 * exits non-zero without a failed test, or writes no report at all (`report` undefined).
 */
export function tally({ steps, report, vitestExit, root }) {
  let passed = 0;
  let failed = 0;
  const failedNames = [];
  for (const step of steps) {
    if (step.status === 0) passed++;
    else {
      failed++;
      failedNames.push(step.name);
    }
  }
  if (!report) return { passed, failed: failed + 1, failedNames: [...failedNames, "vitest (no report)"] };
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  for (const file of report.testResults ?? []) {
    if (file.status !== "failed") continue;
    failedNames.push(relative(root, file.name));
    if ((file.assertionResults ?? []).length === 0) failed++;
  }
  if (vitestExit !== 0 && report.numFailedTests === 0 && !failedNames.some((n) => !steps.some((s) => s.name === n))) {
    failed++;
    failedNames.push(`vitest (exit ${vitestExit})`);
  }
  return { passed, failed, failedNames };
}

/** The closing lines: "failed: …" when anything failed, then "N passed, N failed". */
export function summaryLines({ passed, failed, failedNames }) {
  return [...(failedNames.length > 0 ? [`failed: ${failedNames.join(", ")}`] : []), `${passed} passed, ${failed} failed`];
}
