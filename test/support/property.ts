// Runs fast-check properties with an explicit number of runs and keeps the count of each, so the suite can state
// (and docs/reliability.md can report) how many generated cases really ran.
import fc from "fast-check";
import { writeFigure } from "./hostile.js";

export interface PropertyLedger {
  /** Runs `property` `numRuns` times; throws fast-check's report (seed and counterexample) when it fails. */
  // `any`: one ledger runs properties over different tuples of generated values.
  check(name: string, property: fc.IRawProperty<any>, numRuns: number): Promise<void>;
  /** Generated cases run so far, per property. */
  readonly runs: readonly { readonly name: string; readonly numRuns: number }[];
  /** Writes .tmp/hostile/properties-<file>.json, with `extra` figures (e.g. how many errors were scanned). */
  write(extra?: Record<string, unknown>): void;
}

export function createPropertyLedger(file: string): PropertyLedger {
  const runs: { name: string; numRuns: number }[] = [];
  return {
    async check(name, property, numRuns) {
      const details = await fc.check(property, { numRuns });
      if (details.failed) throw new Error(`${name}: ${fc.defaultReportMessage(details) ?? "failed"}`);
      runs.push({ name, numRuns: details.numRuns });
    },
    runs,
    write(extra = {}) {
      const total = runs.reduce((sum, run) => sum + run.numRuns, 0);
      writeFigure(`properties-${file}.json`, `${JSON.stringify({ file, total, runs, ...extra }, null, 2)}\n`);
    },
  };
}
