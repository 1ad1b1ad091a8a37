// 6. Webhook throughput: deliveries per second verified (Authorization token) and parsed by the SDK's webhook
// helper, next to the hand-written equivalent (constant-time compare + JSON.parse). The helper lives in
// src/webhooks/index.ts; until that file exists the row says "not available" instead of inventing a number.
import { timingSafeEqual } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { interleave, median, pairedRatio, quartiles, root, type BenchSize, type Row } from "./lib.js";
import { deref, spec } from "./spec.js";

const SECRET = "whsec-bench-0123456789abcdef";
const ENTRY = join(root, "src", "webhooks", "index.ts");

/** A typical delivery: the first webhook of the spec with an example, else the documented user status webhook. */
export function typicalPayload(): { name: string; payload: unknown } {
  for (const [name, item] of Object.entries<Record<string, unknown>>(spec.webhooks ?? {})) {
    const op = deref(item)?.post;
    const media = deref(op?.requestBody)?.content?.["application/json"];
    const examples = media?.examples ? Object.values<unknown>(media.examples) : [];
    const value = examples.length ? deref(examples[0]).value : media?.example;
    if (value !== undefined) return { name, payload: value };
  }
  return { name: "user status (documented example)", payload: { externalUserId: "bca65c48-df49-4831-a7b2-de7903321581", status: "ACTIVE" } };
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

/** Whether `value` (or something inside it, up to three levels down) equals the payload. */
function holdsPayload(value: unknown, payload: string, depth = 0): boolean {
  if (value === null || typeof value !== "object" || depth > 3) return false;
  if (JSON.stringify(value) === payload) return true;
  return Object.values(value).some((v) => holdsPayload(v, payload, depth + 1));
}

/**
 * Finds how to call the SDK's helper without knowing its final signature: each exported function whose name says
 * "webhook" is tried with the common call shapes, and a shape counts only if it returns the parsed payload for the
 * right token AND refuses a wrong one (so a no-op can never be benchmarked as a verifier).
 */
async function findHelper(mod: Record<string, unknown>, rawBody: string, payload: string): Promise<{ name: string; shape: string; call: (auth: string) => Promise<unknown> } | string> {
  // Header objects are built once per token, outside the timed loop: a server framework hands them over ready-made.
  const built = new Map<string, { headers: Headers; record: Record<string, string> }>();
  const inputs = (auth: string) => {
    let found = built.get(auth);
    if (!found) {
      const record = { "content-type": "application/json", authorization: auth };
      found = { headers: new Headers(record), record };
      built.set(auth, found);
    }
    return found;
  };
  const headersOf = (auth: string) => inputs(auth).headers;
  const shapes: [string, (fn: (...a: unknown[]) => unknown, auth: string) => unknown][] = [
    ["(rawBody, headers, secret)", (fn, auth) => fn(rawBody, headersOf(auth), SECRET)],
    ["(rawBody, headerRecord, secret)", (fn, auth) => fn(rawBody, inputs(auth).record, SECRET)],
    ["(rawBody, authorization, secret)", (fn, auth) => fn(rawBody, auth, SECRET)],
    ["({ body, headers, secret })", (fn, auth) => fn({ body: rawBody, rawBody, payload: rawBody, headers: headersOf(auth), authorization: auth, secret: SECRET, token: SECRET })],
    // Last resort: a fresh Request per delivery (its body can be read once), so this shape also times Request creation.
    ["(request, secret)", (fn, auth) => fn(new Request("https://partner.example/webhook", { method: "POST", headers: headersOf(auth), body: rawBody }), SECRET)],
  ];
  const names = Object.keys(mod).filter((n) => typeof mod[n] === "function" && /webhook|event/i.test(n) && /verify|parse|construct|unwrap|read|handle/i.test(n));
  for (const name of names) {
    const fn = mod[name] as (...a: unknown[]) => unknown;
    for (const [shape, invoke] of shapes) {
      try {
        const accepted = await invoke(fn, SECRET);
        if (!holdsPayload(accepted, payload)) continue;
        const refused = await Promise.resolve()
          .then(() => invoke(fn, "wrong-token"))
          .then((r) => !holdsPayload(r, payload), () => true);
        if (refused) return { name, shape, call: async (auth) => invoke(fn, auth) };
      } catch {
        // not this shape
      }
    }
  }
  return `src/webhooks/index.ts exports no helper recognised as verify+parse (tried ${names.join(", ") || "no webhook-named function"})`;
}

export async function measureWebhooks(size: BenchSize): Promise<Row[]> {
  const { name, payload } = typicalPayload();
  const rawBody = JSON.stringify(payload);
  const base = {
    section: 6,
    id: "webhooks.throughput",
    figure: `webhook deliveries verified + parsed per second (${name})`,
    unit: "deliveries/s",
    ratioLabel: "SDK / hand-written",
    baseline: { label: "hand-written compare + JSON.parse", value: null },
  } as const;
  if (!existsSync(ENTRY)) {
    return [{ ...base, value: null, ratio: null, note: "not available: src/webhooks/index.ts does not exist on this branch yet" }];
  }
  const mod = (await import(pathToFileURL(ENTRY).href)) as Record<string, unknown>;
  const helper = await findHelper(mod, rawBody, rawBody);
  if (typeof helper === "string") return [{ ...base, value: null, ratio: null, note: `not available: ${helper}` }];

  const baseline = handWritten(SECRET);
  const perRound = size.quick ? 50 : 20_000;
  const rounds = size.quick ? 2 : 15;
  const perSecond = (fn: () => unknown) => async () => {
    const start = performance.now();
    for (let i = 0; i < perRound; i++) await fn();
    return perRound / ((performance.now() - start) / 1000);
  };
  const samples = await interleave(rounds, {
    sdk: perSecond(() => helper.call(SECRET)),
    handWritten: perSecond(() => baseline(rawBody, SECRET)),
  });
  return [
    {
      ...base,
      value: median(samples.sdk),
      baseline: { label: "hand-written compare + JSON.parse", value: median(samples.handWritten) },
      ratio: pairedRatio(samples.sdk, samples.handWritten),
      detail: { helper: `${helper.name}${helper.shape}`, payloadBytes: rawBody.length, rounds, perRound, quartiles: { sdk: quartiles(samples.sdk), handWritten: quartiles(samples.handWritten) }, samples },
    },
  ];
}
