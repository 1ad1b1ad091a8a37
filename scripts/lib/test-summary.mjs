// @ts-check
// The closing lines of `npm test`, kept apart from the runner so that they are unit-tested: CI reads only the last
// line ("N passed, N failed"); the line before it names what failed, so a red run needs no scrolling.
import { relative } from "node:path";

// A reason is kept to one short line: the summary must stay readable when a whole group of files fails alike.
const REASON_LENGTH = 160;

/**
 * The counts behind the closing lines of `npm test`.
 * @typedef {{ passed: number, failed: number, failedNames: string[] }} TestCounts
 */
/**
 * One test file of vitest's JSON report: `message` holds a file-level error (a load failure or a top-level hook).
 * @typedef {{ name: string, status: string, message?: string, assertionResults?: { status?: string }[] }} VitestFileResult
 */
/**
 * The parts of vitest's JSON report the tally reads.
 * @typedef {{ numPassedTests: number, numFailedTests: number, success?: boolean, testResults?: VitestFileResult[] }} VitestReport
 */

/**
 * The first line of a file-level error message, shortened; undefined when there is none.
 * @param {string | undefined} message
 */
function reasonOf(message) {
  const line = String(message ?? "")
    .split("\n")
    .map((part) => part.trim())
    .find((part) => part !== "");
  if (line === undefined) return undefined;
  return line.length > REASON_LENGTH ? `${line.slice(0, REASON_LENGTH - 1)}…` : line;
}

/**
 * Counts checks: each step is one; vitest adds one per test (a skipped or todo test counts as neither). A test file
 * that vitest marks failed counts as one more failure unless a failed test already accounts for it and vitest gave
 * no file-level error: so a file that fails to load, or whose beforeAll/afterAll throws or times out (its tests are
 * then skipped or passed), can never leave the count at zero. Vitest's JSON report carries a file-level error in
 * `message` (a top-level hook or a load failure); a hook inside a describe block leaves it empty but still fails the
 * file. A vitest run that exits non-zero (or reports no success) with nothing counted, or writes no report at all
 * (`report` undefined), counts as one failure too.
 * @param {{ steps: { name: string, status: number | string | null }[], report: VitestReport | undefined, vitestExit: number | string | null, root: string }} input
 * @returns {TestCounts}
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
  let vitestFailed = report.numFailedTests;
  for (const file of report.testResults ?? []) {
    if (file.status !== "failed") continue;
    const reason = reasonOf(file.message);
    const failedTests = (file.assertionResults ?? []).filter((test) => test.status === "failed").length;
    if (reason !== undefined || failedTests === 0) vitestFailed++;
    const name = relative(root, file.name);
    failedNames.push(
      reason !== undefined
        ? `${name} (${reason})`
        : failedTests === 0
          ? `${name} (failed outside its tests: a hook?)`
          : name,
    );
  }
  if (vitestFailed === 0 && (vitestExit !== 0 || report.success === false)) {
    vitestFailed++;
    failedNames.push(`vitest (exit ${vitestExit})`);
  }
  return { passed, failed: failed + vitestFailed, failedNames };
}

/**
 * The closing lines: "failed: …" when anything failed, then "N passed, N failed".
 * @param {TestCounts} counts
 */
export function summaryLines({ passed, failed, failedNames }) {
  return [
    ...(failedNames.length > 0 ? [`failed: ${failedNames.join(", ")}`] : []),
    `${passed} passed, ${failed} failed`,
  ];
}
