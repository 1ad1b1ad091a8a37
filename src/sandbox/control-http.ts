// The control API over HTTP, beside the emulated API under the one reserved prefix `/_sandbox/`, authenticated by the
// same x-api-key. `POST /_sandbox/simulate/<name>` and `POST /_sandbox/<advance|settle|reset>` take a JSON array of
// the call's arguments (empty body: none); `GET /_sandbox/<now|deliveries|events|ledger|state>` read. Every answer is
// JSON: `{ "result": ... }`, or `{ "error", "message" }` with a 4xx. Nothing is changed before the key and the
// arguments are checked. The prefix is not P100's: no P100 path starts with an underscore.
import { readStreamWithin } from "../webhooks/bytes.js";
import { controlArgs, ControlArgumentError, simulateArgs, type ArgValidator } from "./control-args.js";
import type { SandboxControl } from "./control.js";
import { SandboxApiError } from "./errors.js";

/** The reserved prefix of the control API. */
export const CONTROL_PREFIX = "/_sandbox";

/** Largest control request body (arguments are small). */
const MAX_ARGS_BYTES = 64 * 1024;

/** Whether a path belongs to the control API (and so never to the emulated API). */
export function isControlPath(pathname: string): boolean {
  return pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`);
}

/** One control call: its method, its argument check and how it runs. */
interface ControlRoute {
  readonly method: "GET" | "POST";
  readonly args: ArgValidator<readonly unknown[]>;
  readonly run: (control: SandboxControl, args: readonly unknown[]) => unknown;
}

const READS = new Set(["now", "deliveries", "events", "ledger", "state"]);

/** Every control call by its path under the prefix: the simulate calls and the others, from the argument tables. */
function routes(): ReadonlyMap<string, ControlRoute> {
  const table = new Map<string, ControlRoute>();
  for (const [name, args] of Object.entries(simulateArgs) as [
    keyof typeof simulateArgs,
    ArgValidator<readonly unknown[]>,
  ][]) {
    table.set(`simulate/${name}`, {
      method: "POST",
      args,
      run: (c, a) => (c.simulate[name] as (...x: readonly unknown[]) => unknown)(...a),
    });
  }
  for (const [name, args] of Object.entries(controlArgs) as [
    keyof typeof controlArgs,
    ArgValidator<readonly unknown[]>,
  ][]) {
    table.set(name, {
      method: READS.has(name) ? "GET" : "POST",
      args,
      run: (c, a) => (c[name] as (...x: readonly unknown[]) => unknown)(...a),
    });
  }
  return table;
}

const HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "x-p100-sandbox": "true",
  "cache-control": "no-store",
};

function json(status: number, body: unknown, extra: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...HEADERS, ...extra } });
}

/** A refusal: `error` is a stable code, `message` says what to change. */
function refusal(status: number, error: string, message: string, extra: Record<string, unknown> = {}): Response {
  return json(status, { error, message, ...extra });
}

class TooLarge extends Error {}

/** The JSON array of arguments of a request (empty body: no arguments), or a refusal. */
async function readArgs(request: Request): Promise<readonly unknown[] | Response> {
  let bytes: Uint8Array;
  try {
    bytes = await readStreamWithin(request.body, MAX_ARGS_BYTES, () => new TooLarge());
  } catch (error) {
    if (error instanceof TooLarge)
      return refusal(413, "body_too_large", `control arguments are limited to ${MAX_ARGS_BYTES} bytes`);
    throw error;
  }
  if (bytes.byteLength === 0) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return refusal(400, "invalid_json", 'the body must be a JSON array of the call\'s arguments, e.g. ["user-1"]');
  }
  if (!Array.isArray(parsed))
    return refusal(
      400,
      "invalid_arguments",
      `the body must be a JSON array of the call's arguments, e.g. ["user-1"] or [{"amount":"10"}]`,
    );
  return parsed;
}

/** What a failed call reports: the sandbox's API error code when there is one. */
function failure(error: unknown): Response {
  if (error instanceof ControlArgumentError) return refusal(400, "invalid_arguments", error.message);
  const message = error instanceof Error ? error.message : String(error);
  const errorCode =
    error instanceof SandboxApiError && typeof error.body.errorCode === "string"
      ? { errorCode: error.body.errorCode }
      : {};
  return refusal(422, "call_failed", message, errorCode);
}

/** Builds the control API's handler for a control surface (one that follows resets: see controlOf). */
export function createControlHandler(apiKey: string, control: SandboxControl): (request: Request) => Promise<Response> {
  const table = routes();
  const names = [...table.keys()];
  return async (request) => {
    if (request.headers.get("x-api-key") !== apiKey) {
      return refusal(401, "unauthorized", "the control API needs the sandbox's API key in the x-api-key header");
    }
    const name = new URL(request.url).pathname.slice(CONTROL_PREFIX.length + 1).replace(/\/$/, "");
    if (name === "") return json(200, { result: names.map((n) => `${table.get(n)?.method} ${CONTROL_PREFIX}/${n}`) });
    const route = table.get(name);
    if (!route)
      return refusal(404, "unknown_call", `no control call "${name}"; valid: ${names.join(", ")}`, { valid: names });
    if (request.method !== route.method) {
      const body = { error: "method_not_allowed", message: `${CONTROL_PREFIX}/${name} takes ${route.method}` };
      return json(405, body, { allow: route.method });
    }
    const raw = route.method === "GET" ? [] : await readArgs(request);
    if (raw instanceof Response) return raw;
    try {
      const result = await route.run(control, route.args(raw));
      return json(200, { result: result instanceof Date ? result.toISOString() : (result ?? null) });
    } catch (error) {
      return failure(error);
    }
  };
}
