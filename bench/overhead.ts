// 1. Per-call overhead over loopback: the SDK's method, plain openapi-fetch, raw fetch, stripe-node and openai-node
// (each with its default HTTP stack) against one keep-alive server in another process answering every request with
// the same documented success body, one call in flight at a time, interleaved rounds in one run.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { compareCalls } from "./compare.js";
import { openaiCall, openapiFetchCall, rawFetchCall, sdkCall, stripeCall } from "./contenders.js";
import { root, type BenchSize, type Row } from "./lib.js";
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
    return await compareCalls(
      op,
      {
        sdk: sdkCall(op, server.url),
        openapiFetch: openapiFetchCall(op, server.url),
        rawFetch: rawFetchCall(op, server.url),
        stripe: stripeCall(op, server.url),
        openai: openaiCall(op, server.url),
      },
      {
        section: 1,
        idPrefix: "overhead",
        figure: "per call over loopback keep-alive",
        warmupCalls: size.quick ? 5 : 300,
        rounds: size.quick ? 2 : 30,
        callsPerRound: size.quick ? 5 : 100,
        // Issue 17: at most 1.1x openapi-fetch; the earlier target of 1.05x raw fetch stays on record.
        targets: { openapiFetch: 1.1, rawFetch: 1.05 },
      },
    );
  } finally {
    server.stop();
  }
}
