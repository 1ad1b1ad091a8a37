// The client's whole retry policy, in one place: which requests may be repeated, which answers ask for it, how long to
// wait and how many times. The transport asks two questions (may this request retry, and is this answer worth another
// attempt? how long until it?) and does the attempts; README's "Retries" section is checked against these numbers by
// test/unit/retry.test.ts, so the prose cannot drift from the code.
import { retryableErrorCodes } from "../generated/error-codes.js";

/** Retries of a retryable failure when neither the client nor the call says: two ride out a blip or a deploy. */
export const DEFAULT_MAX_RETRIES = 2;

/**
 * Statuses retried: each means the request was not taken up (408 timed out before processing, 429 rate limited, 502,
 * 503 and 504 a gateway or the service unavailable). 500 is not among them: the API may have acted before failing.
 */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);

/** Error codes retried although sent with status 400: the spec's `x-p100-retryable` (a temporary unavailability). */
export const RETRYABLE_ERROR_CODES: ReadonlySet<string> = new Set(retryableErrorCodes);

/**
 * Methods retried without asking: they only read, so repeating them is always safe. A write is retried only when
 * its call sets `retryWrites`: the API documents no idempotency key, so a repeat could move money twice.
 */
export const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

/** First backoff: long enough for a dropped connection to be re-established, short enough for a waiting user. */
export const BASE_DELAY_MS = 500;
/** Backoff cap: the delay doubles per retry up to here, so a long retry budget never means minute-long silences. */
export const MAX_DELAY_MS = 8_000;
/** Longest Retry-After honoured; a server asking for more is answered with our own backoff instead of a long hang. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Whether a request may be retried at all: reads always, writes only when the call opted in. */
export function mayRetry(method: string, retryWrites: boolean): boolean {
  return SAFE_METHODS.has(method) || retryWrites;
}

/** Whether an answer asks for another attempt: a retryable status, or a retryable error code in a 400 body. */
export function isRetryableAnswer(status: number, body: string | ArrayBuffer | undefined): boolean {
  if (RETRYABLE_STATUSES.has(status)) return true;
  if (status !== 400 || body === undefined) return false;
  // Only the start of the body is read: an error body names its code first, and a huge body must not cost a scan.
  const text = typeof body === "string" ? body.slice(0, 2_000) : new TextDecoder().decode(body.slice(0, 2_000));
  const code = /"errorCode"\s*:\s*"([^"]{1,40})"/.exec(text)?.[1];
  return code !== undefined && RETRYABLE_ERROR_CODES.has(code);
}

/** Exponential backoff with jitter (between half and all of the doubled delay), capped: spreads clients apart. */
export function backoffDelay(retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** retry);
  return Math.round(ceiling * (0.5 + random() / 2));
}

/** How long to wait before the next attempt after this response: the server's Retry-After when sane, else backoff. */
export function retryDelay(response: Response | undefined, retry: number, random?: () => number): number {
  const advised = response ? parseRetryAfter(response.headers.get("retry-after")) : undefined;
  if (advised !== undefined && advised <= MAX_RETRY_AFTER_MS) return advised;
  return backoffDelay(retry, random);
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    // 309 digits or more overflow to Infinity: that is no advice, not an infinite wait.
    const ms = Math.round(Number(trimmed) * 1000);
    return Number.isFinite(ms) ? ms : undefined;
  }
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
