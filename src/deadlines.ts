/**
 * Attempt deadlines that share their AbortController. Creating an AbortSignal is the single most expensive step of a
 * call in Node (about a fifth of the SDK's own cost, measured by `npm run bench`), so attempts that start within the
 * same short window with the same timeout share one controller, aborted by one timer. An attempt is never aborted
 * early: its deadline falls between `timeoutMs` and `timeoutMs` plus one window (a twentieth of the timeout, at most
 * 100 ms) after it started. While no attempt uses a shared timer, the timer does not keep the process alive.
 */

interface Bucket {
  readonly controller: AbortController;
  readonly timer: ReturnType<typeof setTimeout>;
  pending: number;
}

const buckets = new Map<string, Bucket>();
const MAX_WINDOW_MS = 100;

/** A timer handle where the runtime has ref/unref (Node, Deno, Bun); a plain id elsewhere. */
type Handle = { ref?: () => unknown; unref?: () => unknown };

/** One attempt's deadline: its signal, whether that signal fired because of the deadline, and its release. */
export interface Deadline {
  readonly signal: AbortSignal;
  /** Call once the attempt is over (answer read or failed). */
  release(): void;
}

/** Acquires the deadline of an attempt that starts now and may last `timeoutMs`. */
export function acquireDeadline(timeoutMs: number): Deadline {
  const window = Math.max(1, Math.min(MAX_WINDOW_MS, Math.floor(timeoutMs / 20)));
  const slot = Math.floor(Date.now() / window);
  const key = `${timeoutMs}:${slot}`;
  let bucket = buckets.get(key);
  if (!bucket) {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      buckets.delete(key);
      controller.abort(new DOMException("The attempt timed out", "TimeoutError"));
    }, (slot + 1) * window + timeoutMs - Date.now());
    bucket = { controller, timer, pending: 0 };
    buckets.set(key, bucket);
  }
  const shared = bucket;
  if (shared.pending++ === 0) (shared.timer as Handle).ref?.();
  let released = false;
  return {
    signal: shared.controller.signal,
    release() {
      if (released) return;
      released = true;
      if (--shared.pending === 0) (shared.timer as Handle).unref?.();
    },
  };
}
