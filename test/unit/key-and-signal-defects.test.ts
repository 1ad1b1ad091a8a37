// Regression tests of two defects: an API key that cannot be a header value was accepted and then printed whole in
// every error (undici's invalid-header message, kept as `cause`); and `p100.raw` ignored the caller's AbortSignal.
import { describe, expect, it } from "vitest";
import {
  createP100Client,
  P100AbortError,
  P100ArgumentError,
  P100ConfigurationError,
  P100ConnectionError,
  type FetchLike,
} from "../../src/index.js";
import { errorSurfaces } from "../support/secret-scan.js";
import { json } from "../support/fake-fetch.js";

const KEY = "sk_live_DEFECT_9d8c7b6a5f4e3d2c1b0a";
const user = { externalUserId: "u-1" };

describe("an API key that cannot be sent as a header value", () => {
  it.each([
    ["a trailing LF", `${KEY}\n`],
    ["a CR LF inside", `${KEY.slice(0, 10)}\r\n${KEY.slice(10)}`],
    ["a NUL", `${KEY}\u0000`],
    ["a tab", `${KEY}\tx`],
    ["DEL", `${KEY}\u007f`],
    ["a C1 control", `${KEY}\u0085`],
    ["a non-Latin-1 letter", `${KEY}ł`],
    ["an emoji", `${KEY}🔑`],
    ["surrounding spaces", ` ${KEY} `],
  ])("is refused by createP100Client (%s), and the error does not hold the key", (_label, apiKey) => {
    let error: unknown;
    try {
      createP100Client({ apiKey });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(P100ConfigurationError);
    expect((error as Error).message).toMatch(/^The API key cannot be sent as an HTTP header value: /);
    for (const text of errorSurfaces(error)) expect(text).not.toContain(KEY);
  });

  it("a Latin-1 key (bytes 0xA0-0xFF) is still accepted", () => {
    expect(() => createP100Client({ apiKey: `${KEY}é` })).not.toThrow();
  });
});

/** Custom fetches that throw the key back in every place an error can hold it. */
const throwers: [string, FetchLike][] = [
  // What undici itself does with a header value it cannot send: its message quotes the value.
  [
    "undici's invalid-header TypeError",
    (request) => Promise.resolve(new Headers([["x-api-key", `${request.headers.get("x-api-key")}\r\nx`]])) as never,
  ],
  // A custom fetch that resolves to something that is not a Response (here: bare headers quoting the key).
  [
    "a fetch resolving to a non-Response",
    (request) => Promise.resolve(new Headers([["x-echo", `${request.headers.get("x-api-key")}`]])) as never,
  ],
  ["the key in the message", () => Promise.reject(new TypeError(`bad header x-api-key: ${KEY}`))],
  [
    "the key in a nested cause",
    () =>
      Promise.reject(new TypeError("fetch failed", { cause: new Error("inner", { cause: new Error(`deep ${KEY}`) }) })),
  ],
  ["the key in a code", () => Promise.reject(Object.assign(new Error("failed"), { code: KEY }))],
  ["a thrown string", () => Promise.reject(`string with ${KEY}`)],
  ["an AggregateError", () => Promise.reject(new AggregateError([new Error(KEY)], "many"))],
  ["a plain object", () => Promise.reject({ detail: KEY })],
];

describe("whatever the fetch throws, no error holds the key", () => {
  it.each(throwers)("%s: methods (read and write) and p100.raw", async (_label, fetch) => {
    const p100 = createP100Client({ apiKey: KEY, baseUrl: "https://api.test", fetch, maxRetries: 0 });
    const errors = [
      await p100.getUserBalances(user).catch((e: unknown) => e),
      await p100.deleteUser(user).catch((e: unknown) => e),
      await p100.raw.GET("/v1/partner/balances").catch((e: unknown) => e),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(P100ConnectionError);
      for (const text of errorSurfaces(error)) expect(text).not.toContain(KEY);
    }
  });

  it("the cause stays useful: same class, name and code, only the key replaced", async () => {
    const fetch: FetchLike = () =>
      Promise.reject(Object.assign(new TypeError(`refused for ${KEY}`), { code: "ECONNREFUSED" }));
    const p100 = createP100Client({ apiKey: KEY, baseUrl: "https://api.test", fetch, maxRetries: 0 });
    const error = (await p100.getUserBalances(user).catch((e: unknown) => e)) as P100ConnectionError;
    expect(error.cause).toBeInstanceOf(TypeError);
    expect((error.cause as TypeError & { code: string }).code).toBe("ECONNREFUSED");
    expect((error.cause as Error).message).toBe("refused for [redacted]");
  });

  it("an invalid header given per call fails before sending, without quoting the key", async () => {
    let sent = 0;
    const p100 = createP100Client({
      apiKey: KEY,
      baseUrl: "https://api.test",
      fetch: async () => (sent++, json(200, {})),
    });
    const error = await p100.getUserBalances(user, { headers: { "x-debug": `${KEY}\nX` } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100ArgumentError);
    for (const text of errorSurfaces(error)) expect(text).not.toContain(KEY);
    expect(sent).toBe(0);
  });
});

describe("p100.raw honours the caller's AbortSignal", () => {
  /** A fetch that never answers and ignores every signal: only the SDK can end the call. */
  const deaf: FetchLike = () => new Promise<Response>(() => {});

  it("in flight: the call ends with P100AbortError as soon as the signal aborts, long before its timeout", async () => {
    let calls = 0;
    const p100 = createP100Client({
      apiKey: KEY,
      baseUrl: "https://api.test",
      timeoutMs: 600_000,
      fetch: (r, i) => (calls++, deaf(r, i)),
    });
    const controller = new AbortController();
    const pending = p100.raw.GET("/v1/partner/balances", { signal: controller.signal });
    await waitFor(() => calls === 1);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(P100AbortError);
  });

  it("during a retry wait: a 503 asking for a 50 s pause, then the abort ends the wait", async () => {
    let calls = 0;
    const fetch: FetchLike = async () => (calls++, json(503, "", { "retry-after": "50" }));
    const p100 = createP100Client({
      apiKey: KEY,
      baseUrl: "https://api.test",
      timeoutMs: 600_000,
      maxRetries: 3,
      fetch,
    });
    const controller = new AbortController();
    const pending = p100.raw.GET("/v1/partner/balances", { signal: controller.signal });
    await waitFor(() => calls === 1);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(P100AbortError);
    expect(calls).toBe(1);
  });

  it("an already aborted signal sends nothing", async () => {
    let calls = 0;
    const p100 = createP100Client({
      apiKey: KEY,
      baseUrl: "https://api.test",
      fetch: async () => (calls++, json(200, {})),
    });
    await expect(p100.raw.GET("/v1/partner/balances", { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      P100AbortError,
    );
    expect(calls).toBe(0);
  });
});

/** Yields to the event loop until the condition holds (no sleeping on a clock). */
async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
