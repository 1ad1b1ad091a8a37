// The webhooks entry point: typed payloads come from the spec, the entry imports nothing from the client runtime,
// and the example receiver runs.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { components } from "../../generated/schema.js";
import { runWebhookReceiver } from "../../examples/webhook-receiver.js";
import {
  buildTestWebhook,
  createFetchWebhookHandler,
  createTestWebhookRequest,
  parseWebhook,
  webhookKinds,
  type WebhookContext,
  type WebhookPayload,
} from "../../src/webhooks/index.js";

const dir = new URL("../../src/webhooks/", import.meta.url);

describe("p100-partner-sdk/webhooks entry", () => {
  it("imports only its own files and the generated webhook files (no client runtime, no node: modules, no ajv)", () => {
    const allowed = /^(\.\/[a-z-]+\.js|\.\.\/\.\.\/generated\/(webhooks|webhook-examples|webhook-validators)\.js)$/;
    for (const file of readdirSync(dir)) {
      const source = readFileSync(new URL(file, dir), "utf8");
      const specifiers = [...source.matchAll(/\bfrom\s+"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/g)].map(
        (m) => m[1] ?? m[2],
      );
      for (const specifier of specifiers) expect(specifier, `${file} imports ${specifier}`).toMatch(allowed);
    }
    const generated = readFileSync(new URL("../../generated/webhooks.ts", import.meta.url), "utf8");
    expect(generated).toMatch(/^import type \{ components \} from "\.\/schema\.js";$/m);
  });

  it("payload types are the spec's component schemas", () => {
    expectTypeOf<WebhookPayload<"cryptoDeposit">>().toEqualTypeOf<
      components["schemas"]["WebhookCryptoDepositPayload"]
    >();
    expectTypeOf<WebhookPayload<"cryptoDeposit">["status"]>().toEqualTypeOf<
      "SUCCESSFUL" | "UNSUCCESSFUL" | "WAITING_FOR_VERIFICATION" | "WAITING_FOR_TR_DATA" | (string & {})
    >();
    expectTypeOf<WebhookPayload<"partnerSepaTransfer">["amount"]>().toEqualTypeOf<string | number | null | undefined>();
    const payload = parseWebhook("userBalanceGeneration", '{"externalUserId":"u","status":"ACTIVE"}');
    // Open on purpose: ACTIVE is the only documented value, and refusing another would lose the event.
    expectTypeOf(payload.status).toEqualTypeOf<string>();
    expect(parseWebhook("userBalanceGeneration", '{"externalUserId":"u","status":"SOMETHING_NEW"}').status).toBe(
      "SOMETHING_NEW",
    );
    expectTypeOf(payload.externalUserId).toEqualTypeOf<string>();
    createFetchWebhookHandler({
      token: "t",
      on: {
        kycVerificationStatus: (p, ctx) => {
          expectTypeOf(p.attemptStatus).toEqualTypeOf<
            "PENDING" | "VERIFICATION" | "REJECTED_BY_PROVIDER" | "SUCCESSFUL" | (string & {}) | null | undefined
          >();
          expectTypeOf(ctx).toEqualTypeOf<WebhookContext<"kycVerificationStatus">>();
        },
      },
    });
    expect(payload.status).toBe("ACTIVE");
  });

  it("the test kit builds deliveries from the spec's examples, with overrides", async () => {
    const delivery = buildTestWebhook("p2pTransfer", {
      token: "tok",
      example: "failed",
      overrides: { amount: 5, error: undefined },
    });
    expect(delivery.path).toBe("/transfer-webhook");
    expect(delivery.headers).toEqual({ authorization: "tok", "content-type": "application/json" });
    expect(JSON.parse(delivery.body)).toEqual(delivery.payload);
    expect(delivery.payload).toMatchObject({ status: "FAILED", amount: 5 });
    expect(delivery.payload).not.toHaveProperty("error");
    expect(buildTestWebhook("sepaDeposit", { token: "tok" }).path).toBe("/webhook/sepa-deposit");
    expect(() => buildTestWebhook("p2pTransfer", { token: "tok", example: "nope" })).toThrow(
      /known: successful, failed/,
    );
    const seen: unknown[] = [];
    const handler = createFetchWebhookHandler({ token: "tok", on: { card3dsCode: (p) => void seen.push(p.code) } });
    const response = await handler(
      createTestWebhookRequest("card3dsCode", { token: "tok", overrides: { code: "000111" } }),
    );
    expect(response.status).toBe(200);
    expect(seen).toEqual(["000111"]);
  });

  it("examples/webhook-receiver.ts: the self-test posts every kind to both adapters", async () => {
    const lines = await runWebhookReceiver(true, () => undefined);
    for (const kind of webhookKinds)
      expect(
        lines.filter((l) => l.startsWith(`${kind}:`) || l.startsWith(`${kind} `)),
        kind,
      ).toHaveLength(2);
    expect(lines.filter((l) => l === "a wrong token is answered 401")).toHaveLength(2);
  });
});

describe("README ## Webhooks", () => {
  it("lists exactly the spec's kinds, with their default paths", async () => {
    const { webhookTable } = await import("../../generated/webhooks.js");
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8").split("## Webhooks")[1] ?? "";
    const rows = [...readme.matchAll(/^\| `([A-Za-z0-9]+)` \|[^|]+\|[^|]+\|[^|]+\| `([^`]+)`/gm)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(rows).toEqual(webhookKinds.map((kind) => [kind, webhookTable[kind].defaultPath]));
  });
});
