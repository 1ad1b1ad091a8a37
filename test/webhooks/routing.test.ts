// What a receiver answers for each kind of path, and what onError hears: a kind with a callback is delivered; a kind
// without one is authenticated and acknowledged (200, onUnhandled), as Stripe-style receivers do, so that P100 does
// not retry events the partner chose not to handle; a path that names no kind is a 404. onError carries the kind the
// path names, and hears nothing about deliveries that a hook accepted.
import { describe, expect, it } from "vitest";
import {
  createFetchWebhookHandler,
  createNodeWebhookHandler,
  createTestWebhookRequest,
  defaultWebhookPath,
  P100WebhookConfigurationError,
  verifyWebhookToken,
  type P100WebhookError,
  type UnhandledWebhookDelivery,
  type WebhookHandlerOptions,
  type WebhookKind,
} from "../../src/webhooks/index.js";

const TOKEN = "routing-test-token";

/** A fetch receiver with a callback for cryptoDeposit only, recording what reaches onError and onUnhandled. */
function receiver(options: Partial<WebhookHandlerOptions> = {}, withUnhandledHook = true) {
  const errors: Array<{ code: string; kind: WebhookKind | undefined; path: string }> = [];
  const unhandled: UnhandledWebhookDelivery[] = [];
  const handler = createFetchWebhookHandler({
    token: TOKEN,
    on: { cryptoDeposit: () => undefined },
    onError: (error: P100WebhookError, info) => void errors.push({ code: error.code, ...info }),
    ...(withUnhandledHook
      ? { onUnhandled: (delivery: UnhandledWebhookDelivery) => void unhandled.push(delivery) }
      : {}),
    ...options,
  });
  return { handler, errors, unhandled };
}

const post = (path: string, init: { token?: string; body?: string } = {}) =>
  new Request(`http://127.0.0.1${path}`, {
    method: "POST",
    headers: { authorization: init.token ?? TOKEN, "content-type": "application/json" },
    body: init.body ?? "{}",
  });

describe("a kind without a callback", () => {
  it("is acknowledged with 200 and handed to onUnhandled with its kind, path and raw body; onError hears nothing", async () => {
    const { handler, errors, unhandled } = receiver();
    const request = createTestWebhookRequest("ibanStatus", { token: TOKEN });
    const body = await request.clone().text();
    const response = await handler(request);
    expect(response.status).toBe(200);
    expect(unhandled).toEqual([{ kind: "ibanStatus", path: defaultWebhookPath("ibanStatus"), rawBody: body }]);
    expect(errors).toEqual([]);
  });

  it("without an onUnhandled hook is still acknowledged (200), even with a body that fits no schema", async () => {
    const { handler, errors } = receiver({}, false);
    expect((await handler(post(defaultWebhookPath("exchange"), { body: "not even json" }))).status).toBe(200);
    expect(errors).toEqual([]);
  });

  it("is authenticated, method-checked and size-limited like any delivery; onError carries the kind the path names", async () => {
    const { handler, errors, unhandled } = receiver({ maxBodyBytes: 64 });
    const path = defaultWebhookPath("p2pTransfer");
    expect((await handler(post(path, { token: "wrong" }))).status).toBe(401);
    expect((await handler(new Request(`http://127.0.0.1${path}`, { headers: { authorization: TOKEN } }))).status).toBe(
      405,
    );
    expect((await handler(post(path, { body: JSON.stringify({ pad: "x".repeat(100) }) }))).status).toBe(413);
    expect(unhandled).toEqual([]);
    expect(errors).toEqual([
      { code: "unauthorized", kind: "p2pTransfer", path },
      { code: "method_not_allowed", kind: "p2pTransfer", path },
      { code: "payload_too_large", kind: "p2pTransfer", path },
    ]);
  });

  it("an onUnhandled hook that throws gets a 500 (P100 retries), reported with the kind", async () => {
    const { handler, errors } = receiver({
      onUnhandled: () => {
        throw new Error("queue down");
      },
    });
    const path = defaultWebhookPath("exchange");
    const response = await handler(post(path));
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: "handler_failed" });
    expect(errors).toEqual([{ code: "handler_failed", kind: "exchange", path }]);
  });

  it("a kind resolveKind names without a callback is acknowledged too; an unknown path is a 404 without a kind", async () => {
    const { handler, errors, unhandled } = receiver({
      resolveKind: (path) => (path === "/hooks/cards" ? "cardTransaction" : undefined),
    });
    expect((await handler(post("/hooks/cards"))).status).toBe(200);
    expect(unhandled.map((d) => d.kind)).toEqual(["cardTransaction"]);
    expect((await handler(post("/hooks/nothing"))).status).toBe(404);
    expect(errors).toEqual([{ code: "unknown_kind", kind: undefined, path: "/hooks/nothing" }]);
  });
});

describe("onError and onInvalidPayload", () => {
  it("a delivery the hook accepted is not reported; one whose hook threw is, as handler_failed with its kind", async () => {
    const path = defaultWebhookPath("cryptoDeposit");
    const accepted = receiver({ onInvalidPayload: () => undefined });
    expect((await accepted.handler(post(path, { body: "{}" }))).status).toBe(200);
    expect((await accepted.handler(post(path, { body: "not json" }))).status).toBe(200);
    expect(accepted.errors).toEqual([]);
    const failing = receiver({
      onInvalidPayload: () => {
        throw new Error("queue down");
      },
    });
    expect((await failing.handler(post(path, { body: "{}" }))).status).toBe(500);
    expect(failing.errors).toEqual([{ code: "handler_failed", kind: "cryptoDeposit", path }]);
  });
});

describe("a missing token", () => {
  // The README's own `process.env.P100_WEBHOOK_TOKEN!` with the variable unset passes undefined at run time.
  for (const token of [undefined, null]) {
    it(`${String(token)}: both receivers and verifyWebhookToken throw P100WebhookConfigurationError naming the option`, () => {
      const options = { token: token as unknown as string, on: {} };
      for (const create of [
        () => createFetchWebhookHandler(options),
        () => createNodeWebhookHandler(options),
        () => verifyWebhookToken(TOKEN, options.token),
      ]) {
        expect(create).toThrow(P100WebhookConfigurationError);
        expect(create).toThrow(`the option "token" is ${String(token)}`);
      }
    });
  }

  it("a token that is neither a string nor a list is refused the same way", () => {
    expect(() => createFetchWebhookHandler({ token: 42 as unknown as string, on: {} })).toThrow(
      P100WebhookConfigurationError,
    );
  });
});
