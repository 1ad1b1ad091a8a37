import type { OperationTypes } from "../generated/methods.js";
import { operationTable, type OperationId } from "../generated/operations.js";
import type { ClientContext } from "./context.js";
import {
  errorFromResponse,
  P100ArgumentError,
  P100Error,
  P100InvalidResponseError,
  type RequestSummary,
} from "./errors.js";
import { createInputSplitter, type InputLayout, type InputSplitter, type SplitTarget } from "./flat-input.js";
import { checkPathParams } from "./path-template.js";
import { findForbiddenHeader, forbiddenHeaderMessage } from "./safety.js";
import { checkCallLimits, createTextTransport, stripQuery, withBody, type TransportPolicy } from "./transport.js";

/** Per-call options, the second argument of every operation method: `p100.getKycStatus({ externalUserId }, { timeoutMs: 10_000 })`. */
export interface CallOptions {
  /** Milliseconds one attempt may take (its whole answer read), overriding the client's default. */
  timeoutMs?: number | undefined;
  /** Retries for this call, overriding the client's default. */
  maxRetries?: number | undefined;
  /** The largest answer body this call reads, in bytes, overriding the client's default (10 MiB). */
  maxResponseBytes?: number | undefined;
  /**
   * Allow retrying this write (POST, PATCH, DELETE). Set it only when repeating the call cannot move money twice:
   * the API documents no idempotency key.
   */
  retryWrites?: boolean | undefined;
  /** Cancels the call, in flight or while it waits to retry. */
  signal?: AbortSignal | undefined;
  /** Extra request headers. */
  headers?: Record<string, string> | undefined;
}

/** The flat input of an operation: its path, query and body fields by name, e.g. `CreateUserInput`. */
export type OperationInput<K extends OperationId> = OperationTypes[K]["input"];

/** The success body of an operation, e.g. `CreateUserResult`. */
export type OperationResult<K extends OperationId> = OperationTypes[K]["result"];

/** The error codes an operation documents, e.g. `ErrorCodeOf<"createUser">` is `"P403" | "P411" | ...`. */
export type ErrorCodeOf<K extends OperationId> = OperationTypes[K]["errorCode"];

/** A success body together with the HTTP response it came in (status, headers, url; its body is already read). */
export interface WithResponse<Result> {
  /** The success body, as the method itself resolves it. */
  readonly data: Result;
  /** The HTTP response: `status`, `headers` (e.g. a request id), `url`. Its body was consumed to produce `data`. */
  readonly response: Response;
}

/** A method whose input is required: `(input, options?)`, plus `.withResponse(input, options?)`. */
export interface P100Method<Input, Result> {
  (input: Input, options?: CallOptions): Promise<Result>;
  /** Same call, resolving to `{ data, response }` so the status and headers of a success are reachable. */
  withResponse(input: Input, options?: CallOptions): Promise<WithResponse<Result>>;
}

/** A method whose input may be left out (nothing in it is required): `(input?, options?)`, plus `.withResponse`. */
export interface P100OptionalInputMethod<Input, Result> {
  (input?: Input | undefined, options?: CallOptions): Promise<Result>;
  /** Same call, resolving to `{ data, response }` so the status and headers of a success are reachable. */
  withResponse(input?: Input | undefined, options?: CallOptions): Promise<WithResponse<Result>>;
}

/** The method type of one operation, from its generated input, result and whether its input is required. */
export type OperationMethod<K extends OperationId> = OperationTypes[K]["inputRequired"] extends true
  ? P100Method<OperationTypes[K]["input"], OperationTypes[K]["result"]>
  : P100OptionalInputMethod<OperationTypes[K]["input"], OperationTypes[K]["result"]>;

/** One method per operation, named by its operationId; it resolves to the success body or throws a typed error. */
export type OperationMethods = { [K in keyof OperationTypes]: OperationMethod<K> };

type TableEntry = InputLayout & {
  method: string;
  path: string;
  body?: string;
  response?: "text" | "none";
  emptyBodyOk?: boolean;
};

/** What one operation needs at call time, prepared once per client. */
interface PreparedOperation {
  readonly id: string;
  readonly entry: TableEntry;
  readonly method: string;
  readonly split: InputSplitter;
}

/** Builds the operation methods from the generated operation table: no hand-written list to keep in sync. */
export function bindOperations(
  context: ClientContext,
  table: typeof operationTable = operationTable,
): OperationMethods {
  const methods: Record<string, unknown> = {};
  for (const [id, entry] of Object.entries(table) as [OperationId, TableEntry][]) {
    const operation: PreparedOperation = {
      id,
      entry,
      method: entry.method.toUpperCase(),
      split: createInputSplitter(entry),
    };
    const method = (input?: unknown, options?: CallOptions) => callOperation(context, operation, input, options, false);
    methods[id] = Object.assign(method, {
      withResponse: (input?: unknown, options?: CallOptions) => callOperation(context, operation, input, options, true),
    });
  }
  return methods as OperationMethods;
}

async function callOperation(
  context: ClientContext,
  operation: PreparedOperation,
  input: unknown,
  options: CallOptions | undefined,
  withResponse: boolean,
): Promise<unknown> {
  const { entry, method } = operation;
  const policy: TransportPolicy = {
    timeoutMs: options?.timeoutMs ?? context.defaults.timeoutMs,
    maxRetries: options?.maxRetries ?? context.defaults.maxRetries,
    maxResponseBytes: options?.maxResponseBytes ?? context.defaults.maxResponseBytes,
    retryWrites: options?.retryWrites ?? false,
    signal: options?.signal,
  };
  const limits = checkCallLimits(policy);
  if (limits) throw new P100ArgumentError(`${limits} (${method} ${entry.path}); nothing was sent.`);
  if (input !== undefined && (input === null || typeof input !== "object" || Array.isArray(input))) {
    throw new P100ArgumentError(
      `${operation.id} takes one object of named fields (e.g. { externalUserId }), got ${input === null ? "null" : Array.isArray(input) ? "an array" : typeof input}; nothing was sent.`,
    );
  }
  const request: SplitTarget & Record<string, unknown> = {
    // The transport reads the body as text within the attempt and hands it on here; openapi-fetch does not read a
    // success body again ("stream" returns it untouched), and gets a readable copy only of an error body, which it parses.
    parseAs: "stream",
    // Never follow redirects: fetch would resend the x-api-key header (and a POST's body) to wherever Location points.
    redirect: "manual",
  };
  operation.split(input as Record<string, unknown> | undefined, request);
  if (options?.headers) {
    const forbidden = findForbiddenHeader(Object.keys(options.headers));
    if (forbidden) throw new P100ArgumentError(forbiddenHeaderMessage(forbidden, `${method} ${entry.path}`));
    request["headers"] = options.headers;
  }
  if (entry.body === "multipart/form-data") request["bodySerializer"] = toFormData;
  checkPathParams(method, entry.path, request.params);
  const transport = createTextTransport(context.fetch, policy, context.log);
  let sent = false;
  let text: string | undefined;
  request["fetch"] = async (outgoing: Request) => {
    sent = true;
    const answer = await transport(outgoing);
    text = answer.body;
    return answer.response.ok ? answer.response : withBody(answer.response, answer.body);
  };
  let result: { data?: unknown; error?: unknown; response: Response };
  try {
    result = await context.raw.request(entry.method as "get", entry.path as never, request as never);
  } catch (cause) {
    // Before fetch, only the caller's input can fail (a query value with a lone surrogate, a BigInt in the body).
    if (sent || cause instanceof P100Error) throw context.scrubError(cause);
    const reason = context.redact(cause instanceof Error ? cause.message : String(cause));
    throw new P100ArgumentError(`Cannot build the request ${method} ${entry.path}: ${reason}`, {
      cause: context.sanitizeCause(cause),
    });
  }
  const { error, response } = result;
  if (!response.ok) {
    // Headers are redacted too: they are printed by console.log(error), and a proxy may echo the request's headers.
    const headers = new Headers();
    response.headers.forEach((value, name) => headers.append(name, context.redact(value)));
    const apiError = errorFromResponse(
      { status: response.status, headers },
      context.redact(error),
      summarize(entry, response),
    );
    context.log("warn", apiError.message, { status: apiError.status, errorCode: apiError.errorCode });
    throw apiError;
  }
  const body = readSuccessBody(entry, response, text, context);
  return withResponse ? { data: body, response } : body;
}

/** Method and path of a finished request, for error messages (computed only when one is needed). */
function summarize(entry: TableEntry, response: Response): RequestSummary {
  return { method: entry.method.toUpperCase(), url: response.url ? stripQuery(response.url) : entry.path };
}

/** Reads a success body: JSON (refusing empty or malformed bodies), text, or nothing. */
function readSuccessBody(
  entry: TableEntry,
  response: Response,
  text: string | undefined,
  { redact, sanitizeCause }: ClientContext,
): unknown {
  if (entry.response === "none" || response.status === 204) return undefined;
  if (entry.response === "text") return text ?? "";
  if (text === undefined || text.trim() === "") {
    // A success whose schema requires nothing may come back empty: that is an answer, not a failure.
    if (entry.emptyBodyOk) return {};
    throw new P100InvalidResponseError(response.status, "expected JSON, got an empty body", summarize(entry, response));
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    // The server's Content-Type goes into the message: cut it, and scrub the API key a hostile server could echo.
    const type = redact(response.headers.get("content-type")?.slice(0, 100) ?? "no content type");
    // The parser's message quotes the start of the text on newer runtimes, and the text may echo the API key.
    throw new P100InvalidResponseError(
      response.status,
      `expected JSON, got malformed ${type}`,
      summarize(entry, response),
      {
        cause: sanitizeCause(cause),
      },
    );
  }
}

/** Serialises a multipart body: arrays become repeated fields, Blobs stay files, other values become strings. */
function toFormData(body: unknown): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue;
      form.append(name, item instanceof Blob ? item : String(item));
    }
  }
  return form;
}
