// Several receivers (the SDK's real Node and fetch handlers, each with its own pool) sharing one Postgres store, as
// instances behind a load balancer would: concurrent repeats call back once, a failed callback is retried, a dead
// instance's claim lapses, and 1 000 concurrent deliveries of 100 events call back exactly once per event.
// Nothing here sleeps or asserts on durations: waits are on responses and callbacks, and the lease runs on a clock
// the test moves.
import type { RequestListener } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type pg from "pg";
import {
  createFetchWebhookHandler,
  createNodeWebhookHandler,
  type WebhookHandlerOptions,
} from "../../src/webhooks/index.js";
import { createPostgresIdempotencyStore, type PostgresIdempotencyStore } from "../../src/webhooks/postgres.js";
import { listen, type Loopback } from "../webhooks/loopback.js";
import { depositDelivery, deliveryRequest, post, send, TOKEN } from "./support/deliveries.js";
import { gate } from "./support/gate.js";
import { startTestPostgres, type TestPostgres } from "./support/server.js";

const LEASE_MS = 30_000;
let server: TestPostgres;
const loopbacks: Loopback[] = [];
let tables = 0;

beforeAll(async () => {
  server = await startTestPostgres();
}, 120_000);

afterAll(async () => {
  await Promise.all(loopbacks.map((l) => l.close()));
  await server?.stop();
}, 60_000);

/** `count` instances: each with its own pool and store on one shared table, and a shared clock for the leases. */
async function instances(count: number) {
  const table = `receivers_${++tables}`;
  const clock = { ms: Date.parse("2030-01-01T00:00:00.000Z") };
  const stores: PostgresIdempotencyStore[] = [];
  const pools: pg.Pool[] = [];
  for (let i = 0; i < count; i++) {
    const pool = server.pool(10);
    pools.push(pool);
    stores.push(createPostgresIdempotencyStore({ pool, table, leaseMs: LEASE_MS, now: () => clock.ms }));
  }
  await stores[0]!.migrate();
  return { table, clock, stores, pools };
}

async function nodeReceiver(store: PostgresIdempotencyStore, on: WebhookHandlerOptions["on"]): Promise<string> {
  // The handler's request type is structural (it needs no node:http), so it is cast to Node's listener type.
  const loopback = await listen(
    createNodeWebhookHandler({ token: TOKEN, idempotency: store, on }) as unknown as RequestListener,
  );
  loopbacks.push(loopback);
  return loopback.url;
}

// Generous: the machine is shared, and a slow run must not fail a correct store.
describe("receivers sharing the Postgres store", { timeout: 180_000 }, () => {
  it("two receivers with separate pools getting the same delivery 20 times at once call back exactly once", async () => {
    const { stores } = await instances(2);
    const hold = gate();
    const calls: string[] = [];
    const on = (name: string): WebhookHandlerOptions["on"] => ({
      cryptoDeposit: async (payload) => {
        calls.push(`${name}:${payload.cryptoDepositId}`);
        await hold.opened;
      },
    });
    const urls = [await nodeReceiver(stores[0]!, on("a")), await nodeReceiver(stores[1]!, on("b"))];
    const delivery = depositDelivery(crypto.randomUUID());
    let answered = 0;
    const statuses = Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post(urls[i % 2]!, delivery).then((status) => {
          answered++;
          return status;
        }),
      ),
    );
    // The callback is held until every other delivery has been answered, so all 20 overlap it.
    await expect.poll(() => answered, { timeout: 60_000 }).toBe(19);
    expect(calls).toHaveLength(1);
    hold.open();
    const all = await statuses;
    expect(all.filter((s) => s === 200)).toHaveLength(1);
    expect(all.filter((s) => s === 409)).toHaveLength(19);
    // P100's retries of the 409s find the event done on either instance.
    expect(await post(urls[0]!, delivery)).toBe(200);
    expect(await post(urls[1]!, delivery)).toBe(200);
    expect(calls).toHaveLength(1);
  });

  it("a failed callback releases its claim: P100's retry runs it on the other receiver, and later repeats are acknowledged", async () => {
    const { stores } = await instances(2);
    const calls: string[] = [];
    const a = await nodeReceiver(stores[0]!, {
      cryptoDeposit: () => {
        calls.push("a");
        throw new Error("the ledger is down");
      },
    });
    const b = await nodeReceiver(stores[1]!, { cryptoDeposit: () => void calls.push("b") });
    const delivery = depositDelivery(crypto.randomUUID());
    expect(await post(a, delivery)).toBe(500);
    expect(await post(a, delivery)).toBe(500);
    expect(await post(b, delivery)).toBe(200);
    expect(await post(a, delivery)).toBe(200);
    expect(await post(b, delivery)).toBe(200);
    expect(calls).toEqual(["a", "a", "b"]);
  });

  it("a receiver that dies mid-callback blocks repeats only until its lease lapses; then the retry runs once", async () => {
    const { clock, stores } = await instances(2);
    const calls: string[] = [];
    const started = gate();
    // The callback never settles, as in a process killed mid-callback: nothing completes or releases the claim.
    const dying = await nodeReceiver(stores[0]!, {
      cryptoDeposit: () => {
        calls.push("dying");
        started.open();
        return new Promise(() => undefined);
      },
    });
    const survivor = await nodeReceiver(stores[1]!, { cryptoDeposit: () => void calls.push("survivor") });
    const delivery = depositDelivery(crypto.randomUUID());
    void post(dying, delivery).catch(() => undefined);
    await started.opened;

    const blocked = await send(survivor, delivery);
    expect(blocked.status).toBe(409);
    expect(blocked.headers["retry-after"]).toBe("8");
    expect(JSON.parse(blocked.body)).toMatchObject({ error: "delivery_in_progress" });
    clock.ms += LEASE_MS - 1;
    expect(await post(survivor, delivery)).toBe(409);
    clock.ms += 1;
    expect(await post(survivor, delivery)).toBe(200);
    expect(await post(survivor, delivery)).toBe(200);
    expect(calls).toEqual(["dying", "survivor"]);
  });

  it("a database outage answers 500 without calling back, so P100 retries; the retry runs once the database is back", async () => {
    const { table } = await instances(1);
    let down = true;
    const pool = server.pool(2);
    const outage = createPostgresIdempotencyStore({
      table,
      pool: {
        query: (text, values) => (down ? Promise.reject(new Error("connection refused")) : pool.query(text, values)),
      },
    });
    const calls: string[] = [];
    const url = await nodeReceiver(outage, { cryptoDeposit: (payload) => void calls.push(payload.cryptoDepositId) });
    const delivery = depositDelivery(crypto.randomUUID());
    const refused = await send(url, delivery);
    expect(refused.status).toBe(500);
    expect(JSON.parse(refused.body)).toMatchObject({ error: "internal_error" });
    expect(calls).toEqual([]);
    down = false;
    expect(await post(url, delivery)).toBe(200);
    expect((await pool.query(`SELECT state FROM "${table}"`)).rows).toEqual([{ state: "done" }]);
    expect(calls).toEqual([delivery.payload.cryptoDepositId]);
  });

  it("1 000 concurrent deliveries of 100 events to 4 receivers (one pool each): every event is called back exactly once", async () => {
    const receivers = 4;
    const events = 100;
    const deliveries = 1_000;
    const { table, stores, pools } = await instances(receivers);
    await pools[0]!.query("CREATE TABLE ledger (deposit text NOT NULL)");
    const successes = new Map<string, number>();
    const failures = new Map<string, number>();
    // Every tenth event fails on its first run, so released claims are part of the race too.
    const failsFirst = new Set<string>();
    const ids = Array.from({ length: events }, (_, i) => {
      const id = crypto.randomUUID();
      if (i % 10 === 0) failsFirst.add(id);
      return id;
    });
    const handlers = stores.map((store, i) =>
      createFetchWebhookHandler({
        token: TOKEN,
        idempotency: store,
        on: {
          cryptoDeposit: async (payload) => {
            const id = payload.cryptoDepositId;
            if (failsFirst.delete(id)) {
              failures.set(id, (failures.get(id) ?? 0) + 1);
              throw new Error("first run fails");
            }
            // The partner's own write (crediting the deposit), through this instance's pool; counted again below.
            await pools[i]!.query("INSERT INTO ledger (deposit) VALUES ($1)", [id]);
            successes.set(id, (successes.get(id) ?? 0) + 1);
          },
        },
      }),
    );

    // P100's side: a delivery answered 409 is retried once some delivery of that event got its 200 (the event is
    // done), one answered 500 is retried at once; a retry budget guards against a livelock.
    const acknowledged = new Map(ids.map((id) => [id, gate()]));
    const firstAnswers: Record<number, number> = {};
    let retries = 0;
    const deliver = async (n: number) => {
      const id = ids[n % events]!;
      const delivery = depositDelivery(id);
      for (let attempt = 0; attempt < 50; attempt++) {
        const response = await handlers[n % receivers]!(deliveryRequest(delivery));
        await response.arrayBuffer();
        if (attempt === 0) firstAnswers[response.status] = (firstAnswers[response.status] ?? 0) + 1;
        if (response.status === 200) {
          acknowledged.get(id)!.open();
          return attempt;
        }
        retries++;
        if (response.status === 409) await acknowledged.get(id)!.opened;
        else expect(response.status).toBe(500);
      }
      throw new Error(`delivery ${n} of ${id} was never acknowledged`);
    };
    await Promise.all(Array.from({ length: deliveries }, (_, n) => deliver(n)));

    expect(successes.size).toBe(events);
    expect([...successes.values()].every((count) => count === 1)).toBe(true);
    expect(failures.size).toBe(10);
    expect([...failures.values()].every((count) => count === 1)).toBe(true);
    const { rows } = await pools[0]!.query(`SELECT state, count(*)::int AS n FROM "${table}" GROUP BY state`);
    expect(rows).toEqual([{ state: "done", n: events }]);
    const ledger = await pools[0]!.query(
      "SELECT count(*)::int AS rows, count(DISTINCT deposit)::int AS deposits FROM ledger",
    );
    expect(ledger.rows).toEqual([{ rows: events, deposits: events }]);
    console.log(
      `[postgres exactly-once] ${deliveries} concurrent deliveries, ${events} events, ${receivers} receivers: ` +
        `${successes.size} events called back successfully once each (0 duplicates), ${failures.size} first runs failed and were retried; ` +
        `first answers ${JSON.stringify(firstAnswers)}, ${retries} retries`,
    );
  }, 300_000);
});
