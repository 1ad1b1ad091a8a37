// `tsx bench/profile.ts [--loopback] [--contender sdk] [--calls 20000] [--top 25]`: where one contender's calls
// spend their CPU time. Runs the per-call benchmark's call (stubbed fetch, or the loopback server with
// `--loopback`) under the V8 sampling profiler (node:inspector, the same data as `node --cpu-prof`) and prints the
// functions with the most self time, and the total time of the code of each package. The raw profile goes to
// .tmp/bench/profile-<contender>-<mode>.cpuprofile (open it in Chrome DevTools for the call tree).
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import { openaiCall, openapiFetchCall, rawFetchCall, sdkCall, stripeCall, timeCalls, type Call } from "./contenders.js";
import { loadBuiltSdk } from "./built-sdk.js";
import { root, scratchDir } from "./lib.js";
import { startServer } from "./loopback-server.js";
import { pickOperation, type BenchOperation } from "./spec.js";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

type MakeCall = (op: BenchOperation, baseUrl: string, fetch?: typeof globalThis.fetch) => Call;

/** The contenders of the per-call benchmarks; the SDK is its compiled build, as there. */
async function contenders(): Promise<Record<string, MakeCall>> {
  const sdk = await loadBuiltSdk();
  return {
    sdk: (op, baseUrl, fetch) => sdkCall(sdk.createP100Client, op, baseUrl, fetch),
    openapiFetch: (op, baseUrl, fetch) => openapiFetchCall(op, baseUrl, fetch),
    rawFetch: rawFetchCall,
    stripe: stripeCall,
    openai: openaiCall,
  };
}

/** Where a sampled function lives: the package, the SDK's own file, or node's internals. */
function owner(url: string): string {
  if (!url) return "(native / idle)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return url.startsWith("node:internal/deps/undici") ? "undici (node)" : "node internals";
  return url.replace(`file://${root}/`, "");
}

/** Self time per function and total per owner, from a V8 CPU profile. */
function summarize(profile: Profile, top: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const functions = new Map<string, number>();
  const owners = new Map<string, number>();
  for (const [id, us] of self) {
    const frame = byId.get(id)!.callFrame;
    const where = owner(frame.url);
    const name = `${frame.functionName || "(anonymous)"}  ${where}${frame.url ? `:${frame.lineNumber + 1}` : ""}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
    owners.set(where, (owners.get(where) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
  const lines = ["self time by function:"];
  for (const [name, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`  ${pct(us)}  ${name}`);
  lines.push("self time by owner:");
  for (const [name, us] of [...owners].sort((a, b) => b[1] - a[1])) lines.push(`  ${pct(us)}  ${name}`);
  return lines.join("\n");
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
  const loopback = args.includes("--loopback");
  const name = option("--contender", "sdk");
  const calls = Number(option("--calls", loopback ? "5000" : "20000"));
  const all = await contenders();
  const make = all[name];
  if (!make) throw new Error(`--contender must be one of ${Object.keys(all).join(", ")}`);
  const op = pickOperation();
  const server = loopback ? await startServer(op) : undefined;
  try {
    const text = JSON.stringify(op.success.body);
    const init: ResponseInit = {
      status: op.success.status,
      headers: { "content-type": op.success.contentType ?? "application/json" },
    };
    const stub = (() => Promise.resolve(new Response(text, init))) as unknown as typeof globalThis.fetch;
    const call = server ? make(op, server.url) : make(op, "https://bench.invalid", stub);
    await timeCalls(call, Math.min(2_000, calls));
    const session = new Session();
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 100 });
    await session.post("Profiler.start");
    const ms = await timeCalls(call, calls);
    const { profile } = (await session.post("Profiler.stop")) as unknown as { profile: Profile };
    session.disconnect();
    const mode = loopback ? "loopback" : "stub";
    const file = join(scratchDir(), `profile-${name}-${mode}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.log(`${name}, ${mode}: ${calls} calls, ${((ms / calls) * 1000).toFixed(1)} µs per call (profiler on)`);
    console.log(summarize(profile, Number(option("--top", "25"))));
    console.log(`profile: ${file.replace(`${root}/`, "")}`);
  } finally {
    server?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
