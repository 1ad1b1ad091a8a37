// An over-limit chunked body (no Content-Length to refuse up front): the receiver must stop reading at the limit,
// answer 413 and close the connection, never read on to the end. The sender here never finishes its body, so a
// receiver that reads to the end never answers at all and the test fails on its ceiling.
import type { RequestListener } from "node:http";
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createFetchWebhookHandler, createNodeWebhookHandler, defaultWebhookPath } from "../../src/webhooks/index.js";
import { fetchBridge, listen, type Loopback } from "./loopback.js";

const TOKEN = "body-limit-token";
const LIMIT = 100 * 1024;
const servers: Loopback[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/**
 * Sends a chunked POST of `chunks` 16 KiB chunks and never the final chunk; resolves with everything the server
 * answered once it closes the connection.
 */
async function unfinishedChunkedPost(
  url: string,
  path: string,
  chunks: number,
): Promise<{ answer: string; sent: number }> {
  const { port } = new URL(url);
  const socket = connect(Number(port), "127.0.0.1");
  sockets.push(socket);
  let answer = "";
  let sent = 0;
  socket.setEncoding("latin1").on("data", (text: string) => (answer += text));
  // A reset after the answer (the server closing while we still send) is expected, not a failure.
  socket.on("error", () => undefined);
  await new Promise<void>((resolve) => socket.once("connect", resolve));
  socket.write(
    `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: ${TOKEN}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n`,
  );
  const chunk = `4000\r\n${"x".repeat(0x4000)}\r\n`;
  for (let i = 0; i < chunks && !socket.destroyed; i++) {
    socket.write(chunk);
    sent += 0x4000;
  }
  await new Promise<void>((resolve) => socket.once("close", () => resolve()));
  return { answer, sent };
}

const receivers: Record<string, (maxBodyBytes: number) => RequestListener> = {
  node: (maxBodyBytes) =>
    createNodeWebhookHandler({
      token: TOKEN,
      maxBodyBytes,
      on: { cryptoDeposit: () => undefined },
    }) as unknown as RequestListener,
  fetch: (maxBodyBytes) =>
    fetchBridge(createFetchWebhookHandler({ token: TOKEN, maxBodyBytes, on: { cryptoDeposit: () => undefined } })),
};

describe("an over-limit chunked body", () => {
  for (const [name, create] of Object.entries(receivers)) {
    it(`${name}: 400 KiB against a 100 KiB limit, never finished: 413 and the connection closed`, async () => {
      const server = await listen(create(LIMIT));
      servers.push(server);
      const { answer } = await unfinishedChunkedPost(server.url, defaultWebhookPath("cryptoDeposit"), 25);
      expect(answer).toMatch(/^HTTP\/1\.1 413 /);
      expect(answer).toContain("payload_too_large");
    }, 30_000);
  }

  it("node: the connection is closed on a 413 even when the client finishes its body", async () => {
    const server = await listen(receivers.node!(LIMIT));
    servers.push(server);
    const response = await fetch(`${server.url}${defaultWebhookPath("cryptoDeposit")}`, {
      method: "POST",
      headers: { authorization: TOKEN, "content-type": "application/json" },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode("x".repeat(LIMIT + 1)));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(response.headers.get("connection")).toBe("close");
  }, 30_000);
});
