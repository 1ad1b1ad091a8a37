// No authenticated webhook is lost: for every one of the 18 kinds, each documented example with one enum field set to a
// value the spec does not list, one string field in another letter case, one optional field set to null, or one
// amount in a format no source documents ("1e-7", ".5", "1 000,00"), reaches the typed callback unchanged; the FAQ's
// envelope form of the crypto-deposit event reaches it as the flat payload; a delivery that cannot be typed (missing
// identifier, a JSON type that contradicts a documented one, not JSON, wrong Content-Type) reaches onInvalidPayload.
import { describe, expect, it } from "vitest";
import { webhookExamples } from "../../generated/webhook-examples.js";
import { webhookKinds, type WebhookKind } from "../../generated/webhooks.js";
import {
  createFetchWebhookHandler,
  defaultWebhookPath,
  type InvalidWebhookDelivery,
  type P100WebhookError,
} from "../../src/webhooks/index.js";
import { deref, spec } from "../support/spec.js";

const TOKEN = "test-token-liberal";
const UNLISTED = "UNLISTED_VALUE_FROM_THE_FUTURE";
/** Amount strings in formats no source documents (an exponent, a leading dot, grouping and a decimal comma, a sign). */
const ODD_AMOUNTS = ["1e-7", ".5", "1 000,00", "-0.00", "12.345678901234", ""];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
type Path = readonly (string | number)[];

/** The payload schema of a kind, as the bundled spec declares it. */
const payloadSchema = (kind: string): Json =>
  deref(spec.webhooks[kind].post.requestBody.content["application/json"].schema);

/** Paths (property names from the payload root) of every field whose schema lists enum values. */
function enumPaths(schema: Json, prefix: Path = [], seen = new Set<Json>()): Path[] {
  const node = deref(schema);
  if (node === null || typeof node !== "object" || seen.has(node)) return [];
  const inner = new Set(seen).add(node);
  const found: Path[] = Array.isArray(node.enum) && prefix.length > 0 ? [prefix] : [];
  for (const key of ["allOf", "anyOf", "oneOf"])
    for (const sub of node[key] ?? []) found.push(...enumPaths(sub, prefix, inner));
  for (const [name, sub] of Object.entries(node.properties ?? {}))
    found.push(...enumPaths(sub, [...prefix, name], inner));
  return found;
}

/** Paths of every optional property (not in its object's `required`), nested objects included. */
function optionalPaths(schema: Json, prefix: Path = [], seen = new Set<Json>()): Path[] {
  const node = deref(schema);
  if (node === null || typeof node !== "object" || seen.has(node)) return [];
  const inner = new Set(seen).add(node);
  const found: Path[] = [];
  for (const key of ["allOf", "anyOf", "oneOf"])
    for (const sub of node[key] ?? []) found.push(...optionalPaths(sub, prefix, inner));
  const required = new Set<string>(node.required ?? []);
  for (const [name, sub] of Object.entries(node.properties ?? {})) {
    if (!required.has(name)) found.push([...prefix, name]);
    found.push(...optionalPaths(sub, [...prefix, name], inner));
  }
  return found;
}

/** Paths of every property typed as a money amount (the AmountValue schema). */
function amountPaths(schema: Json, prefix: Path = []): Path[] {
  const node = deref(schema);
  if (node === null || typeof node !== "object") return [];
  const isAmount = (sub: Json): boolean =>
    sub?.$ref === "#/components/schemas/AmountValue" ||
    ["allOf", "anyOf", "oneOf"].some((key) => (sub?.[key] ?? []).some(isAmount));
  const found: Path[] = [];
  for (const [name, sub] of Object.entries<Json>(node.properties ?? {}))
    if (isAmount(sub)) found.push([...prefix, name]);
  return found;
}

/** Paths of every string value in a JSON value. */
function stringPaths(value: Json, prefix: Path = []): Path[] {
  if (typeof value === "string") return [prefix];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringPaths(item, [...prefix, index]));
  if (value !== null && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...prefix, k]));
  return [];
}

/** A copy of `value` with the value at `path` replaced (intermediate objects created when absent). */
function setAt(value: Json, path: Path, replacement: unknown): Json {
  const copy = structuredClone(value);
  let node = copy;
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== "object") node[key] = {};
    node = node[key];
  }
  node[path[path.length - 1]!] = replacement;
  return copy;
}

const getAt = (value: Json, path: Path): Json => path.reduce((node, key) => node?.[key], value);

/** Swaps the letter case of a string: upper to lower and lower to upper, so "btc" becomes "BTC" and "ACTIVE" "active". */
const swapCase = (text: string) =>
  [...text].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join("");

interface Mutation {
  readonly label: string;
  readonly payload: Json;
}

/** Every mutation of every documented example of a kind. */
function mutations(kind: WebhookKind): Mutation[] {
  const result: Mutation[] = [];
  const enums = enumPaths(payloadSchema(kind));
  const optional = optionalPaths(payloadSchema(kind));
  const amounts = amountPaths(payloadSchema(kind));
  for (const [name, example] of Object.entries(webhookExamples[kind])) {
    result.push({ label: `${name} as documented`, payload: example });
    for (const path of optional)
      result.push({ label: `${name} with ${path.join(".")} = null`, payload: setAt(example, path, null) });
    for (const path of amounts) {
      for (const odd of ODD_AMOUNTS)
        result.push({
          label: `${name} with ${path.join(".")} = ${JSON.stringify(odd)}`,
          payload: setAt(example, path, odd),
        });
    }
    for (const path of enums)
      result.push({ label: `${name} with ${path.join(".")} = ${UNLISTED}`, payload: setAt(example, path, UNLISTED) });
    for (const path of stringPaths(example)) {
      const original = getAt(example, path) as string;
      if (swapCase(original) === original) continue;
      result.push({
        label: `${name} with ${path.join(".")} in another letter case`,
        payload: setAt(example, path, swapCase(original)),
      });
    }
  }
  return result;
}

/** Delivers `body` to a receiver for `kind` and reports what reached user code. */
async function deliver(kind: WebhookKind, body: string, contentType = "application/json") {
  const received: unknown[] = [];
  const invalid: InvalidWebhookDelivery[] = [];
  const errors: P100WebhookError[] = [];
  const handler = createFetchWebhookHandler({
    token: TOKEN,
    idempotency: false,
    on: { [kind]: (payload: unknown) => void received.push(payload) },
    onInvalidPayload: (delivery) => void invalid.push(delivery),
    onError: (error) => void errors.push(error),
  });
  const response = await handler(
    new Request(`http://127.0.0.1${defaultWebhookPath(kind)}`, {
      method: "POST",
      headers: { authorization: TOKEN, "content-type": contentType },
      body,
    }),
  );
  return { status: response.status, received, invalid, errors };
}

describe("webhooks: unlisted enum values and other letter cases reach the typed callback", () => {
  it("covers all 18 kinds and the enum fields the spec lists", () => {
    expect(webhookKinds).toHaveLength(18);
    const enumFields = webhookKinds.flatMap((kind) =>
      enumPaths(payloadSchema(kind)).map((p) => `${kind}.${p.join(".")}`),
    );
    // Seven enums in six kinds were enforced before (new-user trial #2); every one of them is now mutated.
    expect(enumFields).toEqual(
      expect.arrayContaining([
        "kycFileAdded.status",
        "poaVerificationStatus.status",
        "kycVerificationStatus.verificationStatus",
        "kycVerificationStatus.attemptStatus",
        "partnerSepaTransfer.status",
        "cryptoDeposit.status",
        "ibanStatus.status",
      ]),
    );
  });

  for (const kind of webhookKinds) {
    it(`${kind}: every mutation of every example reaches the callback as sent`, async () => {
      const cases = mutations(kind);
      expect(cases.length).toBeGreaterThan(0);
      for (const { label, payload } of cases) {
        const outcome = await deliver(kind, JSON.stringify(payload));
        expect({ label, status: outcome.status, invalid: outcome.invalid.length }).toEqual({
          label,
          status: 200,
          invalid: 0,
        });
        expect(outcome.received, label).toEqual([payload]);
      }
    });
  }
});

describe("webhooks: null, odd amount strings and the FAQ envelope reach the typed callback", () => {
  it("the mutations cover null in the fields the audit found refused, and every amount field", () => {
    const nullable = webhookKinds.flatMap((kind) =>
      optionalPaths(payloadSchema(kind)).map((p) => `${kind}.${p.join(".")}`),
    );
    expect(nullable).toEqual(
      expect.arrayContaining([
        "p2pTransfer.error",
        "p2pTransfer.amount",
        "partnerSepaTransfer.fee",
        "cryptoDeposit.currency",
        "cryptoWithdrawal.destination",
        "kycVerificationStatus.attemptStatus",
      ]),
    );
    const amounts = webhookKinds.flatMap((kind) =>
      amountPaths(payloadSchema(kind)).map((p) => `${kind}.${p.join(".")}`),
    );
    expect(amounts).toEqual(
      expect.arrayContaining([
        "p2pTransfer.amount",
        "cryptoWithdrawal.fee",
        "cryptoDeposit.amount",
        "sepaDeposit.amount",
      ]),
    );
  });

  it("cryptoDeposit: the FAQ's {event_type, data} form reaches the callback as the flat payload in data", async () => {
    const data = { cryptoDepositId: "dep_123", status: "WAITING_FOR_TR_DATA", amount: "0.05", currency: "btc" };
    const outcome = await deliver(
      "cryptoDeposit",
      JSON.stringify({ event_type: "crypto_deposit.status_changed", data }),
    );
    expect({ status: outcome.status, invalid: outcome.invalid.length }).toEqual({ status: 200, invalid: 0 });
    expect(outcome.received).toEqual([data]);
  });

  it("cryptoDeposit: an envelope of another event type is not unwrapped (it lacks the identifier)", async () => {
    const data = { cryptoDepositId: "dep_123", status: "SUCCESSFUL" };
    const outcome = await deliver("cryptoDeposit", JSON.stringify({ event_type: "card.transaction", data }));
    expect(outcome.received).toEqual([]);
    expect(outcome.invalid.map((d) => d.reason)).toEqual(["invalid_payload"]);
  });

  it("a JSON type that contradicts a documented one (an amount as an object) still reaches onInvalidPayload", async () => {
    const example = Object.values(webhookExamples.cryptoWithdrawal)[0]!;
    const outcome = await deliver("cryptoWithdrawal", JSON.stringify({ ...example, amount: { value: 1 } }));
    expect(outcome.received).toEqual([]);
    expect(outcome.invalid.map((d) => d.reason)).toEqual(["invalid_payload"]);
  });
});

describe("webhooks: a delivery that cannot be typed reaches onInvalidPayload", () => {
  it("cryptoDeposit without its identifier: the hook gets kind, raw body, parsed payload and problems; 200", async () => {
    const { cryptoDepositId: _dropped, ...payload } = Object.values(webhookExamples.cryptoDeposit)[0]!;
    const body = JSON.stringify(payload);
    const outcome = await deliver("cryptoDeposit", body);
    expect(outcome.status).toBe(200);
    expect(outcome.received).toEqual([]);
    expect(outcome.invalid).toHaveLength(1);
    const [delivery] = outcome.invalid;
    expect(delivery).toMatchObject({ kind: "cryptoDeposit", reason: "invalid_payload", rawBody: body, payload });
    expect(delivery!.problems[0]).toMatchObject({ pointer: "/cryptoDepositId", keyword: "required" });
    // Accepted (200), so not reported as a failure: logs and alerts must not say a delivery failed when it did not.
    expect(outcome.errors).toEqual([]);
  });

  it("a body that is not JSON: the hook gets the raw text; 200", async () => {
    const outcome = await deliver("p2pTransfer", "id=1&status=SUCCESSFUL");
    expect(outcome.status).toBe(200);
    expect(outcome.invalid).toEqual([
      expect.objectContaining({
        kind: "p2pTransfer",
        reason: "invalid_json",
        rawBody: "id=1&status=SUCCESSFUL",
        payload: undefined,
      }),
    ]);
  });

  it("a JSON body sent as text/plain: the hook gets it instead of a 415", async () => {
    const body = JSON.stringify(Object.values(webhookExamples.exchange)[0]);
    const outcome = await deliver("exchange", body, "text/plain");
    expect(outcome.status).toBe(200);
    expect(outcome.invalid).toEqual([
      expect.objectContaining({ kind: "exchange", reason: "unsupported_media_type", rawBody: body }),
    ]);
  });

  it("invalid UTF-8: the hook gets the body with replacement characters", async () => {
    const handlerInvalid: InvalidWebhookDelivery[] = [];
    const handler = createFetchWebhookHandler({
      token: TOKEN,
      on: { exchange: () => undefined },
      onInvalidPayload: (delivery) => void handlerInvalid.push(delivery),
    });
    const body = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]);
    const response = await handler(
      new Request(`http://127.0.0.1${defaultWebhookPath("exchange")}`, {
        method: "POST",
        headers: { authorization: TOKEN, "content-type": "application/json" },
        body,
      }),
    );
    expect(response.status).toBe(200);
    expect(handlerInvalid).toEqual([expect.objectContaining({ reason: "invalid_json", rawBody: '{"a":"\uFFFD"}' })]);
  });

  it("a hook that throws makes the receiver answer 500, so P100 retries", async () => {
    const handler = createFetchWebhookHandler({
      token: TOKEN,
      on: { p2pTransfer: () => undefined },
      onInvalidPayload: () => {
        throw new Error("queue unavailable");
      },
    });
    const response = await handler(
      new Request(`http://127.0.0.1${defaultWebhookPath("p2pTransfer")}`, {
        method: "POST",
        headers: { authorization: TOKEN, "content-type": "application/json" },
        body: "{}",
      }),
    );
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: "handler_failed" });
  });

  it("without a hook the delivery is refused (422) and reported to onError, as before", async () => {
    const errors: P100WebhookError[] = [];
    const handler = createFetchWebhookHandler({
      token: TOKEN,
      on: { p2pTransfer: () => undefined },
      onError: (error) => void errors.push(error),
    });
    const response = await handler(
      new Request(`http://127.0.0.1${defaultWebhookPath("p2pTransfer")}`, {
        method: "POST",
        headers: { authorization: TOKEN, "content-type": "application/json" },
        body: "{}",
      }),
    );
    expect(response.status).toBe(422);
    expect(errors.map((e) => e.code)).toEqual(["invalid_payload"]);
  });

  it("a wrong token never reaches the hook", async () => {
    const invalid: InvalidWebhookDelivery[] = [];
    const handler = createFetchWebhookHandler({
      token: TOKEN,
      on: { p2pTransfer: () => undefined },
      onInvalidPayload: (d) => void invalid.push(d),
    });
    const response = await handler(
      new Request(`http://127.0.0.1${defaultWebhookPath("p2pTransfer")}`, {
        method: "POST",
        headers: { authorization: "wrong", "content-type": "application/json" },
        body: "not json",
      }),
    );
    expect(response.status).toBe(401);
    expect(invalid).toEqual([]);
  });
});
