import type { FetchOptions, FetchResponse } from "openapi-fetch";
import { operationTable, type OperationId, type OperationWithRequiredInput } from "../generated/operations.js";
import type { operations } from "../generated/schema.js";
import type { ClientContext } from "./client.js";
import { errorFromResponse, P100Error, P100InvalidResponseError, type RequestSummary } from "./errors.js";
import { classifyFailure, createTransport, stripQuery, type TransportPolicy } from "./transport.js";

/** Per-call options accepted by every operation method, next to `params` and `body`. */
export interface CallOptions {
  /** Milliseconds the whole call may take (retries, waits and reading the answer included), overriding the client's default. */
  timeoutMs?: number;
  /** Retries for this call, overriding the client's default. */
  maxRetries?: number;
  /**
   * Allow retrying this write (POST, PATCH, DELETE). Set it only when repeating the call cannot move money twice:
   * the API documents no idempotency key.
   */
  retryWrites?: boolean;
  /** Cancels the call. */
  signal?: AbortSignal;
  /** Extra request headers. */
  headers?: Record<string, string>;
}

/** The argument of an operation method: its typed `params` and `body`, plus {@link CallOptions}. */
export type OperationRequest<K extends OperationId> = Pick<FetchOptions<operations[K]>, "params" | "body"> & CallOptions;

/** The success body of an operation. */
export type OperationResult<K extends OperationId> = NonNullable<
  FetchResponse<operations[K], Record<never, never>, `${string}/${string}`>["data"]
>;

/**
 * The argument list of an operation method: optional when the operation has no required parameter or body. Which
 * operations need input is read from the spec by the generator (a conditional type over openapi-fetch's option types
 * is resolved too eagerly inside a mapped type and would make every argument required).
 */
export type OperationArgs<K extends OperationId> = K extends OperationWithRequiredInput
  ? [request: OperationRequest<K>]
  : [request?: OperationRequest<K>];

/** One method per operation, named by its operationId; it resolves to the success body or throws a typed error. */
export type OperationMethods = {
  [K in keyof typeof operationTable]: (...request: OperationArgs<K>) => Promise<OperationResult<K>>;
};

type TableEntry = { method: string; path: string; body?: string; response?: "text" | "none"; emptyBodyOk?: boolean };

/** Builds the operation methods from the generated operation table: no hand-written list to keep in sync. */
export function bindOperations(context: ClientContext): OperationMethods {
  const methods: Record<string, (request?: unknown) => Promise<unknown>> = {};
  for (const [id, entry] of Object.entries(operationTable) as [OperationId, TableEntry][]) {
    methods[id] = (request) => callOperation(context, entry, (request ?? {}) as Record<string, unknown>);
  }
  return methods as unknown as OperationMethods;
}

async function callOperation(context: ClientContext, entry: TableEntry, request: Record<string, unknown>): Promise<unknown> {
  const { timeoutMs, maxRetries, retryWrites, signal, ...init } = request as CallOptions & Record<string, unknown>;
  const timeout = timeoutMs ?? context.defaults.timeoutMs;
  // One deadline for the whole call: retries, waits and reading the body included.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new DOMException("deadline", "TimeoutError")), timeout);
  const policy: TransportPolicy = {
    timeoutMs: timeout,
    maxRetries: maxRetries ?? context.defaults.maxRetries,
    retryWrites: retryWrites ?? false,
    signal,
    deadline: deadline.signal,
  };
  try {
    const { data, error, response } = await context.raw.request(entry.method as "get", entry.path as never, {
      ...init,
      parseAs: "text",
      fetch: createTransport(context.fetch, policy, context.log),
      ...(entry.body === "multipart/form-data" ? { bodySerializer: toFormData } : {}),
    } as never);
    if (!response.ok) throw errorFromResponse(response, context.redact(error), summarize(entry, response));
    return readSuccessBody(entry, response, data as string | undefined);
  } catch (error) {
    // A body read cut short by the deadline or the caller surfaces as the same typed errors as the transport's.
    const typed =
      error instanceof P100Error
        ? error
        : classifyFailure(error, policy, deadline.signal, { method: entry.method.toUpperCase(), url: entry.path });
    context.log("warn", typed.message, { name: typed.name, status: (typed as { status?: number }).status });
    throw typed;
  } finally {
    clearTimeout(timer);
  }
}

/** Method and path of a finished request, for error messages. */
function summarize(entry: TableEntry, response: Response): RequestSummary {
  return { method: entry.method.toUpperCase(), url: response.url ? stripQuery(response.url) : entry.path };
}

/** Reads a success body: JSON (refusing empty or malformed bodies), text, or nothing. */
function readSuccessBody(entry: TableEntry, response: Response, text: string | undefined): unknown {
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
    const type = response.headers.get("content-type") ?? "no content type";
    throw new P100InvalidResponseError(response.status, `expected JSON, got malformed ${type}`, summarize(entry, response), {
      cause,
    });
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
