// connectSandbox: the control surface of a sandbox served by `p100 sandbox` in another process, over its control API
// (`/_sandbox/`). The same calls as in process, every one async; a refused call throws a SandboxControlError that
// carries the server's reason.
import type { RemoteSandbox, SandboxControl } from "./control.js";

/** Where the served sandbox is. */
export interface ConnectSandboxOptions {
  /** Its base URL, e.g. http://127.0.0.1:4010 (as `p100 sandbox` prints it). */
  readonly baseUrl: string;
  /** Its API key (`p100 sandbox --api-key`, default "sandbox-api-key"). */
  readonly apiKey: string;
  /** The fetch to use (default: the global one). */
  readonly fetch?: typeof fetch;
}

/** Thrown when the served sandbox refuses a control call: a wrong key, an unknown call, a wrong argument, or a failed call. */
export class SandboxControlError extends Error {
  override readonly name = "SandboxControlError";
  constructor(
    /** HTTP status of the answer. */
    readonly status: number,
    /** The control API's code, e.g. "invalid_arguments", "call_failed", "unauthorized". */
    readonly code: string,
    message: string,
    /** The sandbox's API error code when the call failed with one (e.g. "P412" for an unknown user). */
    readonly errorCode?: string,
  ) {
    super(message);
  }
}

/** The calls that read (GET); the others change the sandbox (POST). */
const READS: ReadonlySet<string> = new Set<keyof SandboxControl>(["now", "deliveries", "events", "ledger", "state"]);

const parses = (url: string) => {
  try {
    return Boolean(new URL(url));
  } catch {
    return false;
  }
};

/** Connects to a sandbox served by `p100 sandbox`; no request is made until a call. */
export function connectSandbox(options: ConnectSandboxOptions): RemoteSandbox {
  if (typeof options?.baseUrl !== "string" || !/^https?:\/\/[^/]/i.test(options.baseUrl) || !parses(options.baseUrl)) {
    throw new TypeError(
      `connectSandbox: baseUrl must be the sandbox's http(s) URL, e.g. http://127.0.0.1:4010, got ${JSON.stringify(options?.baseUrl)}`,
    );
  }
  if (typeof options.apiKey !== "string" || options.apiKey === "")
    throw new TypeError("connectSandbox: apiKey must be the sandbox's API key (a non-empty string)");
  const base = `${options.baseUrl.replace(/\/+$/, "")}/_sandbox/`;
  const send = options.fetch ?? fetch;
  async function call(name: string, args: readonly unknown[]): Promise<unknown> {
    const read = READS.has(name);
    const response = await send(base + name, {
      method: read ? "GET" : "POST",
      headers: { "x-api-key": options.apiKey, ...(read ? {} : { "content-type": "application/json" }) },
      ...(read ? {} : { body: JSON.stringify(args) }),
    });
    const text = await response.text();
    let body: { result?: unknown; error?: string; message?: string; errorCode?: string } | undefined;
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      body = undefined;
    }
    if (!response.ok || body === undefined) {
      const message = body?.message ?? `${response.status} ${text.slice(0, 200)}`;
      throw new SandboxControlError(
        response.status,
        body?.error ?? "bad_answer",
        `sandbox control ${name}: ${message}`,
        body?.errorCode,
      );
    }
    return body.result ?? undefined;
  }
  const named =
    (name: string) =>
    (...args: unknown[]) =>
      call(name, args);
  // Any simulate name is sent as is: the server checks it and answers an unknown one with the list of valid ones.
  const simulate = new Proxy({} as RemoteSandbox["simulate"], {
    get: (_, name) => (typeof name === "string" && name !== "then" ? named(`simulate/${name}`) : undefined),
  });
  return {
    simulate,
    advance: named("advance") as RemoteSandbox["advance"],
    settle: named("settle") as RemoteSandbox["settle"],
    now: async () => new Date((await call("now", [])) as string),
    state: named("state") as RemoteSandbox["state"],
    deliveries: named("deliveries") as RemoteSandbox["deliveries"],
    events: named("events") as RemoteSandbox["events"],
    ledger: named("ledger") as RemoteSandbox["ledger"],
    reset: named("reset") as RemoteSandbox["reset"],
  };
}
