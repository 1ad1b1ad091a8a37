// Client options and the operation methods, with an injected fetch (no network).
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import {
  createP100Client,
  environments,
  operationTable,
  P100ArgumentError,
  P100ConfigurationError,
  P100InvalidResponseError,
  SDK_VERSION,
  type OperationMethods,
} from "../../src/index.js";
import { fakeFetch, json } from "../support/fake-fetch.js";
import { exampleUser } from "../../examples/example-user.js";

const body = exampleUser("u-1", "jan@example.pl");
const created = json(201, { userId: "p100-1", poaRequiredForExtended: true });

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("configuration", () => {
  it("refuses to start without an API key, naming both ways to give one", () => {
    expect(() => createP100Client({})).toThrow(P100ConfigurationError);
    expect(() => createP100Client({})).toThrow(/apiKey.*P100_API_KEY/);
  });

  it("reads the API key from P100_API_KEY", async () => {
    vi.stubEnv("P100_API_KEY", "env-key");
    const fake = fakeFetch(created);
    await createP100Client({ fetch: fake.fetch }).createUser(body);
    expect(fake.calls[0]!.headers.get("x-api-key")).toBe("env-key");
  });

  it("talks to staging by default: nothing reaches production unless asked", async () => {
    const fake = fakeFetch(created);
    const p100 = createP100Client({ apiKey: "k", fetch: fake.fetch });
    expect(p100.baseUrl).toBe(environments.staging);
    await p100.createUser(body);
    expect(fake.calls[0]!.url).toBe("https://partner-api-stage.p100.io/v1/user/balances/crypto-and-fiat");
  });

  it("uses production only when asked", () => {
    expect(createP100Client({ apiKey: "k", environment: "production" }).baseUrl).toBe("https://partner-api.p100.io");
  });

  it.each([
    ["http://partner-api.p100.io", /https/],
    ["ftp://example.com", /https/],
    ["not a url", /not a valid absolute URL/],
    ["https://user:pass@example.com", /credentials/],
    ["https://proxy.example.com/p100?x=1", /query string or a fragment/],
    ["https://proxy.example.com/p100#top", /query string or a fragment/],
    ["https://proxy.example.com/?", /query string or a fragment/],
  ])("refuses the base URL %s", (baseUrl, message) => {
    expect(() => createP100Client({ apiKey: "k", baseUrl })).toThrow(message);
  });

  it.each(["http://127.0.0.1:4010", "http://localhost:4010/", "http://[::1]:4010", "https://proxy.example.com/p100/"])(
    "accepts the base URL %s",
    (baseUrl) => {
      expect(createP100Client({ apiKey: "k", baseUrl }).baseUrl).toBe(baseUrl.replace(/\/$/, ""));
    },
  );

  it("refuses an unknown environment", () => {
    expect(() => createP100Client({ apiKey: "k", environment: "prod" as "production" })).toThrow(
      /Unknown environment "prod"/,
    );
  });

  it.each([
    [{ timeoutMs: 0 }, /timeoutMs/],
    [{ timeoutMs: Number.NaN }, /timeoutMs/],
    [{ timeoutMs: 2 ** 31 }, /between 1 and 2147483647/],
    [{ maxRetries: -1 }, /maxRetries/],
    [{ maxRetries: Number.POSITIVE_INFINITY }, /maxRetries must be a finite number/],
  ])("refuses %j", (options, message) => {
    expect(() => createP100Client({ apiKey: "k", ...options })).toThrow(message);
  });
});

describe("requests", () => {
  it("sends x-api-key, a User-Agent naming the SDK and its version, JSON and per-call headers", async () => {
    const fake = fakeFetch(created);
    await createP100Client({ apiKey: "k", fetch: fake.fetch }).createUser(body, { headers: { "x-trace": "t1" } });
    const sent = fake.calls[0]!;
    expect(sent.method).toBe("POST");
    expect(sent.headers.get("x-api-key")).toBe("k");
    expect(sent.headers.get("user-agent")).toBe(`p100-partner-sdk/${SDK_VERSION}`);
    expect(sent.headers.get("content-type")).toBe("application/json");
    expect(sent.headers.get("x-trace")).toBe("t1");
    expect(JSON.parse(sent.body)).toEqual(body);
  });

  it("SDK_VERSION matches package.json", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    expect(SDK_VERSION).toBe(pkg.version);
  });

  it("resolves to the parsed success body", async () => {
    const fake = fakeFetch(created);
    const result = await createP100Client({ apiKey: "k", fetch: fake.fetch }).createUser(body);
    expect(result).toEqual({ userId: "p100-1", poaRequiredForExtended: true });
  });

  it.each([
    [
      "malformed JSON",
      new Response("{not json", { status: 201, headers: { "content-type": "application/json" } }),
      /malformed application\/json/,
    ],
    ["an empty body", new Response("", { status: 201 }), /empty body/],
    [
      "HTML",
      new Response("<html></html>", { status: 200, headers: { "content-type": "text/html" } }),
      /malformed text\/html/,
    ],
  ])("a success with %s is an invalid-response error, not a crash", async (_label, response, message) => {
    const fake = fakeFetch(response);
    const error = await createP100Client({ apiKey: "k", fetch: fake.fetch })
      .createUser(body)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100InvalidResponseError);
    expect((error as Error).message).toMatch(message);
    expect((error as P100InvalidResponseError).status).toBe(response.status);
  });

  it("an unreadable success names its content type, cut and without the API key a server could echo", async () => {
    const fake = fakeFetch(
      new Response("<html>", {
        status: 200,
        headers: { "content-type": `text/html; k=${"secret-key"}; ${"x".repeat(300)}` },
      }),
    );
    const error = await createP100Client({ apiKey: "secret-key", fetch: fake.fetch })
      .getPartnerBalances()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100InvalidResponseError);
    expect((error as Error).message).toContain("malformed text/html; k=[redacted]; xxx");
    expect((error as Error).message).not.toContain("secret-key");
    expect((error as Error).message).not.toContain("x".repeat(101));
  });

  it("JSON with __proto__ keys cannot pollute prototypes", async () => {
    const fake = fakeFetch(
      new Response('{"userId":"u","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}', {
        status: 201,
      }),
    );
    const result = await createP100Client({ apiKey: "k", fetch: fake.fetch }).createUser(body);
    expect(result.userId).toBe("u");
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
  });

  it("the raw openapi-fetch client stays reachable, with { data, error, response }", async () => {
    const fake = fakeFetch(json(400, { errorCode: "P411", errorName: "user-exists" }));
    const p100 = createP100Client({ apiKey: "k", fetch: fake.fetch });
    const { data, error, response } = await p100.raw.POST("/v1/user/balances/crypto-and-fiat", { body });
    expect(data).toBeUndefined();
    expect(error).toEqual({ errorCode: "P411", errorName: "user-exists" });
    expect(response.status).toBe(400);
    expect(fake.calls[0]!.headers.get("x-api-key")).toBe("k");
  });
});

describe("operation methods", () => {
  it("there is one method per operation of the generated table, and nothing else", () => {
    const p100 = createP100Client({ apiKey: "k" });
    for (const id of Object.keys(operationTable))
      expect(typeof (p100 as unknown as Record<string, unknown>)[id]).toBe("function");
    expectTypeOf<keyof OperationMethods>().toEqualTypeOf<keyof typeof operationTable>();
  });

  it("an operation without required input takes no argument; one with required input refuses none (checked by tsc)", async () => {
    const fake = fakeFetch(json(200, { fiatBalances: [], cryptoBalances: [] }));
    const p100 = createP100Client({ apiKey: "k", fetch: fake.fetch });
    await p100.getPartnerBalances();
    expect(fake.calls[0]!.url).toBe("https://partner-api-stage.p100.io/v1/partner/balances");
    // @ts-expect-error createUser needs its body
    void (() => p100.createUser());
    // @ts-expect-error getUserBalances needs its externalUserId
    void (() => p100.getUserBalances());
  });
});

describe("empty success bodies", () => {
  it("an operation whose success schema requires no field resolves {} on an empty 2xx body: the write succeeded", async () => {
    const fake = fakeFetch(new Response(null, { status: 200 }));
    const p100 = createP100Client({ apiKey: "k", fetch: fake.fetch });
    await expect(p100.blockCard({ externalUserId: "u-1", cardId: "c-1" })).resolves.toEqual({});
  });

  it("an operation whose success schema requires fields refuses an empty body, saying the request was accepted", async () => {
    const fake = fakeFetch(new Response(null, { status: 201 }));
    const error = await createP100Client({ apiKey: "k", fetch: fake.fetch })
      .createUser(body)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100InvalidResponseError);
    expect((error as Error).message).toMatch(/empty body .*the request itself was accepted$/);
  });
});

describe("arguments that cannot form the intended request are refused before anything is sent", () => {
  it.each([
    ["empty", ""],
    ["a dot", "."],
    ["two dots", ".."],
    ["a lone surrogate", "u\uD800"],
  ])("a path parameter that is %s", async (_label, externalUserId) => {
    const fake = fakeFetch(json(200, {}));
    const error = await createP100Client({ apiKey: "k", fetch: fake.fetch })
      .getUserBalances({ externalUserId })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100ArgumentError);
    expect((error as Error).message).toMatch(
      /^Path parameter externalUserId of GET \/v1\/user\/balances\/\{externalUserId\} .*nothing was sent\.$/,
    );
    expect(fake.calls).toHaveLength(0);
  });

  it("a missing path parameter (JavaScript callers) is refused instead of sending a literal {name}", async () => {
    const fake = fakeFetch(json(200, {}));
    const p100 = createP100Client({ apiKey: "k", fetch: fake.fetch });
    const error = await p100.getUserBalances({} as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100ArgumentError);
    expect((error as Error).message).toMatch(/must be a string, got undefined/);
    expect(fake.calls).toHaveLength(0);
  });

  it("a query value with a lone surrogate or a body with a BigInt is an argument error, not a URIError or TypeError", async () => {
    const fake = fakeFetch(json(200, {}));
    const p100 = createP100Client({ apiKey: "k", fetch: fake.fetch });
    const query = await p100
      .getPartnerExchangeRate({ currencyFrom: "\uDC00", currencyTo: "eur" })
      .catch((e: unknown) => e);
    expect(query).toBeInstanceOf(P100ArgumentError);
    expect((query as Error).cause).toBeInstanceOf(URIError);
    const bigint = await p100.createUser({ ...body, externalUserId: 1n } as never).catch((e: unknown) => e);
    expect(bigint).toBeInstanceOf(P100ArgumentError);
    expect(fake.calls).toHaveLength(0);
  });

  it("numbers are accepted as path parameters and sent as one segment", async () => {
    const fake = fakeFetch(json(200, {}));
    await createP100Client({ apiKey: "k", fetch: fake.fetch }).getUserBalances({ externalUserId: 42 as never });
    expect(new URL(fake.calls[0]!.url).pathname).toBe("/v1/user/balances/42");
  });
});

describe("per-call limits", () => {
  it.each([
    [{ timeoutMs: -5 }, /timeoutMs must be a number of milliseconds/],
    [{ timeoutMs: 2 ** 40 }, /between 1 and 2147483647/],
    [{ maxRetries: Number.NaN }, /maxRetries must be a finite number/],
  ])("a call with %j is refused before anything is sent", async (options, message) => {
    const fake = fakeFetch(json(200, { fiatBalances: [], cryptoBalances: [] }));
    const error = await createP100Client({ apiKey: "k", fetch: fake.fetch })
      .getPartnerBalances(undefined, options)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100ArgumentError);
    expect((error as Error).message).toMatch(message);
    expect(fake.calls).toHaveLength(0);
  });
});
