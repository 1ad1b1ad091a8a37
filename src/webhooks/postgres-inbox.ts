// An inbox of accepted deliveries on a Postgres table: the raw body of every delivery that reached a callback, with
// whether the callback succeeded, so that a partner can find and replay the events their code failed on.
import type { WebhookKind } from "../../generated/webhooks.js";
import type { WebhookCallback, WebhookCallbacks, WebhookContext } from "./dispatch.js";
import { P100WebhookConfigurationError } from "./errors.js";
import { lockedMigration, postgresTableName, type PostgresQueryable } from "./postgres-sql.js";

/** The default table of the inbox. */
export const DEFAULT_POSTGRES_INBOX_TABLE = "p100_webhook_inbox";

/** Where a recorded delivery stands. */
export type InboxStatus = "received" | "processed" | "failed";

/** One recorded delivery. */
export interface InboxEntry {
  /** The row's id (a bigint, as text). */
  readonly id: string;
  /** The webhook kind that was delivered. */
  readonly kind: WebhookKind;
  /** The event's natural identifier, when the kind has one. */
  readonly idempotencyKey: string | null;
  /** The body exactly as received: pass it to `parseWebhook(entry.kind, entry.rawBody)` to replay it. */
  readonly rawBody: string;
  /** When the delivery was recorded (the database's clock). */
  readonly receivedAt: Date;
  /** "received" until the callback settles (it stays so if the process died or the outcome could not be written). */
  readonly status: InboxStatus;
  /** How many times the callback ran on this delivery (replays included). */
  readonly attempts: number;
  /** The message of the last failure. */
  readonly error: string | null;
}

/** Options of createPostgresWebhookInbox. */
export interface PostgresWebhookInboxOptions {
  /** The connection pool (a node-postgres Pool, or a compatible driver). */
  readonly pool: PostgresQueryable;
  /** Table name, `name` or `schema.name` (default `p100_webhook_inbox`). */
  readonly table?: string;
}

/** The inbox: wrap the receiver's callbacks with it, then list and replay what failed. */
export interface PostgresWebhookInbox {
  /** Creates the table and its index if they do not exist. */
  migrate(): Promise<void>;
  /** Callbacks that record each delivery (before running yours) and its outcome; pass them as `on`. */
  wrap<C extends WebhookCallbacks>(callbacks: C): C;
  /** Recorded deliveries, oldest first, optionally of one status. */
  list(filter?: { readonly status?: InboxStatus; readonly limit?: number }): Promise<InboxEntry[]>;
  /**
   * Runs `run` on a recorded delivery and records the outcome (throws what `run` throws). It bypasses the idempotency
   * store: replay what P100 gave up on (its retries span about 2 minutes), not what it may still retry. An id that
   * names no delivery (unknown, or not an id at all such as "abc") throws P100WebhookConfigurationError.
   */
  replay(id: string, run: (entry: InboxEntry) => unknown): Promise<void>;
}

/** The CREATE TABLE / CREATE INDEX statements of the inbox (idempotent). */
export function postgresInboxMigration(table: string = DEFAULT_POSTGRES_INBOX_TABLE): string {
  const { quoted, bare } = postgresTableName(table);
  return `CREATE TABLE IF NOT EXISTS ${quoted} (
  id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind            text        NOT NULL,
  idempotency_key text,
  raw_body        text        NOT NULL,
  received_at     timestamptz NOT NULL DEFAULT now(),
  status          text        NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'processed', 'failed')),
  attempts        integer     NOT NULL DEFAULT 1,
  error           text
);
CREATE INDEX IF NOT EXISTS "${bare}_status_idx" ON ${quoted} (status, id);`;
}

interface InboxRow {
  id: string;
  kind: WebhookKind;
  idempotency_key: string | null;
  raw_body: string;
  received_at: Date | string;
  status: InboxStatus;
  attempts: number | string;
  error: string | null;
}

const toEntry = (row: InboxRow): InboxEntry => ({
  id: row.id,
  kind: row.kind,
  idempotencyKey: row.idempotency_key,
  rawBody: row.raw_body,
  receivedAt: new Date(row.received_at),
  status: row.status,
  attempts: Number(row.attempts),
  error: row.error,
});

const MAX_BIGINT = 9_223_372_036_854_775_807n;
/** Whether `id` is a row id as `list()` returns them: a positive bigint in decimal, without sign or leading zeros. */
const isRowId = (id: unknown): id is string =>
  typeof id === "string" && /^[1-9][0-9]{0,18}$/.test(id) && BigInt(id) <= MAX_BIGINT;

// A failure message is kept for the partner's eyes; long ones are cut so a huge error cannot bloat the table.
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 1_000);

/**
 * Creates an inbox on a Postgres table that keeps the raw body of every delivery reaching a callback and its
 * outcome: pass `on: inbox.wrap({ ... })` to the receiver, run `migrate()` once at start-up, and use `list()` and
 * `replay()` to re-run the deliveries that failed.
 */
export function createPostgresWebhookInbox(options: PostgresWebhookInboxOptions): PostgresWebhookInbox {
  const { pool } = options;
  if (typeof pool?.query !== "function")
    throw new P100WebhookConfigurationError(
      "createPostgresWebhookInbox needs a pool with a query(text, values) method",
    );
  const table = options.table ?? DEFAULT_POSTGRES_INBOX_TABLE;
  const { quoted } = postgresTableName(table);
  const columns = "id::text AS id, kind, idempotency_key, raw_body, received_at, status, attempts, error";
  const sql = {
    migrate: lockedMigration(`inbox ${quoted}`, postgresInboxMigration(table)),
    record: `INSERT INTO ${quoted} (kind, idempotency_key, raw_body) VALUES ($1, $2, $3) RETURNING id::text AS id`,
    settle: `UPDATE ${quoted} SET status = $2, error = $3 WHERE id = $1::bigint`,
    list: `SELECT ${columns} FROM ${quoted} WHERE ($1::text IS NULL OR status = $1) ORDER BY id LIMIT $2`,
    take: `UPDATE ${quoted} SET attempts = attempts + 1 WHERE id = $1::bigint RETURNING ${columns}`,
  };
  const settle = (id: string, status: InboxStatus, error: string | null) => pool.query(sql.settle, [id, status, error]);

  const around =
    (callback: WebhookCallback<WebhookKind>): WebhookCallback<WebhookKind> =>
    async (payload, context: WebhookContext) => {
      // Recorded before the callback runs: if recording fails, the callback does not run and P100 retries (500).
      const { rows } = await pool.query(sql.record, [context.kind, context.idempotencyKey ?? null, context.rawBody]);
      const id = (rows[0] as { id: string }).id;
      try {
        await callback(payload, context);
      } catch (error) {
        await settle(id, "failed", messageOf(error)).catch(() => undefined);
        throw error;
      }
      // A failure to mark success is swallowed: a 500 would make P100 retry an event that was processed. The row then
      // stays "received".
      await settle(id, "processed", null).catch(() => undefined);
    };

  return {
    async migrate() {
      await pool.query(sql.migrate);
    },
    wrap(callbacks) {
      const wrapped: Record<string, unknown> = {};
      for (const [kind, callback] of Object.entries(callbacks)) {
        // Anything that is not a function is left for the receiver to refuse with its own message.
        wrapped[kind] = typeof callback === "function" ? around(callback as WebhookCallback<WebhookKind>) : callback;
      }
      return wrapped as typeof callbacks;
    },
    async list(filter = {}) {
      const limit = filter.limit ?? 100;
      if (!Number.isSafeInteger(limit) || limit <= 0)
        throw new P100WebhookConfigurationError("list: limit must be a positive integer");
      const { rows } = await pool.query(sql.list, [filter.status ?? null, limit]);
      return (rows as InboxRow[]).map(toEntry);
    },
    async replay(id, run) {
      // An id that is not a row id (e.g. "abc", or past bigint) can name no delivery: the same typed error as an
      // unknown one, rather than the raw Postgres error its cast would raise.
      const noSuchDelivery = () =>
        new P100WebhookConfigurationError(`The webhook inbox has no delivery ${JSON.stringify(id).slice(0, 80)}`);
      if (!isRowId(id)) throw noSuchDelivery();
      const { rows } = await pool.query(sql.take, [id]);
      if (rows.length === 0) throw noSuchDelivery();
      try {
        await run(toEntry(rows[0] as InboxRow));
      } catch (error) {
        await settle(id, "failed", messageOf(error));
        throw error;
      }
      await settle(id, "processed", null);
    },
  };
}
