// README's "Retries" section states the retry policy in numbers; src/retry.ts holds it. This test reads the prose
// and checks each number against the code, so changing the policy without the README (or the reverse) fails here.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  BASE_DELAY_MS,
  DEFAULT_MAX_RETRIES,
  MAX_DELAY_MS,
  MAX_RETRY_AFTER_MS,
  RETRYABLE_ERROR_CODES,
  RETRYABLE_STATUSES,
  SAFE_METHODS,
  isRetryableAnswer,
  mayRetry,
} from "../../src/retry.js";

/** The text of README's "Retries" section, up to the next heading. */
function retriesSection(): string {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const match = /^#{2,4} Retries\s*$([\s\S]*?)^#{1,4} /m.exec(readme);
  if (!match?.[1]) throw new Error('README.md has no "Retries" section');
  return match[1].replace(/\s+/g, " ");
}

const seconds = (ms: number) => `${ms / 1000} s`;

describe("README's Retries section matches src/retry.ts", () => {
  const text = retriesSection();

  it("backoff: first delay, doubling, cap", () => {
    expect(text).toContain(`${seconds(BASE_DELAY_MS)} doubling`);
    expect(text).toContain(`capped at ${seconds(MAX_DELAY_MS)}`);
  });

  it("Retry-After: the longest wait honoured", () => {
    expect(text).toMatch(new RegExp(`Retry-After\`? \\([^)]*up to ${seconds(MAX_RETRY_AFTER_MS)}\\)`));
  });

  it("the retried statuses, exactly", () => {
    const statuses = [...text.matchAll(/\b([1-5]\d\d)\b/g)].map((m) => Number(m[1]));
    expect(new Set(statuses)).toEqual(new Set(RETRYABLE_STATUSES));
  });

  it("the retried error codes, exactly", () => {
    const codes = [...text.matchAll(/`(P\d{3})`/g)].map((m) => m[1]);
    expect(new Set(codes)).toEqual(new Set(RETRYABLE_ERROR_CODES));
  });

  it("the default budget", () => {
    expect(text).toContain(`\`maxRetries\` times (default ${DEFAULT_MAX_RETRIES})`);
  });

  it("the default budget in the client option's JSDoc, which users read in their editor", () => {
    const client = readFileSync(new URL("../../src/client.ts", import.meta.url), "utf8");
    expect(/Retries of a retryable failure for reads \(default (\d+)\)/.exec(client)?.[1]).toBe(
      String(DEFAULT_MAX_RETRIES),
    );
  });

  it("which requests: the read methods named, writes only on opt-in", () => {
    const methods =
      /for ((?:[A-Z]+(?:, | and | or )?)+) requests only/.exec(text)?.[1]?.split(/,\s*|\s+and\s+|\s+or\s+/) ?? [];
    expect(new Set(methods.map((m) => m.trim()).filter(Boolean))).toEqual(new Set(SAFE_METHODS));
    expect(text).toContain("retryWrites: true");
    expect(mayRetry("POST", false)).toBe(false);
    expect(mayRetry("POST", true)).toBe(true);
  });
});

describe("isRetryableAnswer", () => {
  it("a retryable code counts only in a 400 body, read from its start", () => {
    expect(isRetryableAnswer(400, '{"errorCode":"P501","errorMessage":"busy"}')).toBe(true);
    expect(isRetryableAnswer(400, new TextEncoder().encode('{"errorCode": "P501"}').buffer)).toBe(true);
    expect(isRetryableAnswer(400, '{"errorCode":"P500"}')).toBe(false);
    expect(isRetryableAnswer(422, '{"errorCode":"P501"}')).toBe(false);
    expect(isRetryableAnswer(500, undefined)).toBe(false);
    expect(isRetryableAnswer(503, undefined)).toBe(true);
  });
});
