// 2. In-process cost with a stubbed fetch (no network), the method of openapi-fetch's own benchmark: what the client
// code itself costs per call. Every contender gets the same stub through its documented custom-fetch option; calls
// run one after another; µs per call, interleaved rounds.
import { loadBuiltSdk } from "./built-sdk.js";
import { compareCalls } from "./compare.js";
import { openaiCall, openapiFetchCall, rawFetchCall, sdkCall, stripeCall } from "./contenders.js";
import type { BenchSize, Row } from "./lib.js";
import { pickOperation } from "./spec.js";

export async function measureThroughput(size: BenchSize): Promise<Row[]> {
  const op = pickOperation();
  const sdk = await loadBuiltSdk();
  const text =
    op.success.body === undefined
      ? null
      : typeof op.success.body === "string"
        ? op.success.body
        : JSON.stringify(op.success.body);
  const init: ResponseInit = {
    status: op.success.status,
    headers: op.success.contentType ? { "content-type": op.success.contentType } : {},
  };
  // A fresh Response per call: a body can be read once.
  const stub = () => Promise.resolve(new Response(text, init));
  const fetch = stub as unknown as typeof globalThis.fetch;
  const baseUrl = "https://bench.invalid";
  return compareCalls(
    op,
    {
      sdk: sdkCall(sdk.createP100Client, op, baseUrl, stub),
      openapiFetch: openapiFetchCall(op, baseUrl, stub),
      rawFetch: rawFetchCall(op, baseUrl, fetch),
      stripe: stripeCall(op, baseUrl, fetch),
      openai: openaiCall(op, baseUrl, fetch),
    },
    {
      section: 2,
      idPrefix: "throughput",
      setting: "with a stubbed fetch (client code only)",
      warmupCalls: size.quick ? 20 : 2_000,
      rounds: size.quick ? 2 : 15,
      callsPerRound: size.quick ? 20 : 2_000,
      // Issue 17: at most 1.3x openapi-fetch, and below both peer SDKs.
      targets: { openapiFetch: 1.3, stripe: 1, openai: 1 },
    },
  );
}
