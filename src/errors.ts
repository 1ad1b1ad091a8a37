import { errorCodeClasses, errorCodes, type ErrorCodeClass, type KnownErrorCode } from "../generated/error-codes.js";
import { isMockRefusal, readMockViolations } from "./mock-violations.js";
import { parseRetryAfter } from "./retry.js";

/** An error code as the API sends it: one of the documented codes, or a new one passed through unchanged. */
export type ErrorCode = KnownErrorCode | (string & {});

/** Base class of every error the client throws; `isP100Error(err)` tells them apart from anything else. */
export class P100Error extends Error {
  override name = "P100Error";

  /**
   * A plain object for JSON logs: name, message, the fields of the subclass (status, code, request summary) and the
   * cause's name and code. Never headers, bodies or the API key (messages and causes are scrubbed of it).
   */
  toJSON(): Record<string, unknown> {
    // The own fields of every subclass (status, errorCode, request, reason, messages, ...) without the bulky or
    // echo-prone ones: headers can be large, and the body is already summarised by errorMessage.
    const { headers: _headers, body: _body, ...fields } = this as unknown as Record<string, unknown>;
    const json: Record<string, unknown> = { name: this.name, message: this.message, ...fields };
    const cause = summarizeCause(this.cause);
    if (cause) json["cause"] = cause;
    return json;
  }
}

/** What `toJSON` tells of a cause: its name and, when it has a short one, its code (e.g. ECONNREFUSED). */
function summarizeCause(cause: unknown): { name: string; code?: string } | undefined {
  if (cause === undefined || cause === null) return undefined;
  if (!(cause instanceof Error)) return { name: typeof cause };
  const code = (cause as { code?: unknown }).code ?? (cause.cause as { code?: unknown } | undefined)?.code;
  const safeCode = typeof code === "string" && /^[A-Za-z0-9_]{1,40}$/.test(code) ? code : undefined;
  return safeCode ? { name: cause.name, code: safeCode } : { name: cause.name };
}

/** Thrown when the client is configured in a way that cannot work (no API key, an insecure base URL, ...). */
export class P100ConfigurationError extends P100Error {
  override name = "P100ConfigurationError";
}

/** Where the request went, for error messages: method and path, never headers or the API key. */
export interface RequestSummary {
  readonly method: string;
  readonly url: string;
}

/** Thrown when the API answers with an error status; fields keep the API's own names. */
export class P100ApiError extends P100Error {
  override name = "P100ApiError";
  /** HTTP status of the response. */
  readonly status: number;
  /** The API's error code, e.g. "P411", when the body carries one. */
  readonly errorCode: ErrorCode | undefined;
  /** The API's kebab-case error name, e.g. "user-exists", when the body carries one. */
  readonly errorName: string | undefined;
  /** The API's human-readable message (log it; do not show it to end users). */
  readonly errorMessage: string | undefined;
  /** The response body: parsed JSON when it was JSON, otherwise the raw text. */
  readonly body: unknown;
  /** The response headers. */
  readonly headers: Headers;
  /** Method and URL of the request that failed. */
  readonly request: RequestSummary | undefined;

  constructor(init: ApiErrorInit, message?: string) {
    super(message ?? formatApiMessage(init));
    this.status = init.status;
    this.errorCode = init.errorCode;
    this.errorName = init.errorName;
    this.errorMessage = init.errorMessage;
    this.body = init.body;
    this.headers = init.headers;
    this.request = init.request;
  }

  /** The documented meaning of `errorCode`, from the spec's ErrorCode table. */
  get meaning(): string | undefined {
    const code = this.errorCode;
    return code !== undefined && Object.hasOwn(errorCodes, code) ? errorCodes[code as KnownErrorCode] : undefined;
  }
}

/** What a response tells about an error, before a class is chosen. */
export interface ApiErrorInit {
  readonly status: number;
  readonly errorCode: ErrorCode | undefined;
  readonly errorName: string | undefined;
  readonly errorMessage: string | undefined;
  readonly body: unknown;
  readonly headers: Headers;
  readonly request: RequestSummary | undefined;
}

const AUTH_REASONS = {
  xo1: "no API key was sent",
  xo2: "the API key is wrong",
  xo3: "the caller IP is not allow-listed (production)",
} as const;

/** Why a 401 happened, as coded in its "Access Denied. xoN" body. */
export type AuthenticationReason = keyof typeof AUTH_REASONS;

/** Thrown on 401 "Access Denied": `reason` says whether the key was missing (xo1), wrong (xo2) or the IP not allow-listed (xo3). */
export class P100AuthenticationError extends P100ApiError {
  override name = "P100AuthenticationError";
  /** The documented reason code, when the body carries one. */
  readonly reason: AuthenticationReason | undefined;
  /** The reason spelled out. */
  readonly reasonDescription: string | undefined;

  constructor(init: ApiErrorInit) {
    // The same "Access Denied. xoN" arrives as plain text or as JSON ({"message": ...}); readErrorFields reads both.
    const text = typeof init.body === "string" ? init.body : (init.errorMessage ?? "");
    const match = /\b(xo[123])\b/.exec(text);
    const reason = match ? (match[1] as AuthenticationReason) : undefined;
    const description = reason ? AUTH_REASONS[reason] : undefined;
    super(init, `P100 access denied (401)${reason ? ` ${reason}: ${description}` : ""}${where(init.request)}`);
    this.reason = reason;
    this.reasonDescription = description;
  }
}

/**
 * Thrown on P403 validation errors: `messages` holds each validation failure of the joined `errorMessage`. Against
 * the Prism mock, which answers an invalid request with a canned example, `messages` holds Prism's actual
 * violations (its `sl-violations` header) instead.
 */
export class P100ValidationError extends P100ApiError {
  override name = "P100ValidationError";
  /** Each validation failure on its own. */
  readonly messages: readonly string[];

  constructor(init: ApiErrorInit) {
    const violations = readMockViolations(init.headers);
    super(
      init,
      violations
        ? formatApiMessage({ ...init, errorMessage: `request refused by the mock: ${violations.join("; ")}` })
        : undefined,
    );
    this.messages = violations ?? splitValidationMessages(init.errorMessage);
  }
}

/** Thrown on 404, or on a documented "not found" code. */
export class P100NotFoundError extends P100ApiError {
  override name = "P100NotFoundError";
}

/** Thrown on 429 once retries are exhausted; `retryAfterMs` is the server's advice, when it gave one. */
export class P100RateLimitError extends P100ApiError {
  override name = "P100RateLimitError";
  /** How long the server asked to wait, in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(init: ApiErrorInit) {
    super(init);
    this.retryAfterMs = parseRetryAfter(init.headers.get("retry-after"));
  }
}

/** Thrown on 5xx, and on P500 (unknown exception) / P501 (service temporarily unavailable), which the API sends as 400. */
export class P100ServerError extends P100ApiError {
  override name = "P100ServerError";
}

/**
 * Thrown when a success status carries a body that cannot be read (malformed JSON, empty, wrong content type).
 * The API accepted the request: a write must not be resent blindly, check its outcome first.
 */
export class P100InvalidResponseError extends P100Error {
  override name = "P100InvalidResponseError";
  /** HTTP status of the response. */
  readonly status: number;
  /** Method and URL of the request. */
  readonly request: RequestSummary | undefined;

  constructor(status: number, detail: string, request: RequestSummary | undefined, options?: ErrorOptions) {
    super(
      `P100 answered ${status} with an unreadable body: ${detail}${where(request)}; the request itself was accepted`,
      options,
    );
    this.status = status;
    this.request = request;
  }
}

/**
 * Thrown when an answer's body is larger than `maxResponseBytes`: the client stopped reading there and dropped the
 * connection. An answer arrived, so the request reached the server: check a write's outcome before sending it again.
 */
export class P100ResponseTooLargeError extends P100Error {
  override name = "P100ResponseTooLargeError";
  /** HTTP status of the response. */
  readonly status: number;
  /** The limit the body passed, in bytes. */
  readonly maxResponseBytes: number;
  /** Method and URL of the request. */
  readonly request: RequestSummary | undefined;

  constructor(status: number, maxResponseBytes: number, request: RequestSummary | undefined) {
    super(
      `P100 answered ${status} with a body larger than maxResponseBytes (${maxResponseBytes} bytes); reading stopped there${where(request)}. ` +
        "The request reached the server: check a write's outcome before sending it again.",
    );
    this.status = status;
    this.maxResponseBytes = maxResponseBytes;
    this.request = request;
  }
}

/** Thrown when no response arrived: connection refused, reset, DNS failure. The request may or may not have been processed. */
export class P100ConnectionError extends P100Error {
  override name = "P100ConnectionError";
  /** Method and URL of the request. */
  readonly request: RequestSummary | undefined;

  constructor(message: string, request: RequestSummary | undefined, options?: ErrorOptions) {
    super(`${message}${where(request)}`, options);
    this.request = request;
  }
}

/** Thrown when a request takes longer than its timeout. The request may or may not have been processed. */
export class P100TimeoutError extends P100ConnectionError {
  override name = "P100TimeoutError";
}

/**
 * Thrown before anything is sent when a call's arguments cannot form the intended request: a path parameter that is
 * missing, empty, "." or ".." (URL parsing would turn it into a different path), or text that is not valid UTF-16.
 */
export class P100ArgumentError extends P100Error {
  override name = "P100ArgumentError";
}

/** Thrown when the caller's AbortSignal cancels a request, in flight or while it waits to retry. */
export class P100AbortError extends P100Error {
  override name = "P100AbortError";
  /** Method and URL of the request. */
  readonly request: RequestSummary | undefined;

  constructor(message: string, request?: RequestSummary, options?: ErrorOptions) {
    super(`${message}${where(request)}`, options);
    this.request = request;
  }
}

/** The spec's class of an error code (`x-p100-error-class`); undefined for a code the spec does not document. */
function classOf(code: ErrorCode | undefined): ErrorCodeClass | undefined {
  return code !== undefined && Object.hasOwn(errorCodeClasses, code)
    ? errorCodeClasses[code as KnownErrorCode]
    : undefined;
}

/** The single factory that maps an error response to its class. `body` is parsed JSON or raw text. */
export function errorFromResponse(
  response: { status: number; headers: Headers },
  body: unknown,
  request?: RequestSummary,
): P100ApiError {
  const fields = readErrorFields(body);
  const init: ApiErrorInit = { status: response.status, ...fields, body, headers: response.headers, request };
  const codeClass = classOf(fields.errorCode);
  if (response.status === 401) return new P100AuthenticationError(init);
  if (codeClass === "validation" || isMockRefusal(response.status, response.headers)) {
    return new P100ValidationError(init);
  }
  if (response.status === 429) return new P100RateLimitError(init);
  if (response.status >= 500 || codeClass === "server") return new P100ServerError(init);
  if (response.status === 404 || codeClass === "not-found") return new P100NotFoundError(init);
  return new P100ApiError(init);
}

/** Reads errorCode / errorName / errorMessage from a body of any shape, without trusting it. */
function readErrorFields(body: unknown): Pick<ApiErrorInit, "errorCode" | "errorName" | "errorMessage"> {
  if (typeof body === "string") {
    const text = body.trim();
    return { errorCode: undefined, errorName: undefined, errorMessage: text === "" ? undefined : text.slice(0, 500) };
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return { errorCode: undefined, errorName: undefined, errorMessage: undefined };
  }
  const record = body as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === "string" ? (record[key] as string) : undefined);
  const message = Array.isArray(record["errorMessage"])
    ? record["errorMessage"].filter((m): m is string => typeof m === "string").join(" ")
    : (text("errorMessage") ?? text("message") ?? problemText(text("title"), text("detail")));
  return { errorCode: text("errorCode"), errorName: text("errorName"), errorMessage: message };
}

/** The text of a problem+json body (RFC 9457, e.g. Prism's own errors): "title: detail". */
function problemText(title: string | undefined, detail: string | undefined): string | undefined {
  if (title && detail) return `${title}: ${detail}`;
  return title ?? detail;
}

/** Splits a P403 message that joins several failures ("a must be x. b must be y.") into its parts. */
export function splitValidationMessages(message: string | undefined): string[] {
  if (!message) return [];
  return message
    .split(/(?<=\.)\s+(?=\S)/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/**
 * Narrows a caught value: `isP100Error(err)` is true for every error the client throws (any {@link P100Error});
 * `isP100Error(err, "P411")` is true for an API error carrying that documented code, and narrows `errorCode`.
 */
export function isP100Error(error: unknown): error is P100Error;
export function isP100Error<C extends KnownErrorCode>(
  error: unknown,
  code: C,
): error is P100ApiError & { readonly errorCode: C };
export function isP100Error(error: unknown, code?: string): boolean {
  if (code === undefined) return error instanceof P100Error;
  return error instanceof P100ApiError && error.errorCode === code;
}

/**
 * Narrows a caught value to an API error (the API answered with an error status), optionally with a given code;
 * the code may be one the spec does not document yet.
 */
export function isP100ApiError<C extends ErrorCode>(
  error: unknown,
  code?: C,
): error is P100ApiError & { readonly errorCode: C } {
  return error instanceof P100ApiError && (code === undefined || error.errorCode === code);
}

function formatApiMessage(init: ApiErrorInit): string {
  const code = [init.errorCode, init.errorName].filter(Boolean).join(" ");
  const detail = init.errorMessage ?? (init.body === "" || init.body === undefined ? "empty body" : "no error message");
  return `P100 API error ${init.status}${code ? ` ${code}` : ""}: ${detail}${where(init.request)}`;
}

function where(request: RequestSummary | undefined): string {
  return request ? ` (${request.method} ${request.url})` : "";
}
