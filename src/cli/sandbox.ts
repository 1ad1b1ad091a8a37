// `p100 sandbox` (and `npm run sandbox`): the stateful sandbox of p100-partner-sdk/sandbox on loopback, with its
// control API (/_sandbox/) and KYC page, until Ctrl-C. Prints the URL, key and token, logs one line per call and per
// delivery, keeps the virtual clock in step with real time (so webhook retries happen), and saves --state atomically
// after changes: a failed save is reported and retried, never fatal.
import { startSandboxServer, type SandboxServer } from "../sandbox/server.js";
import { parseCommand } from "./args.js";
import { CommandError, UsageError } from "./errors.js";
import { SANDBOX_HELP } from "./help.js";
import { checkStateWritable, createStateSaver, loadStateFile } from "./sandbox-state.js";

/** What runSandboxCli started: stop it with `stop()`; `done` settles once it has stopped. */
export interface SandboxCliHandle {
  readonly url: string;
  readonly apiKey: string;
  readonly token: string | undefined;
  /** The server: its current sandbox and its control surface. */
  readonly server: SandboxServer;
  stop(): Promise<void>;
  /** Settles once stopped: true when the final save of --state succeeded (or there was none). */
  readonly done: Promise<boolean>;
}

/** Where the CLI writes its lines and which signals stop it (tests pass their own). */
export interface SandboxCliIo {
  readonly log?: (line: string) => void;
  /** Stop on SIGINT/SIGTERM (default true). */
  readonly handleSignals?: boolean;
}

const COMMAND = "p100 sandbox";

const OPTIONS = {
  port: { type: "string", short: "p" },
  host: { type: "string" },
  "webhook-url": { type: "string" },
  token: { type: "string" },
  "api-key": { type: "string" },
  state: { type: "string" },
  seed: { type: "string" },
} as const;

/** A port for the sandbox: 0 (any free port) is allowed, unlike the other commands. */
function port(value: string | undefined): number {
  if (value === undefined) return 4010;
  if (!/^\d+$/.test(value) || Number(value) > 65_535)
    throw new UsageError(`${COMMAND}: --port must be a number from 0 to 65535, got "${value}"`, `${COMMAND} --help`);
  return Number(value);
}

/** Starts the sandbox from command-line arguments (without the node and script names). */
export async function runSandboxCli(argv: readonly string[], io: SandboxCliIo = {}): Promise<SandboxCliHandle> {
  const log = io.log ?? ((line: string) => console.log(line));
  const { values } = parseCommand(COMMAND, argv, OPTIONS);
  const text = (name: keyof typeof OPTIONS) => values[name] as string | undefined;
  const webhookUrl = text("webhook-url");
  const token = webhookUrl ? (text("token") ?? `sandbox-token-${globalThis.crypto.randomUUID()}`) : text("token");
  const statePath = text("state");
  const seed = text("seed");
  const initialState = statePath === undefined ? undefined : loadStateFile(statePath);
  if (statePath !== undefined) checkStateWritable(statePath);

  let saver: ReturnType<typeof createStateSaver> | undefined;
  const server = await startSandboxServer({
    port: port(text("port")),
    host: text("host") ?? "127.0.0.1",
    apiKey: text("api-key") ?? "sandbox-api-key",
    ...(seed !== undefined ? { seed } : {}),
    ...(initialState ? { initialState } : {}),
    ...(webhookUrl && token ? { webhooks: { url: webhookUrl, token } } : {}),
    onCall: (call) => {
      saver?.changed();
      log(
        `${call.method} ${call.path} -> ${call.status}${call.errorCode ? ` ${call.errorCode}` : ""}${call.operationId ? ` (${call.operationId})` : ""}`,
      );
    },
    onDelivery: (d) => {
      saver?.changed();
      log(`webhook ${d.kind} attempt ${d.attempt} -> ${d.url}: ${d.status ?? d.error ?? "no answer"}`);
    },
  }).catch((error: unknown) => {
    throw new CommandError(`cannot listen: ${error instanceof Error ? error.message : String(error)}`);
  });
  if (statePath !== undefined) saver = createStateSaver(statePath, () => server.sandbox.state(), log);

  log("P100 partner SDK sandbox: a local stand-in for tests, NOT P100 (answers carry x-p100-sandbox: true)");
  log(`url      ${server.url}`);
  log(`api key  ${server.apiKey}   (header x-api-key)`);
  log(`control  ${server.url}/_sandbox/   (simulate.*, advance, settle, ledger, ...; same key; p100 sandbox --help)`);
  if (webhookUrl && token) log(`token    ${token}   (webhooks to ${webhookUrl})`);
  else log(`webhooks: not delivered (no --webhook-url${token ? "; --token is unused" : ""})`);
  if (statePath !== undefined) log(`state    ${statePath}${initialState ? " (loaded)" : " (new)"}`);

  // The virtual clock follows real time here, so retries and lifecycle steps happen while it runs. Each tick saves
  // the state if a call or a delivery changed it (and retries a save that failed).
  let last = Date.now();
  let ticking = Promise.resolve();
  const tick = setInterval(() => {
    const now = Date.now();
    const elapsed = now - last;
    last = now;
    ticking = ticking
      .then(() => server.sandbox.advance(elapsed))
      .then(
        () => void saver?.save(),
        (error: unknown) => log(`tick failed: ${String(error)}`),
      );
  }, 1000);

  let resolveDone: (saved: boolean) => void = () => undefined;
  const done = new Promise<boolean>((resolve) => (resolveDone = resolve));
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
      await server.close();
      saver?.changed();
      const saved = saver?.save() ?? true;
      log(saved ? "sandbox stopped" : `sandbox stopped; the last state was NOT saved to ${statePath}`);
      resolveDone(saved);
    })());
  if (io.handleSignals !== false) {
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  }
  return { url: server.url, apiKey: server.apiKey, token, server, stop, done };
}

/** Runs `p100 sandbox [options]`; resolves to the exit code once the sandbox has stopped (1 if --state was not saved). */
export async function runSandbox(argv: readonly string[], print: (text: string) => void): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    print(SANDBOX_HELP);
    return 0;
  }
  const handle = await runSandboxCli(argv, { log: print });
  return (await handle.done) ? 0 : 1;
}
