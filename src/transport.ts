import {
  P100AbortError,
  P100ConnectionError,
  P100TimeoutError,
  parseRetryAfter,
  type RequestSummary,
} from "./errors.js";
import type { Log } from "./logger.js";

/**
 * The fetch signature the SDK calls (a subset of the standard one, so `globalThis.fetch` fits). The call's
 * cancellation signal comes in `init.signal`; a fetch that ignores it still cannot outlive the deadline.
 */
export type FetchLike = (request: Request, init?: { signal?: AbortSignal }) => Promise<Response>;

/** How one call is sent: its deadline, retry budget, and whether a write may be repeated. */
export interface TransportPolicy {
  /** Milliseconds the whole call may take, retries and waits included. */
  readonly timeoutMs: number;
  /** How many times a retryable failure is retried (0 = never). */
  readonly maxRetries: number;
  /** Set only for a write the caller knows is safe to repeat; writes are never retried otherwise. */
  readonly retryWrites: boolean;
  /** The caller's cancellation signal. */
  readonly signal?: AbortSignal | undefined;
  /**
   * The call's deadline, when the caller already attached it to the request (the operation methods do, so the
   * request is built once). Without it the transport makes its own deadline per request.
   */
  readonly deadline?: AbortSignal | undefined;
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
 * Wraps fetch with a deadline, cancellation and bounded retries. Retries live here, not in middleware, because only
 * a wrapper can resend a request whose body was already consumed. A write (POST, PATCH, DELETE, ...) is sent exactly
 * once unless `retryWrites` is set: the API documents no idempotency key, so a repeated transfer, withdrawal,
 * exchange, order or card creation could move money twice.
 */
export function createTransport(
  baseFetch: FetchLike,
  policy: TransportPolicy,
  log: Log,
  sleep: (ms: number, signal?: AbortSignal) => Promise<void> = abortableSleep,
): FetchLike {
  return async (request) => {
    const own = policy.deadline ? undefined : ownDeadline(policy);
    const deadline = policy.deadline ?? own?.signal;
    try {
      return await sendWithRetries(baseFetch, request, policy, deadline, log, sleep);
    } finally {
      own?.clear();
    }
  };
}

async function sendWithRetries(
  baseFetch: FetchLike,
  request: Request,
  policy: TransportPolicy,
  deadline: AbortSignal | undefined,
  log: Log,
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
): Promise<Response> {
  const mayRetry = SAFE_METHODS.has(request.method) || policy.retryWrites;
  const maxRetries = mayRetry ? Math.max(0, Math.floor(policy.maxRetries)) : 0;
  // A request with a body is consumed by sending it: keep a pristine copy to resend (a clone keeps the signal).
  // A request without a body can be sent again as it is, which saves a clone per call.
  const template = maxRetries > 0 && request.body !== null ? request.clone() : request;
  const summary = (): RequestSummary => ({ method: request.method, url: stripQuery(request.url) });
  // The signal is handed to fetch rather than built into the Request: one less signal to follow per call.
  const signal = deadline && policy.signal ? AbortSignal.any([deadline, policy.signal]) : (deadline ?? policy.signal);
  const init = signal ? { signal } : undefined;

  for (let attempt = 0; ; attempt++) {
    if (policy.signal?.aborted) throw abortError(summary());
    const attemptRequest = attempt === 0 || template === request ? request : template.clone();
    if (log.enabled) log("debug", `${request.method} ${stripQuery(request.url)}`, { attempt: attempt + 1 });
    let response: Response | undefined;
    let failure: P100ConnectionError | undefined;
    try {
      response = await raceAbort(baseFetch(attemptRequest, init), signal);
    } catch (error) {
      const typed = classifyFailure(error, policy, deadline, summary());
      // Cancellation and an expired deadline end the call; only a connection failure may be retried.
      if (!(typed instanceof P100ConnectionError) || typed instanceof P100TimeoutError) throw typed;
      failure = typed;
    }
    const retryable =
      failure !== undefined || (response !== undefined && !response.ok && (await isRetryableResponse(response)));
    if (!retryable || attempt >= maxRetries) {
      if (failure) throw failure;
      if (retryable && !mayRetry) {
        log("warn", `${request.method} ${stripQuery(request.url)} got a retryable answer but was not retried: writes are sent once`, {
          status: response?.status,
        });
      }
      return response as Response;
    }
    const delay = retryDelay(response, attempt);
    log("info", `retrying ${request.method} ${stripQuery(request.url)} in ${delay} ms`, {
      attempt: attempt + 1,
      status: response?.status,
      error: failure?.name,
    });
    // Release the connection; not awaited, because cancelling one branch of a cloned body waits for the other.
    response?.body?.cancel().catch(() => {});
    try {
      await sleep(delay, signal);
    } catch (error) {
      throw classifyFailure(error, policy, deadline, summary());
    }
  }
}

/** A deadline of the transport's own, for calls that arrive without one (the raw openapi-fetch client). */
function ownDeadline(policy: TransportPolicy) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException("deadline", "TimeoutError")), policy.timeoutMs);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/** Settles with the promise, or rejects as soon as the signal aborts, whichever comes first. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** Turns a failure without a response into the typed error that explains it. */
export function classifyFailure(
  error: unknown,
  policy: Pick<TransportPolicy, "signal" | "timeoutMs">,
  deadline: AbortSignal | undefined,
  summary: RequestSummary,
): P100ConnectionError | P100AbortError {
  if (policy.signal?.aborted) return abortError(summary, error);
  if (deadline?.aborted) {
    return new P100TimeoutError(`Request timed out after ${policy.timeoutMs} ms`, summary, { cause: error });
  }
  return new P100ConnectionError(`Connection failed: ${describe(error)}`, summary, { cause: error });
}

function abortError(summary: RequestSummary, cause?: unknown): P100AbortError {
  return new P100AbortError(`Request cancelled by the caller (${summary.method} ${summary.url})`, { cause });
}

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = cause && "code" in cause ? String((cause as { code: unknown }).code) : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return code ? `${message} (${code})` : message;
}

/** The URL without its query string: error messages and logs carry the path only. */
export function stripQuery(url: string): string {
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
