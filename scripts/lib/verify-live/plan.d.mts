import type { Classification, OperationRef } from "./classify.mjs";
export interface PlannedRequest {
  method: "GET";
  /** The path with its parameters filled in (percent-encoded). */
  path: string;
  query: [string, string][];
  headers: Record<string, string>;
}
export type PlannedOperation =
  | { operation: OperationRef; request: PlannedRequest; result?: undefined }
  | { operation: OperationRef; result: Classification; request?: undefined };
export const READ_ONLY_METHODS: ReadonlySet<string>;
export function deref(spec: unknown, node: unknown): any;
export function specOperations(spec: unknown): (OperationRef & { parameters: any[] })[];
export function parameterExample(spec: unknown, parameter: unknown): unknown;
export function planOperations(
  spec: unknown,
  inputs?: { externalUserId?: string | undefined; params?: Record<string, string> },
): PlannedOperation[];
