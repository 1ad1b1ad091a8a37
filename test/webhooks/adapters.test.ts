// End to end on real loopback servers (127.0.0.1 only): each adapter receives every kind's documented examples and
// hands the typed payload to the callback; every refusal has its status; delivery semantics follow P100's retries.
import type { IncomingMessage, RequestListener } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { webhookExamples } from "../../generated/webhook-examples.js";
import {
  buildTestWebhook,
  createFetchWebhookHandler,
  createNodeWebhookHandler,
  defaultWebhookPath,
  sendTestWebhook,
  webhookKinds,
  type P100WebhookError,
  type WebhookCallbacks,
  type WebhookHandlerOptions,
  type WebhookKind,
} from "../../src/webhooks/index.js";
import { fetchBridge, listen, type Loopback } from "./loopback.js";

const TOKEN = "whsec-loopback-0123456789";

interface Received {
  kind: WebhookKind;
  payload: unknown;
  idempotencyKey: string | undefined;
}

/** Callbacks for every kind that record what they receive. */
function recordingCallbacks(received: Received[]): WebhookCallbacks {
  const callbacks: Record<
    string,
    (payload: unknown, ctx: { kind: WebhookKind; idempotencyKey: string | undefined }) => void
  > = {};
  for (const kind of webhookKinds)
    callbacks[kind] = (payload, ctx) =>
      void received.push({ kind: ctx.kind, payload, idempotencyKey: ctx.idempotencyKey });
  return callbacks as WebhookCallbacks;
}

const adapters: Record<string, (options: WebhookHandlerOptions) => RequestListener> = {
  node: (options) => createNodeWebhookHandler(options) as unknown as RequestListener,
  fetch: (options) => fetchBridge(createFetchWebhookHandler(options)),
  "express-raw": (options) => expressLike(createNodeWebhookHandler(options), "raw"),
  "express-json": (options) => expressLike(createNodeWebhookHandler(options), "json"),
};

/** Express-style middleware chain: a body parser (express.raw or express.json) in front of the handler, then a 404. */
function expressLike(handler: ReturnType<typeof createNodeWebhookHandler>, parser: "raw" | "json"): RequestListener {
  return (req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const buffer = Buffer.concat(chunks);
      const request = req as IncomingMessage & { body?: unknown; _body?: boolean };
      if (parser === "raw") request.body = buffer;
      else if (/json/.test(req.headers["content-type"] ?? "") && buffer.length > 0) {
        try {
          request.body = JSON.parse(buffer.toString("utf8"));
          request._body = true;
        } catch {
          res.statusCode = 400;
          res.end("express.json: bad JSON");
          return;
        }
      }
      await handler(request as never, res, () => {
        res.statusCode = 404;
        res.end("next() reached: not a webhook path");
      });
    })();
  };
}

let servers: Loopback[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function start(adapter: string, options: Partial<WebhookHandlerOptions> = {}) {
  const received: Received[] = [];
  const errors: P100WebhookError[] = [];
  const server = await listen(
    adapters[adapter]!({
      token: TOKEN,
      on: recordingCallbacks(received),
      onError: (e) => void errors.push(e),
      ...options,
    }),
  );
  servers.push(server);
  return { url: server.url, received, errors };
}

const post = (url: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}) =>
  fetch(`${url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: TOKEN, ...init.headers },
    body: init.body ?? "{}",
  });

for (const adapter of Object.keys(adapters)) {
  describe(`${adapter} adapter on loopback`, () => {
    it(`${adapter}: every example of every kind reaches its typed callback`, async () => {
      const { url, received } = await start(adapter, { idempotency: false });
      let count = 0;
      for (const kind of webhookKinds) {
        for (const [name, payload] of Object.entries(webhookExamples[kind])) {
          const response = await sendTestWebhook(kind, { token: TOKEN, baseUrl: url, example: name });
          expect(response.status, `${kind}.${name}`).toBe(200);
          expect(await response.json()).toEqual({});
          expect(received[count], `${kind}.${name}`).toMatchObject({ kind, payload });
          count++;
        }
      }
      expect(received).toHaveLength(count);
      expect(count).toBeGreaterThanOrEqual(36);
    });

    it(`${adapter}: answers the health check without a token`, async () => {
      const { url } = await start(adapter);
      const response = await fetch(`${url}/webhook/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: "ok" });
      expect((await fetch(`${url}/webhook/health`, { method: "POST" })).status).toBe(405);
    });

    it(`${adapter}: a missing or wrong token is refused with 401 before parsing, and never logged`, async () => {
      const { url, received, errors } = await start(adapter);
      const path = defaultWebhookPath("cryptoDeposit");
      // Not even JSON: the token is checked first (express.json would refuse it itself, so it gets JSON).
      const body = adapter === "express-json" ? "[]" : "not json";
      const missing = await fetch(`${url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      expect(missing.status).toBe(401);
      const wrong = await post(url, path, { headers: { authorization: "guess-guess-guess" }, body });
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toMatchObject({ error: "unauthorized" });
      expect(received).toHaveLength(0);
      expect(errors.map((e) => e.code)).toEqual(["unauthorized", "unauthorized"]);
      expect(JSON.stringify(errors.map((e) => [e.message, e.stack]))).not.toMatch(/whsec-loopback|guess-guess/);
    });

    it(`${adapter}: malformed JSON, wrong content type and an invalid payload are refused`, async () => {
      const { url, received } = await start(adapter);
      const path = defaultWebhookPath("p2pTransfer");
      const badJson = await post(url, path, { body: '{"id": ' });
      // express.json answers bad JSON itself, before the receiver sees it.
      expect(badJson.status).toBe(400);
      const wrongType = await post(url, path, {
        headers: { "content-type": "text/plain" },
        body: '{"id":"x","status":"SUCCESSFUL"}',
      });
      expect(wrongType.status).toBe(415);
      expect(await wrongType.json()).toMatchObject({ error: "unsupported_media_type" });
      const invalid = await post(url, path, { body: '{"id":"x","status":42}' });
      expect(invalid.status).toBe(422);
      expect(await invalid.json()).toMatchObject({ error: "invalid_payload", pointer: "/status", field: "status" });
      expect(received).toHaveLength(0);
    });

    it(`${adapter}: an oversized body is refused with 413`, async () => {
      const { url, received } = await start(adapter, { maxBodyBytes: 512 });
      const body = JSON.stringify({ ...webhookExamples.cryptoDeposit["successful"], pad: "x".repeat(2048) });
      const response = await post(url, defaultWebhookPath("cryptoDeposit"), { body });
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ error: "payload_too_large" });
      expect(received).toHaveLength(0);
    });

    it(`${adapter}: an unknown path is refused; a kind without callback is acknowledged and handed to onUnhandled`, async () => {
      const unhandled: unknown[] = [];
      const { url, errors } = await start(adapter, {
        on: { cryptoDeposit: () => undefined },
        onUnhandled: (delivery) => void unhandled.push(delivery),
      });
      const unknown = await post(url, "/webhook/nothing-here");
      expect(unknown.status).toBe(404);
      const notRegistered = await sendTestWebhook("p2pTransfer", { token: TOKEN, baseUrl: url });
      // Even as Express middleware at the root: a delivery carrying the token is P100's, never passed on silently.
      expect(notRegistered.status).toBe(200);
      expect(unhandled).toEqual([
        {
          kind: "p2pTransfer",
          path: defaultWebhookPath("p2pTransfer"),
          rawBody: expect.stringMatching(/^\{/) as unknown,
        },
      ]);
      expect(errors.map((e) => e.code)).toEqual(["unknown_kind"]);
      const get = await fetch(`${url}${defaultWebhookPath("cryptoDeposit")}`, { headers: { authorization: TOKEN } });
      expect(get.status).toBe(405);
      expect(get.headers.get("allow")).toBe("POST");
    });

    it(`${adapter}: a callback that throws yields 500 so P100 retries, and the retry is processed`, async () => {
      let calls = 0;
      const { url, errors } = await start(adapter, {
        on: {
          p2pTransfer: () => {
            calls++;
            if (calls === 1) throw new Error(`database down (${TOKEN.length})`);
          },
        },
      });
      const first = await sendTestWebhook("p2pTransfer", { token: TOKEN, baseUrl: url });
      expect(first.status).toBe(500);
      expect(await first.json()).toEqual({
        error: "handler_failed",
        message: "The p2pTransfer webhook callback failed; P100 will retry",
      });
      expect(errors[0]?.cause).toBeInstanceOf(Error);
      const retry = await sendTestWebhook("p2pTransfer", { token: TOKEN, baseUrl: url });
      expect(retry.status).toBe(200);
      // A repeat of the processed event is acknowledged without a second callback.
      const repeat = await sendTestWebhook("p2pTransfer", { token: TOKEN, baseUrl: url });
      expect(repeat.status).toBe(200);
      expect(calls).toBe(2);
      // Another status of the same transfer is another event.
      const failed = await sendTestWebhook("p2pTransfer", {
        token: TOKEN,
        baseUrl: url,
        overrides: { status: "FAILED" },
      });
      expect(failed.status).toBe(200);
      expect(calls).toBe(3);
    });

    it(`${adapter}: a repeat arriving while the first delivery runs gets 409 (not 2xx, so P100 retries)`, async () => {
      let release!: () => void;
      let entered!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const running = new Promise<void>((resolve) => (entered = resolve));
      const { url } = await start(adapter, { on: { cryptoDeposit: () => (entered(), gate) } });
      const first = sendTestWebhook("cryptoDeposit", { token: TOKEN, baseUrl: url });
      await running;
      const second = await sendTestWebhook("cryptoDeposit", { token: TOKEN, baseUrl: url });
      expect(second.status).toBe(409);
      expect(await second.json()).toMatchObject({ error: "delivery_in_progress" });
      release();
      expect((await first).status).toBe(200);
    });

    it(`${adapter}: custom paths and a user-supplied idempotency store`, async () => {
      const keys: string[] = [];
      const seen = new Set<string>();
      const { url, received } = await start(adapter, {
        paths: { userBalanceGeneration: "/hooks/p100/user-status" },
        idempotency: {
          claim: async (key) => (keys.push(key), seen.has(key) ? "done" : "new"),
          complete: async (key) => void seen.add(key),
          release: async () => undefined,
        },
      });
      const delivery = buildTestWebhook("userBalanceGeneration", { token: TOKEN, path: "/hooks/p100/user-status" });
      for (let i = 0; i < 2; i++) {
        const response = await fetch(`${url}${delivery.path}`, {
          method: "POST",
          headers: delivery.headers,
          body: delivery.body,
        });
        expect(response.status).toBe(200);
      }
      expect(received).toHaveLength(1);
      expect(keys).toEqual([
        '["userBalanceGeneration","bca65c48-df49-4831-a7b2-de7903321581","ACTIVE"]',
        '["userBalanceGeneration","bca65c48-df49-4831-a7b2-de7903321581","ACTIVE"]',
      ]);
      expect((await post(url, "/webhook/user/status", { body: delivery.body })).status).toBe(404);
    });
  });
}

describe("fetch handler without a server", () => {
  it("a streamed body without Content-Length is cut off at the limit with 413", async () => {
    const handler = createFetchWebhookHandler({
      token: TOKEN,
      maxBodyBytes: 1000,
      on: { cardTransaction: () => undefined },
    });
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(new TextEncoder().encode(pulls === 1 ? '{"pad":"' : "x".repeat(400)));
        if (pulls > 1000) controller.close();
      },
    });
    const request = new Request(`http://127.0.0.1${defaultWebhookPath("cardTransaction")}`, {
      method: "POST",
      headers: { authorization: TOKEN, "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    const response = await handler(request);
    expect(response.status).toBe(413);
    // Reading stopped at the limit instead of draining the whole stream.
    expect(pulls).toBeLessThan(10);
  });

  it("routes with resolveKind (one route file per kind, as in Next.js) and refuses bad configuration", async () => {
    const got: string[] = [];
    const handler = createFetchWebhookHandler({
      token: TOKEN,
      resolveKind: () => "ibanStatus",
      on: { ibanStatus: (p) => void got.push(p.status ?? "") },
    });
    const response = await handler(
      new Request("http://127.0.0.1/api/anything", {
        method: "POST",
        headers: { authorization: TOKEN, "content-type": "application/json" },
        body: '{"status":"APPROVED"}',
      }),
    );
    expect(response.status).toBe(200);
    expect(got).toEqual(["APPROVED"]);
    expect(() => createFetchWebhookHandler({ token: "", on: {} })).toThrow(/token is required/);
    expect(() => createFetchWebhookHandler({ token: TOKEN, on: { nope: () => undefined } as never })).toThrow(
      /Unknown webhook kind/,
    );
    expect(() =>
      createFetchWebhookHandler({
        token: TOKEN,
        on: { exchange: () => undefined, orderStatus: () => undefined },
        paths: { exchange: "/x", orderStatus: "/x/" },
      }),
    ).toThrow(/share the path/);
  });
});
