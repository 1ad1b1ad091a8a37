// Types of spec-constraints.mjs, for the tests that import it.

/** One restriction on request data and its recorded justification. */
export interface RequestConstraint {
  location: string;
  keyword: string;
  field: string | undefined;
  source: string | undefined;
  /** The label counted: the `x-p100-confidence` beside the source, else what the source establishes. */
  confidence: string;
  /** What the source text establishes at most. */
  ceiling: string;
  /** The `x-p100-confidence` written beside the source, if any. */
  label: string | undefined;
  operations: string[];
}

/** Keywords that restrict a value beyond its JSON type. */
export declare const CONSTRAINT_KEYWORDS: readonly string[];
/** The confidence levels, highest first. */
export declare const CONFIDENCE_LEVELS: readonly string[];
/** The highest confidence a source text can establish. */
export declare function sourceCeiling(source: string | undefined): string;
/** Every restriction on request data, once per spec location. */
export declare function listRequestConstraints(spec: unknown): RequestConstraint[];
/** The restrictions whose label is above what their own source establishes. */
export declare function overLabelled(constraints: readonly RequestConstraint[]): RequestConstraint[];
/** Every property declared by the request, response and webhook schemas, with its confidence. */
export declare function listFields(spec: unknown): { location: string; confidence: string }[];
/** Counts per confidence level. */
export declare function countByConfidence(rows: readonly { confidence: string }[]): Record<string, number>;
