// 6. Webhook throughput: deliveries per second authenticated (Authorization token, constant time), parsed and
// validated against the spec's schema by the SDK's `verifyWebhook`, next to the hand-written minimum a partner might
// write (constant-time compare + JSON.parse, no validation).
import { timingSafeEqual } from "node:crypto";
import { verifyWebhook, type WebhookKind } from "../src/webhooks/index.js";
import { interleave, median, pairedRatio, quartiles, type BenchSize, type Row } from "./lib.js";
import { deref, spec } from "./spec.js";

const SECRET = "whsec-bench-0123456789abcdef";

/** A typical delivery: the first webhook of the spec with an example, else the documented user status webhook. */
export function typicalPayload(): { name: WebhookKind; payload: unknown } {
  for (const [name, item] of Object.entries<Record<string, unknown>>(spec.webhooks ?? {})) {
    const op = deref(item)?.post;
    const media = deref(op?.requestBody)?.content?.["application/json"];
    const examples = media?.examples ? Object.values<unknown>(media.examples) : [];
    const value = examples.length ? deref(examples[0]).value : media?.example;
    if (value !== undefined) return { name: name as WebhookKind, payload: value };
  }
  throw new Error("the spec has no webhook with an example");
}

type Verify = (rawBody: string, authorization: string | null) => unknown;

/** The hand-written baseline a partner would write. */
export function handWritten(secret: string): Verify {
  const expected = Buffer.from(secret);
  return (rawBody, authorization) => {
    const got = Buffer.from(authorization ?? "");
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) throw new Error("invalid webhook token");
    return JSON.parse(rawBody);
  };
}

export async function measureWebhooks(size: BenchSize): Promise<Row[]> {
  const { name, payload } = typicalPayload();
  const rawBody = JSON.stringify(payload);
  const base = {
    section: 6,
    id: "webhooks.throughput",
    figure: `webhook deliveries verified + parsed + validated per second (${name})`,
    unit: "deliveries/s",
    ratioLabel: "SDK / hand-written",
  } as const;
  const sdk = () => verifyWebhook(name, rawBody, { authorization: SECRET, token: SECRET });
  // A benchmark of a verifier that accepts anything would be void: check both answers first.
  if (JSON.stringify(sdk()) !== rawBody) throw new Error("verifyWebhook did not return the payload");
  let refused = false;
  try {
    verifyWebhook(name, rawBody, { authorization: "wrong-token", token: SECRET });
  } catch {
    refused = true;
  }
  if (!refused) throw new Error("verifyWebhook accepted a wrong token");

  const baseline = handWritten(SECRET);
  const perRound = size.quick ? 50 : 20_000;
  const rounds = size.quick ? 2 : 15;
  const perSecond = (fn: () => unknown) => async () => {
    const start = performance.now();
    for (let i = 0; i < perRound; i++) await fn();
    return perRound / ((performance.now() - start) / 1000);
  };
  const samples = await interleave(rounds, {
    sdk: perSecond(sdk),
    handWritten: perSecond(() => baseline(rawBody, SECRET)),
  });
  return [
    {
      ...base,
      value: median(samples.sdk),
      baseline: { label: "hand-written compare + JSON.parse", value: median(samples.handWritten) },
      ratio: pairedRatio(samples.sdk, samples.handWritten),
      detail: {
        helper: "verifyWebhook(kind, rawBody, { authorization, token })",
        payloadBytes: rawBody.length,
        rounds,
        perRound,
        quartiles: { sdk: quartiles(samples.sdk), handWritten: quartiles(samples.handWritten) },
        samples,
      },
    },
  ];
}
