/** What a verify:live run knows about one operation of the spec. */
export interface OperationRef {
  operationId: string;
  method: string;
  path: string;
  /** The operation's `x-p100-confidence` (or "(none)"). */
  confidence: string;
}
export interface Violation {
  side: "request" | "response";
  /** JSON pointer into the body (`/amount`), `headers:<name>`, `query`, or "" for the message as a whole. */
  pointer: string;
  message: string;
  severity: string;
}
export type Result = "path-exists" | "violates-spec" | "path-unknown" | "inconclusive" | "not-run";
export interface Classification extends OperationRef {
  result: Result;
  reason: string;
  status?: number;
  errorCode?: string;
  notRun?: "write" | "missing-input" | "unsupported";
  violations: Violation[];
  requestViolations: Violation[];
}
export const RESULTS: readonly Result[];
export function errorCodeOf(body: unknown): string | undefined;
export function parseViolations(header: string | null | undefined): Violation[];
export function notRun(operation: OperationRef, kind: "write" | "missing-input" | "unsupported", detail?: string): Classification;
export function classify(operation: OperationRef, answer?: { status: number; body: unknown; violations?: Violation[] }): Classification;
