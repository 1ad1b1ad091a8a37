// `maxResponseBytes` (default 10 MiB, per client and per call): the client stops reading a body past it and throws a
// P100ResponseTooLargeError, instead of buffering whatever a hostile or misconfigured endpoint streams until timeoutMs.
import { describe, expect, it } from "vitest";
import {
  createP100Client,
  P100ArgumentError,
  P100ConfigurationError,
  P100ResponseTooLargeError,
  type FetchLike,
} from "../../src/index.js";

const MiB = 1024 * 1024;
const CHUNK = 64 * 1024;

/** A fetch answering with an endless JSON-looking body, counting the bytes the client pulled from it. */
function endlessFetch(status = 200): { fetch: FetchLike; pulled: () => number; cancelled: () => boolean } {
  let pulled = 0;
  let cancelled = false;
  const fetch: FetchLike = async () => {
    const chunk = new Uint8Array(CHUNK).fill(0x20);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += CHUNK;
        controller.enqueue(pulled === CHUNK ? new TextEncoder().encode(`{"a":"`.padEnd(CHUNK, "x")) : chunk);
      },
      cancel() {
        cancelled = true;
      },
    });
    return new Response(body, { status, headers: { "content-type": "application/json" } });
  };
  return { fetch, pulled: () => pulled, cancelled: () => cancelled };
}

describe("maxResponseBytes", () => {
  it("default 10 MiB: an endless body stops at the limit with a typed error, the stream cancelled", async () => {
    const endless = endlessFetch();
    const p100 = createP100Client({ apiKey: "k", fetch: endless.fetch });
    const error = await p100.getPartnerBalances().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100ResponseTooLargeError);
    expect((error as P100ResponseTooLargeError).maxResponseBytes).toBe(10 * MiB);
    expect((error as Error).message).toMatch(/maxResponseBytes/);
    expect(endless.pulled()).toBeLessThanOrEqual(10 * MiB + 4 * CHUNK);
    expect(endless.cancelled()).toBe(true);
  });

  it("per client and per call; the call's value wins; not retried", async () => {
    const endless = endlessFetch();
    const p100 = createP100Client({ apiKey: "k", fetch: endless.fetch, maxResponseBytes: 2 * MiB });
    const error = await p100.getPartnerBalances(undefined, { maxResponseBytes: MiB }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100ResponseTooLargeError);
    expect((error as P100ResponseTooLargeError).maxResponseBytes).toBe(MiB);
    expect(endless.pulled()).toBeLessThanOrEqual(MiB + 4 * CHUNK);
    const clientLimit = await p100.getPartnerBalances().catch((e: unknown) => e);
    expect((clientLimit as P100ResponseTooLargeError).maxResponseBytes).toBe(2 * MiB);
  });

  it("an error status is limited too, and so is p100.raw", async () => {
    const p100 = createP100Client({
      apiKey: "k",
      fetch: endlessFetch(500).fetch,
      maxResponseBytes: MiB,
      maxRetries: 0,
    });
    await expect(p100.getPartnerBalances()).rejects.toBeInstanceOf(P100ResponseTooLargeError);
    await expect(p100.raw.GET("/v1/partner/balances")).rejects.toBeInstanceOf(P100ResponseTooLargeError);
  });

  it("a Content-Length past the limit is refused before reading; a body within it is read whole", async () => {
    let read = false;
    const big: FetchLike = async () =>
      new Response(
        new ReadableStream(
          {
            pull(controller) {
              read = true;
              controller.enqueue(new TextEncoder().encode("{}"));
              controller.close();
            },
          },
          { highWaterMark: 0 },
        ),
        { status: 200, headers: { "content-length": String(5 * MiB) } },
      );
    const small = createP100Client({ apiKey: "k", fetch: big, maxResponseBytes: MiB });
    await expect(small.getPartnerBalances()).rejects.toBeInstanceOf(P100ResponseTooLargeError);
    expect(read).toBe(false);
    const exact = JSON.stringify({ balances: [] });
    const fits = createP100Client({
      apiKey: "k",
      fetch: async () => new Response(exact),
      maxResponseBytes: exact.length,
    });
    await expect(fits.getPartnerBalances()).resolves.toEqual({ balances: [] });
  });

  it("an unusable limit is refused: by the client at creation, by a call before sending", async () => {
    for (const bad of [0, -1, Number.NaN, 1.5, Number.POSITIVE_INFINITY]) {
      expect(() => createP100Client({ apiKey: "k", maxResponseBytes: bad })).toThrow(P100ConfigurationError);
    }
    const p100 = createP100Client({ apiKey: "k", fetch: endlessFetch().fetch });
    await expect(p100.getPartnerBalances(undefined, { maxResponseBytes: 0 })).rejects.toBeInstanceOf(P100ArgumentError);
  });
});
