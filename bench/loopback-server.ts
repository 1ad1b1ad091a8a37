// Starts bench/server.mjs, the keep-alive loopback server of the per-call benchmarks, in its own process.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { root } from "./lib.js";
import type { BenchOperation } from "./spec.js";

/** Starts bench/server.mjs answering with the operation's success response; resolves with its URL and a stop(). */
export async function startServer(op: BenchOperation): Promise<{ url: string; stop: () => void }> {
  const body =
    op.success.body === undefined
      ? ""
      : typeof op.success.body === "string"
        ? op.success.body
        : JSON.stringify(op.success.body);
  const child = spawn(process.execPath, [join(root, "bench", "server.mjs")], {
    env: {
      ...process.env,
      BENCH_RESPONSE: JSON.stringify({ status: op.success.status, contentType: op.success.contentType, body }),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`bench server exited (${code}) before listening`)));
    createInterface({ input: child.stdout! }).once("line", resolve);
  });
  return { url: `http://127.0.0.1:${port.trim()}`, stop: () => child.kill("SIGTERM") };
}
