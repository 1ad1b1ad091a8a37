// The API key appears in no error message, log line or serialized error, across every error path of the client.
import { describe, expect, it } from "vitest";
import { createP100Client, P100Error, type FetchLike } from "../../src/index.js";
import { connectionRefused, fakeFetch, hangingFetch, json } from "../support/fake-fetch.js";
import { exampleUser } from "../../examples/example-user.js";

const API_KEY = "sk_live_SECRET_0123456789abcdef";
const body = exampleUser("u-1", "jan@example.pl");
const now = { "retry-after": "0" };

/** Every way a call can fail, including a server that echoes the key back. */
const failures: [string, FetchLike][] = [
  ["401 xo2", fakeFetch(new Response("Access Denied. xo2", { status: 401 })).fetch],
  ["401 echoing the key", fakeFetch(new Response(`Access Denied. xo2 (key ${API_KEY})`, { status: 401 })).fetch],
  ["400 P403", fakeFetch(json(400, { errorCode: "P403", errorMessage: "email must be an email." })).fetch],
  [
    "400 P411 echoing the key",
    fakeFetch(json(400, { errorCode: "P411", errorMessage: `bad ${API_KEY}`, errorName: API_KEY })).fetch,
  ],
  ["404", fakeFetch(json(404, "")).fetch],
  ["429", fakeFetch(json(429, "", now)).fetch],
  ["500 HTML", fakeFetch(new Response(`<html>${API_KEY}</html>`, { status: 500 })).fetch],
  ["503", fakeFetch(json(503, "", now)).fetch],
  ["malformed JSON", fakeFetch(new Response("{", { status: 201 })).fetch],
  ["connection refused", fakeFetch(connectionRefused()).fetch],
  ["timeout", hangingFetch],
];

describe("the API key never leaks", () => {
  it.each(failures)("%s: not in the error, its JSON, its stack or any log line", async (_label, fetch) => {
    const lines: string[] = [];
    const record = (message: string, meta?: Record<string, unknown>) =>
      lines.push(`${message} ${JSON.stringify(meta)}`);
    const p100 = createP100Client({
      apiKey: API_KEY,
      fetch,
      timeoutMs: 50,
      logLevel: "debug",
      logger: { debug: record, info: record, warn: record, error: record },
    });
    const error = await p100.createUser(body, { retryWrites: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100Error);
    const e = error as P100Error & { body?: unknown; cause?: unknown };
    const surfaces = [
      e.message,
      String(e),
      e.stack ?? "",
      JSON.stringify(e),
      JSON.stringify(e.body ?? null),
      String(e.cause ?? ""),
      ...lines,
    ];
    expect(lines.length).toBeGreaterThan(0);
    for (const text of surfaces) expect(text).not.toContain(API_KEY);
  });

  it("a logger that throws does not break the call", async () => {
    const p100 = createP100Client({
      apiKey: API_KEY,
      fetch: fakeFetch(json(201, { userId: "u" })).fetch,
      logLevel: "debug",
      logger: {
        debug: () => {
          throw new Error("logger down");
        },
      },
    });
    await expect(p100.createUser(body)).resolves.toEqual({ userId: "u" });
  });

  it("log levels filter lines", async () => {
    const lines: string[] = [];
    const p100 = createP100Client({
      apiKey: API_KEY,
      fetch: fakeFetch(json(400, { errorCode: "P411" })).fetch,
      logLevel: "warn",
      logger: { debug: (m) => lines.push(`debug ${m}`), warn: (m) => lines.push(`warn ${m}`) },
    });
    await p100.createUser(body).catch(() => {});
    expect(lines).toEqual(["warn P100 API error 400 P411: no error message (POST /v1/user/balances/crypto-and-fiat)"]);
  });
});

describe("the API key never leaks through response headers", () => {
  it("a server echoing the key in a header: the error's headers are redacted, so console.log(error) is clean", async () => {
    const { inspect } = await import("node:util");
    const fetch = fakeFetch(json(502, "", { "x-echo": `key=${API_KEY}`, "retry-after": "0" })).fetch;
    const error = await createP100Client({ apiKey: API_KEY, fetch, maxRetries: 0 })
      .getPartnerBalances()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100Error);
    expect(inspect(error, { depth: 8 })).not.toContain(API_KEY);
    expect((error as { headers: Headers }).headers.get("x-echo")).toBe("key=[redacted]");
    expect((error as { headers: Headers }).headers.get("retry-after")).toBe("0");
  });
});

describe("an API key holding a quote or a backslash is removed when a server echoes it back", () => {
  // JSON writes `"` as `\"` and `\` as `\\`: a body that echoes such a key holds it only in escaped form, and the
  // parsed body holds it raw. Neither QUOTE nor SLASH may survive anywhere once the key is removed.
  const ODD_KEY = 'sk_live_QUOTE"MID\\SLASH_42';
  const escaped = JSON.stringify(ODD_KEY).slice(1, -1);
  const echoes: [string, Response][] = [
    [
      "JSON errorMessage",
      json(400, { errorCode: "P411", errorName: "user-exists", errorMessage: `bad key ${ODD_KEY}` }),
    ],
    ["JSON message of a 401", json(401, { message: `Access Denied. xo2 ${ODD_KEY}` })],
    ["JSON nested and in a key", json(500, { errorMessage: "boom", detail: { [ODD_KEY]: [ODD_KEY] } })],
    ["text body with the escaped key", new Response(`{"errorMessage":"bad ${escaped}"`, { status: 400 })],
    ["text 401 with the raw key", new Response(`Access Denied. xo2 ${ODD_KEY}`, { status: 401 })],
  ];

  it.each(echoes)("%s: not in message, String, inspect, errorMessage, body or log lines", async (_label, answer) => {
    const { inspect } = await import("node:util");
    const lines: string[] = [];
    const record = (message: string, meta?: Record<string, unknown>) =>
      lines.push(`${message} ${JSON.stringify(meta)}`);
    const p100 = createP100Client({
      apiKey: ODD_KEY,
      fetch: fakeFetch(answer).fetch,
      maxRetries: 0,
      logLevel: "debug",
      logger: { debug: record, info: record, warn: record, error: record },
    });
    const error = await p100.createUser(body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100Error);
    const e = error as P100Error & { body?: unknown; errorMessage?: unknown };
    const surfaces = [
      e.message,
      String(e),
      inspect(e, { depth: 8 }),
      String(e.errorMessage ?? ""),
      JSON.stringify(e.body ?? null),
      inspect(e.body, { depth: 8 }),
      JSON.stringify(e),
      ...lines,
    ];
    for (const text of surfaces) {
      expect(text).not.toContain("QUOTE");
      expect(text).not.toContain("SLASH");
    }
    expect(JSON.stringify(e.body)).toContain("[redacted]");
  });
});

describe("a malformed success body that echoes the key", () => {
  it("the JSON parser's error (which quotes the text on newer Node versions) is scrubbed from the cause", async () => {
    const { vi } = await import("vitest");
    const { inspect } = await import("node:util");
    const parse = JSON.parse;
    // Node 22's V8 quotes the start of the text in a JSON SyntaxError; Node 20's does not. Simulate the newer message.
    const spy = vi
      .spyOn(JSON, "parse")
      .mockImplementation((text: string, reviver?: Parameters<typeof JSON.parse>[1]) => {
        try {
          return parse(text, reviver);
        } catch {
          throw new SyntaxError(`Unexpected token, "${text.slice(0, 60)}"... is not valid JSON`);
        }
      });
    try {
      const p100 = createP100Client({
        apiKey: API_KEY,
        fetch: fakeFetch(new Response(`{"userId": "${API_KEY}" oops}`, { status: 201 })).fetch,
      });
      const error = await p100.createUser(body).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(P100Error);
      expect(inspect(error, { depth: 8 })).toContain("is not valid JSON");
      expect(inspect(error, { depth: 8 })).not.toContain(API_KEY);
    } finally {
      spy.mockRestore();
    }
  });
});
