import type { FetchOptions, FetchResponse } from "openapi-fetch";
import { operationTable, type OperationId, type OperationWithRequiredInput } from "../generated/operations.js";
import type { operations } from "../generated/schema.js";
import type { ClientContext } from "./client.js";
import { errorFromResponse, P100ArgumentError, P100Error, P100InvalidResponseError, type RequestSummary } from "./errors.js";
import { checkCallLimits, createTextTransport, stripQuery, withBody, type TransportPolicy } from "./transport.js";

/** Per-call options accepted by every operation method, next to `params` and `body`. */
export interface CallOptions {
  /** Milliseconds one attempt may take (its whole answer read), overriding the client's default. */
  timeoutMs?: number | undefined;
  /** Retries for this call, overriding the client's default. */
  maxRetries?: number | undefined;
  /**
   * Allow retrying this write (POST, PATCH, DELETE). Set it only when repeating the call cannot move money twice:
   * the API documents no idempotency key.
   */
  retryWrites?: boolean | undefined;
  /** Cancels the call. */
  signal?: AbortSignal | undefined;
  /** Extra request headers. */
  headers?: Record<string, string> | undefined;
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
  const policy: TransportPolicy = {
    timeoutMs: timeoutMs ?? context.defaults.timeoutMs,
    maxRetries: maxRetries ?? context.defaults.maxRetries,
    retryWrites: retryWrites ?? false,
    signal,
  };
  const method = entry.method.toUpperCase();
  const limits = checkCallLimits(policy.timeoutMs, policy.maxRetries);
  if (limits) throw new P100ArgumentError(`${limits} (${method} ${entry.path}); nothing was sent.`);
  checkPathParams(method, entry.path, init["params"]);
  const transport = createTextTransport(context.fetch, policy, context.log);
  let sent = false;
  // The transport reads the body as text within the attempt and hands it on here; openapi-fetch does not read a
  // success body again ("stream" returns it untouched), and gets a readable copy only of an error body, which it parses.
  let text: string | undefined;
  let result: { data?: unknown; error?: unknown; response: Response };
  try {
    result = await context.raw.request(entry.method as "get", entry.path as never, {
      ...init,
      parseAs: "stream",
      // Never follow redirects: fetch would resend the x-api-key header (and a POST's body) to wherever Location points.
      redirect: "manual",
      fetch: async (request: Request) => {
        sent = true;
        const answer = await transport(request);
        text = answer.body;
        return answer.response.ok ? answer.response : withBody(answer.response, answer.body);
      },
      ...(entry.body === "multipart/form-data" ? { bodySerializer: toFormData } : {}),
    } as never);
  } catch (cause) {
    // Before fetch, only the caller's input can fail (a query value with a lone surrogate, a BigInt in the body).
    if (sent || cause instanceof P100Error) throw cause;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new P100ArgumentError(`Cannot build the request ${method} ${entry.path}: ${reason}`, { cause });
  }
  const { error, response } = result;
  if (!response.ok) {
    // Headers are redacted too: they are printed by console.log(error), and a proxy may echo the request's headers.
    const headers = new Headers();
    response.headers.forEach((value, name) => headers.append(name, context.redact(value)));
    const apiError = errorFromResponse({ status: response.status, headers }, context.redact(error), summarize(entry, response));
    context.log("warn", apiError.message, { status: apiError.status, errorCode: apiError.errorCode });
    throw apiError;
  }
  return readSuccessBody(entry, response, text, context.redact);
}

/** Method and path of a finished request, for error messages (computed only when one is needed). */
function summarize(entry: TableEntry, response: Response): RequestSummary {
  return { method: entry.method.toUpperCase(), url: response.url ? stripQuery(response.url) : entry.path };
}

const PATH_PARAMETER = /\{([^}]+)\}/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Refuses path parameters that cannot be sent as the one path segment they stand for. openapi-fetch encodes each
 * value with encodeURIComponent, so "/", "?", "#" and "%" are safe; but URL parsing removes "." and ".." segments
 * (encoded or not), an empty value leaves an empty segment, a missing one is sent as a literal "{name}", and a
 * lone surrogate makes encodeURIComponent throw a URIError.
 */
function checkPathParams(method: string, template: string, params: unknown): void {
  const values = (params as { path?: Record<string, unknown> } | null | undefined)?.path ?? {};
  for (const [, name = ""] of template.matchAll(PATH_PARAMETER)) {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    const text = typeof value === "string" ? value : typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
    const problem =
      text === undefined
        ? `must be a string, got ${value === null ? "null" : typeof value}`
        : text === "" || text === "." || text === ".."
          ? `must not be empty, "." or ".." (the URL would point to another path)`
          : LONE_SURROGATE.test(text)
            ? "is not valid Unicode (it holds a lone surrogate)"
            : undefined;
    if (problem) throw new P100ArgumentError(`Path parameter ${name} of ${method} ${template} ${problem}; nothing was sent.`);
  }
}

/** Reads a success body: JSON (refusing empty or malformed bodies), text, or nothing. */
function readSuccessBody(
  entry: TableEntry,
  response: Response,
  text: string | undefined,
  redact: ClientContext["redact"],
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
