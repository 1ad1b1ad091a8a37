// p100-partner-sdk/webhooks/postgres: the Postgres idempotency store and webhook inbox, for receivers running as
// several instances. Like every entry, it only re-exports; it never imports a driver (the user passes their own pool).
export { createPostgresIdempotencyStore } from "./postgres-store.js";
export type { PostgresIdempotencyStore, PostgresIdempotencyStoreOptions } from "./postgres-store.js";
export { DEFAULT_POSTGRES_IDEMPOTENCY_TABLE, postgresIdempotencyMigration } from "./postgres-sql.js";
export type { PostgresQueryable } from "./postgres-sql.js";
export { createPostgresWebhookInbox, DEFAULT_POSTGRES_INBOX_TABLE, postgresInboxMigration } from "./postgres-inbox.js";
export type { InboxEntry, InboxStatus, PostgresWebhookInbox, PostgresWebhookInboxOptions } from "./postgres-inbox.js";
