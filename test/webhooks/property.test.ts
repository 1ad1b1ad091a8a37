// Property tests of the parser: whatever the input, it returns a payload that its validator accepts, or throws one
// of its typed errors; it never throws anything else and never lets an unauthenticated body through.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as validators from "../../generated/webhook-validators.js";
import { webhookExamples } from "../../generated/webhook-examples.js";
import {
  P100WebhookError,
  parseWebhook,
  verifyWebhook,
  webhookKinds,
  type WebhookKind,
} from "../../src/webhooks/index.js";

const TOKEN = "whsec-property-token";
const kindArb = fc.constantFrom<WebhookKind>(...webhookKinds);
const validate = (kind: WebhookKind, value: unknown) =>
  (validators as unknown as Record<string, (v: unknown) => boolean>)[kind]!(value);

/** Runs `fn`; returns "ok" or the error's code, failing the property on any other exception. */
function outcome(fn: () => unknown): string {
  try {
    fn();
    return "ok";
  } catch (error) {
    if (!(error instanceof P100WebhookError)) throw error;
    expect(error.status).toBeGreaterThanOrEqual(400);
    return error.code;
  }
}

/** Mutations of documented examples: the interesting neighbourhood of valid payloads. */
const mutatedExample = kindArb.chain((kind) =>
  fc
    .record({
      name: fc.constantFrom(...Object.keys(webhookExamples[kind])),
      field: fc.string({ maxLength: 20 }),
      value: fc.jsonValue({ maxDepth: 2 }),
      drop: fc.boolean(),
    })
    .map(({ name, field, value, drop }) => {
      const payload: Record<string, unknown> = { ...(webhookExamples[kind][name] as Record<string, unknown>) };
      const keys = Object.keys(payload);
      const target = drop && keys.length > 0 ? keys[field.length % keys.length]! : field;
      if (drop) delete payload[target];
      else payload[target] = value;
      return { kind, body: JSON.stringify(payload) };
    }),
);

describe("parseWebhook properties", () => {
  it("arbitrary text: a validated payload or a typed error", () => {
    fc.assert(
      fc.property(kindArb, fc.string({ maxLength: 300, unit: "binary" }), (kind, body) => {
        const result = outcome(() => expect(validate(kind, parseWebhook(kind, body))).toBe(true));
        expect(["ok", "invalid_json", "invalid_payload", "payload_too_large"]).toContain(result);
      }),
      { numRuns: 500 },
    );
  });

  it("arbitrary bytes (invalid UTF-8 included): a typed error or a valid payload", () => {
    fc.assert(
      fc.property(kindArb, fc.uint8Array({ maxLength: 300 }), (kind, bytes) => {
        expect(["ok", "invalid_json", "invalid_payload"]).toContain(outcome(() => parseWebhook(kind, bytes)));
      }),
      { numRuns: 500 },
    );
  });

  it("arbitrary JSON values: valid ones are returned unchanged, the rest are invalid_payload", () => {
    fc.assert(
      fc.property(kindArb, fc.jsonValue({ maxDepth: 3 }), (kind, value) => {
        const body = JSON.stringify(value);
        const result = outcome(() => expect(parseWebhook(kind, body)).toEqual(JSON.parse(body)));
        expect(["ok", "invalid_payload"]).toContain(result);
        expect(result === "ok").toBe(validate(kind, JSON.parse(body)));
      }),
      { numRuns: 500 },
    );
  });

  it("mutated examples: accepted exactly when the generated validator accepts them", () => {
    fc.assert(
      fc.property(mutatedExample, ({ kind, body }) => {
        const result = outcome(() => parseWebhook(kind, body));
        expect(["ok", "invalid_payload"]).toContain(result);
        expect(result === "ok").toBe(validate(kind, JSON.parse(body)));
      }),
      { numRuns: 1000 },
    );
  });

  it("arbitrary kinds, content types and limits: only typed errors", () => {
    fc.assert(
      fc.property(
        fc.oneof(kindArb, fc.string({ maxLength: 20 })),
        fc.option(fc.string({ maxLength: 40 }), { nil: null }),
        fc.integer({ min: 1, max: 400 }),
        mutatedExample,
        (kind, contentType, maxBodyBytes, { body }) => {
          outcome(() => parseWebhook(kind as WebhookKind, body, { contentType, maxBodyBytes }));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("no body passes verifyWebhook without the exact token", () => {
    fc.assert(
      fc.property(
        kindArb,
        fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
        fc.string({ maxLength: 200 }),
        (kind, authorization, body) => {
          fc.pre(authorization !== TOKEN);
          expect(outcome(() => verifyWebhook(kind, body, { authorization, token: TOKEN }))).toBe("unauthorized");
        },
      ),
      { numRuns: 500 },
    );
  });
});
