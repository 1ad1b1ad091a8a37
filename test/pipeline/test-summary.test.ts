// The closing lines of `npm test`: the last one is what CI reads, the one before names every failed step and file.
import { describe, expect, it } from "vitest";
import { summaryLines, tally } from "../../scripts/lib/test-summary.mjs";

const root = "/repo";
const file = (name: string, status: string, tests: number) => ({
  name: `${root}/${name}`,
  status,
  assertionResults: Array.from({ length: tests }, () => ({})),
});

describe("npm test summary", () => {
  it("a green run: one line, steps and tests counted", () => {
    const counts = tally({
      steps: [{ name: "lint", status: 0 }, { name: "docs", status: 0 }],
      report: { numPassedTests: 5, numFailedTests: 0, testResults: [file("test/a.test.ts", "passed", 5)] },
      vitestExit: 0,
      root,
    });
    expect(summaryLines(counts)).toEqual(["7 passed, 0 failed"]);
  });

  it("a failed step and a failed test file are named on the line before the closing line", () => {
    const counts = tally({
      steps: [{ name: "lint", status: 0 }, { name: "docs", status: 1 }],
      report: {
        numPassedTests: 3,
        numFailedTests: 1,
        testResults: [file("test/a.test.ts", "passed", 2), file("test/contract/cards.test.ts", "failed", 2)],
      },
      vitestExit: 1,
      root,
    });
    expect(summaryLines(counts)).toEqual(["failed: docs, test/contract/cards.test.ts", "4 passed, 2 failed"]);
  });

  it("a test file that fails to load counts as a failure and is named", () => {
    const counts = tally({
      steps: [],
      report: { numPassedTests: 1, numFailedTests: 0, testResults: [file("test/broken.test.ts", "failed", 0)] },
      vitestExit: 1,
      root,
    });
    expect(summaryLines(counts)).toEqual(["failed: test/broken.test.ts", "1 passed, 1 failed"]);
  });

  it("vitest without a report, or failing without a failed test, still fails and says so", () => {
    expect(summaryLines(tally({ steps: [{ name: "lint", status: 0 }], report: undefined, vitestExit: 1, root }))).toEqual([
      "failed: vitest (no report)",
      "1 passed, 1 failed",
    ]);
    const silent = tally({ steps: [], report: { numPassedTests: 2, numFailedTests: 0, testResults: [] }, vitestExit: 1, root });
    expect(summaryLines(silent)).toEqual(["failed: vitest (exit 1)", "2 passed, 1 failed"]);
  });
});
