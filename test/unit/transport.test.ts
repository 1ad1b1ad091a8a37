// Retry, timeout and cancellation rules, through the client with an injected fetch (no network).
import { describe, expect, it, vi } from "vitest";
import {
  createP100Client,
  P100AbortError,
  P100ApiError,
  P100ConnectionError,
  P100RateLimitError,
  P100ServerError,
  P100TimeoutError,
  type FetchLike,
} from "../../src/index.js";
import { createTransport } from "../../src/transport.js";
import { backoffDelay, retryDelay } from "../../src/retry.js";
import { connectionRefused, fakeFetch, hangingFetch, json, type Answer } from "../support/fake-fetch.js";
import { exampleUser } from "../../examples/example-user.js";

const user = exampleUser("u-1", "jan@example.pl");
const created = json(201, { userId: "p100-1", poaRequiredForExtended: false });
/** A logger that is off. */
const silent = Object.assign(() => {}, { enabled: false });
/** "Retry now": keeps the tests fast while exercising the real retry path. */
const now = { "retry-after": "0" };

function client(fetch: FetchLike, options: { maxRetries?: number; timeoutMs?: number } = {}) {
  return createP100Client({ apiKey: "k", baseUrl: "https://partner-api-stage.p100.io", fetch, ...options });
}

/** A transport whose sleeps are recorded instead of waited for. */
function transport(answers: Answer[], policy: { maxRetries?: number; retryWrites?: boolean } = {}) {
  const fake = fakeFetch(...answers);
  const sleeps: number[] = [];
  const send = createTransport(
    fake.fetch,
    {
      timeoutMs: 1_000,
      maxRetries: policy.maxRetries ?? 2,
      maxResponseBytes: 1_000_000,
      retryWrites: policy.retryWrites ?? false,
    },
    silent,
    async (ms) => {
      sleeps.push(ms);
    },
  );
  return { send, sleeps, calls: fake.calls };
}

describe("retries", () => {
  it("a POST that meets a 503 is sent exactly once and fails with a server error", async () => {
    const fake = fakeFetch(json(503, "", now), created);
    await expect(client(fake.fetch).createUser(user)).rejects.toBeInstanceOf(P100ServerError);
    expect(fake.calls).toHaveLength(1);
  });

  it("a GET that meets a 503 is retried and then succeeds", async () => {
    const { send, calls } = transport([json(503, ""), json(200, { ok: true })]);
    const response = await send(new Request("https://x.test/v1/partner/balances"));
    expect(response.status).toBe(200);
    expect(calls.map((c) => c.method)).toEqual(["GET", "GET"]);
  });

  it("a POST with retryWrites is retried and its body is sent intact each time", async () => {
    const fake = fakeFetch(json(503, "", now), created);
    const result = await client(fake.fetch).createUser(user, { retryWrites: true });
    expect(result.userId).toBe("p100-1");
    expect(fake.calls).toHaveLength(2);
    expect(JSON.parse(fake.calls[1]!.body)).toEqual(user);
  });

  it.each([408, 429, 502, 503, 504])("a GET is retried on %s", async (status) => {
    const { send, calls } = transport([json(status, ""), json(200, {})]);
    expect((await send(new Request("https://x.test/a"))).status).toBe(200);
    expect(calls).toHaveLength(2);
  });

  it.each([400, 401, 404, 500, 501])("a GET is not retried on %s", async (status) => {
    const { send, calls } = transport([json(status, { errorCode: "P412" }), json(200, {})]);
    expect((await send(new Request("https://x.test/a"))).status).toBe(status);
    expect(calls).toHaveLength(1);
  });

  it("a GET is retried on 400 P501 (service temporarily unavailable) but not on 400 P500", async () => {
    const p501 = transport([
      json(400, { errorCode: "P501", errorMessage: "Service temporarily unavailable" }),
      json(200, {}),
    ]);
    expect((await p501.send(new Request("https://x.test/a"))).status).toBe(200);
    const p500 = transport([json(400, { errorCode: "P500" }), json(200, {})]);
    expect((await p500.send(new Request("https://x.test/a"))).status).toBe(400);
    expect(p500.calls).toHaveLength(1);
  });

  it("stops after maxRetries and returns the last answer", async () => {
    const { send, calls, sleeps } = transport([json(503, "")], { maxRetries: 3 });
    expect((await send(new Request("https://x.test/a"))).status).toBe(503);
    expect(calls).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
  });

  it("maxRetries 0 disables retries", async () => {
    const { send, calls } = transport([json(503, "")], { maxRetries: 0 });
    await send(new Request("https://x.test/a"));
    expect(calls).toHaveLength(1);
  });

  it("a connection failure of a GET is retried, then surfaces as a connection error", async () => {
    const { send, calls } = transport([connectionRefused()]);
    const error = await send(new Request("https://x.test/a?secret=1")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100ConnectionError);
    expect((error as Error).message).toBe("Connection failed: fetch failed (ECONNREFUSED) (GET https://x.test/a)");
    expect(calls).toHaveLength(3);
  });

  it("a custom fetch that throws a value String() cannot convert still gives a connection error", async () => {
    const fake = fakeFetch(() => {
      throw Object.create(null) as Error;
    });
    const error = await client(fake.fetch, { maxRetries: 0 })
      .getPartnerBalances()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100ConnectionError);
    expect((error as Error).message).toMatch(/^Connection failed: \[object Object\]/);
  });

  it("a connection failure of a POST is not retried: it may have reached the server", async () => {
    const fake = fakeFetch(connectionRefused(), created);
    await expect(client(fake.fetch).createUser(user)).rejects.toBeInstanceOf(P100ConnectionError);
    expect(fake.calls).toHaveLength(1);
  });

  it("429 exhausts its retries into a rate-limit error carrying Retry-After", async () => {
    const fake = fakeFetch(json(429, "", now));
    const error = await client(fake.fetch, { maxRetries: 1 })
      .createUser(user, { retryWrites: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100RateLimitError);
    expect((error as P100RateLimitError).retryAfterMs).toBe(0);
    expect(fake.calls).toHaveLength(2);
  });
});

describe("backoff and Retry-After", () => {
  it("honours Retry-After in seconds and as an HTTP date", async () => {
    const seconds = transport([json(429, "", { "retry-after": "2" }), json(200, {})]);
    await seconds.send(new Request("https://x.test/a"));
    expect(seconds.sleeps).toEqual([2000]);
    const date = new Date(Date.now() + 5_000).toUTCString();
    const dated = transport([json(503, "", { "retry-after": date }), json(200, {})]);
    await dated.send(new Request("https://x.test/a"));
    expect(dated.sleeps[0]).toBeGreaterThan(3_000);
    expect(dated.sleeps[0]).toBeLessThanOrEqual(5_000);
  });

  it("a Retry-After beyond 60 s is capped: the SDK falls back to its own backoff", () => {
    const response = json(503, "", { "retry-after": "3600" });
    expect(retryDelay(response, 0, () => 1)).toBe(500);
  });

  it("backoff doubles per retry, with jitter between half and all of it, capped at 8 s", () => {
    expect(backoffDelay(0, () => 0)).toBe(250);
    expect(backoffDelay(0, () => 1)).toBe(500);
    expect(backoffDelay(2, () => 1)).toBe(2000);
    expect(backoffDelay(10, () => 1)).toBe(8000);
    expect(backoffDelay(10, () => 0)).toBe(4000);
  });
});

describe("timeouts and cancellation", () => {
  it("a call that takes longer than its timeout fails with a timeout error", async () => {
    const error = await client(hangingFetch, { maxRetries: 0 })
      .createUser(user, { timeoutMs: 50 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100TimeoutError);
    expect((error as Error).message).toMatch(/timed out after 50 ms/);
  });

  it("the per-call timeout overrides the client default", async () => {
    // The message names the timeout that fired (no elapsed-time assertion: the machine may be busy).
    const error = await client(hangingFetch, { timeoutMs: 60_000 })
      .createUser(user, { timeoutMs: 30 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100TimeoutError);
    expect((error as Error).message).toMatch(/timed out after 30 ms/);
  });

  it("the caller's AbortSignal cancels a call in flight", async () => {
    const controller = new AbortController();
    const pending = client(hangingFetch).createUser(user, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(P100AbortError);
  });

  it("an already aborted signal sends nothing", async () => {
    const fake = fakeFetch(created);
    await expect(client(fake.fetch).createUser(user, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      P100AbortError,
    );
    expect(fake.calls).toHaveLength(0);
  });

  it("aborting during the wait between retries stops the retries", async () => {
    const fake = fakeFetch(json(503, ""));
    const controller = new AbortController();
    const send = createTransport(
      fake.fetch,
      { timeoutMs: 1000, maxRetries: 5, maxResponseBytes: 1_000_000, retryWrites: false, signal: controller.signal },
      silent,
    );
    const pending = send(new Request("https://x.test/a"));
    await vi.waitFor(() => expect(fake.calls).toHaveLength(1));
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(P100AbortError);
    expect(fake.calls).toHaveLength(1);
  });
});

describe("the body is read within the attempt", () => {
  /** A 200 whose body sends one chunk, then fails (or, with `stall`, never ends). */
  function brokenBody(stall = false): Response {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"fiatBalances":['));
        if (!stall) controller.error(new TypeError("terminated"));
      },
    });
    return new Response(body, { status: 200, headers: { "content-type": "application/json" } });
  }

  it("a connection lost in the middle of a body is a connection error, and a GET is retried", async () => {
    const { send, calls } = transport([() => brokenBody(), () => brokenBody(), json(200, { ok: true })]);
    const response = await send(new Request("https://x.test/a"));
    expect(await response.json()).toEqual({ ok: true });
    expect(calls).toHaveLength(3);
  });

  it("a POST whose body breaks fails once with a connection error, not a raw TypeError", async () => {
    const fake = fakeFetch(() => brokenBody());
    const error = await client(fake.fetch)
      .createUser(user)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100ConnectionError);
    expect((error as Error).message).toMatch(/^Connection lost while reading the response: terminated/);
    expect(fake.calls).toHaveLength(1);
  });

  it("a body that stalls is cut by the timeout, even when the custom fetch ignores the signal", async () => {
    const fake = fakeFetch(() => brokenBody(true));
    const error = await client(fake.fetch, { maxRetries: 0 })
      .createUser(user, { timeoutMs: 50 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100TimeoutError);
  });

  it("the buffered response keeps status, headers and url", async () => {
    const original = json(201, { userId: "u" }, { "x-request-id": "r1" });
    Object.defineProperty(original, "url", { value: "https://x.test/v1/user" });
    const { send } = transport([() => original]);
    const response = await send(new Request("https://x.test/v1/user"));
    expect(response.status).toBe(201);
    expect(response.headers.get("x-request-id")).toBe("r1");
    expect(response.url).toBe("https://x.test/v1/user");
  });
});

describe("redirects", () => {
  it("are never followed: the request goes out with redirect 'manual' and a 3xx is an API error", async () => {
    const modes: string[] = [];
    const fetch: FetchLike = async (request) => {
      modes.push(request.redirect);
      return new Response(null, { status: 307, headers: { location: "https://elsewhere.test/steal" } });
    };
    const error = await client(fetch)
      .createUser(user)
      .catch((e: unknown) => e);
    expect(modes).toEqual(["manual"]);
    expect(error).toBeInstanceOf(P100ApiError);
    expect((error as P100ApiError).status).toBe(307);
  });
});
