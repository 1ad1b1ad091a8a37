// What errors show in logs and catch blocks: toJSON on every class, one guard for all SDK errors and a code-narrowing
// one for API errors, the 401 reason whatever the body format, Prism's real violations, problem+json text.
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  createP100Client,
  errorFromResponse,
  isP100ApiError,
  isP100Error,
  P100AbortError,
  P100ApiError,
  P100ArgumentError,
  P100AuthenticationError,
  P100ConfigurationError,
  P100ConnectionError,
  P100Error,
  P100InvalidResponseError,
  P100NotFoundError,
  P100RateLimitError,
  P100ServerError,
  P100TimeoutError,
  P100ValidationError,
} from "../../src/index.js";

const request = { method: "POST", url: "https://api.test/v1/card/virtual" };
const apiInit = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  errorFromResponse({ status, headers: new Headers(headers) }, body, request);

/** One instance of every error class the client throws, each with a cause where it can have one. */
const everyError: [string, P100Error][] = [
  ["P100Error", new P100Error("base")],
  ["P100ConfigurationError", new P100ConfigurationError("No API key")],
  ["P100ArgumentError", new P100ArgumentError("bad path", { cause: new URIError("URI malformed") })],
  [
    "P100ConnectionError",
    new P100ConnectionError("Connection failed", request, {
      cause: Object.assign(new TypeError("fetch failed"), { code: "ECONNREFUSED" }),
    }),
  ],
  [
    "P100TimeoutError",
    new P100TimeoutError("Request timed out after 5 ms", request, { cause: new DOMException("t", "TimeoutError") }),
  ],
  [
    "P100AbortError",
    new P100AbortError("Request cancelled by the caller", request, { cause: new DOMException("a", "AbortError") }),
  ],
  [
    "P100InvalidResponseError",
    new P100InvalidResponseError(201, "expected JSON", request, { cause: new SyntaxError("Unexpected end") }),
  ],
  [
    "P100ApiError",
    apiInit(400, { errorCode: "P433", errorName: "insufficient-funds", errorMessage: "Insufficient funds" }),
  ],
  ["P100AuthenticationError", apiInit(401, "Access Denied. xo2")],
  ["P100ValidationError", apiInit(400, { errorCode: "P403", errorMessage: "a must be b." })],
  ["P100NotFoundError", apiInit(404, "")],
  ["P100RateLimitError", apiInit(429, "", { "retry-after": "3" })],
  ["P100ServerError", apiInit(503, "")],
];

describe("toJSON", () => {
  it.each(everyError)("%s keeps its name and message in JSON, with its cause named", (name, error) => {
    const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
    expect(json["name"]).toBe(name);
    expect(json["message"]).toBe(error.message);
    expect(error.message.length).toBeGreaterThan(0);
    if (error.cause instanceof Error) expect(json["cause"]).toMatchObject({ name: error.cause.name });
    else expect(json).not.toHaveProperty("cause");
    expect(JSON.stringify(json)).not.toMatch(/retry-after|content-type/i);
  });

  it("carries the request summary, the status and the code where the class has them", () => {
    const connection = JSON.parse(JSON.stringify(everyError[3]![1]));
    expect(connection).toMatchObject({ request, cause: { name: "TypeError", code: "ECONNREFUSED" } });
    const api = JSON.parse(JSON.stringify(everyError[7]![1]));
    expect(api).toMatchObject({ status: 400, errorCode: "P433", errorName: "insufficient-funds", request });
    expect(JSON.parse(JSON.stringify(everyError[8]![1]))).toMatchObject({ status: 401, reason: "xo2" });
    expect(JSON.parse(JSON.stringify(everyError[11]![1]))).toMatchObject({ status: 429, retryAfterMs: 3000 });
  });
});

describe("guards", () => {
  it("isP100Error(err) is true for every error the client throws, and only for those", () => {
    for (const [, error] of everyError) expect(isP100Error(error)).toBe(true);
    expect(isP100Error(new Error("other"))).toBe(false);
    expect(isP100Error({ name: "P100Error", message: "lookalike" })).toBe(false);
  });

  it("isP100Error(err, code) narrows API errors by documented code; typos do not compile", () => {
    const error: unknown = everyError[7]![1];
    expect(isP100Error(error, "P433")).toBe(true);
    expect(isP100Error(error, "P411")).toBe(false);
    expect(isP100Error(everyError[3]![1], "P433")).toBe(false);
    if (isP100Error(error, "P433")) expectTypeOf(error.errorCode).toEqualTypeOf<"P433">();
    // @ts-expect-error "P4111" is no documented code
    void isP100Error(error, "P4111");
  });

  it("isP100ApiError(err) is true only for API answers, and accepts codes the spec does not list yet", () => {
    expect(isP100ApiError(everyError[7]![1])).toBe(true);
    expect(isP100ApiError(everyError[3]![1])).toBe(false);
    const future = apiInit(400, { errorCode: "P999" });
    expect(isP100ApiError(future, "P999")).toBe(true);
    expect(future).toBeInstanceOf(P100ApiError);
  });
});

describe("401 reasons", () => {
  it("a JSON body {message: 'Access Denied. xo2'} gives the same reason as the plain-text body", () => {
    const text = apiInit(401, "Access Denied. xo2") as P100AuthenticationError;
    const json = apiInit(401, { message: "Access Denied. xo2" }) as P100AuthenticationError;
    expect(json).toBeInstanceOf(P100AuthenticationError);
    expect(json.reason).toBe("xo2");
    expect(json.reason).toBe(text.reason);
    expect(json.reasonDescription).toBe("the API key is wrong");
    expect(json.message).toBe(text.message);
  });
});

describe("mock answers", () => {
  const violations = JSON.stringify([
    {
      location: ["request", "body"],
      severity: "Error",
      code: "required",
      message: "Request body must have required property 'pin'",
    },
    {
      location: ["request", "body", "label"],
      severity: "Error",
      code: "type",
      message: "Request body property label must be string",
    },
  ]);

  it("a request Prism rejects shows Prism's own violations, not the canned example", () => {
    const canned = {
      errorCode: "P403",
      errorName: "validation-error",
      errorMessage: "currency must be one of the following values: btc, eth, usdt.",
    };
    const error = apiInit(400, canned, { "sl-violations": violations }) as P100ValidationError;
    expect(error).toBeInstanceOf(P100ValidationError);
    expect(error.messages).toEqual([
      "request.body: Request body must have required property 'pin'",
      "request.body.label: Request body property label must be string",
    ]);
    expect(error.message).toContain("required property 'pin'");
    expect(error.message).not.toContain("btc, eth, usdt");
  });

  it("even when the canned example Prism picked is another code", () => {
    const error = apiInit(
      400,
      { errorCode: "P411", errorMessage: "User already exists" },
      { "sl-violations": violations },
    );
    expect(error).toBeInstanceOf(P100ValidationError);
  });

  it("without the header (the real API), messages split the API's own text", () => {
    const error = apiInit(400, { errorCode: "P403", errorMessage: "a must be b. c must be d." }) as P100ValidationError;
    expect(error.messages).toEqual(["a must be b.", "c must be d."]);
  });

  it("a problem+json answer shows its title and detail in the message", () => {
    const error = apiInit(404, {
      type: "https://stoplight.io/prism/errors#NOT_FOUND",
      title: "The server cannot find the requested content",
      status: 404,
      detail: "exampleKey: P433 does not exist",
    });
    expect(error).toBeInstanceOf(P100NotFoundError);
    expect(error.message).toContain("The server cannot find the requested content: exampleKey: P433 does not exist");
  });
});

describe("browser guard", () => {
  const scope = globalThis as { window?: unknown; document?: unknown };

  it("refuses to create a client where window and document exist, unless dangerouslyAllowBrowser", () => {
    scope.window = {};
    scope.document = {};
    try {
      expect(() => createP100Client({ apiKey: "k" })).toThrow(P100ConfigurationError);
      expect(() => createP100Client({ apiKey: "k" })).toThrow(/browser.*dangerouslyAllowBrowser: true/);
      expect(createP100Client({ apiKey: "k", dangerouslyAllowBrowser: true }).baseUrl).toMatch(/^https:/);
    } finally {
      delete scope.window;
      delete scope.document;
    }
    expect(createP100Client({ apiKey: "k" }).baseUrl).toMatch(/^https:/);
  });
});
