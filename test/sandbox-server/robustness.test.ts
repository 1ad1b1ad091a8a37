// The served sandbox never dies of a request: unsupported methods get 501, malformed targets and Host headers 400,
// oversized bodies (chunked or not) 413 with reading stopped and the connection closed, slow clients are cut by the
// server's own timeouts, and after any raw, malformed HTTP a normal call still answers.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxServer, type SandboxServer } from "../../src/sandbox/server.js";
import { startSandboxProcess } from "./child.js";
import { rawRequest, streamChunked } from "./raw-http.js";

let server: SandboxServer;
let port: number;
beforeAll(async () => {
  // Short timeouts so that a stalled client is cut within the test's ceilings.
  server = await startSandboxServer({
    apiKey: "raw-key",
    timeouts: { headersMs: 1_500, requestMs: 3_000, checkEveryMs: 250 },
  });
  port = Number(new URL(server.url).port);
});
afterAll(() => server.close());

/** A normal call: the server is alive and answers as the API. */
async function stillAnswers(): Promise<void> {
  const response = await fetch(`${server.url}/v1/partner/balances`, { headers: { "x-api-key": "raw-key" } });
  expect(response.status).toBe(200);
  await response.arrayBuffer();
}

const get = (target: string, headers = "Host: 127.0.0.1\r\n") =>
  `GET ${target} HTTP/1.1\r\n${headers}x-api-key: raw-key\r\n\r\n`;

describe("the served sandbox never dies of a request", () => {
  it("answers TRACE and other unsupported methods with 501, and CONNECT too", async () => {
    for (const method of ["TRACE", "PROPFIND", "LINK"]) {
      const answer = await rawRequest(port, `${method} /v1/partner/balances HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      expect(answer.status, method).toBe(501);
      expect(answer.text).toContain(`method ${method} is not supported`);
    }
    expect((await rawRequest(port, "CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: 127.0.0.1:443\r\n\r\n")).status).toBe(501);
    await stillAnswers();
  });

  it("answers malformed request targets and Host headers with 400", async () => {
    for (const target of [
      "http://a:b:c/v1/partner/balances",
      "http://[::1/x",
      "*",
      "/_sandbox/../v1/partner/balances",
      "/v1/partner/./balances",
    ]) {
      const answer = await rawRequest(port, get(target));
      expect(answer.status, target).toBe(400);
    }
    expect((await rawRequest(port, get("/v1/partner/balances", "Host: a b<c>\r\n"))).status).toBe(400);
    // An absolute-form target that is well formed is served like its path.
    expect((await rawRequest(port, get("http://127.0.0.1/v1/partner/balances"))).status).toBe(200);
    await stillAnswers();
  });

  it("answers a streamed (chunked) 2.5 MiB body with 413, stops reading it and closes the connection", async () => {
    const head =
      "POST /v1/user/balances/crypto-and-fiat HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: raw-key\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
    const total = 256 * 1024 * 1024;
    const answer = await streamChunked(port, head, total);
    expect(answer.status).toBe(413);
    expect(answer.closed).toBe(true);
    expect(answer.text.toLowerCase()).toContain("connection: close");
    // The server stopped reading long before the client could send everything.
    expect(answer.written).toBeLessThan(total);
    await stillAnswers();
  });

  it("answers a declared Content-Length over the limit with 413 without reading the body", async () => {
    const answer = await rawRequest(
      port,
      "POST /v1/user/balances/crypto-and-fiat HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: raw-key\r\ncontent-type: application/json\r\ncontent-length: 50000000\r\n\r\n{",
      { end: false },
    );
    expect(answer.status).toBe(413);
    expect(answer.closed).toBe(true);
    await stillAnswers();
  });

  it("cuts a client that never finishes its headers (the sandbox's own headersTimeout)", async () => {
    const answer = await rawRequest(port, "GET /v1/partner/balances HTTP/1.1\r\nHost: 127.0.0.1\r\nx-slow: ", {
      end: false,
      ceilingMs: 30_000,
    });
    expect(answer.closed).toBe(true);
    expect(answer.status).toBe(408);
    await stillAnswers();
  });

  it(
    "`p100 sandbox` as its own process answers a normal call after each of many raw, malformed requests (fast-check)",
    { timeout: 240_000 },
    async () => {
      // A separate process: a request that threw an uncaught exception would end it, and the next normal call would fail.
      const sandbox = await startSandboxProcess(["--port", "0", "--api-key", "raw-key"]);
      const answers = async () => {
        const response = await fetch(`${sandbox.url}/v1/partner/balances`, { headers: { "x-api-key": "raw-key" } });
        expect(response.status).toBe(200);
        await response.arrayBuffer();
      };
      const token = fc.stringMatching(/^[A-Za-z!#$%&'*+.^_`|~-]{1,10}$/);
      const method = fc.oneof(
        fc.constantFrom("GET", "POST", "TRACE", "CONNECT", "OPTIONS", "DELETE", "HEAD", "PATCH", "M-SEARCH", "PRI"),
        token,
        fc.string({ maxLength: 6 }),
      );
      const target = fc.oneof(
        fc.constantFrom(
          "/v1/partner/balances",
          "http://a:b:c/",
          "http://a:b:c/v1/x",
          "*",
          "/_sandbox/../v1/partner/balances",
          "/_sandbox/",
          "/_sandbox/simulate/kycApproved",
          "//",
          "/%zz",
          "/v1/kyc/verification/a/b",
          "127.0.0.1:80",
        ),
        fc.string({ maxLength: 40 }),
        fc.webUrl(),
      );
      const version = fc.constantFrom("HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/9.9", "", "HTTP/1.1 extra");
      const header = fc.oneof(
        fc.constantFrom(
          "Host: 127.0.0.1",
          "Host: a:b:c",
          "Host: ",
          "Host: [::1",
          "Transfer-Encoding: chunked",
          "Transfer-Encoding: gzip, chunked",
          "Content-Length: -1",
          "Content-Length: 99999999999",
          "Content-Length: 5",
          "Content-Length: 1, 2",
          "x-api-key: raw-key",
          "Connection: upgrade",
          "Upgrade: websocket",
          "Expect: 100-continue",
          "content-type: application/json",
        ),
        fc.tuple(token, fc.string({ maxLength: 20 })).map(([name, value]) => `${name}: ${value}`),
        fc.string({ maxLength: 30 }),
      );
      const body = fc.oneof(
        fc.constantFrom("", "{}", '["u"]', "5\r\nhello\r\n0\r\n\r\n", "zz\r\n", "ffffffffffff\r\nab"),
        fc.string({ maxLength: 200 }),
      );
      const request = fc
        .tuple(method, target, version, fc.array(header, { maxLength: 6 }), body)
        .map(([m, t, v, h, b]) => `${m} ${t} ${v}\r\n${h.map((l) => `${l}\r\n`).join("")}\r\n${b}`);
      const bytes = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b));
      try {
        await fc.assert(
          fc.asyncProperty(
            fc.oneof({ weight: 5, arbitrary: request }, { weight: 1, arbitrary: bytes }),
            async (raw) => {
              await rawRequest(sandbox.port, raw);
              await answers();
            },
          ),
          { numRuns: 120 },
        );
        // The known killers of the old server, one after the other, each followed by a normal call.
        for (const raw of ["TRACE / HTTP/1.1\r\nHost: x\r\n\r\n", "GET http://a:b:c/ HTTP/1.1\r\nHost: x\r\n\r\n"]) {
          await rawRequest(sandbox.port, raw);
          await answers();
        }
        const head =
          "POST /v1/user/balances/crypto-and-fiat HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: raw-key\r\ntransfer-encoding: chunked\r\n\r\n";
        expect((await streamChunked(sandbox.port, head, 2.5 * 1024 * 1024)).status).toBe(413);
        await answers();
      } finally {
        await sandbox.stop();
      }
    },
  );
});
