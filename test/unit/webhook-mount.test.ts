// Webhook receivers under a mount point, in real Express, Hono and plain node:http servers on 127.0.0.1: deliveries
// route relative to the mount, and a path that matches no kind is answered 404 and reported through onError.
import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import {
  createFetchWebhookHandler,
  createNodeWebhookHandler,
  defaultWebhookPath,
  sendTestWebhook,
  type P100WebhookError,
  type WebhookAdapterOptions,
} from "../../src/webhooks/index.js";
import { fetchBridge } from "../webhooks/loopback.js";

const TOKEN = "whsec-mount-0123456789";
const PATH = defaultWebhookPath("userBalanceGeneration");

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((close) => close()));
  closers = [];
});

/** Serves a listener on 127.0.0.1 and returns its origin. */
async function serve(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Receiver options that record callbacks and refusals. */
function recorder(extra: Partial<WebhookAdapterOptions> = {}) {
  const received: unknown[] = [];
  const errors: { code: string; path: string }[] = [];
  const options: WebhookAdapterOptions = {
    token: TOKEN,
    on: { userBalanceGeneration: (payload) => void received.push(payload) },
    onError: (error: P100WebhookError, info) => void errors.push({ code: error.code, path: info.path }),
    ...extra,
  };
  return { options, received, errors };
}

const deliver = (origin: string, path: string) =>
  sendTestWebhook("userBalanceGeneration", { token: TOKEN, url: `${origin}${path}` });

describe("Express", () => {
  it('app.use("/p100", handler): deliveries under the prefix reach the callback; unknown paths go to onError', async () => {
    const { options, received, errors } = recorder();
    const app = express();
    app.use("/p100", createNodeWebhookHandler(options));
    app.get("/status", (_req, res) => void res.send("app"));
    const origin = await serve(app);

    expect((await deliver(origin, `/p100${PATH}`)).status).toBe(200);
    expect(received).toHaveLength(1);

    const unknown = await deliver(origin, "/p100/webhook/no-such-kind");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: "unknown_kind" });
    expect(errors).toEqual([{ code: "unknown_kind", path: "/webhook/no-such-kind" }]);

    expect((await fetch(`${origin}/p100/webhook/health`)).status).toBe(200);
    expect(await (await fetch(`${origin}/status`)).text()).toBe("app");
  });

  it("app.use(handler) at the root passes other paths on, but not a delivery carrying the token", async () => {
    const { options, received, errors } = recorder();
    const app = express();
    app.use(createNodeWebhookHandler(options));
    app.get("/status", (_req, res) => void res.send("app"));
    app.post("/orders", (_req, res) => void res.send("app order"));
    const origin = await serve(app);
    expect((await deliver(origin, PATH)).status).toBe(200);
    expect(await (await fetch(`${origin}/status`)).text()).toBe("app");
    expect(
      await (
        await fetch(`${origin}/orders`, { method: "POST", headers: { authorization: "Bearer user-session" } })
      ).text(),
    ).toBe("app order");
    expect(received).toHaveLength(1);
    expect(errors).toEqual([]);

    // P100 posting to a URL no kind is routed to (say, a typo in the URL registered with P100).
    const misrouted = await deliver(origin, "/webhooks/user/status");
    expect(misrouted.status).toBe(404);
    expect(errors).toEqual([{ code: "unknown_kind", path: "/webhooks/user/status" }]);
  });
});

describe("Hono", () => {
  it("a route with basePath: the full URL is routed relative to it", async () => {
    const { options, received, errors } = recorder({ basePath: "/p100" });
    const handler = createFetchWebhookHandler(options);
    const app = new Hono();
    app.all("/p100/*", (c) => handler(c.req.raw));
    const origin = await serve(fetchBridge((request) => Promise.resolve(app.fetch(request))));

    expect((await deliver(origin, `/p100${PATH}`)).status).toBe(200);
    expect(received).toHaveLength(1);
    expect((await deliver(origin, "/p100/webhook/elsewhere")).status).toBe(404);
    expect(errors).toEqual([{ code: "unknown_kind", path: "/webhook/elsewhere" }]);
  });

  it("app.mount (which strips the prefix itself) needs no basePath", async () => {
    const { options, received } = recorder();
    const app = new Hono();
    app.mount("/p100", createFetchWebhookHandler(options));
    const origin = await serve(fetchBridge((request) => Promise.resolve(app.fetch(request))));
    expect((await deliver(origin, `/p100${PATH}`)).status).toBe(200);
    expect(received).toHaveLength(1);
  });
});

describe("plain node:http", () => {
  it("with basePath: under it deliveries route; outside it and unknown kinds are 404s reported through onError", async () => {
    const { options, received, errors } = recorder({ basePath: "/p100/" });
    const origin = await serve(createNodeWebhookHandler(options) as unknown as RequestListener);

    expect((await deliver(origin, `/p100${PATH}`)).status).toBe(200);
    expect(received).toHaveLength(1);
    expect((await deliver(origin, PATH)).status).toBe(404);
    expect((await deliver(origin, "/p100/webhook/other")).status).toBe(404);
    expect(errors).toEqual([
      { code: "unknown_kind", path: PATH },
      { code: "unknown_kind", path: "/webhook/other" },
    ]);
  });

  it("without basePath, a fetch-style receiver refuses an unmatched path through onError too", async () => {
    const { options, errors } = recorder();
    const response = await createFetchWebhookHandler(options)(
      new Request("http://127.0.0.1/p100/webhook/user/status", { method: "POST" }),
    );
    expect(response.status).toBe(404);
    expect(errors).toEqual([{ code: "unknown_kind", path: "/p100/webhook/user/status" }]);
  });

  it("a basePath that is not an absolute path is refused when the receiver is created", () => {
    expect(() => createNodeWebhookHandler(recorder({ basePath: "p100" }).options)).toThrow(
      /basePath must be an absolute path/,
    );
  });
});
