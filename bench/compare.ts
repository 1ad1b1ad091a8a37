// The per-call comparison both call benchmarks share: every contender makes the same call, each first checked to
// return the documented body, then timed in interleaved rounds; one row per baseline the SDK is compared with.
import { assertWorks, timeCalls, type Call } from "./contenders.js";
import { interleave, median, pairedRatio, quartiles, type Row } from "./lib.js";
import type { BenchOperation } from "./spec.js";

/** The contenders of a per-call benchmark, the SDK first; the names are the keys of results.json's detail. */
export type Contender = "sdk" | "openapiFetch" | "rawFetch" | "stripe" | "openai";

/** How each baseline is labelled in the table and in its row id (`<prefix>.vs<Id>`). */
const BASELINES: readonly { name: Exclude<Contender, "sdk">; id: string; label: string }[] = [
  { name: "openapiFetch", id: "OpenapiFetch", label: "openapi-fetch" },
  { name: "rawFetch", id: "RawFetch", label: "raw fetch" },
  { name: "stripe", id: "Stripe", label: "stripe-node" },
  { name: "openai", id: "Openai", label: "openai-node" },
];

/** Sizes and labels of one per-call comparison. */
export interface Comparison {
  readonly section: number;
  /** Row ids are `<idPrefix>.vs<Baseline>`. */
  readonly idPrefix: string;
  /** Where the calls go, e.g. "over loopback keep-alive". */
  readonly setting: string;
  readonly warmupCalls: number;
  readonly rounds: number;
  readonly callsPerRound: number;
  /** Targets on SDK / baseline, per baseline. */
  readonly targets: Partial<Record<Exclude<Contender, "sdk">, number>>;
}

/** Times every contender's call (µs per call, median over interleaved rounds) and returns one row per baseline. */
export async function compareCalls(
  op: BenchOperation,
  calls: Record<Contender, Call>,
  plan: Comparison,
): Promise<Row[]> {
  const names = Object.keys(calls) as Contender[];
  for (const name of names) await assertWorks(name, calls[name], op.success.body);
  // Warm up the JIT (and, over loopback, each contender's connection pool).
  for (const name of names) await timeCalls(calls[name], plan.warmupCalls);
  // Wall time per call, and this process's CPU time per call (user + system) beside it: on a machine shared with
  // other jobs the wall time also measures waiting for a core, the CPU time only the client's own work.
  const cpu = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<Contender, number[]>;
  const perCallUs = (name: Contender) => async () => {
    const before = process.cpuUsage();
    const ms = await timeCalls(calls[name], plan.callsPerRound);
    const used = process.cpuUsage(before);
    cpu[name].push((used.user + used.system) / plan.callsPerRound);
    return (ms / plan.callsPerRound) * 1000;
  };
  const samples = await interleave(
    plan.rounds,
    Object.fromEntries(names.map((name) => [name, perCallUs(name)])) as Record<Contender, () => Promise<number>>,
  );
  const medians = Object.fromEntries(names.map((name) => [name, median(samples[name])])) as Record<Contender, number>;
  const cpuMedians = Object.fromEntries(names.map((name) => [name, median(cpu[name])])) as Record<Contender, number>;
  const detail = {
    operation: `${op.operationId} (${op.method.toUpperCase()} ${op.path})`,
    rounds: plan.rounds,
    callsPerRound: plan.callsPerRound,
    medianUs: medians,
    quartilesUs: Object.fromEntries(names.map((name) => [name, quartiles(samples[name])])),
    ratioOfMedians: Object.fromEntries(BASELINES.map((b) => [`sdkOver${b.id}`, medians.sdk / medians[b.name]])),
    cpuMedianUs: cpuMedians,
    cpuPairedRatios: Object.fromEntries(BASELINES.map((b) => [`sdkOver${b.id}`, pairedRatio(cpu.sdk, cpu[b.name])])),
    samplesUs: samples,
    cpuSamplesUs: cpu,
  };
  const wallRows = BASELINES.map((baseline, index): Row => {
    const target = plan.targets[baseline.name];
    return {
      section: plan.section,
      id: `${plan.idPrefix}.vs${baseline.id}`,
      figure: `per call ${plan.setting}, ${op.operationId} (median)`,
      unit: "µs",
      value: medians.sdk,
      baseline: { label: baseline.label, value: medians[baseline.name] },
      ratio: pairedRatio(samples.sdk, samples[baseline.name]),
      ratioLabel: `SDK / ${baseline.label}`,
      ...(target === undefined ? {} : { target: { op: "<=" as const, value: target } }),
      // The samples once, on the first row, keep results.json small.
      ...(index === 0 ? { detail } : {}),
    };
  });
  // The same comparison in client CPU time, against openapi-fetch and the peers (the stable figure on a busy machine).
  const cpuRows = BASELINES.filter((b) => b.name !== "rawFetch").map((baseline): Row => ({
    section: plan.section,
    id: `${plan.idPrefix}.cpu.vs${baseline.id}`,
    figure: `client CPU time per call ${plan.setting}, ${op.operationId} (median)`,
    unit: "µs",
    value: cpuMedians.sdk,
    baseline: { label: baseline.label, value: cpuMedians[baseline.name] },
    ratio: pairedRatio(cpu.sdk, cpu[baseline.name]),
    ratioLabel: `SDK / ${baseline.label}`,
  }));
  return [...wallRows, ...cpuRows];
}
