// Two receiver processes sharing the Postgres store, as two instances behind a load balancer: concurrent repeats of
// an event call back once across both, and when one process is killed mid-callback its lease lapses on the database
// clock and P100's retry runs the callback on the other. Callbacks are counted in the database, across processes.
// No durations are asserted: the test waits for "listening" lines, callback rows and the database's own clock.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { depositDelivery, post } from "./support/deliveries.js";
import { gate } from "./support/gate.js";
import { startTestPostgres, type TestPostgres } from "./support/server.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const script = fileURLToPath(new URL("./support/receiver-process.ts", import.meta.url));
let server: TestPostgres;
let pool: pg.Pool;
const children = new Set<ChildProcess>();
const killAll = () => {
  for (const child of children) child.kill("SIGKILL");
};

beforeAll(async () => {
  server = await startTestPostgres();
  pool = server.pool(5);
  await pool.query("CREATE TABLE callbacks (event text NOT NULL, pid int NOT NULL)");
  process.once("exit", killAll);
}, 120_000);

afterAll(async () => {
  killAll();
  process.off("exit", killAll);
  await server?.stop();
}, 60_000);

/** Starts a receiver process (TypeScript through tsx) and resolves with its origin once it listens. */
async function receiverProcess(
  table: string,
  leaseMs: number,
  hang = false,
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: root,
    env: {
      ...process.env,
      P100_TEST_PG: JSON.stringify(server.connection),
      P100_TEST_TABLE: table,
      P100_TEST_LEASE_MS: String(leaseMs),
      P100_TEST_HANG: hang ? "1" : "",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  const url = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code, signal) =>
      reject(new Error(`receiver process exited (${code ?? signal}) before listening`)),
    );
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const match = /^listening (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (match) resolve(match[1]!);
    });
  });
  return { url, child };
}

async function callbacksOf(event: string): Promise<number[]> {
  const { rows } = await pool.query("SELECT pid FROM callbacks WHERE event = $1", [event]);
  return rows.map((row: { pid: number }) => row.pid);
}

// Generous: the machine is shared, and a slow run must not fail a correct store.
describe("receiver processes sharing the Postgres store", { timeout: 180_000 }, () => {
  it("two processes getting 40 concurrent deliveries of each of 10 events call back once per event, across both", async () => {
    const [a, b] = await Promise.all([
      receiverProcess("processes_concurrent", 600_000),
      receiverProcess("processes_concurrent", 600_000),
    ]);
    const events = Array.from({ length: 10 }, () => crypto.randomUUID());
    const urls = [a.url, b.url];
    // P100 retries a 409 later; here it retries once any delivery of that event has been acknowledged (200), so
    // every delivery ends acknowledged; the attempt budget guards against a livelock.
    const acknowledged = new Map(events.map((id) => [id, gate()]));
    const deliver = async (n: number) => {
      const id = events[n % events.length]!;
      for (let attempt = 0; attempt < 50; attempt++) {
        const status = await post(urls[n % 2]!, depositDelivery(id));
        if (status === 200) return acknowledged.get(id)!.open();
        expect(status).toBe(409);
        await acknowledged.get(id)!.opened;
      }
      throw new Error(`delivery ${n} was never acknowledged`);
    };
    await Promise.all(Array.from({ length: 400 }, (_, n) => deliver(n)));
    const { rows } = await pool.query(
      "SELECT event, count(*)::int AS calls FROM callbacks WHERE event = ANY($1) GROUP BY event ORDER BY event",
      [events],
    );
    expect(rows).toEqual([...events].sort().map((event) => ({ event, calls: 1 })));
    const pids = new Set(
      (await pool.query("SELECT DISTINCT pid FROM callbacks WHERE event = ANY($1)", [events])).rows.map(
        (r: { pid: number }) => r.pid,
      ),
    );
    console.log(
      `[postgres exactly-once] 2 processes, 400 concurrent deliveries of 10 events: 10 callbacks, run by ${pids.size} process(es)`,
    );
  }, 300_000);

  it("a process killed mid-callback: once its lease lapses on the database clock, the retry runs on the other process, once", async () => {
    const table = "processes_crash";
    const [dying, survivor] = await Promise.all([receiverProcess(table, 1_000, true), receiverProcess(table, 1_000)]);
    const event = crypto.randomUUID();
    const delivery = depositDelivery(event);
    void post(dying.url, delivery).catch(() => undefined);
    await expect.poll(() => callbacksOf(event), { timeout: 60_000 }).toEqual([dying.child.pid]);
    const exited = new Promise((resolve) => dying.child.once("exit", resolve));
    dying.child.kill("SIGKILL");
    await exited;

    // Wait on the database's clock (the one the leases use) until the dead process's lease has lapsed.
    await expect
      .poll(
        async () => (await pool.query(`SELECT bool_and(expires_at <= now()) AS lapsed FROM "${table}"`)).rows[0].lapsed,
        {
          timeout: 120_000,
          interval: 100,
        },
      )
      .toBe(true);
    expect(await post(survivor.url, delivery)).toBe(200);
    expect(await post(survivor.url, delivery)).toBe(200);
    expect(await callbacksOf(event)).toEqual([dying.child.pid, survivor.child.pid]);
  }, 300_000);
});
