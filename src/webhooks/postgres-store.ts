// The Postgres idempotency store (entry: p100-partner-sdk/webhooks/postgres): a WebhookIdempotencyStore on a table, so that several instances of the
// receiver behind a load balancer call back once per event. It never imports a driver: the user passes their own
// pool (node-postgres Pool or Client, or anything with the same `query`), so users without `pg` can load the package.
import { P100WebhookConfigurationError } from "./errors.js";
import type { IdempotencyState, WebhookIdempotencyStore } from "./idempotency.js";
import { DEFAULT_POSTGRES_IDEMPOTENCY_TABLE, postgresIdempotencySql, type PostgresQueryable } from "./postgres-sql.js";

/** Options of createPostgresIdempotencyStore. */
export interface PostgresIdempotencyStoreOptions {
  /** The connection pool shared by the store's statements (a node-postgres Pool, or a compatible driver). */
  readonly pool: PostgresQueryable;
  /** Table name, `name` or `schema.name` (default `p100_webhook_idempotency`); create it with `migrate()`. */
  readonly table?: string;
  /**
   * How long a claim blocks repeats of its event, in ms (default 30 s). When an instance dies mid-callback its claim
   * lapses after this and P100's next retry (about 8, 16, 32, 64 s apart) runs the callback; a callback that runs
   * longer than this may run twice.
   */
  readonly leaseMs?: number;
  /** How long a processed event is remembered, in ms (default 24 h; P100's retries span about 2 minutes). */
  readonly ttlMs?: number;
  /** Least time between two opportunistic purges of expired rows, started by a claim (default 10 min); false: never. */
  readonly purgeIntervalMs?: number | false;
  /** Receives the error of an opportunistic purge (which is otherwise ignored: the next one tries again). */
  readonly onPurgeError?: (error: unknown) => void;
  /** Clock in ms since the epoch, for tests; by default every statement uses the database's `now()`, shared by all instances. */
  readonly now?: () => number;
}

/** The Postgres store: the receiver's claim/complete/release, plus the table's migration and purge. */
export interface PostgresIdempotencyStore extends WebhookIdempotencyStore {
  claim(key: string): Promise<IdempotencyState>;
  /**
   * Marks the event done. If this fails after a successful callback, the receiver still answers 200 and reports an
   * internal_error to onError; the claim then lapses after `leaseMs`, and a repeat after that runs the callback again.
   */
  complete(key: string): Promise<void>;
  release(key: string): Promise<void>;
  /** Creates the table and its index if they do not exist (safe to run from every instance at start-up). */
  migrate(): Promise<void>;
  /** Deletes the rows whose TTL or lease has run out and resolves with how many it deleted. */
  purgeExpired(): Promise<number>;
}

const PURGE_BATCH = 5_000;
// A btree entry holds at most about 2.7 kB and Postgres text cannot hold NUL, so a key from a custom idempotencyKey
// function that is long or has a NUL is stored as its SHA-256 instead of failing every delivery of its event.
const MAX_STORED_KEY_LENGTH = 256;

async function storedKey(key: string): Promise<string> {
  if (key.length <= MAX_STORED_KEY_LENGTH && !key.includes("\0")) return key;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key)));
  return `sha256:${Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

function positiveMs(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new P100WebhookConfigurationError(`${name} must be a positive number of milliseconds`);
  return value;
}

/**
 * Creates a WebhookIdempotencyStore on a Postgres table, shared by every instance of the receiver: pass it as
 * `idempotency` to createNodeWebhookHandler / createFetchWebhookHandler, and run `migrate()` once at start-up.
 */
export function createPostgresIdempotencyStore(options: PostgresIdempotencyStoreOptions): PostgresIdempotencyStore {
  const { pool } = options;
  if (typeof pool?.query !== "function")
    throw new P100WebhookConfigurationError(
      "createPostgresIdempotencyStore needs a pool with a query(text, values) method",
    );
  const sql = postgresIdempotencySql(options.table ?? DEFAULT_POSTGRES_IDEMPOTENCY_TABLE);
  const leaseMs = positiveMs("leaseMs", options.leaseMs ?? 30_000);
  const ttlMs = positiveMs("ttlMs", options.ttlMs ?? 24 * 60 * 60 * 1000);
  const purgeIntervalMs =
    options.purgeIntervalMs === false
      ? undefined
      : positiveMs("purgeIntervalMs", options.purgeIntervalMs ?? 10 * 60 * 1000);
  // Releases touch only this instance's claims (see the release statement).
  const owner = crypto.randomUUID();
  const clock = () => (options.now ? new Date(options.now()).toISOString() : null);
  let lastPurge = Number.NEGATIVE_INFINITY;

  const purgeExpired = async () => {
    let total = 0;
    for (;;) {
      const { rows } = await pool.query(sql.purge, [PURGE_BATCH, clock()]);
      const purged = Number((rows[0] as { purged?: unknown } | undefined)?.purged ?? 0);
      total += purged;
      if (purged < PURGE_BATCH) return total;
    }
  };
  const purgeNowAndThen = () => {
    if (purgeIntervalMs === undefined) return;
    const now = Date.now();
    if (now - lastPurge < purgeIntervalMs) return;
    lastPurge = now;
    purgeExpired().catch((error: unknown) => {
      try {
        options.onPurgeError?.(error);
      } catch {
        // A throwing logger must not become an unhandled rejection.
      }
    });
  };

  return {
    async claim(key) {
      const { rows } = await pool.query(sql.claim, [
        await storedKey(key),
        leaseMs,
        owner,
        crypto.randomUUID(),
        clock(),
      ]);
      const row = rows[0] as { state?: unknown; claimed?: unknown } | undefined;
      if (row?.claimed !== true && row?.state !== "in_progress" && row?.state !== "done") {
        throw new Error(`The idempotency table answered an unexpected row: ${JSON.stringify(row)}`);
      }
      purgeNowAndThen();
      return row.claimed === true ? "new" : (row.state as "in_progress" | "done");
    },
    async complete(key) {
      await pool.query(sql.complete, [await storedKey(key), ttlMs, owner, clock()]);
    },
    async release(key) {
      await pool.query(sql.release, [await storedKey(key), owner]);
    },
    async migrate() {
      await pool.query(sql.migrate);
    },
    purgeExpired,
  };
}
