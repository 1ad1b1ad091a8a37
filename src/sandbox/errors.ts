// The API's error answers, built from the spec's documented error examples (generated/request-validators.js), so a
// code's HTTP status, errorName and message are the documented ones rather than a copy kept here.
import { documentedErrors } from "../../generated/request-validators.js";

/** An error answer the sandbox sends: thrown by a handler, turned into a response by the router. */
export class SandboxApiError extends Error {
  override readonly name = "SandboxApiError";
  constructor(
    readonly status: number,
    readonly body: Readonly<Record<string, unknown>>,
    /** Extra answer headers (Retry-After of a 429). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(typeof body.errorMessage === "string" ? body.errorMessage : `HTTP ${status}`);
  }
}

/** An API error without a stack trace: an error answer is not a bug, and the trace is its largest cost. */
function answer(
  status: number,
  body: Readonly<Record<string, unknown>>,
  headers?: Readonly<Record<string, string>>,
): SandboxApiError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new SandboxApiError(status, body, headers);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * The documented error of `code` (status, errorName and message from the spec's example); `message` replaces the
 * example's text when the sandbox can say more precisely what was wrong.
 */
export function apiError(code: string, message?: string): SandboxApiError {
  const documented = documentedErrors[code];
  if (!documented) throw new Error(`error code ${code} has no documented example in the spec`);
  const body = message === undefined ? { ...documented.body } : { ...documented.body, errorMessage: message };
  return answer(documented.status, body);
}

/** A P403 validation error: the API joins its validation messages into one errorMessage. */
export function validationError(messages: string | readonly string[]): SandboxApiError {
  const text = typeof messages === "string" ? messages : messages.join(". ");
  return apiError("P403", text);
}

/** A not-found answer for a route or method the API does not have (shape inferred: the API's framework default). */
export function routeNotFound(method: string, path: string): SandboxApiError {
  return answer(404, { statusCode: 404, message: `Cannot ${method} ${path}`, error: "Not Found" });
}

/** The answer to a body over the size limit (shape inferred: the API's framework default). */
export function payloadTooLarge(limit: number): SandboxApiError {
  return answer(413, {
    statusCode: 413,
    message: `request entity too large (limit ${limit} bytes)`,
    error: "Payload Too Large",
  });
}

/**
 * The answer to a call over the rate limit (simulate.rateLimited). The Rate Limiting page was never captured, so the
 * status, body and header are inferred: 429 with `Retry-After` in seconds, as HTTP defines them.
 */
export function rateLimited(retryAfterSeconds: number): SandboxApiError {
  return answer(
    429,
    { statusCode: 429, message: "Too Many Requests (sandbox simulation)", error: "Too Many Requests" },
    { "retry-after": String(retryAfterSeconds) },
  );
}
