/**
 * Attempt deadlines that share their AbortController. Creating an AbortSignal is the single most expensive step of a
 * call in Node (about a fifth of the SDK's own cost, measured by `npm run bench`), so attempts that start within the
 * same short window with the same timeout share one controller, aborted by one timer. An attempt is never aborted
 * early: its deadline falls between `timeoutMs` and `timeoutMs` plus one window (a twentieth of the timeout, at most
 * 100 ms) after it started. While no attempt uses a shared timer, the timer does not keep the process alive.
 *
 * The attempt's own race against its deadline does not listen on the shared signal: each bucket keeps the rejecters
 * of the attempts in flight in a Set, which its timer calls. Node's EventTarget checks every listener already on a
 * signal when one is added, and Node's fetch leaves one listener per request on the signal it follows until a garbage
 * collection, so listening there costs more the busier the signal is (measured in docs/benchmarks.md).
 */

interface Bucket {
  /** The window's controllers, aborted together when it passes; the last one takes new attempts. */
  readonly controllers: AbortController[];
  readonly timer: ReturnType<typeof setTimeout>;
  /** Rejecters of the attempts racing this deadline, called when it passes. */
  readonly racing: Set<(reason: unknown) => void>;
  /** Attempts the newest controller has served. */
  uses: number;
  pending: number;
}

const buckets = new Map<string, Bucket>();
const MAX_WINDOW_MS = 100;
/**
 * Attempts one controller serves. Node's fetch copies the list of abort listeners already on the signal it follows,
 * once per request (to decide whether to raise its listener limit), and leaves its own listener there until a garbage
 * collection: on a signal shared by a whole busy window that copy cost about 10 µs per call over loopback
 * (`getEventListeners` in bench/profile.ts). A new controller every 32 attempts keeps the list short and its
 * creation cheap per call.
 */
const MAX_USES = 32;

/** A timer handle where the runtime has ref/unref (Node, Deno, Bun); a plain id elsewhere. */
type Handle = { ref?: () => unknown; unref?: () => unknown };

/** One attempt's deadline: its signal (to hand to fetch), a race against it, and its release. */
export interface Deadline {
  readonly signal: AbortSignal;
  /** Settles as `work` does, or rejects with the deadline's reason (a "TimeoutError" DOMException) once it passes. */
  race<T>(work: Promise<T>): Promise<T>;
  /** Ends the race now, rejecting it with `reason` (the caller cancelled the call). */
  cancel(reason: unknown): void;
  /** Call once the attempt is over (answer read or failed). */
  release(): void;
}

class Lease implements Deadline {
  private released = false;
  private rejecter: ((reason: unknown) => void) | undefined;

  constructor(
    private readonly bucket: Bucket,
    readonly signal: AbortSignal,
  ) {}

  race<T>(work: Promise<T>): Promise<T> {
    const { signal } = this;
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<T>((resolve, reject) => {
      this.rejecter = reject;
      this.bucket.racing.add(reject);
      work.then(resolve, reject);
    });
  }

  cancel(reason: unknown): void {
    this.rejecter?.(reason);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    if (this.rejecter) this.bucket.racing.delete(this.rejecter);
    if (--this.bucket.pending === 0) (this.bucket.timer as Handle).unref?.();
  }
}

/** Acquires the deadline of an attempt that starts now and may last `timeoutMs`. */
export function acquireDeadline(timeoutMs: number): Deadline {
  const window = Math.max(1, Math.min(MAX_WINDOW_MS, Math.floor(timeoutMs / 20)));
  const slot = Math.floor(Date.now() / window);
  const key = `${timeoutMs}:${slot}`;
  let bucket = buckets.get(key);
  if (!bucket) {
    bucket = openBucket(key, (slot + 1) * window + timeoutMs - Date.now());
  } else if (bucket.uses >= MAX_USES) {
    bucket.controllers.push(new AbortController());
    bucket.uses = 0;
  }
  bucket.uses++;
  if (bucket.pending++ === 0) (bucket.timer as Handle).ref?.();
  return new Lease(bucket, bucket.controllers[bucket.controllers.length - 1]!.signal);
}

function openBucket(key: string, delayMs: number): Bucket {
  const controllers = [new AbortController()];
  const racing = new Set<(reason: unknown) => void>();
  const bucket: Bucket = {
    controllers,
    racing,
    uses: 0,
    pending: 0,
    timer: setTimeout(() => {
      if (buckets.get(key) === bucket) buckets.delete(key);
      const reason = new DOMException("The attempt timed out", "TimeoutError");
      for (const reject of racing) reject(reason);
      racing.clear();
      for (const controller of controllers) controller.abort(reason);
    }, delayMs),
  };
  buckets.set(key, bucket);
  return bucket;
}
