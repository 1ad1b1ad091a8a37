// `tsx bench/suspects.ts [--rounds 30] [--calls 200]`: what each thing the SDK's transport does to a request costs
// over loopback, one at a time. Every variant sends the same GET to the same keep-alive server (bench/server.mjs) the
// way openapi-fetch does (a Request handed to fetch, the body read as text and parsed), plus exactly one suspect;
// interleaved rounds, the client's wall and CPU time per call, paired ratios against the plain variant. The numbers
// are what docs/benchmarks.md quotes for "where the loopback gap goes".
import { acquireDeadline } from "../src/deadlines.js";
import { BENCH_API_KEY } from "./contenders.js";
import { interleave, median, pairedRatio } from "./lib.js";
import { startServer } from "./loopback-server.js";
import { pickOperation, rawUrl } from "./spec.js";

/** Settles with the promise, or rejects when the signal aborts: how the transport raced its signal before (listeners). */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

const TIMEOUT_MS = 60_000;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: number) =>
    args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback;
  const rounds = option("--rounds", 30);
  const perRound = option("--calls", 200);
  const op = pickOperation();
  if (op.method !== "get") throw new Error("the suspects are measured on a GET");
  const server = await startServer(op);
  const url = rawUrl(server.url, op);
  const headers = { "x-api-key": BENCH_API_KEY };
  const request = (init: RequestInit = {}) => new Request(url, { headers, ...init });
  const parse = async (response: Response) => JSON.parse(await response.text()) as unknown;

  const variants: Record<string, () => Promise<unknown>> = {
    plain: async () => parse(await fetch(request())),
    'redirect: "manual"': async () => parse(await fetch(request({ redirect: "manual" }))),
    "request clone": async () => parse(await fetch(request().clone())),
    "shared deadline signal in fetch init": async () => {
      const deadline = acquireDeadline(TIMEOUT_MS);
      try {
        return await parse(await fetch(request(), { signal: deadline.signal }));
      } finally {
        deadline.release();
      }
    },
    "own AbortController per call in init": async () =>
      parse(await fetch(request(), { signal: new AbortController().signal })),
    "shared signal + race by listeners (x2)": async () => {
      const deadline = acquireDeadline(TIMEOUT_MS);
      try {
        const response = await raceAbort(fetch(request(), { signal: deadline.signal }), deadline.signal);
        return JSON.parse(await raceAbort(response.text(), deadline.signal)) as unknown;
      } finally {
        deadline.release();
      }
    },
    "shared signal + one race by the deadline": async () => {
      const deadline = acquireDeadline(TIMEOUT_MS);
      try {
        const text = await deadline.race(fetch(request(), { signal: deadline.signal }).then((r) => r.text()));
        return JSON.parse(text) as unknown;
      } finally {
        deadline.release();
      }
    },
    "own AbortController + own timer + one race": async () => {
      const controller = new AbortController();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const work = fetch(request(), { signal: controller.signal }).then((r) => r.text());
      try {
        const text = await new Promise<string>((resolve, reject) => {
          timer = setTimeout(() => {
            reject(new DOMException("The attempt timed out", "TimeoutError"));
            controller.abort();
          }, TIMEOUT_MS);
          work.then(resolve, reject);
        });
        return JSON.parse(text) as unknown;
      } finally {
        clearTimeout(timer);
      }
    },
    "no signal, own timer + one race": async () => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const work = fetch(request()).then((r) => r.text());
      try {
        const text = await new Promise<string>((resolve, reject) => {
          timer = setTimeout(() => reject(new DOMException("The attempt timed out", "TimeoutError")), TIMEOUT_MS);
          work.then(resolve, reject);
        });
        return JSON.parse(text) as unknown;
      } finally {
        clearTimeout(timer);
      }
    },
    "body read into a rebuilt Response": async () => {
      const response = await fetch(request());
      const copy = new Response(await response.arrayBuffer(), {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
      return parse(copy);
    },
  };
  try {
    for (const [name, variant] of Object.entries(variants)) {
      if (JSON.stringify(await variant()) !== JSON.stringify(op.success.body))
        throw new Error(`${name} returned something else`);
      for (let i = 0; i < perRound * 2; i++) await variant();
    }
    const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
    const wall = await interleave(
      rounds,
      Object.fromEntries(
        Object.entries(variants).map(([name, variant]) => [
          name,
          async () => {
            const before = process.cpuUsage();
            const start = performance.now();
            for (let i = 0; i < perRound; i++) await variant();
            const ms = performance.now() - start;
            const used = process.cpuUsage(before);
            cpu[name]!.push((used.user + used.system) / perRound);
            return (ms / perRound) * 1000;
          },
        ]),
      ),
    );
    console.log(
      `${op.operationId} over loopback keep-alive, ${rounds} interleaved rounds of ${perRound} calls; paired ratios to "plain"`,
    );
    console.log("| variant | wall µs/call | wall ratio | client CPU µs/call | CPU ratio |\n|---|---|---|---|---|");
    for (const name of Object.keys(variants)) {
      console.log(
        `| ${name} | ${median(wall[name]!).toFixed(0)} | ${pairedRatio(wall[name]!, wall.plain!).toFixed(3)} | ${median(cpu[name]!).toFixed(0)} | ${pairedRatio(cpu[name]!, cpu.plain!).toFixed(3)} |`,
      );
    }
  } finally {
    server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
