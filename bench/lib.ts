// Shared helpers of the benchmarks: paths, interleaved rounds, statistics and the result row format.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The project root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** Scratch space of the benchmarks (git-ignored). */
export const scratch = join(root, ".tmp", "bench");

/** Creates (if needed) and returns a scratch sub-directory. */
export function scratchDir(...parts: string[]): string {
  const dir = join(scratch, ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** How much work each measurement does: `quick` is the tiny size the test suite runs. */
export interface BenchSize {
  readonly quick: boolean;
}

/** One figure of the results table: the SDK's value next to its baseline, and their ratio. */
export interface Row {
  /** Section of the issue (1-6). */
  readonly section: number;
  /** Stable identifier (results.json and the test key on it). */
  readonly id: string;
  /** What is measured. */
  readonly figure: string;
  /** Unit of `value` and `baseline.value`. */
  readonly unit: string;
  /** The SDK's value; `null` when the figure is not available (see `note`). */
  readonly value: number | null;
  /** What the SDK is compared with. */
  readonly baseline?: { readonly label: string; readonly value: number | null };
  /** value / baseline.value (or as stated in `ratioLabel`). */
  readonly ratio?: number | null;
  /** e.g. "SDK / raw fetch". */
  readonly ratioLabel?: string;
  /** The target the issue sets, if any. */
  readonly target?: { readonly op: "<=" | ">="; readonly value: number };
  /** Why a figure is missing, or what qualifies it. */
  readonly note?: string;
  /** How the table shows value and baseline, when a plain number with its unit does not say enough. */
  readonly display?: { readonly value: string; readonly baseline: string };
  /** Raw samples and extra numbers, kept in results.json only. */
  readonly detail?: Record<string, unknown>;
}

/** Whether a row meets its target (undefined when it has none or no value). */
export function meetsTarget(row: Row): boolean | undefined {
  if (!row.target || row.ratio === null || row.ratio === undefined) return undefined;
  return row.target.op === "<=" ? row.ratio <= row.target.value : row.ratio >= row.target.value;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Lower and upper quartile, to show the spread of a noisy machine. */
export function quartiles(values: readonly number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
  return [at(0.25), at(0.75)];
}

/**
 * Runs `rounds` rounds; in each, every contender runs once, in an order that rotates from round to round, so that
 * drift of a shared, noisy machine hits all contenders alike. Returns the samples of each contender, in round order.
 */
export async function interleave<K extends string>(
  rounds: number,
  contenders: Record<K, () => Promise<number> | number>,
): Promise<Record<K, number[]>> {
  const names = Object.keys(contenders) as K[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length]!;
      samples[name].push(await contenders[name]());
    }
  }
  return samples;
}

/** Median of the per-round ratios a[i] / b[i]: paired, so a slow patch of the machine cancels out. */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  return median(a.map((value, i) => value / b[i]!));
}

/** Runs a command with this Node and returns its wall time in ms, stdout and stderr; throws when it fails. */
export function timeNode(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}) {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, {
    cwd: options.cwd ?? root,
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", ...options.env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - start;
  if (result.status !== 0) {
    throw new Error(
      `node ${args.join(" ")} failed (exit ${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`,
    );
  }
  return { ms, stdout: result.stdout, stderr: result.stderr };
}

/** Number formatting for the table: 3 significant digits, thousands grouped. */
export function fmt(value: number | null | undefined, unit = ""): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "n/a";
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  const text = value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return unit ? `${text} ${unit}` : text;
}
