// The contract-test harness: one call per operation, and one forced error per documented error example.
import { describe, expect, inject, it } from "vitest";
import { createP100Client, P100ApiError, P100AuthenticationError, type P100Client } from "../../src/index.js";
import { errorExamples, otherSuccessExamples, successExample } from "./spec.js";

export const TEST_API_KEY = "test-key-0123456789";

/** A client pointed at the Prism mock; `prefer` is sent as Prism's `Prefer` header to force a response. */
export function mockClient(prefer?: string): P100Client {
  return createP100Client({
    apiKey: TEST_API_KEY,
    baseUrl: inject("mockUrl"),
    maxRetries: 0,
    fetch: (request) => {
      if (prefer) request.headers.set("Prefer", prefer);
      return fetch(request);
    },
  });
}

/**
 * Registers the contract tests of one operation: `call` makes the documented request through the typed SDK.
 * Tests: the call succeeds with the documented success example; every documented error example, forced through
 * Prism's `Prefer: code=..., example=...`, comes back as a typed error carrying that example's code.
 */
export function describeOperation(operationId: string, call: (p100: P100Client) => Promise<unknown>): void {
  describe(operationId, () => {
    it(`${operationId}: documented request gets the documented success response`, async () => {
      const expected = successExample(operationId);
      expect(expected, "the spec documents a success response").toBeDefined();
      const result = await call(mockClient());
      expect(result).toEqual(expected?.value);
    });

    // Other documented 2xx answers (e.g. 202 P211 "POA pending") resolve, they do not throw.
    for (const example of otherSuccessExamples(operationId)) {
      it(`${operationId}: ${example.status} ${example.name}`, async () => {
        const result = await call(mockClient(`code=${example.status}, example=${example.name}`));
        expect(result).toEqual(example.value);
      });
    }

    for (const example of errorExamples(operationId)) {
      it(`${operationId}: ${example.status} ${example.name}`, async () => {
        const error = await call(mockClient(`code=${example.status}, example=${example.name}`)).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(P100ApiError);
        const apiError = error as P100ApiError;
        expect(apiError.status).toBe(Number(example.status));
        if (example.status === "401") {
          expect(apiError).toBeInstanceOf(P100AuthenticationError);
          expect((apiError as P100AuthenticationError).reason).toBe(example.name);
        } else {
          const value = example.value as { errorCode?: string; errorName?: string; errorMessage?: string };
          expect(apiError.errorCode).toBe(value.errorCode);
          expect(apiError.errorName).toBe(value.errorName);
          expect(apiError.errorMessage).toBe(value.errorMessage);
        }
      });
    }
  });
}
