// 2. In-process throughput with a stubbed fetch (no network), the method of openapi-fetch's own benchmark: what
// the client code itself costs per call. Calls run one after another; calls/s per round, interleaved rounds.
import { assertWorks, openapiFetchCall, rawFetchCall, sdkCall, timeCalls } from "./contenders.js";
import { interleave, median, pairedRatio, quartiles, type BenchSize, type Row } from "./lib.js";
import { pickOperation } from "./spec.js";

export async function measureThroughput(size: BenchSize): Promise<Row[]> {
  const op = pickOperation();
  const text = op.success.body === undefined ? null : typeof op.success.body === "string" ? op.success.body : JSON.stringify(op.success.body);
  const init: ResponseInit = { status: op.success.status, headers: op.success.contentType ? { "content-type": op.success.contentType } : {} };
  // A fresh Response per call: a body can be read once.
  const stub = () => Promise.resolve(new Response(text, init));
  const baseUrl = "https://bench.invalid";
  const calls = {
    sdk: sdkCall(op, baseUrl, stub),
    openapiFetch: openapiFetchCall(op, baseUrl, stub),
    rawFetch: rawFetchCall(op, baseUrl, stub as unknown as typeof fetch),
  };
  for (const [name, call] of Object.entries(calls)) await assertWorks(name, call, op.success.body);
  const perRound = size.quick ? 20 : 1_000;
  const rounds = size.quick ? 2 : 15;
  for (const call of Object.values(calls)) await timeCalls(call, size.quick ? 20 : 2_000);
  const perSecond = (call: () => Promise<unknown>) => async () => perRound / ((await timeCalls(call, perRound)) / 1000);
  const samples = await interleave(rounds, {
    sdk: perSecond(calls.sdk),
    openapiFetch: perSecond(calls.openapiFetch),
    rawFetch: perSecond(calls.rawFetch),
  });
  return [
    {
      section: 2,
      id: "throughput.vsOpenapiFetch",
      figure: `calls per second, stubbed fetch, ${op.operationId} (median)`,
      unit: "calls/s",
      value: median(samples.sdk),
      baseline: { label: "openapi-fetch", value: median(samples.openapiFetch) },
      ratio: pairedRatio(samples.sdk, samples.openapiFetch),
      ratioLabel: "SDK / openapi-fetch",
      target: { op: ">=", value: 0.9 },
      detail: {
        rounds,
        callsPerRound: perRound,
        medianPerSecond: { sdk: median(samples.sdk), openapiFetch: median(samples.openapiFetch), rawFetch: median(samples.rawFetch) },
        quartilesPerSecond: { sdk: quartiles(samples.sdk), openapiFetch: quartiles(samples.openapiFetch), rawFetch: quartiles(samples.rawFetch) },
        samplesPerSecond: samples,
      },
    },
    {
      section: 2,
      id: "throughput.vsRawFetch",
      figure: `calls per second, stubbed fetch, ${op.operationId} (median)`,
      unit: "calls/s",
      value: median(samples.sdk),
      baseline: { label: "raw fetch (stub)", value: median(samples.rawFetch) },
      ratio: pairedRatio(samples.sdk, samples.rawFetch),
      ratioLabel: "SDK / raw fetch",
    },
  ];
}
