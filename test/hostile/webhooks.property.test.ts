// PENDING until h6-webhooks is merged: rename to webhooks.property.test.ts (written against src/webhooks as of
// h6-webhooks a29e0f3; verified there in a scratch copy, see docs/reliability.md).
// Property and security tests of the webhook receiver: whatever a sender (P100 or anyone who finds the URL) posts,
// parsing and authentication end in a typed P100WebhookError or a typed payload, the fetch handler always answers
// (never throws), a callback runs only for an authenticated, valid delivery, and the webhook token never appears in
// an error, an answer or a log line. No network: the handler is called with web Requests.
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import {
  buildTestWebhook,
  createFetchWebhookHandler,
  createTestWebhookRequest,
  defaultWebhookPath,
  P100WebhookError,
  P100WebhookPayloadError,
  P100WebhookUnauthorizedError,
  parseWebhook,
  verifyWebhook,
  verifyWebhookToken,
  webhookExampleNames,
  webhookKinds,
  type WebhookKind,
} from "../../src/webhooks/index.js";
import { expectNoUnhandledRejections } from "../support/hostile.js";
import { createPropertyLedger } from "../support/property.js";
import { createSecretScanner, HOSTILE_WEBHOOK_TOKEN } from "../support/secret-scan.js";

const ledger = createPropertyLedger("webhooks");
const scanner = createSecretScanner();
expectNoUnhandledRejections();
afterAll(() => ledger.write({ scanned: scanner.count }));

const TOKEN = HOSTILE_WEBHOOK_TOKEN;
const kind = fc.constantFrom(...webhookKinds);
/** A documented example of a kind, as a plain object. */
const example = kind.chain((k) =>
  fc.constantFrom(...webhookExampleNames(k)).map((name) => ({
    kind: k,
    payload: JSON.parse(buildTestWebhook(k, { token: TOKEN, example: name }).body) as Record<string, unknown>,
  })),
);
/** A documented example with fields removed, retyped or added (including prototype-polluting keys). */
const mutated = fc
  .tuple(
    example,
    fc.array(
      fc.tuple(
        fc.constantFrom("remove", "set", "add"),
        fc.nat(),
        fc.anything(),
        fc.constantFrom("__proto__", "constructor", "prototype", "extra", "status"),
      ),
      { maxLength: 3 },
    ),
  )
  .map(([{ kind: k, payload }, edits]) => {
    const body: Record<string, unknown> = { ...payload };
    for (const [edit, index, value, key] of edits) {
      const fields = Object.keys(body);
      const field = fields.length > 0 ? fields[index % fields.length]! : key;
      if (edit === "remove") delete body[field];
      else if (edit === "set") body[field] = value;
      else Object.defineProperty(body, key, { value, enumerable: true, writable: true, configurable: true });
    }
    let text: string;
    try {
      text = JSON.stringify(body) ?? "null";
    } catch {
      text = "{";
    }
    return { kind: k, text };
  });
/** Any raw body: mutated examples, JSON of any shape, text, invalid UTF-8 bytes, sometimes carrying the token. */
const rawBody = fc.oneof(
  mutated.map((m) => m.text),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.uint8Array({ maxLength: 300 }),
  fc.constant(`{"token":"${TOKEN}"}`),
);
/** An Authorization header: right, wrong by one character, prefixed, empty, missing, or anything. */
const authorization = fc.oneof(
  fc.constant(TOKEN),
  fc.constant(`Bearer ${TOKEN}`),
  fc.constant(`${TOKEN} `),
  fc
    .nat({ max: TOKEN.length - 1 })
    .map((i) => `${TOKEN.slice(0, i)}${TOKEN[i] === "x" ? "y" : "x"}${TOKEN.slice(i + 1)}`),
  fc.constant(TOKEN.slice(0, -1)),
  fc.constantFrom("", undefined, null),
  fc.string({ maxLength: 80 }),
);
const contentType = fc.oneof(
  fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "APPLICATION/JSON",
    "text/plain",
    "application/json; charset=latin1",
    "",
    null,
  ),
  fc.stringMatching(/^[\x20-\x7e]{0,40}$/),
);

function surfaces(error: unknown): void {
  scanner.error(error);
  expect(error, String(error)).toBeInstanceOf(P100WebhookError);
  if (error instanceof P100WebhookPayloadError) expect(typeof error.pointer).toBe("string");
}

describe("parseWebhook", () => {
  it("returns a payload that re-validates, or throws a P100WebhookError, for any kind, body and content type", async () => {
    await ledger.check(
      "parseWebhook: any kind, body, content type",
      fc.property(
        fc.oneof(kind, fc.string()),
        rawBody,
        contentType,
        fc.integer({ min: 1, max: 400 }),
        (k, body, type, maxBodyBytes) => {
          try {
            const payload = parseWebhook(k as WebhookKind, body, { contentType: type, maxBodyBytes });
            expect(webhookKinds).toContain(k);
            expect(() => parseWebhook(k as WebhookKind, JSON.stringify(payload))).not.toThrow();
          } catch (error) {
            surfaces(error);
          }
          expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
        },
      ),
      2_000,
    );
  });
});

describe("authentication", () => {
  it("accepts exactly the token (or a token of a rotation), and names no token in its errors", async () => {
    await ledger.check(
      "verifyWebhookToken / verifyWebhook: any Authorization header",
      fc.property(authorization, fc.boolean(), mutated, (header, rotation, delivery) => {
        const tokens = rotation ? ["whk_previous_token_for_rotation_0000", TOKEN] : TOKEN;
        const valid = header === TOKEN;
        try {
          verifyWebhookToken(header, tokens);
          expect(valid).toBe(true);
        } catch (error) {
          surfaces(error);
          expect(valid).toBe(false);
          expect(error).toBeInstanceOf(P100WebhookUnauthorizedError);
        }
        try {
          verifyWebhook(delivery.kind, delivery.text, {
            authorization: header,
            token: tokens,
            contentType: "application/json",
          });
          expect(valid).toBe(true);
        } catch (error) {
          surfaces(error);
          if (!valid) expect(error).toBeInstanceOf(P100WebhookUnauthorizedError);
        }
      }),
      1_500,
    );
  });
});

describe("the fetch handler", () => {
  it("always answers (never throws), calls back only for authenticated valid deliveries, and never echoes the token", async () => {
    const called: string[] = [];
    const on = Object.fromEntries(webhookKinds.map((k) => [k, () => void called.push(k)]));
    const errors: P100WebhookError[] = [];
    const handler = createFetchWebhookHandler({
      token: TOKEN,
      on,
      idempotency: false,
      onError: (error) => void errors.push(error),
    });
    const path = fc.oneof(
      kind.map((k) => defaultWebhookPath(k)),
      fc.constantFrom("/webhook/health", "/", "/webhook/../webhook/health", "/webhook/%2e%2e/x"),
      fc.webPath(),
    );
    await ledger.check(
      "fetch handler: any method, path, headers and body",
      fc.asyncProperty(
        fc.constantFrom("POST", "POST", "POST", "GET", "PUT", "DELETE", "HEAD"),
        path,
        authorization,
        contentType,
        rawBody,
        async (method, pathname, auth, type, body) => {
          const headers = new Headers();
          if (typeof auth === "string") {
            try {
              headers.set("authorization", auth);
            } catch {
              return; // not a header value any HTTP client could send
            }
          }
          if (typeof type === "string" && type !== "") headers.set("content-type", type);
          // What the receiver sees: HTTP strips leading and trailing whitespace from header values.
          const sent = headers.get("authorization");
          const before = called.length;
          const request = new Request(`http://127.0.0.1${pathname.startsWith("/") ? "" : "/"}${pathname}`, {
            method,
            headers,
            ...(method === "GET" || method === "HEAD" ? {} : { body }),
          });
          const response = await handler(request);
          expect([200, 400, 401, 404, 405, 409, 413, 415, 422, 500]).toContain(response.status);
          const answer = await response.text();
          scanner.text(answer);
          if (called.length > before) {
            expect(sent).toBe(TOKEN);
            expect(response.status).toBe(200);
          }
          // Unauthenticated: refused before the body is looked at (405 for a POST to the health path, 404 off-route).
          if (sent !== TOKEN && method === "POST") expect([401, 404, 405]).toContain(response.status);
        },
      ),
      1_500,
    );
    for (const error of errors) scanner.error(error);
  });

  it("every documented example, delivered as P100 sends it, is accepted and reaches its callback", async () => {
    await ledger.check(
      "fetch handler: documented examples with any token",
      fc.asyncProperty(example, fc.boolean(), async ({ kind: k }, right) => {
        const received: unknown[] = [];
        const handler = createFetchWebhookHandler({
          token: TOKEN,
          on: { [k]: (payload: unknown) => void received.push(payload) },
          idempotency: false,
        });
        const response = await handler(createTestWebhookRequest(k, { token: right ? TOKEN : "whk_wrong" }));
        expect(response.status).toBe(right ? 200 : 401);
        expect(received).toHaveLength(right ? 1 : 0);
      }),
      1_000,
    );
  });
});

describe("figures", () => {
  it("every webhook property ran its planned number of cases (4 properties, 6 000 cases); no token anywhere", () => {
    expect(ledger.runs.map((run) => run.numRuns)).toEqual([2_000, 1_500, 1_500, 1_000]);
    expect(scanner.count.errors).toBeGreaterThan(100);
    scanner.assertClean();
  });
});
