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
  /** Milliseconds one attempt may take before it is aborted. */
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

/** Sends one attempt, turning every failure without a response into a typed error. */
async function sendOnce(
  baseFetch: FetchLike,
  request: Request,
  policy: TransportPolicy,
  summary: RequestSummary,
): Promise<Response> {
  if (policy.signal?.aborted) throw new P100AbortError(`Request cancelled by the caller (${summary.method} ${summary.url})`);
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), policy.timeoutMs);
  const signals = policy.signal ? [timeout.signal, policy.signal] : [timeout.signal];
  try {
    return await baseFetch(new Request(request, { signal: AbortSignal.any(signals) }));
  } catch (error) {
    if (policy.signal?.aborted) {
      throw new P100AbortError(`Request cancelled by the caller (${summary.method} ${summary.url})`, { cause: error });
    }
    if (timeout.signal.aborted) {
      throw new P100TimeoutError(`Request timed out after ${policy.timeoutMs} ms`, summary, { cause: error });
    }
    throw new P100ConnectionError(`Connection failed: ${describe(error)}`, summary, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = cause && "code" in cause ? String((cause as { code: unknown }).code) : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return code ? `${message} (${code})` : message;
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
