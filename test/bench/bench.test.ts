// Runs `npm run bench` at its tiny `--quick` size so the benchmark code cannot rot. It checks that every figure is
// produced and finite, never what it is: times on a shared machine are not assertable.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { BenchResults } from "../../bench/run.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const tsx = join(dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist", "cli.mjs");

describe("npm run bench --quick", () => {
  const out = join(root, ".tmp", "bench", "results.test.json");
  let stdout = "";
  let results: BenchResults | undefined;

  it("bench: completes and writes its results", { timeout: 180_000 }, () => {
    const run = spawnSync(process.execPath, [tsx, join(root, "bench", "run.ts"), "--quick", "--out", out], {
      cwd: root,
      encoding: "utf8",
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    stdout = run.stdout;
    results = JSON.parse(readFileSync(out, "utf8")) as BenchResults;
    expect(results.mode).toBe("quick");
  });

  it("bench: covers the seven measurements (six of the benchmark issue, the sandbox) and prints them as a table", () => {
    expect(results).toBeDefined();
    expect([...new Set(results!.rows.map((r) => r.section))].sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const ids = results!.rows.map((r) => r.id);
    const perCall = ["OpenapiFetch", "RawFetch", "Stripe", "Openai"].flatMap((b) => [
      `overhead.vs${b}`,
      `throughput.vs${b}`,
    ]);
    const perCallCpu = ["OpenapiFetch", "Stripe", "Openai"].flatMap((b) => [
      `overhead.cpu.vs${b}`,
      `throughput.cpu.vs${b}`,
    ]);
    for (const id of [
      ...perCall,
      ...perCallCpu,
      "bundle.client",
      "bundle.oneOperation",
      "bundle.webhooks",
      "typecheck.wall",
      "typecheck.instantiations",
      "typecheck.instantiationsPerCall",
      "startup.import",
      "startup.generate",
      "webhooks.throughput",
      "sandbox.mixedCalls",
      "sandbox.memory",
    ]) {
      expect(ids).toContain(id);
    }
    expect(stdout).toContain("| # | figure | SDK | baseline | ratio | target |");
    expect(results!.machine.nproc).toBeGreaterThan(0);
  });

  it("bench: every figure and ratio is a finite number", () => {
    for (const row of results!.rows) {
      expect(Number.isFinite(row.value), row.id).toBe(true);
      expect(Number.isFinite(row.baseline?.value), row.id).toBe(true);
      expect(Number.isFinite(row.ratio), row.id).toBe(true);
    }
  });
});
