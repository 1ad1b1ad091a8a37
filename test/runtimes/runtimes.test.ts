// The packed package runs unchanged on Node, Bun, Deno and Cloudflare's workerd. The tarball `npm pack` makes of the
// current build (`npm test` builds first; alone, run `npm run build` before) is installed into a scratch consumer, and
// the same smoke flows (test/runtimes/*.mjs: client, sandbox, webhooks) run there under each runtime. Every runtime
// comes from an npm devDependency (bun, deno, miniflare with its workerd), nothing from the system; everything
// listens on and talks to 127.0.0.1 only.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** What the client-and-receiver flow (core-flow.mjs) sees in `runtime`. */
const core = (runtime: string) => ({
  runtime,
  typedError: "P411",
  webhookStatus: 200,
  webhookCallbacks: 1,
  wrongTokenStatus: 401,
});
/** What the whole flow (flow.mjs) sees in `runtime`. */
const full = (runtime: string, http: string) => ({
  runtime,
  userId: true,
  partnerBalances: true,
  repeat: "P411",
  kycWebhookReceived: true,
  deliveriesAcknowledged: true,
  wrongTokenStatus: 401,
  http,
});

/** Runs a command, failing with its output when it exits non-zero. */
function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", timeout: 180_000 });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} exited ${result.status ?? result.signal}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result;
}

/** The JSON a runtime printed on its last line of output. */
function printed(result: SpawnSyncReturns<string>): unknown {
  return JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "null");
}

describe("the packed package under Node, Bun, Deno and workerd", () => {
  let scratch = "";
  let consumer = "";

  beforeAll(() => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      exports: Record<string, { default?: string }>;
    };
    const built = Object.values(pkg.exports).flatMap((target) =>
      typeof target === "object" && target.default ? [target.default] : [],
    );
    const missing = built.filter((file) => !existsSync(join(root, file)));
    if (missing.length > 0) throw new Error(`${missing.join(", ")} missing: run \`npm run build\` first`);

    scratch = mkdtempSync(join(tmpdir(), "p100-runtimes-"));
    const [packed] = JSON.parse(
      run(npm, ["pack", "--json", "--ignore-scripts", "--pack-destination", scratch], root).stdout,
    ) as [{ filename: string }];
    consumer = join(scratch, "consumer");
    mkdirSync(consumer);
    writeFileSync(
      join(consumer, "package.json"),
      JSON.stringify({ name: "p100-runtime-smoke", private: true, type: "module" }),
    );
    // --prefer-offline: openapi-fetch comes from the cache `npm ci` filled.
    run(
      npm,
      ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", join(scratch, packed.filename)],
      consumer,
    );
    for (const file of readdirSync(here).filter((name) => name.endsWith(".mjs")))
      copyFileSync(join(here, file), join(consumer, file));
  }, 300_000);

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  /** A runtime's command from the project's node_modules/.bin (an npm devDependency). */
  const bin = (name: string) => join(root, "node_modules", ".bin", name);

  it("Node", () => {
    const result = run(process.execPath, ["node-like.mjs"], consumer);
    expect(printed(result)).toEqual({ core: core("node"), full: full("node", "balances read") });
  }, 120_000);

  it("Bun (the bun devDependency)", () => {
    const result = run(bin("bun"), ["node-like.mjs"], consumer, { ...process.env, DO_NOT_TRACK: "1" });
    expect(printed(result)).toEqual({ core: core("bun"), full: full("bun", "balances read") });
  }, 120_000);

  it("Deno (the deno devDependency)", () => {
    // No update check: it would call out to the internet.
    const env = { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };
    const result = run(
      bin("deno"),
      ["run", "--allow-net=127.0.0.1", "--allow-read", "--allow-env", "node-like.mjs"],
      consumer,
      env,
    );
    expect(printed(result)).toEqual({ core: core("deno"), full: full("deno", "balances read") });
  }, 120_000);

  /** Bundles a Worker entry as a Workers bundler does, runs it in workerd (Miniflare) and returns its JSON answer. */
  async function inWorkerd(entry: string, compatibilityFlags: string[]): Promise<unknown> {
    const outfile = join(consumer, `${entry}.bundle.mjs`);
    await build({
      entryPoints: [join(consumer, entry)],
      bundle: true,
      format: "esm",
      platform: "neutral",
      conditions: ["worker", "browser"],
      mainFields: ["module", "main"],
      // With nodejs_compat, workerd provides Node's built-ins; without it, none may be named.
      external: compatibilityFlags.includes("nodejs_compat") ? ["node:*"] : [],
      outfile,
      logLevel: "silent",
    });
    // modulesRoot: module paths are resolved from it (by default the working directory, which the bundle is outside of).
    const worker = new Miniflare({
      modules: true,
      modulesRoot: consumer,
      scriptPath: outfile,
      compatibilityDate: "2025-01-01",
      compatibilityFlags,
    });
    try {
      const response = await worker.dispatchFetch("http://127.0.0.1/");
      return await response.json();
    } finally {
      await worker.dispose();
    }
  }

  it("workerd: a bundled Worker with the client and the webhook receiver, no compatibility flag", async () => {
    expect(await inWorkerd("worker-core.mjs", [])).toEqual(core("workerd"));
  }, 120_000);

  it("workerd: a bundled Worker with the whole flow, the sandbox included (nodejs_compat)", async () => {
    expect(await inWorkerd("worker.mjs", ["nodejs_compat"])).toEqual(full("workerd", "not tried"));
  }, 120_000);
});
