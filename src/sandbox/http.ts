// `sandbox.listen()` and `p100 sandbox`: a fetch-style handler behind a Node HTTP server on loopback, for clients in
// other processes or languages. Node-only, loaded on demand so that `sandbox.fetch` works in any runtime.
// No request can kill it: every request gets an answer (or, for bytes that are not HTTP, Node's own 400), unknown
// methods get 501, a malformed target or Host gets 400, a body the handler does not read to the end is not read on
// (the connection is closed instead), and slow clients are cut by the timeouts set here.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";

/** Where to listen. */
export interface ListenOptions {
  /** Port (default 0: any free port). */
  readonly port?: number;
  /** Interface (default 127.0.0.1: loopback only). */
  readonly host?: string;
}

/** Timeouts of the server (ms); tests shorten them. */
export interface ServerTimeouts {
  /** Longest wait for a request's headers (Node's headersTimeout). */
  readonly headersMs: number;
  /** Longest wait for a whole request, body included (Node's requestTimeout). */
  readonly requestMs: number;
  /** How often Node checks the two above (connectionsCheckingInterval). */
  readonly checkEveryMs: number;
}

/** The sandbox's own timeouts: generous for a loopback client, short enough that a stalled one does not hold a socket. */
export const DEFAULT_TIMEOUTS: ServerTimeouts = { headersMs: 10_000, requestMs: 60_000, checkEveryMs: 1_000 };

/** A running server: its base URL and how to stop it. */
export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Methods the sandbox implements; anything else (TRACE, CONNECT, PROPFIND, ...) is 501. */
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** A Host header as RFC 9110 allows it: a reg-name or IPv4, or a bracketed IPv6, and an optional port. */
const HOST = /^(?:[A-Za-z0-9\-._~%!$&'()*+,;=]+|\[[0-9A-Fa-f:.]+\])(?::\d{0,5})?$/;

const PLAIN = { "content-type": "text/plain; charset=utf-8", "x-p100-sandbox": "true", "cache-control": "no-store" };

/** An answer of the server itself (not of the API), always closing the connection. */
function refuse(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...PLAIN, ...extra, connection: "close", "content-length": String(Buffer.byteLength(text)) });
  res.end(text);
}

/** The same refusal on a raw socket (CONNECT and Upgrade requests never reach a ServerResponse). */
function refuseSocket(socket: Duplex, status: string, text: string): void {
  if (!socket.writable) return void socket.destroy();
  socket.end(
    `HTTP/1.1 ${status}\r\ncontent-type: text/plain\r\nconnection: close\r\ncontent-length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}

/**
 * The path and query of a request target, or undefined when it is malformed. Origin form (`/v1/...`) and absolute form
 * (`http://host/v1/...`) are accepted; the target must already be normalised, so that no `..` can turn a path of one
 * prefix (e.g. `/_sandbox/`) into a path of another.
 */
export function requestPath(target: string): string | undefined {
  try {
    if (target.startsWith("/")) {
      const url = new URL(target, "http://sandbox.invalid");
      const path = url.pathname + url.search;
      return path === target ? path : undefined;
    }
    if (!/^https?:\/\//i.test(target)) return undefined;
    const url = new URL(target);
    const path = url.pathname + url.search;
    return target.endsWith(path) && !target.includes("#") ? path : undefined;
  } catch {
    return undefined;
  }
}

/** The Node request as a fetch Request whose body stream stops reading the socket when the handler cancels it. */
function toRequest(req: IncomingMessage, url: string, method: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = method !== "GET" && method !== "HEAD";
  let cancelled = false;
  const body = hasBody
    ? new ReadableStream<Uint8Array>({
        start(controller) {
          req.on("data", (chunk: Buffer) => {
            if (cancelled) return;
            controller.enqueue(new Uint8Array(chunk));
            // Backpressure: read the socket only as fast as the handler reads the stream.
            if ((controller.desiredSize ?? 0) <= 0) req.pause();
          });
          req.on("end", () => cancelled || controller.close());
          req.on("error", (error) => cancelled || controller.error(error));
        },
        pull() {
          req.resume();
        },
        cancel() {
          // The handler refused the body (e.g. 413): stop reading; the connection is closed after the answer.
          cancelled = true;
          req.pause();
        },
      })
    : null;
  return new Request(url, { method, headers, body, duplex: "half" } as RequestInit);
}

/** How long, and how many more bytes, a closing connection reads and discards before it is dropped. */
const LINGER_MS = 2_000;
const LINGER_BYTES = 4 * 1024 * 1024;

/**
 * A lingering close, as web servers do it: closing a socket whose peer is still sending makes the kernel answer with
 * a reset, which can discard the 413 before the client reads it. So once the answer is written the socket sends its
 * FIN, then discards what still arrives, for at most LINGER_MS and LINGER_BYTES, and only then is dropped.
 */
function lingerOnClose(req: IncomingMessage): void {
  const socket = req.socket;
  socket.destroySoon = () => {
    let discarded = 0;
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.on("close", () => clearTimeout(timer));
    socket.on("data", (chunk: Buffer) => {
      discarded += chunk.byteLength;
      if (discarded > LINGER_BYTES) socket.destroy();
    });
    req.on("data", () => undefined);
    req.resume();
    socket.resume();
    socket.end();
  };
}

async function send(response: Response, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  const bytes = new Uint8Array(await response.arrayBuffer());
  headers["content-length"] = String(bytes.byteLength);
  // A body not read to its end is not read on (a huge upload must not keep streaming in): close the connection.
  if (!req.complete) {
    headers.connection = "close";
    lingerOnClose(req);
  }
  res.writeHead(response.status, headers);
  res.end(req.method === "HEAD" ? undefined : bytes);
}

/** Serves `handler` on loopback; resolves once the port is bound. */
export async function serve(
  handler: (request: Request) => Promise<Response>,
  options: ListenOptions = {},
  timeouts: ServerTimeouts = DEFAULT_TIMEOUTS,
): Promise<RunningServer> {
  const { createServer } = await import("node:http");
  const host = options.host ?? "127.0.0.1";
  let base = "";
  const server: Server = createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: timeouts.checkEveryMs,
    },
    (req, res) => {
      // An unlistened 'error' event (a client gone mid-request) would be thrown as an uncaught exception.
      req.on("error", () => undefined);
      res.on("error", () => undefined);
      const method = (req.method ?? "").toUpperCase();
      if (!METHODS.has(method))
        return refuse(res, 501, `method ${method} is not supported`, { allow: [...METHODS].join(", ") });
      const path = requestPath(req.url ?? "");
      if (path === undefined)
        return refuse(res, 400, "malformed request target: send a normalised path such as /v1/partner/balances");
      const hostHeader = req.headers.host;
      if (hostHeader !== undefined && !HOST.test(hostHeader)) return refuse(res, 400, "malformed Host header");
      Promise.resolve()
        .then(() => handler(toRequest(req, base + path, method)))
        .then((response) => send(response, req, res))
        .catch(() => {
          if (res.headersSent) return void res.destroy();
          refuse(res, 500, "sandbox internal error");
        })
        .catch(() => res.destroy());
    },
  );
  server.on("connect", (_req: IncomingMessage, socket: Duplex) =>
    refuseSocket(socket, "501 Not Implemented", "method CONNECT is not supported"),
  );
  server.on("upgrade", (_req: IncomingMessage, socket: Duplex) =>
    refuseSocket(socket, "501 Not Implemented", "protocol upgrades are not supported"),
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  // After listening, a server error (e.g. too many open files) must not become an uncaught exception.
  server.on("error", () => undefined);
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  base = `http://${shownHost}:${port}`;
  return {
    url: base,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
