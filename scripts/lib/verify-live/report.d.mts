import type { Classification, Violation } from "./classify.mjs";
export function redact(text: string, secrets?: readonly (string | undefined)[]): string;
export function violatedFields(violations: readonly Violation[]): string[];
export function resultLabel(result: Classification): string;
export function evidence(result: Classification): string;
export function suggestions(results: readonly Classification[], date: string): string[];
export function renderReport(run: {
  date: string;
  baseUrl: string;
  spec: string;
  results: readonly Classification[];
  secrets?: readonly (string | undefined)[];
}): string;
