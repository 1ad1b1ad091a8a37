// Splits a method's flat input (`{ externalUserId, amount, ... }`) into openapi-fetch's `params.path`,
// `params.query` and `body`, using the field lists the generator wrote into the operation table. The split is chosen
// once per operation when the client is created, so a call does no schema work and copies nothing it need not copy.
import { pathParameterNames } from "./path-template.js";

/** Where the fields of an operation's input go, as the generated operation table states it. */
export interface InputLayout {
  /** The path template: its `{name}` placeholders are the path parameters. */
  readonly path: string;
  readonly queryParams?: readonly string[];
  readonly hasBody?: boolean;
}

/** The request options openapi-fetch reads the split input from. */
export interface SplitTarget {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown> };
  body?: unknown;
}

/** Writes the parts of one flat input into a request's options. */
export type InputSplitter = (input: Record<string, unknown> | undefined, target: SplitTarget) => void;

/** Builds the splitter of one operation: the common shapes (body only, path only, query only) copy nothing. */
export function createInputSplitter(layout: InputLayout): InputSplitter {
  // Read from the template once per client, not per call (the generator checked no name is used twice).
  const path = pathParameterNames(layout.path);
  const query = layout.queryParams ?? [];
  const hasBody = layout.hasBody === true;
  if (path.length === 0 && query.length === 0) {
    return hasBody ? (input, target) => void (target.body = input) : () => undefined;
  }
  if (!hasBody && query.length === 0) return (input, target) => void (target.params = { path: input ?? {} });
  if (!hasBody && path.length === 0) return (input, target) => void (target.params = { query: input ?? {} });

  const inPath = new Set(path);
  const inQuery = new Set(query);
  return (input, target) => {
    const params: { path?: Record<string, unknown>; query?: Record<string, unknown> } = {};
    // An operation with parameters and a body sends the body even when empty, as the old `body: {}` did.
    const body: Record<string, unknown> | undefined = hasBody ? {} : undefined;
    if (path.length) params.path = {};
    if (query.length) params.query = {};
    if (input) {
      for (const key of Object.keys(input)) {
        if (inPath.has(key)) params.path![key] = input[key];
        else if (inQuery.has(key)) params.query![key] = input[key];
        // A field that is no parameter belongs to the body; without a body the types already refuse it.
        else if (body) body[key] = input[key];
      }
    }
    target.params = params;
    if (body !== undefined) target.body = body;
  };
}
