// `npm run sandbox` (and, later, `p100 sandbox`): the sandbox on loopback for manual and cross-language testing.
// Prints the URL, key and token, logs one line per call and per delivery, keeps the virtual clock in step with real
// time (so webhook retries happen), saves the state atomically after changes when --state is given, stops on Ctrl-C.
import { createSandbox, type Sandbox } from "./sandbox.js";
import type { SandboxStateJson } from "./state.js";

/** What runSandboxCli started: stop it with `stop()`; `done` settles once it has stopped. */
export interface SandboxCliHandle {
  readonly url: string;
  readonly apiKey: string;
  readonly token: string | undefined;
  readonly sandbox: Sandbox;
  stop(): Promise<void>;
  readonly done: Promise<void>;
}

/** Where the CLI writes its lines and which signals stop it (tests pass their own). */
export interface SandboxCliIo {
  readonly log?: (line: string) => void;
  /** Stop on SIGINT/SIGTERM (default true). */
  readonly handleSignals?: boolean;
}

const USAGE = `usage: npm run sandbox -- [--port 4010] [--webhook-url http://127.0.0.1:3000] [--token TOKEN] [--api-key KEY] [--state file.json] [--seed N]`;

function parseArgs(argv: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--help" || arg === "-h") throw new Error(USAGE);
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unexpected argument ${arg}\n${USAGE}`);
    const [, name = "", inline] = match;
    if (!["port", "webhook-url", "token", "api-key", "state", "seed", "host"].includes(name)) throw new Error(`unknown option --${name}\n${USAGE}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    result[name] = value;
  }
  return result;
}

/** Starts the sandbox from command-line arguments (without the node and script names). */
export async function runSandboxCli(argv: readonly string[], io: SandboxCliIo = {}): Promise<SandboxCliHandle> {
  const { existsSync, readFileSync, renameSync, writeFileSync } = await import("node:fs");
  const log = io.log ?? ((line: string) => console.log(line));
  const args = parseArgs(argv);
  const port = args.port === undefined ? 4010 : Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error("--port must be an integer from 0 to 65535");
  const host = args.host ?? "127.0.0.1";
  const token = args["webhook-url"] ? (args.token ?? `sandbox-token-${globalThis.crypto.randomUUID()}`) : args.token;
  const apiKey = args["api-key"] ?? "sandbox-api-key";
  const statePath = args.state;
  const initialState = statePath && existsSync(statePath) ? (JSON.parse(readFileSync(statePath, "utf8")) as SandboxStateJson) : undefined;

  let dirty = false;
  const sandbox = createSandbox({
    apiKey,
    ...(args.seed !== undefined ? { seed: args.seed } : {}),
    ...(initialState ? { initialState } : {}),
    ...(args["webhook-url"] && token ? { webhooks: { url: args["webhook-url"], token } } : {}),
    onCall: (call) => {
      dirty = true;
      log(`${call.method} ${call.path} -> ${call.status}${call.errorCode ? ` ${call.errorCode}` : ""}${call.operationId ? ` (${call.operationId})` : ""}`);
    },
    onDelivery: (d) => {
      dirty = true;
      log(`webhook ${d.kind} attempt ${d.attempt} -> ${d.url}: ${d.status ?? d.error ?? "no answer"}`);
    },
  });

  // Atomic save: a crash mid-write leaves the previous file intact (write a temporary file, then rename over).
  const save = () => {
    if (!statePath || !dirty) return;
    dirty = false;
    const temporary = `${statePath}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(sandbox.state(), null, 2)}\n`);
    renameSync(temporary, statePath);
  };

  const url = await sandbox.listen({ port, host });
  log("P100 partner SDK sandbox: a local stand-in for tests, NOT P100 (answers carry x-p100-sandbox: true)");
  log(`url      ${url}`);
  log(`api key  ${apiKey}   (header x-api-key)`);
  log(token ? `token    ${token}   (webhooks to ${args["webhook-url"]})` : "webhooks not delivered (pass --webhook-url)");
  if (statePath) log(`state    ${statePath}${initialState ? " (loaded)" : " (new)"}`);

  // The virtual clock follows real time here, so retries and lifecycle steps happen while it runs.
  let last = Date.now();
  let ticking = Promise.resolve();
  const tick = setInterval(() => {
    const now = Date.now();
    const elapsed = now - last;
    last = now;
    ticking = ticking.then(() => sandbox.advance(elapsed)).then(save, (error: unknown) => log(`tick failed: ${String(error)}`));
  }, 1000);

  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  let stopping: Promise<void> | undefined;
  const onSignal = () => void stop();
  const stop = () =>
    (stopping ??= (async () => {
      clearInterval(tick);
      if (io.handleSignals !== false) {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
      await ticking;
      await sandbox.close();
      dirty = true;
      save();
      log("sandbox stopped");
      resolveDone();
    })());
  if (io.handleSignals !== false) {
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  }
  return { url, apiKey, token, sandbox, stop, done };
}
