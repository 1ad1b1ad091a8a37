/** The counts behind the closing lines of `npm test`. */
export interface TestCounts {
  passed: number;
  failed: number;
  failedNames: string[];
}
/** Counts checks from the steps' exit statuses and vitest's JSON report (undefined when it wrote none). */
export function tally(input: {
  steps: { name: string; status: number | string | null }[];
  report: { numPassedTests: number; numFailedTests: number; testResults?: { name: string; status: string; assertionResults?: unknown[] }[] } | undefined;
  vitestExit: number | string | null;
  root: string;
}): TestCounts;
/** The closing lines: "failed: …" when anything failed, then "N passed, N failed". */
export function summaryLines(counts: TestCounts): string[];
