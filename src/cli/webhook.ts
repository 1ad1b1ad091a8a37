// `p100 webhook list` and `p100 webhook send`: deliver a webhook to the partner's receiver exactly as P100 does
// (POST, JSON, the plain token in Authorization, the kind's default path), built with the package's own test kit.
import { readFileSync } from "node:fs";
import { parseCommand } from "./args.js";
import { CommandError, UsageError } from "./errors.js";
import { WEBHOOK_HELP, WEBHOOK_LIST_HELP, WEBHOOK_SEND_HELP } from "./help.js";
import { buildTestWebhook, isWebhookKind, webhookExampleNames, webhookKinds, webhookTable } from "../webhooks/index.js";

/** Environment variable read when --token is not given (keeps the token out of the shell history and `ps`). */
export const TOKEN_ENV = "P100_WEBHOOK_TOKEN";

/** Seconds `p100 webhook send` waits for the receiver's whole answer unless --timeout says otherwise. */
export const DEFAULT_SEND_TIMEOUT_SECONDS = 10;

/** Runs `p100 webhook <list|send> ...`; returns the exit code. */
export async function runWebhook(argv: readonly string[], print: (line: string) => void): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined) throw new UsageError("p100 webhook: name a subcommand, list or send", "p100 webhook --help");
  if (sub === "--help" || sub === "-h" || sub === "help") {
    print(WEBHOOK_HELP);
    return 0;
  }
  if (sub === "list") return listWebhooks(rest, print);
  if (sub === "send") return sendWebhook(rest, print);
  throw new UsageError(`p100 webhook: unknown subcommand "${sub}" (use list or send)`, "p100 webhook --help");
}

function listWebhooks(argv: readonly string[], print: (line: string) => void): number {
  const { values } = parseCommand("p100 webhook list", argv, {});
  if (values.help) {
    print(WEBHOOK_LIST_HELP);
    return 0;
  }
  const width = Math.max(...webhookKinds.map((kind) => kind.length));
  const pathWidth = Math.max(...webhookKinds.map((kind) => webhookTable[kind].defaultPath.length));
  for (const kind of webhookKinds) {
    const { defaultPath, summary } = webhookTable[kind];
    print(`${kind.padEnd(width)}  ${defaultPath.padEnd(pathWidth)}  ${summary}`);
  }
  return 0;
}

async function sendWebhook(argv: readonly string[], print: (line: string) => void): Promise<number> {
  const command = "p100 webhook send";
  const { values, positionals } = parseCommand(
    command,
    argv,
    {
      to: { type: "string" },
      token: { type: "string" },
      data: { type: "string" },
      path: { type: "string" },
      example: { type: "string" },
      timeout: { type: "string" },
    },
    1,
  );
  if (values.help) {
    print(WEBHOOK_SEND_HELP);
    return 0;
  }
  const kind = positionals[0];
  if (kind === undefined)
    throw new UsageError(`${command}: name the webhook kind (see p100 webhook list)`, `${command} --help`);
  if (!isWebhookKind(kind))
    throw new UsageError(`${command}: unknown webhook kind "${kind}" (see p100 webhook list)`, `${command} --help`);
  const to = typeof values.to === "string" ? values.to : undefined;
  if (to === undefined) throw new UsageError(`${command}: --to <receiver base URL> is required`, `${command} --help`);
  const token = typeof values.token === "string" ? values.token : process.env[TOKEN_ENV];
  if (!token) throw new UsageError(`${command}: --token <token> (or ${TOKEN_ENV}) is required`, `${command} --help`);
  assertSendableToken(token, typeof values.token === "string" ? "--token" : TOKEN_ENV);
  const timeoutSeconds = parseTimeout(values.timeout);
  const example = typeof values.example === "string" ? values.example : undefined;
  if (example !== undefined && !webhookExampleNames(kind).includes(example)) {
    throw new UsageError(
      `${command}: ${kind} has no example "${example}"; known: ${webhookExampleNames(kind).join(", ")}`,
      `${command} --help`,
    );
  }
  const delivery = buildTestWebhook(kind, { token, ...(example === undefined ? {} : { example }) });
  const body = typeof values.data === "string" ? readPayload(values.data) : delivery.body;
  const path = typeof values.path === "string" ? values.path : delivery.path;
  const url = targetUrl(to, path);

  print(`POST ${url} (${kind})`);
  // One deadline for the whole exchange: a receiver that accepts the connection and never answers (or never ends
  // its body) must not hang the command.
  const signal = AbortSignal.timeout(timeoutSeconds * 1000);
  const timedOut = () =>
    new CommandError(`no answer from ${url} within ${timeoutSeconds} s (raise it with --timeout <seconds>)`);
  let response: Response;
  try {
    // P100 does not follow redirects to deliver a webhook, so neither does this: a 3xx is reported as it is.
    response = await fetch(url, {
      method: delivery.method,
      headers: delivery.headers,
      body,
      redirect: "manual",
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw timedOut();
    throw new CommandError(`cannot reach ${url}: ${networkReason(error)}`);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    if (signal.aborted) throw timedOut();
    throw new CommandError(`the answer from ${url} broke off: ${networkReason(error)}`);
  }
  print(`${response.status} ${response.statusText}`.trim());
  if (text) print(text);
  return response.ok ? 0 : 1;
}

/**
 * Refuses a token an HTTP header cannot carry (a line break, another control character, or a character past U+00FF),
 * without printing it: such a token is a copy-paste or file-reading mistake (often a trailing newline), not a
 * reachability problem, and echoing it would put the secret in the terminal's scrollback and in logs.
 */
function assertSendableToken(token: string, source: string): void {
  const bad = /[\r\n]/.test(token)
    ? "a line break"
    : /[\0-\x08\x0a-\x1f\x7f]/.test(token)
      ? "a control character"
      : /[^\0-\xff]/.test(token)
        ? "a character outside Latin-1"
        : undefined;
  if (bad === undefined) return;
  throw new UsageError(
    `p100 webhook send: the token from ${source} contains ${bad}, which an HTTP header cannot carry (the token is not printed; check for a trailing newline)`,
    "p100 webhook send --help",
  );
}

/** The --timeout value in seconds (default 10): a positive number of at most one hour. */
function parseTimeout(value: unknown): number {
  if (value === undefined) return DEFAULT_SEND_TIMEOUT_SECONDS;
  const seconds = Number(value);
  if (typeof value !== "string" || value.trim() === "" || !Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
    throw new UsageError(
      `p100 webhook send: --timeout must be a number of seconds above 0 and at most 3600, got "${String(value).slice(0, 40)}"`,
      "p100 webhook send --help",
    );
  }
  return seconds;
}

/** The receiver's base URL with the kind's path appended (a base URL with a path prefix keeps it). */
function targetUrl(to: string, path: string): string {
  let base: URL;
  try {
    base = new URL(to);
  } catch {
    throw new UsageError(
      `p100 webhook send: --to must be an absolute URL such as http://127.0.0.1:3000, got "${to}"`,
      "p100 webhook send --help",
    );
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") {
    throw new UsageError(
      `p100 webhook send: --to must be an http or https URL, got "${to}"`,
      "p100 webhook send --help",
    );
  }
  return `${base.origin}${base.pathname.replace(/\/+$/, "")}${path.startsWith("/") ? path : `/${path}`}`;
}

/** The payload file's text, sent byte for byte once it is known to be JSON. */
function readPayload(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new CommandError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    JSON.parse(text);
  } catch (error) {
    throw new CommandError(`${file} is not JSON: ${(error as Error).message}`);
  }
  return text;
}

/** One readable reason for a failed fetch (undici hides it in `cause`). */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  switch (cause?.code) {
    case "ECONNREFUSED":
      return "connection refused (is the receiver running?)";
    case "ENOTFOUND":
      return "host not found";
    case "ECONNRESET":
      return "the connection was reset";
    default:
      return cause?.message ?? (error instanceof Error ? error.message : String(error));
  }
}
