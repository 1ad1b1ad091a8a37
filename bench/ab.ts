// `tsx bench/ab.ts <git-ref> [--rounds 20] [--calls N] [--stub-only | --loopback-only]`: the SDK of the working tree against the
// SDK of another commit, and both against openapi-fetch, in interleaved rounds of one run (stubbed fetch, then the
// loopback server). Each src/ is compiled as bench/built-sdk.ts compiles it. Made for measuring one transport change
// at a time on a noisy machine: the paired ratio "working tree / ref" is what a commit message can quote.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildSdk, loadBuiltSdk } from "./built-sdk.js";
import { assertWorks, openapiFetchCall, sdkCall, timeCalls, type Call } from "./contenders.js";
import { interleave, median, pairedRatio, root, scratchDir } from "./lib.js";
import { startServer } from "./loopback-server.js";
import { pickOperation, type BenchOperation } from "./spec.js";

type Sdk = typeof import("../src/index.js");

/** Compiles src/ of `ref` (extracted with git archive) and imports it. */
async function loadRefSdk(ref: string): Promise<Sdk> {
  const name = `ref-${ref.replace(/[^\w.-]/g, "_")}`;
  const dir = join(scratchDir(), name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const archive = execFileSync("git", ["archive", ref, "src", "generated"], {
    cwd: root,
    maxBuffer: 256 * 1024 * 1024,
  });
  execFileSync("tar", ["-x", "-C", dir], { input: archive });
  const file = await buildSdk(join(name, "build"), dir);
  return (await import(pathToFileURL(file).href)) as Sdk;
}

async function compare(
  label: string,
  op: BenchOperation,
  calls: Record<string, Call>,
  rounds: number,
  perRound: number,
) {
  for (const [name, call] of Object.entries(calls)) await assertWorks(name, call, op.success.body);
  for (const call of Object.values(calls)) await timeCalls(call, perRound * 3);
  // Wall time, and this process's CPU time (user + system): on a machine shared with other jobs the wall time mostly
  // measures waiting for a core, while the CPU time is the work the client itself does per call.
  const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(calls).map((name) => [name, []]));
  const samples = await interleave(
    rounds,
    Object.fromEntries(
      Object.entries(calls).map(([name, call]) => [
        name,
        async () => {
          const before = process.cpuUsage();
          const ms = await timeCalls(call, perRound);
          const used = process.cpuUsage(before);
          cpu[name]!.push((used.user + used.system) / perRound);
          return (ms / perRound) * 1000;
        },
      ]),
    ),
  );
  for (const name of Object.keys(calls)) {
    const [wall, time] = [samples[name]!, cpu[name]!];
    console.log(
      `${label.padEnd(9)} ${name.padEnd(13)} wall ${median(wall).toFixed(1).padStart(7)} µs (/ openapi-fetch ${pairedRatio(wall, samples.openapiFetch!).toFixed(3)}, / ref ${pairedRatio(wall, samples.ref!).toFixed(3)})   cpu ${median(time).toFixed(1).padStart(7)} µs (/ openapi-fetch ${pairedRatio(time, cpu.openapiFetch!).toFixed(3)}, / ref ${pairedRatio(time, cpu.ref!).toFixed(3)})`,
    );
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const ref = args.find((a, i) => !a.startsWith("--") && !["--rounds", "--calls"].includes(args[i - 1] ?? ""));
  if (!ref)
    throw new Error(
      "usage: tsx bench/ab.ts <git-ref> [--rounds N] [--calls N per round] [--stub-only | --loopback-only]",
    );
  const rounds = args.includes("--rounds") ? Number(args[args.indexOf("--rounds") + 1]) : 20;
  const perRound = args.includes("--calls") ? Number(args[args.indexOf("--calls") + 1]) : undefined;
  const op = pickOperation();
  const [current, previous] = [await loadBuiltSdk(), await loadRefSdk(ref)];
  const text = JSON.stringify(op.success.body);
  const init: ResponseInit = {
    status: op.success.status,
    headers: { "content-type": op.success.contentType ?? "application/json" },
  };
  const stub = () => Promise.resolve(new Response(text, init));
  const contenders = (baseUrl: string, fetch?: typeof stub): Record<string, Call> => ({
    ref: sdkCall(previous.createP100Client, op, baseUrl, fetch),
    current: sdkCall(current.createP100Client, op, baseUrl, fetch),
    openapiFetch: openapiFetchCall(op, baseUrl, fetch),
  });
  console.log(`working tree vs ${ref}, ${op.operationId}, ${rounds} interleaved rounds (paired ratios)`);
  if (!args.includes("--loopback-only"))
    await compare("stub", op, contenders("https://bench.invalid", stub), rounds, perRound ?? 1_000);
  if (!args.includes("--stub-only")) {
    const server = await startServer(op);
    try {
      await compare("loopback", op, contenders(server.url), rounds, perRound ?? 100);
    } finally {
      server.stop();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
