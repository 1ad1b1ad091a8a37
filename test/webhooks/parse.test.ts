// Unit tests of verification and parsing: each failure has its code, status and a precise message, and no message
// ever contains a token.
import { describe, expect, it } from "vitest";
import { constantTimeEqualBytes } from "../../src/webhooks/verify.js";
import {
  DEFAULT_MAX_BODY_BYTES,
  P100WebhookConfigurationError,
  P100WebhookError,
  P100WebhookPayloadError,
  P100WebhookUnauthorizedError,
  buildTestWebhook,
  parseWebhook,
  timingSafeEqualStrings,
  validateWebhookPayload,
  verifyWebhook,
  verifyWebhookToken,
  webhookIdempotencyKey,
  createMemoryIdempotencyStore,
} from "../../src/webhooks/index.js";

const TOKEN = "whsec-test-0123456789abcdef";
const catchError = (fn: () => unknown): P100WebhookError => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(P100WebhookError);
    return error as P100WebhookError;
  }
  throw new Error("expected a P100WebhookError");
};

describe("verifyWebhookToken", () => {
  it("accepts the exact token, and any token of a rotation", () => {
    expect(() => verifyWebhookToken(TOKEN, TOKEN)).not.toThrow();
    expect(() => verifyWebhookToken(TOKEN, ["old-token", TOKEN])).not.toThrow();
  });

  it("refuses a missing header with 401 unauthorized (missing: true)", () => {
    for (const header of [undefined, null, ""]) {
      const error = catchError(() => verifyWebhookToken(header, TOKEN));
      expect(error).toBeInstanceOf(P100WebhookUnauthorizedError);
      expect(error.status).toBe(401);
      expect((error as P100WebhookUnauthorizedError).missing).toBe(true);
    }
  });

  it("refuses a wrong, prefixed, truncated or extended token; the message holds neither token", () => {
    for (const header of ["nope", `Bearer ${TOKEN}`, TOKEN.slice(0, -1), `${TOKEN}x`, TOKEN.toUpperCase()]) {
      const error = catchError(() => verifyWebhookToken(header, TOKEN));
      expect(error.code).toBe("unauthorized");
      expect((error as P100WebhookUnauthorizedError).missing).toBe(false);
      const shown = `${error.message} ${JSON.stringify(error)} ${String(error.stack)}`;
      expect(shown).not.toContain(TOKEN);
      expect(shown).not.toContain(header);
    }
  });

  it("refuses to run without a token", () => {
    expect(() => verifyWebhookToken(TOKEN, "")).toThrow(P100WebhookConfigurationError);
    expect(() => verifyWebhookToken(TOKEN, [])).toThrow(P100WebhookConfigurationError);
  });

  it("compares strings by UTF-8 bytes, lengths included", () => {
    expect(timingSafeEqualStrings("zażółć", "zażółć")).toBe(true);
    expect(timingSafeEqualStrings("zażółć", "zazolc")).toBe(false);
    expect(timingSafeEqualStrings("abc", "abc\u0000")).toBe(false);
    expect(timingSafeEqualStrings("", "")).toBe(true);
  });

  it("the portable fallback (Workers, Deno without node:crypto) agrees with node:crypto", () => {
    const enc = new TextEncoder();
    expect(constantTimeEqualBytes(enc.encode("abc"), enc.encode("abc"))).toBe(true);
    expect(constantTimeEqualBytes(enc.encode("abc"), enc.encode("abd"))).toBe(false);
    expect(constantTimeEqualBytes(enc.encode("abc"), enc.encode("ab"))).toBe(false);
    expect(constantTimeEqualBytes(new Uint8Array([0]), new Uint8Array([]))).toBe(false);
  });
});

describe("parseWebhook", () => {
  const deposit = buildTestWebhook("cryptoDeposit", { token: TOKEN, example: "waitingForTrData" });

  it("parses a raw string, Uint8Array or ArrayBuffer into the typed payload", () => {
    const bytes = new TextEncoder().encode(deposit.body);
    for (const body of [deposit.body, bytes, bytes.buffer]) {
      const payload = parseWebhook("cryptoDeposit", body, { contentType: "application/json; charset=utf-8" });
      expect(payload).toEqual(deposit.payload);
      expect(payload.status).toBe("WAITING_FOR_TR_DATA");
    }
  });

  it("verifyWebhook checks the token before looking at the body", () => {
    const error = catchError(() =>
      verifyWebhook("cryptoDeposit", "not json at all", { authorization: "wrong", token: TOKEN }),
    );
    expect(error.code).toBe("unauthorized");
    expect(verifyWebhook("cryptoDeposit", deposit.body, { authorization: TOKEN, token: TOKEN })).toEqual(
      deposit.payload,
    );
  });

  it("malformed JSON: 400 invalid_json", () => {
    for (const body of ["{", "", "{'a': 1}", "undefined"]) {
      const error = catchError(() => parseWebhook("cryptoDeposit", body));
      expect([error.code, error.status]).toEqual(["invalid_json", 400]);
    }
    expect(catchError(() => parseWebhook("cryptoDeposit", new Uint8Array([0x7b, 0xff, 0x7d]))).message).toContain(
      "UTF-8",
    );
  });

  it("wrong or missing content type: 415 unsupported_media_type", () => {
    for (const contentType of [
      "text/plain",
      "application/x-www-form-urlencoded",
      null,
      "application/json; charset=latin1",
    ]) {
      const error = catchError(() => parseWebhook("cryptoDeposit", deposit.body, { contentType }));
      expect([error.code, error.status]).toEqual(["unsupported_media_type", 415]);
    }
    expect(() => parseWebhook("cryptoDeposit", deposit.body, { contentType: "Application/JSON" })).not.toThrow();
  });

  it("oversized body: 413 payload_too_large, before parsing", () => {
    const big = `{"cryptoDepositId":"x","status":"SUCCESSFUL","pad":"${"a".repeat(DEFAULT_MAX_BODY_BYTES)}"}`;
    expect(catchError(() => parseWebhook("cryptoDeposit", big)).code).toBe("payload_too_large");
    expect(catchError(() => parseWebhook("cryptoDeposit", deposit.body, { maxBodyBytes: 10 })).status).toBe(413);
    // Multi-byte characters count as bytes, not as string length.
    expect(catchError(() => parseWebhook("cryptoDeposit", `"${"ż".repeat(6)}"`, { maxBodyBytes: 10 })).code).toBe(
      "payload_too_large",
    );
  });

  it("unknown kind: 404 unknown_kind", () => {
    for (const kind of ["nope", "__proto__", "toString", ""]) {
      const error = catchError(() => parseWebhook(kind as "cryptoDeposit", deposit.body));
      expect([error.code, error.status]).toEqual(["unknown_kind", 404]);
    }
  });

  it("invalid payload: 422 invalid_payload naming the offending field", () => {
    const wrongStatus = catchError(() =>
      validateWebhookPayload("cryptoDeposit", { ...deposit.payload, status: 7 }),
    ) as P100WebhookPayloadError;
    expect(wrongStatus).toBeInstanceOf(P100WebhookPayloadError);
    expect([wrongStatus.status, wrongStatus.pointer, wrongStatus.field]).toEqual([422, "/status", "status"]);
    expect(wrongStatus.message).toBe("Invalid cryptoDeposit webhook payload: /status must be string");

    const missing = catchError(() =>
      parseWebhook("userBalanceGeneration", '{"status":"ACTIVE"}'),
    ) as P100WebhookPayloadError;
    expect([missing.pointer, missing.field, missing.issues[0]?.keyword]).toEqual([
      "/externalUserId",
      "externalUserId",
      "required",
    ]);
    expect(missing.message).toContain("/externalUserId is required");

    const amount = catchError(() =>
      parseWebhook("p2pTransfer", '{"id":"x","status":"SUCCESSFUL","amount":true}'),
    ) as P100WebhookPayloadError;
    expect([amount.pointer, amount.field]).toEqual(["/amount", "amount"]);

    const nested = catchError(() =>
      parseWebhook("p2pTransfer", '{"id":"x","status":"FAILED","error":{"description":5}}'),
    ) as P100WebhookPayloadError;
    expect([nested.pointer, nested.field]).toEqual(["/error/description", "description"]);

    for (const body of ["[]", "null", "42", '"text"']) {
      const notObject = catchError(() => parseWebhook("createWallet", body)) as P100WebhookPayloadError;
      expect([notObject.code, notObject.pointer, notObject.field]).toEqual(["invalid_payload", "", undefined]);
    }
    expect(JSON.stringify(wrongStatus)).toContain('"pointer":"/status"');
  });

  it("accepts amounts as strings and numbers, and fields the spec does not know", () => {
    expect(
      parseWebhook("partnerSepaTransfer", '{"id":"a","status":"SUCCESSFUL","amount":"3.8","fee":0,"brandNew":true}'),
    ).toMatchObject({ amount: "3.8", fee: 0 });
    expect(
      parseWebhook("partnerSepaTransfer", '{"id":"a","status":"SUCCESSFUL","amount":3.8,"fee":"0.10"}'),
    ).toMatchObject({ amount: 3.8 });
    expect(parseWebhook("cardTransaction", '{"anything":{"goes":[1,2]}}')).toEqual({ anything: { goes: [1, 2] } });
  });
});

describe("idempotency", () => {
  it("keys events by the spec's natural identifier, or not at all", () => {
    expect(webhookIdempotencyKey("p2pTransfer", { id: "t1", status: "SUCCESSFUL" })).toBe(
      '["p2pTransfer","t1","SUCCESSFUL"]',
    );
    expect(webhookIdempotencyKey("cryptoDeposit", { cryptoDepositId: "d", status: "WAITING_FOR_TR_DATA" })).toBe(
      '["cryptoDeposit","d","WAITING_FOR_TR_DATA"]',
    );
    // Two KYC file uploads send identical bodies: no natural identifier, no deduplication.
    expect(webhookIdempotencyKey("kycFileAdded", { externalUserId: "u", status: "ADDED" })).toBeUndefined();
    // An inferred payload without the expected fields is not deduplicated either.
    expect(webhookIdempotencyKey("exchange", { status: "COMPLETED" })).toBeUndefined();
  });

  it("the memory store claims, completes, releases and forgets after its TTL", () => {
    let now = 0;
    const store = createMemoryIdempotencyStore({ ttlMs: 1000, inProgressTtlMs: 100, maxEntries: 2, now: () => now });
    expect(store.claim("a")).toBe("new");
    expect(store.claim("a")).toBe("in_progress");
    store.release("a");
    expect(store.claim("a")).toBe("new");
    store.complete("a");
    expect(store.claim("a")).toBe("done");
    now = 1001;
    expect(store.claim("a")).toBe("new");
    now += 101;
    expect(store.claim("a")).toBe("new");
    store.complete("a");
    store.claim("b");
    store.complete("b");
    store.claim("c");
    // maxEntries 2: the oldest processed key is forgotten.
    expect(store.claim("a")).toBe("new");
  });
});
