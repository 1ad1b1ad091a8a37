// The closing lines of `npm test`: the last one is what CI reads, the one before names every failed step and file.
// The red runs are real: vitest runs planted test files in a temp folder, so the report shapes are vitest's own.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { summaryLines, tally, type VitestReport } from "../../scripts/lib/test-summary.mjs";

const run = promisify(execFile);
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const vitestCli = join(
  dirname(createRequire(join(repoRoot, "package.json")).resolve("vitest/package.json")),
  "vitest.mjs",
);
const root = "/repo";
const file = (name: string, status: string, tests: string[], message = "") => ({
  name: `${root}/${name}`,
  status,
  message,
  assertionResults: tests.map((testStatus) => ({ status: testStatus })),
});

/** Planted test files, one per way a file can fail outside (or inside) its tests. */
const planted: Record<string, string> = {
  "before-all.test.ts": `import { beforeAll, expect, it } from "vitest";
beforeAll(() => { throw new Error("the database did not start"); });
it("one", () => expect(1).toBe(1));
it("two", () => expect(1).toBe(1));`,
  "after-all.test.ts": `import { afterAll, expect, it } from "vitest";
afterAll(() => { throw new Error("the database did not stop"); });
it("one", () => expect(1).toBe(1));`,
  "hook-timeout.test.ts": `import { beforeAll, describe, expect, it } from "vitest";
describe("group", () => {
  beforeAll(() => new Promise(() => undefined), 200);
  it("one", () => expect(1).toBe(1));
});
it("outside", () => expect(1).toBe(1));`,
  "green.test.ts": `import { expect, it } from "vitest";
it("one", () => expect(1).toBe(1));
it.skip("skipped", () => expect(1).toBe(1));`,
};

/** Runs vitest on planted files (in their own folder, without this project's config); resolves with its JSON report. */
async function realReport(dir: string, files: string[]): Promise<{ report: VitestReport; exit: number }> {
  const reportFile = join(dir, "report.json");
  let exit = 0;
  await run(
    process.execPath,
    [vitestCli, "run", "--root", dir, "--reporter=json", `--outputFile.json=${reportFile}`, ...files],
    {
      cwd: dir,
    },
  ).catch((error: { code?: number }) => {
    exit = error.code ?? 1;
  });
  return { report: JSON.parse(readFileSync(reportFile, "utf8")) as VitestReport, exit };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "p100-tally-"));
  for (const [name, text] of Object.entries(planted)) writeFileSync(join(dir, name), text);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm test summary", () => {
  it("a green run: one line, steps and tests counted", () => {
    const counts = tally({
      steps: [
        { name: "lint", status: 0 },
        { name: "docs", status: 0 },
      ],
      report: {
        numPassedTests: 5,
        numFailedTests: 0,
        testResults: [file("test/a.test.ts", "passed", ["passed", "passed", "passed", "passed", "passed"])],
      },
      vitestExit: 0,
      root,
    });
    expect(summaryLines(counts)).toEqual(["7 passed, 0 failed"]);
  });

  it("a failed step and a failed test file are named on the line before the closing line", () => {
    const counts = tally({
      steps: [
        { name: "lint", status: 0 },
        { name: "docs", status: 1 },
      ],
      report: {
        numPassedTests: 3,
        numFailedTests: 1,
        testResults: [
          file("test/a.test.ts", "passed", ["passed", "passed"]),
          file("test/contract/cards.test.ts", "failed", ["passed", "failed"]),
        ],
      },
      vitestExit: 1,
      root,
    });
    expect(summaryLines(counts)).toEqual(["failed: docs, test/contract/cards.test.ts", "4 passed, 2 failed"]);
  });

  it("a test file that fails to load counts as a failure and is named with its reason", () => {
    const counts = tally({
      steps: [],
      report: {
        numPassedTests: 1,
        numFailedTests: 0,
        testResults: [file("test/broken.test.ts", "failed", [], "Cannot find module './x.js'\n    at ...")],
      },
      vitestExit: 1,
      root,
    });
    expect(summaryLines(counts)).toEqual([
      "failed: test/broken.test.ts (Cannot find module './x.js')",
      "1 passed, 1 failed",
    ]);
  });

  it("vitest without a report, or failing without a failed test, still fails and says so", () => {
    expect(
      summaryLines(tally({ steps: [{ name: "lint", status: 0 }], report: undefined, vitestExit: 1, root })),
    ).toEqual(["failed: vitest (no report)", "1 passed, 1 failed"]);
    const silent = tally({
      steps: [],
      report: { numPassedTests: 2, numFailedTests: 0, testResults: [] },
      vitestExit: 1,
      root,
    });
    expect(summaryLines(silent)).toEqual(["failed: vitest (exit 1)", "2 passed, 1 failed"]);
  });

  it("a real file whose beforeAll throws (its tests skipped) is a failure, named with the hook's error", async () => {
    const { report, exit } = await realReport(dir, ["before-all.test.ts", "green.test.ts"]);
    expect(exit).not.toBe(0);
    const counts = tally({ steps: [{ name: "lint", status: 0 }], report, vitestExit: exit, root: dir });
    expect(summaryLines(counts)).toEqual([
      "failed: before-all.test.ts (the database did not start)",
      "2 passed, 1 failed",
    ]);
  }, 120_000);

  it("a real file whose afterAll throws after its tests passed is a failure, named with the hook's error", async () => {
    const { report, exit } = await realReport(dir, ["after-all.test.ts"]);
    const counts = tally({ steps: [], report, vitestExit: exit, root: dir });
    expect(summaryLines(counts)).toEqual([
      "failed: after-all.test.ts (the database did not stop)",
      "1 passed, 1 failed",
    ]);
  }, 120_000);

  it("a real file whose describe-level beforeAll times out is a failure even though vitest gives no file error", async () => {
    const { report, exit } = await realReport(dir, ["hook-timeout.test.ts"]);
    const counts = tally({ steps: [], report, vitestExit: exit, root: dir });
    expect(counts.failed).toBe(1);
    expect(summaryLines(counts)[0]).toMatch(/^failed: hook-timeout\.test\.ts \(/);
  }, 120_000);

  it("end to end: the test command on a planted file whose beforeAll throws exits 1 and names the file", async () => {
    const outcome = await run(
      process.execPath,
      [
        join(repoRoot, "scripts/test.mjs"),
        "--vitest-only",
        "--report",
        join(dir, "e2e-report.json"),
        "--",
        "--root",
        dir,
        "before-all.test.ts",
        "green.test.ts",
      ],
      { cwd: repoRoot },
    ).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code?: number; stdout?: string }) => ({ code: error.code, stdout: error.stdout ?? "" }),
    );
    expect(outcome.code).toBe(1);
    const lines = outcome.stdout.trimEnd().split("\n");
    expect(lines.at(-1)).toBe("1 passed, 1 failed");
    expect(lines.at(-2)).toMatch(/^failed: \S*before-all\.test\.ts \(the database did not start\)$/);
  }, 120_000);
});
