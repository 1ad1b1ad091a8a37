import {
  P100AbortError,
  P100ArgumentError,
  P100ConnectionError,
  P100ResponseTooLargeError,
  P100TimeoutError,
  type RequestSummary,
} from "./errors.js";
import { acquireDeadline } from "./deadlines.js";
import { BodyTooLarge, readBodyWithin } from "./response-body.js";
import { isRetryableAnswer, mayRetry, retryDelay } from "./retry.js";
import type { Log } from "./logger.js";
import { findForbiddenHeader, forbiddenHeaderMessage } from "./safety.js";

/**
 * The fetch signature the SDK calls (a subset of the standard one, so `globalThis.fetch` fits). Each attempt's
 * signal comes in `init`; a fetch that ignores it still cannot outlive the timeout. Requests carry `redirect: "manual"`.
 */
export type FetchLike = (request: Request, init?: { signal?: AbortSignal }) => Promise<Response>;

/** How one call is sent: timeout per attempt, retry budget, and whether a write may be repeated. */
export interface TransportPolicy {
  /** Milliseconds one attempt (its answer and the whole body) may take before it is aborted. */
  readonly timeoutMs: number;
  /** How many times a retryable failure is retried (0 = never). */
  readonly maxRetries: number;
  /** The largest answer body read, in bytes; past it the attempt fails with a P100ResponseTooLargeError. */
  readonly maxResponseBytes: number;
  /** Set only for a write the caller knows is safe to repeat; writes are never retried otherwise. */
  readonly retryWrites: boolean;
  /** The caller's cancellation signal. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Follow each Request's own signal when no `signal` is given. Only `p100.raw` sets it: openapi-fetch hands its
   * caller's signal over inside the Request, while the SDK's methods pass theirs here (following a signal per
   * request costs a listener and a controller per attempt).
   */
  readonly followRequestSignal?: boolean | undefined;
  /** Removes secrets from every error the transport throws (the client passes its API key scrubber). */
  readonly scrub?: (<E>(error: E) => E) | undefined;
}

/** Statuses whose Response must have a null body. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** Longest timer the JavaScript runtimes honour: a longer delay fires at once (Node clamps it to 1 ms). */
const MAX_TIMEOUT_MS = 2_147_483_647;

/** The limits of one call, as the client's options and a call's options give them. */
export type CallLimits = Pick<TransportPolicy, "timeoutMs" | "maxRetries" | "maxResponseBytes">;

/** What is wrong with a timeout, retry budget or response size limit, or undefined when all are usable. */
export function checkCallLimits({ timeoutMs, maxRetries, maxResponseBytes }: CallLimits): string | undefined {
  if (!(timeoutMs > 0 && timeoutMs <= MAX_TIMEOUT_MS)) {
    return `timeoutMs must be a number of milliseconds between 1 and ${MAX_TIMEOUT_MS}, got ${timeoutMs}`;
  }
  if (!(maxRetries >= 0 && Number.isFinite(maxRetries)))
    return `maxRetries must be a finite number, zero or more, got ${maxRetries}`;
  if (!(Number.isSafeInteger(maxResponseBytes) && maxResponseBytes > 0)) {
    return `maxResponseBytes must be a whole number of bytes, 1 or more, got ${maxResponseBytes}`;
  }
  return undefined;
}

/** An attempt's answer with its whole body, read within the attempt's deadline. */
export interface Answer<B> {
  /** The response as fetch returned it: its body is already read (into `body`) when it had one. */
  readonly response: Response;
  /** The whole body, or undefined when the response has none. */
  readonly body: B | undefined;
}

/** How a transport reads a body within the attempt and the size limit: as bytes (to rebuild a Response) or as text. */
type BodyReader<B extends string | ArrayBuffer> = (response: Response, limit: number) => Promise<B>;

/**
 * Wraps fetch with per-attempt timeouts, cancellation and bounded retries, and hands on each answer as a Response
 * whose body is already in memory (what `p100.raw`, the openapi-fetch client, reads). Retries live here, not in
 * middleware, because only a wrapper can resend a request whose body was already consumed. A write (POST, PATCH,
 * DELETE, ...) is sent exactly once unless `retryWrites` is set: the API documents no idempotency key, so a repeated
 * transfer, withdrawal, exchange, order or card creation could move money twice.
 */
export function createTransport(
  baseFetch: FetchLike,
  policy: TransportPolicy,
  log: Log,
  sleep: (ms: number, signal?: AbortSignal) => Promise<void> = abortableSleep,
): FetchLike {
  const send = createAttempts(baseFetch, policy, log, sleep, (response, limit) =>
    readBodyWithin(response, "bytes", limit),
  );
  return async (request) => {
    // `p100.raw` has no step of its own before the request exists: its caller's headers are checked here.
    const forbidden = findForbiddenHeader(request.headers.keys());
    if (forbidden)
      throw new P100ArgumentError(forbiddenHeaderMessage(forbidden, `${request.method} ${stripQuery(request.url)}`));
    const { response, body } = await send(request);
    return withBody(response, body);
  };
}

/**
 * The same rules as {@link createTransport}, but each answer's body is read as text and handed on as it is, next to
 * the response, instead of being rebuilt into a second Response that the caller reads again (the operation methods,
 * which parse JSON themselves, use it: it saves a Response and a second pass over the body per call).
 */
export function createTextTransport(
  baseFetch: FetchLike,
  policy: TransportPolicy,
  log: Log,
  sleep: (ms: number, signal?: AbortSignal) => Promise<void> = abortableSleep,
): (request: Request) => Promise<Answer<string>> {
  return createAttempts(baseFetch, policy, log, sleep, (response, limit) => readBodyWithin(response, "text", limit));
}

/**
 * A response whose body is `body`, readable again (keeps status, headers and url); the response itself when the
 * attempt read no body (see `hasBody`: opaque redirects and null-body statuses cannot be rebuilt).
 */
export function withBody(response: Response, body: string | ArrayBuffer | undefined): Response {
  if (body === undefined) return response;
  const copy = new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperty(copy, "url", { value: response.url });
  return copy;
}

/** The retry loop both transports share; `read` says how each body is read. */
function createAttempts<B extends string | ArrayBuffer>(
  baseFetch: FetchLike,
  policy: TransportPolicy,
  log: Log,
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
  read: BodyReader<B>,
): (request: Request) => Promise<Answer<B>> {
  const run = async (request: Request): Promise<Answer<B>> => {
    const callerSignal = policy.signal ?? (policy.followRequestSignal ? request.signal : undefined);
    const attemptPolicy = callerSignal === policy.signal ? policy : { ...policy, signal: callerSignal };
    const summary = (): RequestSummary => ({ method: request.method, url: stripQuery(request.url) });
    const retriable = mayRetry(request.method, policy.retryWrites);
    const maxRetries = retriable ? Math.max(0, Math.floor(policy.maxRetries)) : 0;
    // A request with a body is consumed by sending it: keep a pristine copy to resend. A request without a body can
    // be sent again as it is, which saves a clone per call.
    const template = maxRetries > 0 && request.body !== null ? request.clone() : request;

    for (let attempt = 0; ; attempt++) {
      const attemptRequest = attempt === 0 || template === request ? request : template.clone();
      if (log.enabled) log("debug", `${request.method} ${stripQuery(request.url)}`, { attempt: attempt + 1 });
      let answer: Answer<B> | undefined;
      let failure: P100ConnectionError | undefined;
      try {
        answer = await sendOnce(baseFetch, attemptRequest, attemptPolicy, summary, read);
      } catch (error) {
        // Cancellation ends the call; a connection failure or a timed-out attempt may be retried.
        if (!(error instanceof P100ConnectionError)) throw error;
        failure = error;
      }
      const retryable =
        failure !== undefined ||
        (answer !== undefined && !answer.response.ok && isRetryableAnswer(answer.response.status, answer.body));
      if (!retryable || attempt >= maxRetries) {
        if (failure) throw failure;
        if (retryable && !retriable) {
          log(
            "warn",
            `${request.method} ${stripQuery(request.url)} got a retryable answer but was not retried: writes are sent once`,
            {
              status: answer?.response.status,
            },
          );
        }
        return answer as Answer<B>;
      }
      const delay = retryDelay(answer?.response, attempt);
      log("info", `retrying ${request.method} ${stripQuery(request.url)} in ${delay} ms`, {
        attempt: attempt + 1,
        status: answer?.response.status,
        error: failure?.name,
      });
      try {
        await sleep(delay, callerSignal);
      } catch (error) {
        throw abortError(summary(), error);
      }
    }
  };
  const scrub = policy.scrub;
  if (!scrub) return run;
  return async (request) => {
    try {
      return await run(request);
    } catch (error) {
      throw scrub(error);
    }
  };
}

/**
 * Sends one attempt and reads its whole body within the attempt's timeout, turning every failure into a typed error.
 * Reading the body here (not later in openapi-fetch) makes a reset or a stall in the middle of a body a
 * P100ConnectionError / P100TimeoutError instead of a raw TypeError or a hang. The signal goes to fetch in `init`
 * rather than into a second Request (one less signal to follow per call), so that fetch can drop the connection; but
 * the deadline is enforced by racing the whole attempt (answer and body) against it, once: Node's fetch follows a
 * signal only through a WeakRef, which a garbage collection mid-request can drop, and a custom fetch may ignore it.
 */
async function sendOnce<B extends string | ArrayBuffer>(
  baseFetch: FetchLike,
  request: Request,
  policy: TransportPolicy,
  summary: () => RequestSummary,
  read: BodyReader<B>,
): Promise<Answer<B>> {
  if (policy.signal?.aborted) throw abortError(summary());
  const deadline = acquireDeadline(policy.timeoutMs);
  // With a caller's signal the attempt needs a signal of its own (the shared deadline must not abort other calls).
  const own = policy.signal ? new AbortController() : undefined;
  // The caller's cancellation (or the deadline) aborts the attempt's own signal and ends its race at once.
  const onAbort = () => {
    const reason = policy.signal?.aborted ? policy.signal.reason : deadline.signal.reason;
    own?.abort(reason);
    deadline.cancel(reason);
  };
  if (own) {
    policy.signal?.addEventListener("abort", onAbort, { once: true });
    deadline.signal.addEventListener("abort", onAbort, { once: true });
  }
  const signal = own?.signal ?? deadline.signal;
  let stage = "Connection failed";
  let status = 0;
  const attempt = async (): Promise<Answer<B>> => {
    const response = await baseFetch(request, { signal });
    // A custom fetch that resolves to something else fails here, as a typed connection error, not deep in the caller.
    if (typeof response?.status !== "number" || typeof response.headers?.get !== "function") {
      throw new TypeError("fetch did not resolve to a Response");
    }
    stage = "Connection lost while reading the response";
    status = response.status;
    return { response, body: hasBody(response) ? await read(response, policy.maxResponseBytes) : undefined };
  };
  try {
    return await deadline.race(attempt());
  } catch (error) {
    if (error instanceof BodyTooLarge) throw new P100ResponseTooLargeError(status, policy.maxResponseBytes, summary());
    if (policy.signal?.aborted) throw abortError(summary(), error);
    if (deadline.signal.aborted) {
      throw new P100TimeoutError(`Request timed out after ${policy.timeoutMs} ms`, summary(), { cause: error });
    }
    throw new P100ConnectionError(`${stage}: ${describe(error)}`, summary(), { cause: error });
  } finally {
    deadline.release();
    if (own) {
      policy.signal?.removeEventListener("abort", onAbort);
      deadline.signal.removeEventListener("abort", onAbort);
    }
  }
}

/** Whether a response has a body to read (opaque redirects, status 0 in browsers, and null-body statuses do not). */
function hasBody(response: Response): boolean {
  return (
    response.body !== null &&
    response.status >= 200 &&
    response.status <= 599 &&
    !NULL_BODY_STATUSES.has(response.status)
  );
}

function abortError(summary: RequestSummary, cause?: unknown): P100AbortError {
  return new P100AbortError("Request cancelled by the caller", summary, { cause });
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
