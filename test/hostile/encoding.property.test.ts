// Property and security tests of where a request goes: path and query parameters of any text, sent through the real
// client to a loopback server, arrive exactly as one path segment / one query value each (checked against the raw
// URL the server received), or the call is refused before anything is sent; and a base URL that is not https is
// refused unless it is loopback.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createP100Client, P100ArgumentError, P100ConfigurationError, type FetchLike } from "../../src/index.js";
import { startFaultServer, type FaultServer } from "../support/fault-server.js";
import { expectNoUnhandledRejections } from "../support/hostile.js";
import { createPropertyLedger } from "../support/property.js";
import { createSecretScanner, HOSTILE_API_KEY } from "../support/secret-scan.js";

const ledger = createPropertyLedger("encoding");
const scanner = createSecretScanner();
expectNoUnhandledRejections();
let server: FaultServer;

beforeAll(async () => {
  server = await startFaultServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json", "content-length": 2 });
    response.end("{}");
  });
});
afterAll(async () => {
  await server.close();
  ledger.write({ scanned: scanner.count });
});

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Pieces that try to escape a path segment or a query value. */
const hostilePieces = [
  "../",
  "..",
  ".",
  "/",
  "\\",
  "?",
  "#",
  "&",
  "=",
  "+",
  ";",
  "%",
  "%2F",
  "%2f",
  "%2e%2e",
  "%2E",
  "%00",
  "%25",
  " ",
  "\t",
  "\n",
  "\u0000",
  "é",
  "ß",
  "😀",
  "\u202E",
  "\uFEFF",
  "ａ",
  "\uD800",
  "\uDFFF",
  "{externalUserId}",
  "http://evil.test/",
  "//evil.test",
  "@evil.test",
  "v1",
  "partner",
  "balances",
];
const hostileText = fc.oneof(
  fc.array(fc.constantFrom(...hostilePieces), { minLength: 1, maxLength: 6 }).map((parts) => parts.join("")),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.string({ unit: fc.constantFrom(...hostilePieces, "a", "b", "-"), maxLength: 8 }),
  fc.constantFrom("", ".", "..", "../..", "%2e%2e", ".%2e", "/", "?", "#", "%2F"),
);

/** Operations with path parameters: a read with one, a read with two, and a write (DELETE). */
const pathOperations = [
  { id: "getUserBalances", method: "GET", template: ["v1", "user", "balances", ":externalUserId"] },
  { id: "getCardDetails", method: "GET", template: ["v1", "card", "details", ":externalUserId", ":cardId"] },
  { id: "deleteUser", method: "DELETE", template: ["v1", "user", ":externalUserId"] },
] as const;

function client(fetch?: FetchLike) {
  return createP100Client({
    apiKey: HOSTILE_API_KEY,
    baseUrl: server.url,
    maxRetries: 0,
    logger: scanner.logger,
    logLevel: "debug",
    ...(fetch ? { fetch } : {}),
  });
}

describe("path parameters", () => {
  it("arrive as exactly one path segment each, decoded back to the value, or the call is refused and nothing is sent", async () => {
    const p100 = client();
    await ledger.check(
      "path parameters over loopback: any text",
      fc.asyncProperty(
        fc.constantFrom(...pathOperations),
        hostileText,
        hostileText,
        async (operation, externalUserId, cardId) => {
          const values: Record<string, string> = { externalUserId, cardId };
          const before = server.requests.length;
          const call = (p100 as unknown as Record<string, (request: unknown) => Promise<unknown>>)[operation.id]!;
          const outcome = await call(
            operation.id === "getCardDetails" ? { externalUserId, cardId } : { externalUserId },
          ).then(
            () => undefined,
            (error: unknown) => scanner.error(error),
          );
          const used = operation.template.filter((part) => part.startsWith(":")).map((part) => values[part.slice(1)]!);
          const refusable = used.some(
            (value) => value === "" || value === "." || value === ".." || LONE_SURROGATE.test(value),
          );
          if (refusable) {
            expect(outcome).toBeInstanceOf(P100ArgumentError);
            expect(server.requests.length).toBe(before);
            return;
          }
          expect(outcome).toBeUndefined();
          expect(server.requests.length).toBe(before + 1);
          const received = server.requests[before]!;
          expect(received.method).toBe(operation.method);
          expect(received.url).not.toContain("?");
          expect(received.url).not.toContain("#");
          const segments = received.url.split("/").slice(1);
          expect(segments).toHaveLength(operation.template.length);
          operation.template.forEach((part, index) => {
            const expected = part.startsWith(":") ? values[part.slice(1)]! : part;
            expect(decodeURIComponent(segments[index]!)).toBe(expected);
          });
        },
      ),
      2_000,
    );
  });
});

describe("query parameters", () => {
  it("arrive as exactly the given values under the given names, or the call is refused and nothing is sent", async () => {
    const p100 = client();
    await ledger.check(
      "query parameters over loopback: any text",
      fc.asyncProperty(hostileText, hostileText, async (currencyFrom, currencyTo) => {
        const before = server.requests.length;
        const outcome = await p100.getPartnerExchangeRate({ currencyFrom, currencyTo }).then(
          () => undefined,
          (error: unknown) => scanner.error(error),
        );
        if (LONE_SURROGATE.test(currencyFrom) || LONE_SURROGATE.test(currencyTo)) {
          expect(outcome).toBeInstanceOf(P100ArgumentError);
          expect(server.requests.length).toBe(before);
          return;
        }
        expect(outcome).toBeUndefined();
        const received = new URL(server.requests[before]!.url, "http://loopback");
        expect(received.pathname).toBe("/v1/partner/exchange/rate");
        expect([...received.searchParams.keys()]).toEqual(["currencyFrom", "currencyTo"]);
        expect(received.searchParams.get("currencyFrom")).toBe(currencyFrom);
        expect(received.searchParams.get("currencyTo")).toBe(currencyTo);
      }),
      1_000,
    );
  });
});

const LOOPBACK = /^(localhost|\[::1\]|127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;
const schemes = ["https", "http", "HTTPS", "HtTp", "ftp", "ws", "wss", "file", "javascript", "data"];
const hosts = [
  "127.0.0.1",
  "localhost",
  "[::1]",
  "127.1.2.3",
  "127.1",
  "2130706433",
  "0x7f000001",
  "LOCALHOST",
  "localhost.",
  "127.0.0.1.evil.test",
  "localhost.evil.test",
  "evil.test",
  "0.0.0.0",
  "[::ffff:127.0.0.1]",
  "[::]",
  "10.0.0.1",
  "user:pw@localhost",
  "127.0.0.1@evil.test",
  "evil.test#@127.0.0.1",
  "evil.test\\@127.0.0.1",
  "evil.test?@localhost",
  "partner-api.p100.io",
  "localhost:4010",
  "127.0.0.1:0",
];

describe("base URL", () => {
  it("plain http is accepted only for loopback; whatever is accepted is where requests really go", async () => {
    const baseUrl = fc.oneof(
      fc
        .tuple(
          fc.constantFrom(...schemes),
          fc.constantFrom("://", ":", ":/", ":///"),
          fc.constantFrom(...hosts),
          fc.constantFrom("", ":8443", ":80"),
          fc.constantFrom("", "/", "/p100/", "/a/../b"),
        )
        .map((parts) => parts.join("")),
      fc.webUrl({ validSchemes: ["http", "https"] }),
      fc.string({ maxLength: 40 }),
    );
    await ledger.check(
      "base URL: any string",
      fc.asyncProperty(baseUrl, async (url) => {
        const sent: string[] = [];
        let p100;
        try {
          p100 = createP100Client({
            apiKey: HOSTILE_API_KEY,
            baseUrl: url,
            maxRetries: 0,
            fetch: async (request) => (sent.push(request.url), new Response("{}")),
          });
        } catch (error) {
          scanner.error(error);
          expect(error, String(error)).toBeInstanceOf(P100ConfigurationError);
          return;
        }
        const accepted = new URL(p100.baseUrl);
        expect(accepted.username + accepted.password).toBe("");
        if (accepted.protocol !== "https:") {
          expect(accepted.protocol).toBe("http:");
          expect(accepted.hostname).toMatch(LOOPBACK);
        }
        await p100.getPartnerBalances();
        expect(new URL(sent[0]!).origin).toBe(accepted.origin);
      }),
      1_000,
    );
  });

  it.each([
    ["http://partner-api.p100.io", false],
    ["http://127.0.0.1.evil.test", false],
    ["http://localhost.evil.test:4010", false],
    ["http://0.0.0.0:4010", false],
    ["http://[::ffff:127.0.0.1]", false],
    ["ws://127.0.0.1", false],
    ["http://127.0.0.1:4010", true],
    ["http://127.8.9.10", true],
    ["http://localhost:4010", true],
    ["http://[::1]:4010", true],
    ["https://partner-api.p100.io", true],
  ])("%s is %s", (baseUrl, accepted) => {
    const create = () => createP100Client({ apiKey: HOSTILE_API_KEY, baseUrl });
    if (accepted) expect(create).not.toThrow();
    else expect(create).toThrow(P100ConfigurationError);
  });
});

describe("figures", () => {
  it("every property ran its planned number of cases (3 properties, 4 000 cases); no secret in any error or log line", () => {
    expect(ledger.runs.map((run) => run.numRuns)).toEqual([2_000, 1_000, 1_000]);
    scanner.assertClean();
  });
});
