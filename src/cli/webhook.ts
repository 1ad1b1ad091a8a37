// `p100 webhook list` and `p100 webhook send`: deliver a webhook to the partner's receiver exactly as P100 does
// (POST, JSON, the plain token in Authorization, the kind's default path), built with the package's own test kit.
import { readFileSync } from "node:fs";
import { parseCommand } from "./args.js";
import { CommandError, UsageError } from "./errors.js";
import { WEBHOOK_HELP, WEBHOOK_LIST_HELP, WEBHOOK_SEND_HELP } from "./help.js";
import { buildTestWebhook, isWebhookKind, webhookExampleNames, webhookKinds, webhookTable } from "../webhooks/index.js";

/** Environment variable read when --token is not given (keeps the token out of the shell history and `ps`). */
export const TOKEN_ENV = "P100_WEBHOOK_TOKEN";

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
    },
    1,
  );
  if (values.help) {
    print(WEBHOOK_SEND_HELP);
    return 0;
  }
  const kind = positionals[0];
  if (kind === undefined) throw new UsageError(`${command}: name the webhook kind (see p100 webhook list)`, `${command} --help`);
  if (!isWebhookKind(kind)) throw new UsageError(`${command}: unknown webhook kind "${kind}" (see p100 webhook list)`, `${command} --help`);
  const to = typeof values.to === "string" ? values.to : undefined;
  if (to === undefined) throw new UsageError(`${command}: --to <receiver base URL> is required`, `${command} --help`);
  const token = typeof values.token === "string" ? values.token : process.env[TOKEN_ENV];
  if (!token) throw new UsageError(`${command}: --token <token> (or ${TOKEN_ENV}) is required`, `${command} --help`);
  const example = typeof values.example === "string" ? values.example : undefined;
  if (example !== undefined && !webhookExampleNames(kind).includes(example)) {
    throw new UsageError(`${command}: ${kind} has no example "${example}"; known: ${webhookExampleNames(kind).join(", ")}`, `${command} --help`);
  }
  const delivery = buildTestWebhook(kind, { token, ...(example === undefined ? {} : { example }) });
  const body = typeof values.data === "string" ? readPayload(values.data) : delivery.body;
  const path = typeof values.path === "string" ? values.path : delivery.path;
  const url = targetUrl(to, path);

  print(`POST ${url} (${kind})`);
  let response: Response;
  try {
    // P100 does not follow redirects to deliver a webhook, so neither does this: a 3xx is reported as it is.
    response = await fetch(url, { method: delivery.method, headers: delivery.headers, body, redirect: "manual" });
  } catch (error) {
    throw new CommandError(`cannot reach ${url}: ${networkReason(error)}`);
  }
  const text = await response.text();
  print(`${response.status} ${response.statusText}`.trim());
  if (text) print(text);
  return response.ok ? 0 : 1;
}

/** The receiver's base URL with the kind's path appended (a base URL with a path prefix keeps it). */
function targetUrl(to: string, path: string): string {
  let base: URL;
  try {
    base = new URL(to);
  } catch {
    throw new UsageError(`p100 webhook send: --to must be an absolute URL such as http://127.0.0.1:3000, got "${to}"`, "p100 webhook send --help");
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") {
    throw new UsageError(`p100 webhook send: --to must be an http or https URL, got "${to}"`, "p100 webhook send --help");
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
