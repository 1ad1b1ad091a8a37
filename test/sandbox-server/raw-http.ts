// Raw HTTP over a TCP socket, for requests no HTTP client would send: what the server answered, and whether it closed.
import { connect } from "node:net";

/** What came back on the socket. */
export interface RawAnswer {
  /** Everything the server sent. */
  readonly text: string;
  /** The status code of the first answer, if any. */
  readonly status: number | undefined;
  /** True when the server closed the connection (false: the ceiling was hit first). */
  readonly closed: boolean;
}

const statusOf = (text: string) => {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  return match ? Number(match[1]) : undefined;
};

/**
 * Sends `bytes` and half-closes the socket, then collects the answer until the server closes the connection (or
 * `ceilingMs` passes, a ceiling for a busy machine, not a timing assertion).
 */
export function rawRequest(
  port: number,
  bytes: string | Buffer,
  options: { end?: boolean; ceilingMs?: number } = {},
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    const finish = (closed: boolean) => {
      clearTimeout(ceiling);
      socket.destroy();
      resolve({ text, status: statusOf(text), closed });
    };
    const ceiling = setTimeout(() => finish(false), options.ceilingMs ?? 20_000);
    socket.on("data", (chunk) => (text += chunk.toString("latin1")));
    socket.on("error", () => undefined);
    socket.on("close", () => finish(true));
    socket.write(bytes);
    if (options.end !== false) socket.end();
  });
}

/**
 * Streams a chunked body of up to `totalBytes` in 64 KiB chunks, respecting backpressure, until the server answers or
 * closes. Returns the answer and how many body bytes the socket accepted before that.
 */
export function streamChunked(
  port: number,
  head: string,
  totalBytes: number,
): Promise<RawAnswer & { written: number }> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const chunk = Buffer.alloc(64 * 1024, "a");
    const framed = Buffer.concat([Buffer.from(`${chunk.byteLength.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]);
    let text = "";
    let written = 0;
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(ceiling);
      socket.destroy();
      resolve({ text, status: statusOf(text), closed, written });
    };
    const ceiling = setTimeout(() => finish(false), 60_000);
    const pump = () => {
      while (!done && written < totalBytes) {
        written += chunk.byteLength;
        if (!socket.write(framed)) return void socket.once("drain", pump);
      }
      if (!done && written >= totalBytes) socket.end("0\r\n\r\n");
    };
    socket.on("data", (data) => (text += data.toString("latin1")));
    socket.on("error", () => undefined);
    socket.on("close", () => finish(true));
    socket.write(head);
    pump();
  });
}
