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
  /** Most keys kept; the oldest processed ones are forgotten first (default 10,000). */
  readonly maxEntries?: number;
  /**
   * Most memory the keys may take, in bytes, estimated as 2 bytes per UTF-16 unit plus 64 per entry (default 8 MiB):
   * a count alone does not bound memory when keys are long (a custom `idempotencyKey` may return a whole payload).
   */
  readonly maxBytes?: number;
  /** Clock, for tests. */
  readonly now?: () => number;
}

/** Estimated bytes one entry holds: the key's UTF-16 text plus the map entry and its record. */
const entryBytes = (key: string) => key.length * 2 + 64;

/**
 * The default store: a bounded in-memory map. It only sees deliveries to this process, so with several instances
 * behind a load balancer pass a shared store instead. Past `maxEntries` or `maxBytes` it forgets the oldest processed
 * keys, never an unfinished claim (forgetting one would let a repeat run its callback alongside the first); when
 * unfinished claims alone fill it, a new claim throws, so the receiver answers 500 and P100 retries later.
 */
export function createMemoryIdempotencyStore(options: MemoryIdempotencyStoreOptions = {}): WebhookIdempotencyStore {
  const ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
  const inProgressTtlMs = options.inProgressTtlMs ?? 5 * 60 * 1000;
  const maxEntries = options.maxEntries ?? 10_000;
  const maxBytes = options.maxBytes ?? 8 * 1024 * 1024;
  const now = options.now ?? Date.now;
  // Two maps, each in insertion order (oldest first): claims are never evicted, processed keys are.
  const claims = new Map<string, number>();
  const done = new Map<string, number>();
  let bytes = 0;

  const forget = (map: Map<string, number>, key: string) => {
    if (map.delete(key)) bytes -= entryBytes(key);
  };
  const live = (key: string): "in_progress" | "done" | undefined => {
    for (const [map, state] of [
      [claims, "in_progress"],
      [done, "done"],
    ] as const) {
      const expires = map.get(key);
      if (expires === undefined) continue;
      if (expires > now()) return state;
      forget(map, key);
    }
    return undefined;
  };
  const full = (extra: number) => claims.size + done.size + 1 > maxEntries || bytes + extra > maxBytes;
  /** Makes room for one more entry of `extra` bytes; false when only live claims are left in the way. */
  const makeRoom = (extra: number): boolean => {
    for (const key of done.keys()) {
      if (!full(extra)) return true;
      forget(done, key);
    }
    if (!full(extra)) return true;
    // Claims whose callback never settled lapse after inProgressTtlMs: those may go.
    for (const [key, expires] of claims) if (expires <= now()) forget(claims, key);
    return !full(extra);
  };
  const add = (map: Map<string, number>, key: string, ms: number) => {
    map.set(key, now() + ms);
    bytes += entryBytes(key);
  };

  return {
    claim(key) {
      const state = live(key);
      if (state) return state;
      if (entryBytes(key) > maxBytes)
        throw new Error(
          `An idempotency key of ${key.length} characters does not fit the in-memory store's maxBytes (${maxBytes})`,
        );
      if (!makeRoom(entryBytes(key))) {
        throw new Error(
          `The in-memory idempotency store is full of unfinished claims (${claims.size} keys, about ${bytes} bytes); P100 will retry`,
        );
      }
      add(claims, key, inProgressTtlMs);
      return "new";
    },
    complete(key) {
      forget(claims, key);
      forget(done, key);
      // The callback ran: recording it may push out older processed keys, never a claim.
      if (makeRoom(entryBytes(key))) add(done, key, ttlMs);
    },
    release(key) {
      forget(claims, key);
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
