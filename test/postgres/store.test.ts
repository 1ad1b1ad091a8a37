// The Postgres idempotency store's own semantics, against a real Postgres 18 (no mock database): the same states as
// the in-memory reference store, leases that lapse, releases that touch only their own claim, the TTL purge, the
// migration and the table-name guard. Lease and TTL run on an injected clock, so nothing here waits for time to pass.
import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { P100WebhookConfigurationError } from "../../src/webhooks/errors.js";
import {
  createPostgresIdempotencyStore,
  postgresIdempotencyMigration,
  type PostgresIdempotencyStore,
  type PostgresIdempotencyStoreOptions,
  type PostgresQueryable,
} from "../../src/webhooks/postgres.js";
import { endPool, startTestPostgres, type TestPostgres } from "./support/server.js";

let server: TestPostgres;
let pool: pg.Pool;
let tables = 0;

beforeAll(async () => {
  server = await startTestPostgres();
  pool = server.pool(20);
}, 120_000);

afterAll(async () => {
  await server?.stop();
}, 60_000);

/** A migrated table of its own for each test, and a clock the test moves by hand. */
async function fixture(options: Partial<PostgresIdempotencyStoreOptions> = {}) {
  const table = `claims_${++tables}`;
  const clock = { ms: Date.parse("2030-01-01T00:00:00.000Z") };
  const make = (extra: Partial<PostgresIdempotencyStoreOptions> = {}): PostgresIdempotencyStore =>
    createPostgresIdempotencyStore({
      pool,
      table,
      leaseMs: 30_000,
      ttlMs: 3_600_000,
      now: () => clock.ms,
      purgeIntervalMs: false,
      ...options,
      ...extra,
    });
  const store = make();
  await store.migrate();
  const rows = async () =>
    (await pool.query(`SELECT key, state FROM "${table}" ORDER BY key`)).rows as { key: string; state: string }[];
  return { table, clock, make, store, rows };
}

// Generous: the machine is shared, and a slow run must not fail a correct store.
describe("Postgres idempotency store", { timeout: 180_000 }, () => {
  it("claim: new, then in_progress while the lease lasts, done after complete, new again once the TTL has run out", async () => {
    const { clock, store, rows } = await fixture();
    expect(await store.claim("event-1")).toBe("new");
    expect(await store.claim("event-1")).toBe("in_progress");
    expect(await rows()).toEqual([{ key: "event-1", state: "in_progress" }]);
    await store.complete("event-1");
    expect(await store.claim("event-1")).toBe("done");
    clock.ms += 3_600_000 - 1;
    expect(await store.claim("event-1")).toBe("done");
    clock.ms += 1;
    expect(await store.claim("event-1")).toBe("new");
  });

  it("release forgets a failed claim so the retry runs; another instance cannot release it", async () => {
    const { make, store } = await fixture();
    const other = make();
    expect(await store.claim("event-2")).toBe("new");
    await other.release("event-2");
    expect(await other.claim("event-2")).toBe("in_progress");
    await store.release("event-2");
    expect(await other.claim("event-2")).toBe("new");
    // A release never forgets a processed event.
    await other.complete("event-2");
    await other.release("event-2");
    expect(await store.claim("event-2")).toBe("done");
  });

  it("a lapsed lease (crashed instance) is taken over once, and the late instance's release leaves the new claim alone", async () => {
    const { clock, make, store } = await fixture();
    const crashed = store;
    const survivor = make();
    const third = make();
    expect(await crashed.claim("event-3")).toBe("new");
    clock.ms += 30_000 - 1;
    expect(await survivor.claim("event-3")).toBe("in_progress");
    clock.ms += 1;
    expect(await survivor.claim("event-3")).toBe("new");
    expect(await third.claim("event-3")).toBe("in_progress");
    await crashed.release("event-3");
    expect(await third.claim("event-3")).toBe("in_progress");
    await survivor.complete("event-3");
    expect(await third.claim("event-3")).toBe("done");
  });

  it("complete after the lease has lapsed (or the row was purged) still records the event as done", async () => {
    const { clock, store, rows } = await fixture();
    expect(await store.claim("event-4")).toBe("new");
    clock.ms += 60_000;
    expect(await store.purgeExpired()).toBe(1);
    expect(await rows()).toEqual([]);
    await store.complete("event-4");
    expect(await store.claim("event-4")).toBe("done");
  });

  it("keys too long for an index entry, or holding a NUL, are stored as their SHA-256 and keep their meaning", async () => {
    const { store, rows } = await fixture();
    const long = `custom:${"x".repeat(10_000)}`;
    const longer = `${long}y`;
    expect(await store.claim(long)).toBe("new");
    expect(await store.claim(longer)).toBe("new");
    await store.complete(long);
    await store.release(longer);
    expect(await store.claim(long)).toBe("done");
    expect(await store.claim(longer)).toBe("new");
    expect(await store.claim("nul\0key")).toBe("new");
    expect(await store.claim("nul\0key")).toBe("in_progress");
    expect(await store.claim("short")).toBe("new");
    const keys = (await rows()).map((r) => r.key);
    expect(keys).toContain("short");
    expect(keys.filter((k) => /^sha256:[0-9a-f]{64}$/.test(k))).toHaveLength(3);
  });

  it("200 concurrent claims of one key from 4 instances with separate pools: exactly one is new", async () => {
    const { table } = await fixture();
    const pools = Array.from({ length: 4 }, () => server.pool(10));
    try {
      const stores = pools.map((p) => createPostgresIdempotencyStore({ pool: p, table, purgeIntervalMs: false }));
      const states = await Promise.all(
        Array.from({ length: 200 }, (_, i) => stores[i % stores.length]!.claim("hot-event")),
      );
      expect(states.filter((s) => s === "new")).toHaveLength(1);
      expect(states.filter((s) => s === "in_progress")).toHaveLength(199);
    } finally {
      await Promise.all(pools.map(endPool));
    }
  });

  it("works on the database clock when no clock is injected", async () => {
    const { table } = await fixture();
    const store = createPostgresIdempotencyStore({ pool, table, leaseMs: 600_000, purgeIntervalMs: false });
    expect(await store.claim("db-clock")).toBe("new");
    expect(await store.claim("db-clock")).toBe("in_progress");
    await store.complete("db-clock");
    expect(await store.claim("db-clock")).toBe("done");
    const { rows } = await pool.query(`SELECT expires_at > now() + interval '23 hours' AS long_lived FROM "${table}"`);
    expect(rows).toEqual([{ long_lived: true }]);
  });

  it("purgeExpired deletes only rows whose TTL or lease has run out; a claim purges now and then", async () => {
    const { clock, store, make, rows } = await fixture();
    await store.claim("done-old");
    await store.complete("done-old");
    await store.claim("lease-old");
    clock.ms += 30_000;
    await store.claim("lease-live");
    await store.claim("done-live");
    await store.complete("done-live");
    expect(await store.purgeExpired()).toBe(1);
    expect((await rows()).map((r) => r.key)).toEqual(["done-live", "done-old", "lease-live"]);
    clock.ms += 3_600_000;
    // The first claim of an instance with purges enabled starts one in the background.
    const purging = make({ purgeIntervalMs: 60_000 });
    expect(await purging.claim("fresh")).toBe("new");
    await expect.poll(async () => (await rows()).map((r) => r.key), { timeout: 30_000 }).toEqual(["fresh"]);
  });

  it("a failed opportunistic purge goes to onPurgeError and does not fail the claim", async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const flaky: PostgresQueryable = {
      async query(text, values) {
        calls++;
        if (text.includes("DELETE")) throw new Error("purge refused");
        return pool.query(text, values);
      },
    };
    const { table } = await fixture();
    const store = createPostgresIdempotencyStore({ pool: flaky, table, onPurgeError: (error) => errors.push(error) });
    expect(await store.claim("purge-fails")).toBe("new");
    await expect.poll(() => errors.length, { timeout: 30_000 }).toBe(1);
    expect(String(errors[0])).toContain("purge refused");
    expect(calls).toBe(2);
  });

  it("migrate is idempotent and safe when many instances start at once, also in another schema", async () => {
    await pool.query("CREATE SCHEMA IF NOT EXISTS webhooks");
    const pools = Array.from({ length: 4 }, () => server.pool(4));
    try {
      const stores = Array.from({ length: 16 }, (_, i) =>
        createPostgresIdempotencyStore({ pool: pools[i % 4]!, table: "webhooks.Deliveries_Seen" }),
      );
      await Promise.all(stores.map((s) => s.migrate()));
      await stores[0]!.migrate();
      expect(await stores[1]!.claim("in-schema")).toBe("new");
      const { rows } = await pool.query(
        "SELECT indexname FROM pg_indexes WHERE schemaname = 'webhooks' AND tablename = 'Deliveries_Seen' ORDER BY indexname",
      );
      expect(rows).toEqual([{ indexname: "Deliveries_Seen_expires_at_idx" }, { indexname: "Deliveries_Seen_pkey" }]);
    } finally {
      await Promise.all(pools.map(endPool));
    }
  });

  it("the README's SQL is postgresIdempotencyMigration(), and creates the table migrate() creates", async () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("### Several instances: the Postgres store"));
    const sqlBlock = /```sql\n([\s\S]*?)\n```/.exec(section)?.[1];
    expect(sqlBlock).toBe(postgresIdempotencyMigration());
    await pool.query("CREATE SCHEMA readme");
    await pool.query(`SET search_path TO readme; ${sqlBlock!}; SET search_path TO public`);
    const { table } = await fixture();
    const columnsOf = async (schema: string, name: string) =>
      (
        await pool.query(
          "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position",
          [schema, name],
        )
      ).rows;
    const fromReadme = await columnsOf("readme", "p100_webhook_idempotency");
    expect(fromReadme.map((c: { column_name: string }) => c.column_name)).toEqual([
      "key",
      "state",
      "owner",
      "claim_id",
      "expires_at",
    ]);
    expect(fromReadme).toEqual(await columnsOf("public", table));
  });

  it("refuses table names that are not plain identifiers, so no SQL can be smuggled in", async () => {
    const hostile = [
      'x"; DROP TABLE claims_1; --',
      "a b",
      "",
      "a.b.c",
      "1abc",
      `t${"x".repeat(48)}`,
      "émoji",
      "a.",
      "public.x;y",
    ];
    for (const table of hostile) {
      expect(() => createPostgresIdempotencyStore({ pool, table }), table).toThrow(P100WebhookConfigurationError);
      expect(() => postgresIdempotencyMigration(table), table).toThrow(P100WebhookConfigurationError);
    }
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'claims_1'");
    expect(rows).toEqual([{ n: 1 }]);
  });

  it("refuses a missing pool and non-positive durations", () => {
    expect(() => createPostgresIdempotencyStore({} as PostgresIdempotencyStoreOptions)).toThrow(/needs a pool/);
    expect(() => createPostgresIdempotencyStore({ pool, leaseMs: 0 })).toThrow(/leaseMs/);
    expect(() => createPostgresIdempotencyStore({ pool, ttlMs: Number.NaN })).toThrow(/ttlMs/);
    expect(() => createPostgresIdempotencyStore({ pool, purgeIntervalMs: -1 })).toThrow(/purgeIntervalMs/);
  });

  it("takes node-postgres' Pool and Client as they are", async () => {
    expectTypeOf<pg.Pool>().toExtend<PostgresQueryable>();
    expectTypeOf<pg.Client>().toExtend<PostgresQueryable>();
    expectTypeOf<pg.PoolClient>().toExtend<PostgresQueryable>();
    const client = new pg.Client(server.connection);
    await client.connect();
    try {
      const { table } = await fixture();
      const store = createPostgresIdempotencyStore({ pool: client, table });
      expect(await store.claim("via-client")).toBe("new");
      expect(await store.claim("via-client")).toBe("in_progress");
    } finally {
      await client.end();
    }
  });
});
