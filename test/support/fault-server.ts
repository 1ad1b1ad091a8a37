// A misbehaving HTTP server on loopback: each instance answers every request with one scripted fault and records
// what it received (method, raw URL, headers, body), so tests can count requests and check the exact URL sent.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** A request as the server saw it: the raw request-target, before any decoding. */
export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
  /** Milliseconds since the server started, when the request's body had arrived. */
  readonly at: number;
}

/** Answers one received request; may write anything, or nothing, or break the connection. */
export type FaultHandler = (request: ReceivedRequest, response: ServerResponse, socket: Socket) => void;

export interface FaultServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: ReceivedRequest[];
  /** Closes the server and drops every connection, stalled ones included. */
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 (an ephemeral port) that answers every request with `handler`. */
export async function startFaultServer(handler: FaultHandler): Promise<FaultServer> {
  const requests: ReceivedRequest[] = [];
  const started = Date.now();
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("error", () => {});
    req.on("end", () => {
      const received: ReceivedRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now() - started,
      };
      requests.push(received);
      handler(received, res, req.socket);
    });
  });
  // Resets are the point of this server: its own side of a broken connection must not throw.
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("clientError", (_error, socket) => socket.destroy());
  // Never close an idle keep-alive connection during a test: with Node's 5 s default, a busy machine lets the client
  // reuse a socket the server is closing, and the retry that follows (an ECONNRESET) would change the request counts.
  server.keepAliveTimeout = 10 * 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback URL where nothing listens (a port that was just freed), so connecting is refused. */
export async function refusedUrl(): Promise<string> {
  const server = await startFaultServer(() => {});
  await server.close();
  return server.url;
}

/** Writes the status line and headers now, so a following fault hits the body, not the headers. */
export function startBody(
  response: ServerResponse,
  status: number,
  headers: Record<string, string | number>,
  chunk: string,
): void {
  response.writeHead(status, headers);
  response.write(chunk);
}
