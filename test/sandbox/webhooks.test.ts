// Webhooks as P100 sends them: every kind produced by a flow and valid against its generated validator, the token in
// Authorization, each kind's path, retries after a non-2xx at 8, 16, 32 and 64 s of virtual time, at-least-once
// delivery absorbed by the receiver's idempotency, and plain HTTP delivery to a URL.
import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import { webhookKinds, webhookTable } from "../../generated/webhooks.js";
import { createSandbox, RETRY_DELAYS_MS } from "../../src/sandbox/index.js";
import { createFetchWebhookHandler } from "../../src/webhooks/index.js";
import { fundedUser, harness, START, TEST_TOKEN, userBody } from "./support.js";
import { tour } from "./tour.js";

describe("sandbox webhooks", () => {
  it("every one of the 18 webhook kinds is produced by a flow, valid, on its path, with the token", async () => {
    const h = harness();
    const ids = await tour(h);
    await h.sandbox.settle();
    const kinds = new Set(h.received.map((r) => r.kind));
    expect([...webhookKinds].filter((k) => !kinds.has(k))).toEqual([]);
    expect(webhookKinds).toHaveLength(18);
    for (const r of h.received) {
      expect(r.path).toBe(webhookTable[r.kind].defaultPath);
      expect(r.authorization).toBe(TEST_TOKEN);
    }
    expect(h.kinds("cryptoWithdrawal")).toEqual([
      expect.objectContaining({ id: ids.withdrawalId, status: "SUCCESSFUL", amount: 20, fee: 0.5 }),
    ]);
    expect(h.kinds("cryptoDeposit").map((p) => p.status)).toEqual([
      "WAITING_FOR_TR_DATA",
      "WAITING_FOR_VERIFICATION",
      "SUCCESSFUL",
    ]);
    expect(h.kinds("orderStatus").map((p) => p.status)).toEqual([
      "WAITING_FOR_WALLET_ADDRESS",
      "WAITING_FOR_PAYMENT",
      "WAITING_FOR_CONFIRMATION",
      "COMPLETED",
    ]);
    expect(h.kinds("paymentLink")).toEqual([{ paymentLinkId: ids.paymentLinkId, status: "PAID" }]);
    expect(h.sandbox.deliveries.every((d) => d.ok && d.attempt === 1)).toBe(true);
  });

  it("retries a non-2xx answer after 8, 16, 32 and 64 s of virtual time, then gives up after the 5th attempt", async () => {
    const h = harness({ answer: () => 503 });
    await h.ok("createUser", { body: userBody("u-1") });
    await h.ok("addKycFile", { params: { externalUserId: "u-1" }, form: (await import("./tour.js")).pdfForm() });
    await h.sandbox.settle();
    const attempts = () =>
      h.sandbox.deliveries.filter((d) => d.kind === "kycFileAdded").map((d) => Date.parse(d.at) - Date.parse(START));
    expect(attempts()).toEqual([0]);
    let elapsed = 0;
    for (const delay of RETRY_DELAYS_MS) {
      await h.sandbox.advance(delay - 1);
      expect(attempts(), `no attempt before ${elapsed + delay} ms`).toHaveLength(RETRY_DELAYS_MS.indexOf(delay) + 1);
      await h.sandbox.advance(1);
      elapsed += delay;
      expect(attempts().at(-1)).toBe(elapsed);
    }
    expect(attempts()).toEqual([0, 8_000, 24_000, 56_000, 120_000]);
    await h.sandbox.advance(3_600_000);
    expect(attempts()).toHaveLength(5);
    expect(h.sandbox.events.find((e) => e.kind === "kycFileAdded")?.state).toBe("failed");
    expect(h.sandbox.deliveries.every((d) => d.status === 503 && !d.ok)).toBe(true);
  });

  it("a receiver that fails twice then answers 200 gets the event three times; a thrown network error also retries", async () => {
    let calls = 0;
    const sandbox = createSandbox({
      startTime: START,
      webhooks: {
        token: TEST_TOKEN,
        handler: () => {
          calls++;
          if (calls === 1) throw new TypeError("connection refused");
          return new Response(null, { status: calls === 2 ? 500 : 200 });
        },
      },
    });
    sandbox.simulate.sepaDeposit({ amount: "1" });
    await sandbox.advance(8_000 + 16_000);
    expect(sandbox.deliveries.map((d) => [d.attempt, d.status, d.error])).toEqual([
      [1, null, "connection refused"],
      [2, 500, null],
      [3, 200, null],
    ]);
    await sandbox.advance(600_000);
    expect(calls).toBe(3);
  });

  it("at-least-once: a repeated delivery is absorbed by the receiver's idempotency (callback runs once)", async () => {
    const seen: string[] = [];
    const receiver = createFetchWebhookHandler({
      token: TEST_TOKEN,
      on: { exchange: (payload) => void seen.push(`${payload.exchangeId}:${payload.status}`) },
    });
    let first = true;
    const h = harness({
      webhooks: {
        token: TEST_TOKEN,
        handler: async (request) => {
          const answer = await receiver(request);
          // The receiver processed it but the answer is lost on the way back (a proxy timeout): P100 retries.
          if (first && new URL(request.url).pathname === webhookTable.exchange.defaultPath) {
            first = false;
            return new Response(null, { status: 504 });
          }
          return answer;
        },
      },
    });
    await fundedUser(h, "u-1");
    const lock = await h.ok("lockUserExchangeRate", {
      query: { externalUserId: "u-1", currencyFrom: "eur", currencyTo: "btc", amount: "100" },
    });
    await h.ok("createUserExchange", {
      body: { externalUserId: "u-1", amount: "100", currencyFrom: "eur", currencyTo: "btc", lockId: lock.lockId },
    });
    // COMPLETED after 5 s, the retry 8 s later.
    await h.sandbox.advance(20_000);
    const exchangeDeliveries = h.sandbox.deliveries.filter((d) => d.kind === "exchange");
    expect(exchangeDeliveries.map((d) => d.status)).toEqual([504, 200]);
    expect(seen).toHaveLength(1);
  });

  it("delivers over HTTP to a URL: POST, JSON, Authorization token, the kind's default path", async () => {
    const got: {
      method: string | undefined;
      url: string | undefined;
      auth: string | undefined;
      type: string | undefined;
      body: string;
    }[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        got.push({
          method: req.method,
          url: req.url,
          auth: req.headers.authorization,
          type: req.headers["content-type"],
          body,
        });
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const sandbox = createSandbox({
        startTime: START,
        webhooks: { url: `http://127.0.0.1:${port}/hooks/`, token: "tok" },
      });
      sandbox.simulate.sepaDeposit({ amount: "12.5" });
      await sandbox.settle();
      expect(got).toEqual([
        {
          method: "POST",
          url: "/hooks/webhook/sepa-deposit",
          auth: "tok",
          type: "application/json",
          body: '{"amount":"12.50","currency":"eur"}',
        },
      ]);
      expect(sandbox.deliveries[0]).toMatchObject({ ok: true, status: 200, attempt: 1 });
      await sandbox.close();
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
