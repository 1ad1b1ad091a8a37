// Recognising repeated deliveries. P100 retries a delivery that was not answered with 2xx (after about 8, 16, 32 and
// 64 s), and documents no event id, so a repeat is recognised by the event's natural identifier: the fields listed
// in the spec's `x-p100-idempotency-key` (e.g. a transfer's id and status). Kinds without such an identifier (for
// example two KYC file uploads send identical bodies) are not deduplicated unless the user supplies a key function.
import { webhookTable, type WebhookKind } from "../../generated/webhooks.js";

/** Where a delivery stands: "new" (process it), "in_progress" (another delivery of it is running), "done". */
export type IdempotencyState = "new" | "in_progress" | "done";

/** A store of processed events, shared by all instances of the receiver (e.g. backed by Redis or a database table). */
export interface WebhookIdempotencyStore {
  /** Atomically claims `key`: returns "new" and marks it in progress, or returns its current state without change. */
  claim(key: string): IdempotencyState | Promise<IdempotencyState>;
  /** Marks a claimed key as done: later deliveries of the same event are acknowledged without running the callback. */
  complete(key: string): void | Promise<void>;
  /** Forgets a claim whose callback failed, so that P100's retry processes the event again. */
  release(key: string): void | Promise<void>;
}

/** Options of the in-memory store. */
export interface MemoryIdempotencyStoreOptions {
  /** How long a processed key is remembered, in ms (default 24 h; P100's retries span about 2 minutes). */
  readonly ttlMs?: number;
  /** How long an unfinished claim blocks repeats, in ms (default 5 min), in case a callback never settles. */
  readonly inProgressTtlMs?: number;
  /** Most keys kept; the oldest are forgotten first (default 10,000). */
  readonly maxEntries?: number;
  /** Clock, for tests. */
  readonly now?: () => number;
}

/**
 * The default store: a bounded in-memory map. It only sees deliveries to this process, so with several instances
 * behind a load balancer pass a shared store instead.
 */
export function createMemoryIdempotencyStore(options: MemoryIdempotencyStoreOptions = {}): WebhookIdempotencyStore {
  const ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
  const inProgressTtlMs = options.inProgressTtlMs ?? 5 * 60 * 1000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { state: "in_progress" | "done"; expires: number }>();

  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.expires <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const set = (key: string, state: "in_progress" | "done", ms: number) => {
    entries.delete(key);
    entries.set(key, { state, expires: now() + ms });
    // Maps iterate in insertion order: the first keys are the oldest.
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries) break;
      entries.delete(oldest);
    }
  };

  return {
    claim(key) {
      const entry = live(key);
      if (entry) return entry.state;
      set(key, "in_progress", inProgressTtlMs);
      return "new";
    },
    complete(key) {
      set(key, "done", ttlMs);
    },
    release(key) {
      entries.delete(key);
    },
  };
}

/**
 * The natural identifier of an event, from the fields the spec lists for its kind (`x-p100-idempotency-key`);
 * undefined when the kind has none or the payload lacks one of them.
 */
export function webhookIdempotencyKey(kind: WebhookKind, payload: unknown): string | undefined {
  const fields: readonly string[] = webhookTable[kind].idempotencyKey;
  if (fields.length === 0 || payload === null || typeof payload !== "object") return undefined;
  const values: (string | number)[] = [];
  for (const field of fields) {
    const value = (payload as Record<string, unknown>)[field];
    if (typeof value !== "string" && typeof value !== "number") return undefined;
    values.push(value);
  }
  return JSON.stringify([kind, ...values]);
}
