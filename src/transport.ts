import {
  P100AbortError,
  P100ConnectionError,
  P100TimeoutError,
  parseRetryAfter,
  type RequestSummary,
} from "./errors.js";
import type { Log } from "./logger.js";

/** The fetch signature openapi-fetch calls. */
export type FetchLike = (request: Request) => Promise<Response>;

/** How one request is sent: timeout per attempt, retry budget, and whether a write may be repeated. */
export interface TransportPolicy {
  /** Milliseconds one attempt (its answer and the whole body) may take before it is aborted. */
  readonly timeoutMs: number;
  /** How many times a retryable failure is retried (0 = never). */
  readonly maxRetries: number;
  /** Set only for a write the caller knows is safe to repeat; writes are never retried otherwise. */
  readonly retryWrites: boolean;
  /** The caller's cancellation signal. */
  readonly signal?: AbortSignal | undefined;
}

/** Statuses that mean "try again later" without the request having taken effect. */
const RETRYABLE_STATUSES = new Set([408, 429, 502, 503, 504]);
/** Methods that never move money, so repeating them is always safe. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Longest Retry-After we honour; beyond it we fall back to our own backoff. */
const MAX_RETRY_AFTER_MS = 60_000;
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;

/** Exponential backoff with jitter (between half and all of the doubled delay), capped. */
export function backoffDelay(retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** retry);
  return Math.round(ceiling * (0.5 + random() / 2));
}

/** How long to wait before the next attempt after this response: Retry-After when sane, else backoff. */
export function retryDelay(response: Response | undefined, retry: number, random?: () => number): number {
  const advised = response ? parseRetryAfter(response.headers.get("retry-after")) : undefined;
  if (advised !== undefined && advised <= MAX_RETRY_AFTER_MS) return advised;
  return backoffDelay(retry, random);
}

/** Whether a response asks to be retried: a retryable status, or P501 "service temporarily unavailable" (sent as 400). */
async function isRetryableResponse(response: Response): Promise<boolean> {
  if (RETRYABLE_STATUSES.has(response.status)) return true;
  if (response.status !== 400) return false;
  try {
    const body = (await response.clone().text()).slice(0, 2_000);
    return /"errorCode"\s*:\s*"P501"/.test(body);
  } catch {
    return false;
  }
}

/**
 * Wraps fetch with per-attempt timeouts, cancellation and bounded retries. Retries live here, not in middleware,
 * because only a wrapper can resend a request whose body was already consumed. A write (POST, PATCH, DELETE, ...)
 * is sent exactly once unless `retryWrites` is set: the API documents no idempotency key, so a repeated transfer,
 * withdrawal, exchange, order or card creation could move money twice.
 */
export function createTransport(
  baseFetch: FetchLike,
  policy: TransportPolicy,
  log: Log,
  sleep: (ms: number, signal?: AbortSignal) => Promise<void> = abortableSleep,
): FetchLike {
  return async (request) => {
    const summary: RequestSummary = { method: request.method, url: stripQuery(request.url) };
    const mayRetry = SAFE_METHODS.has(request.method) || policy.retryWrites;
    const maxRetries = mayRetry ? Math.max(0, Math.floor(policy.maxRetries)) : 0;
    // Keep a pristine copy: each attempt consumes the body of the request it sends.
    const template = maxRetries > 0 ? request.clone() : request;

    for (let attempt = 0; ; attempt++) {
      const attemptRequest = attempt === 0 && maxRetries === 0 ? request : template.clone();
      log("debug", `${summary.method} ${summary.url}`, { attempt: attempt + 1 });
      let response: Response | undefined;
      let failure: P100ConnectionError | undefined;
      try {
        response = await sendOnce(baseFetch, attemptRequest, policy, summary);
      } catch (error) {
        if (!(error instanceof P100ConnectionError)) throw error;
        failure = error;
      }
      const retryable = failure !== undefined || (response !== undefined && (await isRetryableResponse(response)));
      if (!retryable || attempt >= maxRetries) {
        if (failure) throw failure;
        if (retryable && !mayRetry) {
          log("warn", `${summary.method} ${summary.url} got a retryable answer but was not retried: writes are sent once`, {
            status: response?.status,
          });
        }
        return response as Response;
      }
      const delay = retryDelay(response, attempt);
      log("info", `retrying ${summary.method} ${summary.url} in ${delay} ms`, {
        attempt: attempt + 1,
        status: response?.status,
        error: failure?.name,
      });
      // Release the connection; not awaited, because cancelling one branch of a cloned body waits for the other.
      response?.body?.cancel().catch(() => {});
      try {
        await sleep(delay, policy.signal);
      } catch {
        throw new P100AbortError(`Request cancelled by the caller (${summary.method} ${summary.url})`);
      }
    }
  };
}

/** Statuses whose Response must have a null body. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * Sends one attempt and reads its whole body within the attempt's timeout, turning every failure into a typed error.
 * Reading the body here (not later in openapi-fetch) is what makes a connection reset or a stall in the middle of a
 * body a P100ConnectionError / P100TimeoutError (retryable for reads) instead of a raw TypeError or a hang.
 * Redirects are never followed: fetch would resend the x-api-key header (and a POST's body) to wherever the
 * Location points, another origin included; a 3xx surfaces as a P100ApiError.
 */
async function sendOnce(
  baseFetch: FetchLike,
  request: Request,
  policy: TransportPolicy,
  summary: RequestSummary,
): Promise<Response> {
  if (policy.signal?.aborted) throw new P100AbortError(`Request cancelled by the caller (${summary.method} ${summary.url})`);
  // Node's fetch links a Request to the signal it was built with only through a WeakRef, kept alive by the Request
  // object itself; a Request passed to fetch and then garbage-collected mid-flight (this happened under vitest) stops
  // listening, and the timeout never fires: the call hangs for ever. So the timer's closure holds the controller and
  // the Request for as long as the attempt lasts. (AbortSignal.any adds one more weak link, so it is not used.)
  const attempt = new AbortController();
  const sent = new Request(request, { signal: attempt.signal, redirect: "manual" });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (!sent.signal.aborted) attempt.abort();
  }, policy.timeoutMs);
  const onCallerAbort = () => attempt.abort(policy.signal?.reason);
  policy.signal?.addEventListener("abort", onCallerAbort, { once: true });
  let stage = "Connection failed";
  try {
    const response = await baseFetch(sent);
    stage = "Connection lost while reading the response";
    return await buffered(response, attempt.signal);
  } catch (error) {
    if (policy.signal?.aborted) {
      throw new P100AbortError(`Request cancelled by the caller (${summary.method} ${summary.url})`, { cause: error });
    }
    if (timedOut) {
      throw new P100TimeoutError(`Request timed out after ${policy.timeoutMs} ms`, summary, { cause: error });
    }
    throw new P100ConnectionError(`${stage}: ${describe(error)}`, summary, { cause: error });
  } finally {
    clearTimeout(timer);
    policy.signal?.removeEventListener("abort", onCallerAbort);
  }
}

/**
 * The same response with its body read into memory (openapi-fetch reads it whole anyway); keeps `url`. The read
 * gives up when `signal` aborts, even if a custom fetch's body stream ignores the signal.
 */
async function buffered(response: Response, signal: AbortSignal): Promise<Response> {
  // Opaque redirects (browsers, status 0) and bodiless responses have nothing to read and cannot be rebuilt.
  if (response.body === null || response.status < 200 || response.status > 599 || NULL_BODY_STATUSES.has(response.status)) {
    return response;
  }
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  let body: ArrayBuffer;
  try {
    body = await Promise.race([response.arrayBuffer(), aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
  const copy = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  Object.defineProperty(copy, "url", { value: response.url });
  return copy;
}

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = cause && "code" in cause ? safeString((cause as { code: unknown }).code) : undefined;
  const message = error instanceof Error ? safeString(error.message) : safeString(error);
  return code ? `${message} (${code})` : message;
}

/** String(value), except that a custom fetch may throw anything, even a value String() throws on. */
function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** The URL without its query string: error messages and logs carry the path only. */
function stripQuery(url: string): string {
  const index = url.indexOf("?");
  return index < 0 ? url : url.slice(0, index);
}

/** setTimeout as a promise that rejects when the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
