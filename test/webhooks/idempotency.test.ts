// The in-memory idempotency store under a flood: bounded by bytes as well as by count, and never forgetting an
// unfinished claim (forgetting one lets a repeat of the same event run its callback alongside the first).
import { describe, expect, it } from "vitest";
import {
  createMemoryIdempotencyStore,
  createFetchWebhookHandler,
  createTestWebhookRequest,
} from "../../src/webhooks/index.js";

describe("the in-memory idempotency store under a flood", () => {
  it("never evicts an in-progress claim, however many keys follow", () => {
    const store = createMemoryIdempotencyStore({ maxEntries: 100 });
    expect(store.claim("slow-event")).toBe("new");
    for (let i = 0; i < 1_000; i++) {
      const key = `flood-${i}`;
      if (store.claim(key) === "new") store.complete(key);
    }
    expect(store.claim("slow-event")).toBe("in_progress");
  });

  it("is bounded by bytes: long keys push out the oldest processed keys", () => {
    const store = createMemoryIdempotencyStore({ maxBytes: 64 * 1024 });
    store.claim("first");
    store.complete("first");
    // 20 keys of 8 KiB of UTF-16 text each: about 320 KiB against a 64 KiB budget.
    for (let i = 0; i < 20; i++) {
      const key = `${i}:${"k".repeat(4096)}`;
      store.claim(key);
      store.complete(key);
    }
    expect(store.claim("first")).toBe("new");
    // The newest processed key is still remembered.
    expect(store.claim(`19:${"k".repeat(4096)}`)).toBe("done");
  });

  it("when unfinished claims alone fill it, a new claim is refused rather than an old one forgotten", () => {
    const store = createMemoryIdempotencyStore({ maxEntries: 3 });
    for (const key of ["a", "b", "c"]) expect(store.claim(key)).toBe("new");
    expect(() => store.claim("d")).toThrow(/full of unfinished claims/);
    expect(["a", "b", "c"].map((key) => store.claim(key))).toEqual(["in_progress", "in_progress", "in_progress"]);
    store.complete("a");
    expect(store.claim("d")).toBe("new");
  });

  it("a single key larger than maxBytes is refused as such, without forgetting anything", () => {
    const store = createMemoryIdempotencyStore({ maxBytes: 1024 });
    store.claim("kept");
    store.complete("kept");
    expect(() => store.claim("k".repeat(1024))).toThrow(/does not fit the in-memory store's maxBytes \(1024\)/);
    expect(store.claim("kept")).toBe("done");
  });

  it("a claim that outlived inProgressTtlMs may make room", () => {
    let now = 0;
    const store = createMemoryIdempotencyStore({ maxEntries: 1, inProgressTtlMs: 100, now: () => now });
    expect(store.claim("stuck")).toBe("new");
    now = 101;
    expect(store.claim("next")).toBe("new");
  });

  it("through the receiver: a full store answers 500 (P100 retries), never a second callback for a running event", async () => {
    let release: () => void = () => undefined;
    const calls: string[] = [];
    const handler = createFetchWebhookHandler({
      token: "t",
      idempotency: createMemoryIdempotencyStore({ maxEntries: 1 }),
      on: {
        cryptoDeposit: async (payload) => {
          calls.push(payload.cryptoDepositId);
          await new Promise<void>((resolve) => (release = resolve));
        },
      },
    });
    const first = handler(
      createTestWebhookRequest("cryptoDeposit", { token: "t", overrides: { cryptoDepositId: "dep-1" } }),
    );
    await expect.poll(() => calls).toEqual(["dep-1"]);
    const other = await handler(
      createTestWebhookRequest("cryptoDeposit", { token: "t", overrides: { cryptoDepositId: "dep-2" } }),
    );
    expect(other.status).toBe(500);
    const repeat = await handler(
      createTestWebhookRequest("cryptoDeposit", { token: "t", overrides: { cryptoDepositId: "dep-1" } }),
    );
    expect(repeat.status).toBe(409);
    release();
    expect((await first).status).toBe(200);
    expect(calls).toEqual(["dep-1"]);
  });
});
