// Types of methods.mjs for the tests that exercise the generator on scratch specs.

/** The webhooks that report an operation's outcome, from its `x-p100-outcome-webhooks`. */
export function outcomeWebhooks(op: object): string[];

/** Whether a write can move money when repeated (`x-p100-moves-money`); undefined for a read; throws when a write lacks it. */
export function movesMoney(method: string, op: object): boolean | undefined;

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
