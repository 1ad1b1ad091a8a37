// Types of spec-constraints.mjs, for the tests that import it.

/** One constraint on request data and its recorded justification. */
export interface RequestConstraint {
  location: string;
  keyword: string;
  field: string | undefined;
  source: string | undefined;
  confidence: string;
  operations: string[];
}

/** Keywords that restrict a value beyond its JSON type. */
export declare const CONSTRAINT_KEYWORDS: readonly string[];
/** Every constraint on request data, once per spec location. */
export declare function listRequestConstraints(spec: unknown): RequestConstraint[];
/** Every property declared by the request, response and webhook schemas, with its confidence. */
export declare function listFields(spec: unknown): { location: string; confidence: string }[];
/** Counts per confidence level. */
export declare function countByConfidence(rows: readonly { confidence: string }[]): Record<string, number>;
