// `npm run bench`: every benchmark of docs/benchmarks.md in one run, printed as a table and written to
// bench/results.json. `--quick` runs each at a tiny size (the test suite does, so the code cannot rot; its
// numbers mean nothing). `--out <file>` writes the results elsewhere. `--only 1,2` runs those sections alone (for
// profiling; its results go to .tmp/bench/ unless `--out` says otherwise).
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { measureBundles } from "./bundle.js";
import { fmt, meetsTarget, root, scratchDir, type BenchSize, type Row } from "./lib.js";
import { measureOverhead } from "./overhead.js";
import { measureStartup } from "./startup.js";
import { measureThroughput } from "./throughput.js";
import { measureTypecheck } from "./typecheck.js";
import { measureWebhooks } from "./webhooks.js";

/** Everything a run produces (the shape of bench/results.json). */
export interface BenchResults {
  readonly mode: "full" | "quick";
  readonly date: string;
  readonly durationS: number;
  readonly machine: { nproc: number; cpu: string; memoryGb: number; node: string; platform: string };
  readonly rows: Row[];
}

/** The machine the numbers come from. */
export function machine(): BenchResults["machine"] {
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? "unknown",
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

/** Runs every benchmark; the in-process timing ones first, before the child processes heat the machine. */
export async function runBench(
  size: BenchSize,
  log: (line: string) => void = () => {},
  only?: ReadonlySet<number>,
): Promise<BenchResults> {
  const start = performance.now();
  const all: [number, string, () => Promise<Row[]>][] = [
    [2, "2. in-process cost (stubbed fetch)", () => measureThroughput(size)],
    [1, "1. per-call overhead (loopback)", () => measureOverhead(size)],
    [6, "6. webhook throughput", () => measureWebhooks(size)],
    [7, "7. sandbox calls (in process)", () => import("./sandbox.js").then((mod) => mod.measureSandbox(size))],
    [3, "3. bundle size", () => measureBundles()],
    [5, "5. cold import and generate", () => measureStartup(size)],
    [4, "4. type-check cost", () => measureTypecheck(size)],
  ];
  const steps = all.filter(([section]) => !only || only.has(section)).map(([, name, step]) => [name, step] as const);
  const rows: Row[] = [];
  for (const [name, step] of steps) {
    const t = performance.now();
    rows.push(...(await step()));
    log(`  ${name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  rows.sort((a, b) => a.section - b.section);
  return {
    mode: size.quick ? "quick" : "full",
    date: new Date().toISOString(),
    durationS: Math.round((performance.now() - start) / 100) / 10,
    machine: machine(),
    rows,
  };
}

/** The results as a Markdown table (what the terminal shows and docs/benchmarks.md holds). */
export function formatTable(results: BenchResults): string {
  const lines = ["| # | figure | SDK | baseline | ratio | target |", "|---|---|---|---|---|---|"];
  for (const row of results.rows) {
    const value = row.display?.value ?? fmt(row.value, row.unit);
    const baseline = row.baseline
      ? `${row.baseline.label}: ${row.display?.baseline ?? fmt(row.baseline.value, row.unit)}`
      : "";
    const ratio = row.ratio === null || row.ratio === undefined ? "n/a" : `${row.ratio.toFixed(3)} (${row.ratioLabel})`;
    const met = meetsTarget(row);
    const target = row.target
      ? `${row.target.op === "<=" ? "≤" : "≥"} ${row.target.value} ${met === undefined ? "" : met ? "met" : "**missed**"}`
      : "";
    const figure = row.note ? `${row.figure}; ${row.note}` : row.figure;
    lines.push(`| ${row.section} | ${figure} | ${value} | ${baseline} | ${ratio} | ${target.trim()} |`);
  }
  const m = results.machine;
  lines.push(
    "",
    `${results.mode} run, ${results.date}, ${results.durationS} s; ${m.nproc} cores, ${m.cpu}, ${m.memoryGb} GB, Node ${m.node}, ${m.platform}`,
  );
  return lines.join("\n");
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  const outIndex = args.indexOf("--out");
  const onlyIndex = args.indexOf("--only");
  const only = onlyIndex >= 0 ? new Set((args[onlyIndex + 1] ?? "").split(",").map(Number)) : undefined;
  const out =
    outIndex >= 0
      ? resolve(args[outIndex + 1]!)
      : quick || only
        ? join(scratchDir(), quick ? "results.quick.json" : "results.partial.json")
        : join(root, "bench", "results.json");
  console.log(`p100-partner-sdk benchmarks (${quick ? "quick: tiny sizes, numbers meaningless" : "full"})`);
  const results = await runBench({ quick }, (line) => console.log(line), only);
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n${formatTable(results)}\n\nwrote ${out.replace(`${root}/`, "")}`);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("bench/run.ts")) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
