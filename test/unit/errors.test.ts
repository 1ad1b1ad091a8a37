import { describe, expect, expectTypeOf, it } from "vitest";
import {
  errorCodes,
  errorFromResponse,
  isP100Error,
  P100ApiError,
  P100AuthenticationError,
  P100NotFoundError,
  P100RateLimitError,
  P100ServerError,
  P100ValidationError,
} from "../../src/index.js";
import { splitValidationMessages } from "../../src/errors.js";
import { parseRetryAfter } from "../../src/retry.js";

const headers = (init: Record<string, string> = {}) => new Headers(init);
const request = { method: "POST", url: "/v1/user/balances/crypto-and-fiat" };

describe("errorFromResponse", () => {
  it.each([
    ["xo1", "no API key was sent"],
    ["xo2", "the API key is wrong"],
    ["xo3", "the caller IP is not allow-listed (production)"],
  ])("401 Access Denied. %s is an authentication error that spells out its reason", (reason, description) => {
    const error = errorFromResponse({ status: 401, headers: headers() }, `Access Denied. ${reason}`, request);
    expect(error).toBeInstanceOf(P100AuthenticationError);
    const auth = error as P100AuthenticationError;
    expect(auth.reason).toBe(reason);
    expect(auth.reasonDescription).toBe(description);
    expect(auth.message).toBe(
      `P100 access denied (401) ${reason}: ${description} (POST /v1/user/balances/crypto-and-fiat)`,
    );
    expect(auth.name).toBe("P100AuthenticationError");
  });

  it("401 with an unexpected body still is an authentication error, without a reason", () => {
    const error = errorFromResponse({ status: 401, headers: headers() }, "", request) as P100AuthenticationError;
    expect(error).toBeInstanceOf(P100AuthenticationError);
    expect(error.reason).toBeUndefined();
  });

  it("P403 is a validation error whose joined message is split into a list", () => {
    const body = {
      errorCode: "P403",
      errorMessage:
        "currency must be one of the following values: btc, eth, usdt. Amount can have at most 8 decimal places.",
    };
    const error = errorFromResponse({ status: 400, headers: headers() }, body, request) as P100ValidationError;
    expect(error).toBeInstanceOf(P100ValidationError);
    expect(error.messages).toEqual([
      "currency must be one of the following values: btc, eth, usdt.",
      "Amount can have at most 8 decimal places.",
    ]);
    expect(error.errorName).toBeUndefined();
  });

  it("a P403 whose errorMessage is an array is joined, then split", () => {
    const body = { errorCode: "P403", errorMessage: ["email must be an email.", "phone is required."] };
    const error = errorFromResponse({ status: 400, headers: headers() }, body) as P100ValidationError;
    expect(error.messages).toEqual(["email must be an email.", "phone is required."]);
  });

  it("a business error keeps the API's field names and knows its documented meaning", () => {
    const body = { errorCode: "P411", errorName: "user-exists", errorMessage: "User already exists" };
    const error = errorFromResponse({ status: 400, headers: headers({ "x-request-id": "r1" }) }, body, request);
    expect(error.constructor).toBe(P100ApiError);
    expect(error).toMatchObject({
      status: 400,
      errorCode: "P411",
      errorName: "user-exists",
      errorMessage: "User already exists",
      body,
    });
    expect(error.meaning).toBe(errorCodes.P411);
    expect(error.headers.get("x-request-id")).toBe("r1");
    expect(error.message).toBe(
      "P100 API error 400 P411 user-exists: User already exists (POST /v1/user/balances/crypto-and-fiat)",
    );
  });

  it("an unknown code passes through unchanged, without a meaning", () => {
    const error = errorFromResponse({ status: 400, headers: headers() }, { errorCode: "P999", errorMessage: "new" });
    expect(error.errorCode).toBe("P999");
    expect(error.meaning).toBeUndefined();
  });

  it.each([
    [404, { errorCode: "P428", errorName: "sepa-transfer-not-found" }],
    [404, ""],
    [400, { errorCode: "P445", errorMessage: "KYC not found" }],
  ])("status %s with %j is a not-found error", (status, body) => {
    expect(errorFromResponse({ status, headers: headers() }, body)).toBeInstanceOf(P100NotFoundError);
  });

  it("429 is a rate-limit error carrying Retry-After", () => {
    const error = errorFromResponse(
      { status: 429, headers: headers({ "retry-after": "7" }) },
      "",
    ) as P100RateLimitError;
    expect(error).toBeInstanceOf(P100RateLimitError);
    expect(error.retryAfterMs).toBe(7000);
  });

  it.each([
    [500, "<html><body>Internal Server Error</body></html>"],
    [502, "<html>Bad Gateway</html>"],
    [400, { errorCode: "P500", errorMessage: "Unknown exception" }],
    [400, { errorCode: "P501", errorMessage: "Service temporarily unavailable" }],
  ])("status %s with %j is a server error", (status, body) => {
    const error = errorFromResponse({ status, headers: headers() }, body);
    expect(error).toBeInstanceOf(P100ServerError);
    expect(error.message).toMatch(new RegExp(`^P100 API error ${status}`));
  });

  it.each([
    ["an empty body", "", "empty body"],
    ["a JSON array", [1, 2], "no error message"],
    ["null", null, "no error message"],
    ["a number", 42, "no error message"],
    ["an object without fields", {}, "no error message"],
  ])("%s produces a proper error, never a crash", (_label, body, detail) => {
    const error = errorFromResponse({ status: 418, headers: headers() }, body);
    expect(error).toBeInstanceOf(P100ApiError);
    expect(error.errorCode).toBeUndefined();
    expect(error.message).toContain(detail);
  });

  it("a long text body is cut in errorMessage", () => {
    const error = errorFromResponse({ status: 400, headers: headers() }, "x".repeat(10_000));
    expect(error.errorMessage).toHaveLength(500);
  });

  it("toJSON carries the API's fields and no headers", () => {
    const error = errorFromResponse({ status: 400, headers: headers({ "set-cookie": "s=1" }) }, { errorCode: "P412" });
    const json = JSON.parse(JSON.stringify(error));
    expect(json).toMatchObject({ name: "P100ApiError", status: 400, errorCode: "P412" });
    expect(JSON.stringify(json)).not.toContain("set-cookie");
  });
});

describe("isP100Error", () => {
  it("narrows by code", () => {
    const error: unknown = errorFromResponse({ status: 400, headers: headers() }, { errorCode: "P411" });
    expect(isP100Error(error, "P411")).toBe(true);
    expect(isP100Error(error, "P412")).toBe(false);
    expect(isP100Error(error)).toBe(true);
    expect(isP100Error(new Error("x"))).toBe(false);
    if (isP100Error(error, "P411")) expectTypeOf(error.errorCode).toEqualTypeOf<"P411">();
  });
});

describe("helpers", () => {
  it("splitValidationMessages keeps single messages and drops empty input", () => {
    expect(splitValidationMessages(undefined)).toEqual([]);
    expect(splitValidationMessages("email must be an email")).toEqual(["email must be an email"]);
  });

  it("parseRetryAfter reads seconds and HTTP dates", () => {
    const now = Date.parse("2026-11-26T12:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter("1.5", now)).toBe(1500);
    expect(parseRetryAfter("Thu, 26 Nov 2026 12:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Thu, 26 Nov 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter("9".repeat(400), now)).toBeUndefined();
  });

  it("every documented code has a meaning generated from the spec", () => {
    for (const [code, meaning] of Object.entries(errorCodes)) {
      expect(code).toMatch(/^P\d{3}$/);
      expect(meaning.length).toBeGreaterThan(5);
    }
  });
});
