// One receiver instance in its own process, for the multi-process tests: the SDK's Node handler with the Postgres
// store on its own pool, listening on a free loopback port (printed as "listening <url>"). Each callback records
// itself in the `callbacks` table, so the test counts callbacks across processes; with P100_TEST_HANG=1 a callback
// records itself and then never finishes, so the test can kill the process mid-callback.
import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { createNodeWebhookHandler } from "../../../src/webhooks/index.js";
import { createPostgresIdempotencyStore } from "../../../src/webhooks/postgres.js";
import { TOKEN } from "./deliveries.js";

const pool = new pg.Pool({ ...(JSON.parse(process.env.P100_TEST_PG ?? "{}") as pg.PoolConfig), max: 5 });
const store = createPostgresIdempotencyStore({
  pool,
  table: process.env.P100_TEST_TABLE!,
  leaseMs: Number(process.env.P100_TEST_LEASE_MS),
});
await store.migrate();

const handler = createNodeWebhookHandler({
  token: TOKEN,
  idempotency: store,
  on: {
    cryptoDeposit: async (payload) => {
      await pool.query("INSERT INTO callbacks (event, pid) VALUES ($1, $2)", [payload.cryptoDepositId, process.pid]);
      if (process.env.P100_TEST_HANG === "1") await new Promise(() => undefined);
    },
  },
});
const server = createServer(handler as unknown as RequestListener);
server.listen(0, "127.0.0.1", () => {
  console.log(`listening http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
