// The SQL of the Postgres idempotency store (and the table-name guard the inbox shares), built once per table name. The table name is the only text spliced into
// a statement, so it is validated against a strict identifier pattern and double-quoted; every value is a parameter.
import { P100WebhookConfigurationError } from "./errors.js";

/** What the store and the inbox need from a driver: node-postgres' `Pool` and `Client` fit as they are. */
export interface PostgresQueryable {
  /** Runs one parameterised statement (`$1`, `$2`, ...) and resolves with its rows. */
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** The default table of the Postgres idempotency store. */
export const DEFAULT_POSTGRES_IDEMPOTENCY_TABLE = "p100_webhook_idempotency";

// Plain lowercase/uppercase identifiers only; 48 characters leaves room for the "_expires_at_idx" suffix within
// Postgres' 63-byte limit, past which it would silently truncate (and could merge two index names).
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,47}$/;

/** The whole rule a table name must follow, as the error states it and the README repeats it. */
export const TABLE_NAME_RULE =
  'use "name" or "schema.name", each part starting with a letter or an underscore (no leading digit), then letters, digits and underscores only, at most 48 characters per part';

/** A validated table name: the quoted form to splice into SQL and the names derived from it. */
export interface PostgresTableName {
  /** `"schema"."table"` or `"table"`. */
  readonly quoted: string;
  /** The quoted name of the index on expires_at (an index lives in its table's schema, so it is never qualified). */
  readonly quotedIndex: string;
  /** The table's own name, without schema or quotes, to derive other index names from. */
  readonly bare: string;
}

/** Validates `table` against TABLE_NAME_RULE and quotes it; throws P100WebhookConfigurationError otherwise. */
export function postgresTableName(table: string): PostgresTableName {
  const parts = typeof table === "string" ? table.split(".") : [];
  if (parts.length < 1 || parts.length > 2 || !parts.every((part) => IDENTIFIER.test(part))) {
    throw new P100WebhookConfigurationError(
      `Invalid Postgres table name ${JSON.stringify(String(table)).slice(0, 80)}: ${TABLE_NAME_RULE}`,
    );
  }
  const quote = (part: string) => `"${part}"`;
  const bare = parts[parts.length - 1]!;
  return { quoted: parts.map(quote).join("."), quotedIndex: quote(`${bare}_expires_at_idx`), bare };
}

/** The statements of one store; `$n` placeholders are documented next to each. */
export interface PostgresIdempotencySql {
  /** The migration as one statement, serialised by an advisory lock (see postgresIdempotencyMigration). */
  readonly migrate: string;
  /** $1 key, $2 lease in ms, $3 owner (the store instance), $4 claim id, $5 the injected clock or null for now(). */
  readonly claim: string;
  /** $1 key, $2 TTL in ms, $3 owner, $4 the injected clock or null. */
  readonly complete: string;
  /** $1 key, $2 owner. */
  readonly release: string;
  /** $1 batch size, $2 the injected clock or null. */
  readonly purge: string;
}

/** The CREATE TABLE / CREATE INDEX statement that `migrate()` runs and the README shows (idempotent). */
export function postgresIdempotencyMigration(table: string = DEFAULT_POSTGRES_IDEMPOTENCY_TABLE): string {
  const { quoted, quotedIndex } = postgresTableName(table);
  return `CREATE TABLE IF NOT EXISTS ${quoted} (
  key        text        PRIMARY KEY,
  state      text        NOT NULL CHECK (state IN ('in_progress', 'done')),
  owner      uuid        NOT NULL,
  claim_id   uuid,
  expires_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS ${quotedIndex} ON ${quoted} (expires_at);`;
}

/**
 * `statements` as one statement that instances may run at the same time: CREATE TABLE IF NOT EXISTS run concurrently
 * can fail on a duplicate pg_type row, so a DO block (one statement, one transaction) takes a transaction-level
 * advisory lock named after `lockName` first. Table names in it are validated identifiers, never `$`.
 */
export function lockedMigration(lockName: string, statements: string): string {
  return `DO $migrate$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('p100-partner-sdk ${lockName}'));
  ${statements.replaceAll("\n", "\n  ")}
END
$migrate$`;
}

/** Builds the statements of a store on `table`. */
export function postgresIdempotencySql(table: string): PostgresIdempotencySql {
  const { quoted } = postgresTableName(table);
  // One clock for every instance: the database's, unless a test injects one.
  const now = (n: number) => `COALESCE($${n}::timestamptz, now())`;
  const expired = `entry.expires_at <= ${now(5)}`;
  return {
    migrate: lockedMigration(`idempotency ${quoted}`, postgresIdempotencyMigration(table)),
    // One statement, so two instances can never both get "new": the row lock taken by ON CONFLICT makes the second
    // claimer wait for the first and then see its live lease. The update always happens (keeping the row when the
    // lease is live) because only an updated row comes back from RETURNING, and the state must come back either way;
    // `claimed` tells whether this call took the lease (a fresh row, or one whose lease or TTL had run out).
    claim: `INSERT INTO ${quoted} AS entry (key, state, owner, claim_id, expires_at)
VALUES ($1, 'in_progress', $3, $4, ${now(5)} + $2::double precision * interval '1 millisecond')
ON CONFLICT (key) DO UPDATE SET
  state      = CASE WHEN ${expired} THEN 'in_progress'          ELSE entry.state      END,
  owner      = CASE WHEN ${expired} THEN EXCLUDED.owner         ELSE entry.owner      END,
  claim_id   = CASE WHEN ${expired} THEN EXCLUDED.claim_id      ELSE entry.claim_id   END,
  expires_at = CASE WHEN ${expired} THEN EXCLUDED.expires_at    ELSE entry.expires_at END
RETURNING entry.state AS state, entry.claim_id = $4 AS claimed`,
    // An upsert: the callback did run, so the event is done even if this instance's lease had run out meanwhile (or the
    // purge had removed it); a retry must not run it again.
    complete: `INSERT INTO ${quoted} AS entry (key, state, owner, claim_id, expires_at)
VALUES ($1, 'done', $3, NULL, ${now(4)} + $2::double precision * interval '1 millisecond')
ON CONFLICT (key) DO UPDATE SET state = 'done', owner = EXCLUDED.owner, claim_id = NULL, expires_at = EXCLUDED.expires_at`,
    // Only this instance's unfinished claim: once a lease has run out another instance may hold the key, and deleting
    // its claim would let a third delivery run alongside it.
    release: `DELETE FROM ${quoted} WHERE key = $1 AND state = 'in_progress' AND owner = $2`,
    // In batches, so a large backlog never holds one long lock.
    purge: `WITH doomed AS (
  SELECT key FROM ${quoted} WHERE expires_at <= ${now(2)} ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED
), purged AS (
  DELETE FROM ${quoted} AS entry USING doomed WHERE entry.key = doomed.key AND entry.expires_at <= ${now(2)} RETURNING 1
)
SELECT count(*)::int AS purged FROM purged`,
  };
}
