// The webhook inbox on a real Postgres: with the idempotency store in front, it keeps the raw body of every delivery
// that reached a callback and its outcome, and a partner can list the failed ones and replay them with parseWebhook.
import type { RequestListener } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeWebhookHandler, parseWebhook, type WebhookPayloads } from "../../src/webhooks/index.js";
import {
  createPostgresIdempotencyStore,
  createPostgresWebhookInbox,
  postgresInboxMigration,
} from "../../src/webhooks/postgres.js";
import { P100WebhookConfigurationError } from "../../src/webhooks/errors.js";
import { listen, type Loopback } from "../webhooks/loopback.js";
import { depositDelivery, post, send, TOKEN } from "./support/deliveries.js";
import { startTestPostgres, type TestPostgres } from "./support/server.js";
import { readFileSync } from "node:fs";

let server: TestPostgres;
const loopbacks: Loopback[] = [];

beforeAll(async () => {
  server = await startTestPostgres();
}, 120_000);

afterAll(async () => {
  await Promise.all(loopbacks.map((l) => l.close()));
  await server?.stop();
}, 60_000);

// Generous: the machine is shared, and a slow run must not fail a correct inbox.
describe("Postgres webhook inbox", { timeout: 180_000 }, () => {
  it("records every delivery that reached a callback with its outcome; a failed one is replayed from its raw body", async () => {
    const pool = server.pool(5);
    const idempotency = createPostgresIdempotencyStore({ pool, table: "inbox_claims" });
    const inbox = createPostgresWebhookInbox({ pool, table: "inbox_a" });
    await Promise.all([idempotency.migrate(), inbox.migrate(), inbox.migrate()]);
    const ledger: string[] = [];
    let ledgerUp = false;
    const credit = (payload: WebhookPayloads["cryptoDeposit"]) => {
      if (!ledgerUp && payload.cryptoDepositId.startsWith("b-")) throw new Error("ledger unavailable");
      ledger.push(payload.cryptoDepositId);
    };
    const loopback = await listen(
      createNodeWebhookHandler({
        token: TOKEN,
        idempotency,
        on: inbox.wrap({ cryptoDeposit: credit }),
      }) as unknown as RequestListener,
    );
    loopbacks.push(loopback);
    const a = depositDelivery(`a-${crypto.randomUUID()}`);
    const b = depositDelivery(`b-${crypto.randomUUID()}`);
    expect(await post(loopback.url, a)).toBe(200);
    expect(await post(loopback.url, a)).toBe(200); // a repeat: acknowledged by the store, never reaches the inbox
    expect(await post(loopback.url, b)).toBe(500);
    expect(await post(loopback.url, b)).toBe(500); // P100's retry fails too

    const all = await inbox.list();
    expect(all.map((e) => [e.kind, e.status, e.attempts])).toEqual([
      ["cryptoDeposit", "processed", 1],
      ["cryptoDeposit", "failed", 1],
      ["cryptoDeposit", "failed", 1],
    ]);
    expect(all[0]!.rawBody).toBe(a.body);
    expect(all[0]!.idempotencyKey).toBe(JSON.stringify(["cryptoDeposit", a.payload.cryptoDepositId, "SUCCESSFUL"]));
    expect(all[0]!.receivedAt).toBeInstanceOf(Date);
    const failed = await inbox.list({ status: "failed", limit: 1 });
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ rawBody: b.body, error: "ledger unavailable" });

    // Replaying while the ledger is still down records the failure again.
    await expect(
      inbox.replay(failed[0]!.id, (entry) => credit(parseWebhook("cryptoDeposit", entry.rawBody))),
    ).rejects.toThrow("ledger unavailable");
    ledgerUp = true;
    await inbox.replay(failed[0]!.id, (entry) => {
      expect(entry.kind).toBe("cryptoDeposit");
      credit(parseWebhook("cryptoDeposit", entry.rawBody));
    });
    expect(ledger).toEqual([a.payload.cryptoDepositId, b.payload.cryptoDepositId]);
    const replayed = (await inbox.list()).find((e) => e.id === failed[0]!.id)!;
    expect(replayed).toMatchObject({ status: "processed", attempts: 3, error: null });
    expect((await inbox.list({ status: "failed" })).map((e) => e.id)).not.toContain(failed[0]!.id);
  });

  it("a delivery that cannot be recorded is answered 500 and its callback does not run, so P100 retries it", async () => {
    const pool = server.pool(2);
    const inbox = createPostgresWebhookInbox({ pool: { query: () => Promise.reject(new Error("database down")) } });
    const calls: string[] = [];
    const loopback = await listen(
      createNodeWebhookHandler({
        token: TOKEN,
        idempotency: createPostgresIdempotencyStore({ pool, table: "inbox_claims_down" }),
        on: inbox.wrap({ cryptoDeposit: (payload) => void calls.push(payload.cryptoDepositId) }),
      }) as unknown as RequestListener,
    );
    loopbacks.push(loopback);
    await createPostgresIdempotencyStore({ pool, table: "inbox_claims_down" }).migrate();
    const answer = await send(loopback.url, depositDelivery(crypto.randomUUID()));
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body)).toMatchObject({ error: "handler_failed" });
    expect(calls).toEqual([]);
  });

  it("refuses unknown ids, bad limits and bad table names; the README's SQL is postgresInboxMigration()", async () => {
    const pool = server.pool(2);
    const inbox = createPostgresWebhookInbox({ pool, table: "inbox_b" });
    await inbox.migrate();
    await expect(inbox.replay("12345", () => undefined)).rejects.toThrow(P100WebhookConfigurationError);
    // Not ids at all: the same typed error, never a raw Postgres error from the cast, and `run` never called.
    let runs = 0;
    for (const id of ["abc", "", "1.5", "-1", " 1", "99999999999999999999", "9223372036854775808"]) {
      await expect(
        inbox.replay(id, () => void runs++),
        id,
      ).rejects.toThrow(`The webhook inbox has no delivery ${JSON.stringify(id)}`);
      await expect(
        inbox.replay(id, () => void runs++),
        id,
      ).rejects.toThrow(P100WebhookConfigurationError);
    }
    expect(runs).toBe(0);
    await expect(inbox.list({ limit: 0 })).rejects.toThrow(/limit/);
    expect(() => createPostgresWebhookInbox({ pool, table: "inbox; DROP TABLE x" })).toThrow(
      P100WebhookConfigurationError,
    );
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("#### Inbox of raw deliveries"));
    expect(/```sql\n([\s\S]*?)\n```/.exec(section)?.[1]).toBe(postgresInboxMigration());
  });
});
