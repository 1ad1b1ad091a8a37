/** The counts behind the closing lines of `npm test`. */
export interface TestCounts {
  passed: number;
  failed: number;
  failedNames: string[];
}
/** One test file of vitest's JSON report: `message` holds a file-level error (a load failure or a top-level hook). */
export interface VitestFileResult {
  name: string;
  status: string;
  message?: string;
  assertionResults?: { status?: string }[];
}
/** The parts of vitest's JSON report the tally reads. */
export interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  success?: boolean;
  testResults?: VitestFileResult[];
}
/** Counts checks from the steps' exit statuses and vitest's JSON report (undefined when it wrote none). */
export function tally(input: {
  steps: { name: string; status: number | string | null }[];
  report: VitestReport | undefined;
  vitestExit: number | string | null;
  root: string;
}): TestCounts;
/** The closing lines: "failed: …" when anything failed, then "N passed, N failed". */
export function summaryLines(counts: TestCounts): string[];
