// Property tests of error normalisation: whatever status, body, headers or failure a server (or a custom fetch)
// produces, a call resolves or rejects with one of the SDK's typed errors, the class follows the documented rules,
// Retry-After never yields a nonsensical delay, JSON cannot pollute prototypes, and the API key never leaks.
// No network: every response comes from an injected fetch.
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import {
  createP100Client,
  errorCodes,
  errorFromResponse,
  P100ApiError,
  P100AuthenticationError,
  P100Error,
  P100RateLimitError,
  P100ServerError,
  P100ValidationError,
  type FetchLike,
} from "../../src/index.js";
import { exampleUser } from "../../examples/example-user.js";
import { parseRetryAfter, retryDelay } from "../../src/retry.js";
import { expectNoUnhandledRejections } from "../support/hostile.js";
import { createPropertyLedger } from "../support/property.js";
import { createSecretScanner, HOSTILE_API_KEY } from "../support/secret-scan.js";

const ledger = createPropertyLedger("errors");
const scanner = createSecretScanner();
expectNoUnhandledRejections();
afterAll(() => ledger.write({ scanned: scanner.count }));

const user = exampleUser("u-1", "jan@example.pl");

/** Printable header values (what Headers accepts), sometimes carrying the API key. */
const headerValue = fc.oneof(
  fc.stringMatching(/^[\x20-\x7e]{0,40}$/),
  fc.constant(HOSTILE_API_KEY),
  fc.stringMatching(/^[\x20-\x7e]{0,10}$/).map((s) => `${s}${HOSTILE_API_KEY}`),
);
const retryAfter = fc.oneof(
  fc.stringMatching(/^\d{1,400}$/),
  fc.integer({ min: 300, max: 1_000 }).map((digits) => "9".repeat(digits)),
  fc.stringMatching(/^[ \t]*-?\d{0,6}(\.\d{0,6})?[ \t]*$/),
  fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
  fc.stringMatching(/^[\x20-\x7e]{0,30}$/),
);
const errorCode = fc.oneof(
  fc.constantFrom(...Object.keys(errorCodes), "P403", "P500", "P501", "P999"),
  fc.string(),
  fc.anything(),
);
/** Bodies shaped like the API's errors, with every field possibly of the wrong type. */
const errorBody = fc.record(
  {
    errorCode,
    errorName: fc.oneof(fc.string(), fc.anything()),
    errorMessage: fc.oneof(
      fc.string(),
      fc.array(fc.oneof(fc.string(), fc.anything())),
      fc.anything(),
      fc.constant(`leak ${HOSTILE_API_KEY}`),
    ),
  },
  { requiredKeys: [] },
);
const anyBody = fc.oneof(
  errorBody,
  fc.string(),
  fc.jsonValue(),
  fc.anything(),
  fc.constant(`Access Denied. xo2 ${HOSTILE_API_KEY}`),
);
const status = fc.oneof(
  fc.constantFrom(400, 401, 403, 404, 408, 409, 422, 429, 500, 501, 502, 503, 504),
  fc.integer({ min: 100, max: 599 }),
  fc.integer(),
);

describe("errorFromResponse", () => {
  it("maps any status, body and headers to a P100ApiError of the documented class, never throwing", async () => {
    await ledger.check(
      "errorFromResponse: any status, body, headers",
      fc.property(
        status,
        anyBody,
        fc.dictionary(fc.constantFrom("retry-after", "content-type", "x-request-id"), headerValue),
        retryAfter,
        (code, body, headers, after) => {
          const response = { status: code, headers: new Headers({ ...headers, "retry-after": after }) };
          const error = errorFromResponse(response, body, { method: "GET", url: "/v1/partner/balances" });
          expect(error).toBeInstanceOf(P100ApiError);
          expect(error.status).toBe(code);
          expect(typeof error.message).toBe("string");
          expect(() => JSON.stringify(error)).not.toThrow();
          expect(() => error.meaning).not.toThrow();
          const p403 = error.errorCode === "P403";
          if (code === 401) expect(error).toBeInstanceOf(P100AuthenticationError);
          else if (p403) expect(error).toBeInstanceOf(P100ValidationError);
          else if (code === 429) expect(error).toBeInstanceOf(P100RateLimitError);
          else if (code >= 500 || error.errorCode === "P500" || error.errorCode === "P501")
            expect(error).toBeInstanceOf(P100ServerError);
          if (error instanceof P100ValidationError)
            for (const message of error.messages) expect(typeof message).toBe("string");
          if (error instanceof P100RateLimitError && error.retryAfterMs !== undefined) {
            expect(Number.isFinite(error.retryAfterMs)).toBe(true);
            expect(error.retryAfterMs).toBeGreaterThanOrEqual(0);
          }
          for (const field of [error.errorCode, error.errorName, error.errorMessage])
            expect(["string", "undefined"]).toContain(typeof field);
        },
      ),
      3_000,
    );
  });
});

describe("Retry-After", () => {
  it("parses to undefined or a finite delay of zero or more, and the retry delay stays within 0..60 s", async () => {
    await ledger.check(
      "parseRetryAfter / retryDelay: any header value",
      fc.property(
        retryAfter,
        fc.integer({ min: 0, max: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (value, retry, random) => {
          const parsed = parseRetryAfter(value);
          if (parsed !== undefined) {
            expect(Number.isFinite(parsed)).toBe(true);
            expect(parsed).toBeGreaterThanOrEqual(0);
          }
          const delay = retryDelay(
            new Response(null, { status: 429, headers: { "retry-after": value } }),
            retry,
            () => random,
          );
          expect(Number.isFinite(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(60_000);
        },
      ),
      1_000,
    );
  });
});

/**
 * Any response a server could send, or any value a custom fetch could throw. What a custom fetch throws is the
 * caller's own code: it is kept as `cause` unscrubbed (see docs/reliability.md), so it carries no secret here.
 */
const answer = fc.oneof(
  {
    weight: 9,
    arbitrary: fc.record({
      status: fc.oneof(
        fc.constantFrom(200, 201, 204, 400, 401, 404, 429, 500, 502, 503),
        fc.integer({ min: 200, max: 599 }),
      ),
      body: fc.oneof(
        fc.uint8Array({ maxLength: 300 }),
        fc.string({ unit: "binary", maxLength: 200 }),
        fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
        errorBody.map((value) => {
          try {
            return JSON.stringify(value) ?? "";
          } catch {
            return "{";
          }
        }),
        fc.constant(`<html>${HOSTILE_API_KEY}</html>`),
      ),
      contentType: fc.oneof(
        fc.constantFrom("application/json", "text/html", "text/plain", "", "application/json; charset=utf-8"),
        headerValue,
      ),
      echo: headerValue,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      throws: fc.oneof(
        fc.anything(),
        fc.string().map((m) => new TypeError(m)),
        fc.constant(new Error("boom")),
      ),
    }),
  },
);

describe("calls through the client", () => {
  it("resolve, or reject with a P100Error, whatever the server answers or the fetch throws; no secret leaks", async () => {
    let calls = 0;
    await ledger.check(
      "client call: any response or fetch failure",
      fc.asyncProperty(answer, fc.boolean(), async (scripted, write) => {
        const fetch: FetchLike = async () => {
          calls++;
          if ("throws" in scripted) throw scripted.throws;
          const nullBody = [204, 205, 304].includes(scripted.status);
          const headers: Record<string, string> = { "x-echo": scripted.echo };
          if (scripted.contentType) headers["content-type"] = scripted.contentType;
          return new Response(nullBody ? null : scripted.body, { status: scripted.status, headers });
        };
        const p100 = createP100Client({
          apiKey: HOSTILE_API_KEY,
          baseUrl: "https://api.test",
          fetch,
          maxRetries: 0,
          logger: scanner.logger,
          logLevel: "debug",
        });
        const before = calls;
        const call = write ? p100.createUser(user) : p100.getPartnerBalances();
        const outcome = await call.then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(calls - before).toBe(1);
        if (outcome !== undefined) {
          scanner.error(outcome);
          expect(outcome, String(outcome)).toBeInstanceOf(P100Error);
        }
      }),
      1_500,
    );
    scanner.assertClean();
  });
});

/** JSON text whose keys include the ones that pollute prototypes when merged carelessly. */
const pollutingJson: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom('"x"', "1", "true", "null", '{"polluted":true}', '"P403"'),
    fc
      .array(
        fc.tuple(
          fc.constantFrom(
            "__proto__",
            "constructor",
            "prototype",
            "polluted",
            "errorCode",
            "errorMessage",
            "toString",
            "hasOwnProperty",
          ),
          tie("value"),
        ),
        { maxLength: 4 },
      )
      .map((entries) => `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(",")}}`),
    fc.array(tie("value"), { maxLength: 3 }).map((items) => `[${items.join(",")}]`),
  ),
})).value;

describe("prototype pollution", () => {
  it("JSON with __proto__, constructor or prototype keys, as a success or an error body, pollutes nothing", async () => {
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    const toString = Object.prototype.toString;
    await ledger.check(
      "prototype pollution: __proto__ / constructor keys in any body",
      fc.asyncProperty(pollutingJson, fc.constantFrom(200, 400, 429, 500), async (text, code) => {
        const fetch: FetchLike = async () =>
          new Response(text, { status: code, headers: { "content-type": "application/json" } });
        const p100 = createP100Client({
          apiKey: HOSTILE_API_KEY,
          baseUrl: "https://api.test",
          fetch,
          maxRetries: 0,
          logger: scanner.logger,
          logLevel: "debug",
        });
        const outcome = await p100.getPartnerBalances().then(
          (data: unknown) => data,
          (error: unknown) => scanner.error(error),
        );
        if (code === 200 && outcome !== null && typeof outcome === "object" && !Array.isArray(outcome)) {
          expect(Object.getPrototypeOf(outcome)).toBe(Object.prototype);
        }
        if (code !== 200) {
          expect(outcome).toBeInstanceOf(P100ApiError);
          const body = (outcome as P100ApiError).body;
          if (body !== null && typeof body === "object" && !Array.isArray(body))
            expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
        }
        expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
        expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
        expect(Object.prototype.toString).toBe(toString);
      }),
      1_000,
    );
  });
});

describe("figures", () => {
  it("every property ran its planned number of cases (4 properties, 6 500 cases)", () => {
    expect(ledger.runs.map((run) => run.numRuns)).toEqual([3_000, 1_000, 1_500, 1_000]);
    scanner.assertClean();
  });
});
