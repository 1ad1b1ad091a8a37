// `sandbox.listen()`: the fetch-style sandbox behind a Node HTTP server on loopback, for clients in other processes
// or languages. Node-only, loaded on demand so that `sandbox.fetch` works in any runtime.
import type { IncomingMessage, Server, ServerResponse } from "node:http";

/** Where to listen. */
export interface ListenOptions {
  /** Port (default 0: any free port). */
  readonly port?: number;
  /** Interface (default 127.0.0.1: loopback only). */
  readonly host?: string;
}

/** A running server: its base URL and how to stop it. */
export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

function toRequest(req: IncomingMessage, base: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  const method = (req.method ?? "GET").toUpperCase();
  const hasBody = method !== "GET" && method !== "HEAD";
  const body = hasBody
    ? new ReadableStream<Uint8Array>({
        start(controller) {
          req.on("data", (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk)));
          req.on("end", () => controller.close());
          req.on("error", (error) => controller.error(error));
        },
        cancel() {
          req.resume();
        },
      })
    : null;
  return new Request(new URL(req.url ?? "/", base), { method, headers, body, duplex: "half" } as RequestInit);
}

async function send(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  const bytes = new Uint8Array(await response.arrayBuffer());
  headers["content-length"] = String(bytes.byteLength);
  res.writeHead(response.status, headers);
  res.end(bytes);
}

/** Serves `handler` on loopback; resolves once the port is bound. */
export async function serve(handler: (request: Request) => Promise<Response>, options: ListenOptions = {}): Promise<RunningServer> {
  const { createServer } = await import("node:http");
  const host = options.host ?? "127.0.0.1";
  let base = "";
  const server: Server = createServer((req, res) => {
    handler(toRequest(req, base))
      .then((response) => send(response, res))
      .catch(() => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain", "x-p100-sandbox": "true" });
        res.end("sandbox internal error");
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
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
