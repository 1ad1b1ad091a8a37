// 1. Per-call overhead over loopback: SDK method vs plain openapi-fetch vs raw fetch against a keep-alive server
// in another process, one call in flight at a time, interleaved rounds in one run.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { assertWorks, openapiFetchCall, rawFetchCall, sdkCall, timeCalls } from "./contenders.js";
import { interleave, median, pairedRatio, quartiles, root, type BenchSize, type Row } from "./lib.js";
import { pickOperation, type BenchOperation } from "./spec.js";

/** Starts bench/server.mjs answering with the operation's success response; resolves with its URL and a stop(). */
async function startServer(op: BenchOperation): Promise<{ url: string; stop: () => void }> {
  const body = op.success.body === undefined ? "" : typeof op.success.body === "string" ? op.success.body : JSON.stringify(op.success.body);
  const child = spawn(process.execPath, [join(root, "bench", "server.mjs")], {
    env: { ...process.env, BENCH_RESPONSE: JSON.stringify({ status: op.success.status, contentType: op.success.contentType, body }) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`bench server exited (${code}) before listening`)));
    createInterface({ input: child.stdout! }).once("line", resolve);
  });
  return { url: `http://127.0.0.1:${port.trim()}`, stop: () => child.kill("SIGTERM") };
}

export async function measureOverhead(size: BenchSize): Promise<Row[]> {
  const op = pickOperation();
  const server = await startServer(op);
  try {
    const calls = {
      sdk: sdkCall(op, server.url),
      openapiFetch: openapiFetchCall(op, server.url),
      rawFetch: rawFetchCall(op, server.url),
    };
    for (const [name, call] of Object.entries(calls)) await assertWorks(name, call, op.success.body);
    const perRound = size.quick ? 5 : 100;
    const rounds = size.quick ? 2 : 30;
    // Warm up the JIT and the connection pool of every contender.
    for (const call of Object.values(calls)) await timeCalls(call, size.quick ? 5 : 300);
    const samples = await interleave(rounds, {
      sdk: async () => ((await timeCalls(calls.sdk, perRound)) / perRound) * 1000,
      openapiFetch: async () => ((await timeCalls(calls.openapiFetch, perRound)) / perRound) * 1000,
      rawFetch: async () => ((await timeCalls(calls.rawFetch, perRound)) / perRound) * 1000,
    });
    const sdk = median(samples.sdk);
    const detail = {
      operation: `${op.operationId} (${op.method.toUpperCase()} ${op.path})`,
      rounds,
      callsPerRound: perRound,
      medianUs: { sdk, openapiFetch: median(samples.openapiFetch), rawFetch: median(samples.rawFetch) },
      quartilesUs: { sdk: quartiles(samples.sdk), openapiFetch: quartiles(samples.openapiFetch), rawFetch: quartiles(samples.rawFetch) },
      ratioOfMedians: { sdkOverRaw: sdk / median(samples.rawFetch), sdkOverOpenapiFetch: sdk / median(samples.openapiFetch) },
      samplesUs: samples,
    };
    return [
      {
        section: 1,
        id: "overhead.vsRawFetch",
        figure: `per call over loopback keep-alive, ${op.operationId} (median)`,
        unit: "µs",
        value: sdk,
        baseline: { label: "raw fetch", value: median(samples.rawFetch) },
        ratio: pairedRatio(samples.sdk, samples.rawFetch),
        ratioLabel: "SDK / raw fetch",
        target: { op: "<=", value: 1.05 },
        detail,
      },
      {
        section: 1,
        id: "overhead.vsOpenapiFetch",
        figure: `per call over loopback keep-alive, ${op.operationId} (median)`,
        unit: "µs",
        value: sdk,
        baseline: { label: "openapi-fetch", value: median(samples.openapiFetch) },
        ratio: pairedRatio(samples.sdk, samples.openapiFetch),
        ratioLabel: "SDK / openapi-fetch",
      },
    ];
  } finally {
    server.stop();
  }
}
