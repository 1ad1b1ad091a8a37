// Types of methods.mjs for the tests that exercise the generator on scratch specs.

/** Which webhook reports the outcome of each operation. */
export const OUTCOME_WEBHOOKS: Readonly<Record<string, readonly string[]>>;

/** Where each field of an operation's flat input travels; throws on a name used twice or a non-object body. */
export function flatInputLayout(
  spec: object,
  entry: { op: object; item: object },
): { pathParams: string[]; queryParams: string[]; hasBody: boolean; bodyFields: string[] };

/** The documented error codes of an operation. */
export function documentedErrorCodes(spec: object, op: object): string[];

/** Said of every inferred operation, in its method's JSDoc and on its docs page entry. */
export const PATH_INFERRED_NOTE: string;

/** The source of generated/methods.ts for the given operations. */
export function emitMethods(spec: object, operations: readonly { path: string; method: string; op: object; item: object }[]): string;
