// The fault matrix: every fault of a misbehaving network or server, against an idempotent GET and a money-moving
// POST, through the real client and real sockets on loopback. Each cell states the error class the call must end
// with and how many requests the server may receive; a POST is never received twice. The table below is also what
// .tmp/hostile/fault-matrix.md (pasted into docs/reliability.md) is written from.
import type { ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createP100Client,
  P100ApiError,
  P100ConnectionError,
  P100Error,
  P100InvalidResponseError,
  P100RateLimitError,
  P100ResponseTooLargeError,
  P100ServerError,
  P100TimeoutError,
} from "../../src/index.js";
import {
  refusedUrl,
  startBody,
  startFaultServer,
  type FaultServer,
  type ReceivedRequest,
} from "../support/fault-server.js";
import { expectNoUnhandledRejections, sepaTransfer, writeFigure } from "../support/hostile.js";
import { createSecretScanner, HOSTILE_API_KEY } from "../support/secret-scan.js";

type ErrorClass = abstract new (...args: never[]) => P100Error;

/** What one call must end with: an exact error class (or success), requests the server receives, attempts sent. */
interface Expected {
  readonly outcome: ErrorClass | "resolves";
  /** Requests the server received (a refused connection never reaches it). */
  readonly received: number;
  /** Attempts the client made (differs from `received` only when the connection is refused). */
  readonly attempts?: number;
  /** Extra checks on the error or result. */
  readonly check?: (outcome: unknown, server: FaultServer) => void;
}

interface Cell {
  readonly fault: string;
  /** How the server answers; `null` means nothing listens on the port. */
  readonly answer: ((request: ReceivedRequest, response: ServerResponse, socket: Socket) => void) | null;
  /** Per-attempt timeout of the cell's client (small only where the server stalls). */
  readonly timeoutMs?: number;
  readonly get: Expected;
  readonly post: Expected;
}

const MAX_RETRIES = 2;
const HUGE = 16 * 1024 * 1024;
const HTML_502 = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";

/** The server's echo of the API key it received: a hostile server tries to make the SDK leak it. */
const echoed = (request: ReceivedRequest) => String(request.headers["x-api-key"] ?? "");

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

function text(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body), ...headers });
  response.end(body);
}

const success = { transferId: "45e69696-98bb-44f6-9996-9bb28834a538", fiatBalances: [], cryptoBalances: [] };
/** A valid success body cut in the middle: the server announces 2 000 bytes and sends 40. */
const partial = JSON.stringify(success).slice(0, 40);

/** Retryable for a GET: sent 1 + MAX_RETRIES times; a POST is always sent once. */
const retried = (outcome: ErrorClass, check?: Expected["check"]) => ({
  get: { outcome, received: 1 + MAX_RETRIES, ...(check ? { check } : {}) },
  post: { outcome, received: 1, ...(check ? { check } : {}) },
});
const once = (outcome: ErrorClass | "resolves", check?: Expected["check"]) => ({
  get: { outcome, received: 1, ...(check ? { check } : {}) },
  post: { outcome, received: 1, ...(check ? { check } : {}) },
});

/** Holds the address of the server a redirect points to; nothing may ever reach it. */
let elsewhere: FaultServer;

const cells: Cell[] = [
  { fault: "200 valid JSON (control)", answer: (_q, r) => json(r, 200, success), ...once("resolves") },
  {
    fault: "connection refused",
    answer: null,
    get: { outcome: P100ConnectionError, received: 0, attempts: 1 + MAX_RETRIES },
    post: { outcome: P100ConnectionError, received: 0, attempts: 1 },
  },
  {
    fault: "reset before headers",
    answer: (_q, _r, socket) => socket.resetAndDestroy(),
    ...retried(P100ConnectionError),
  },
  {
    fault: "reset in the middle of a 200 body",
    answer: (_q, r, socket) => {
      startBody(r, 200, { "content-type": "application/json", "content-length": 2_000 }, partial);
      setTimeout(() => socket.resetAndDestroy(), 20);
    },
    ...retried(P100ConnectionError),
  },
  { fault: "stall before headers (timeout 1 s)", answer: () => {}, timeoutMs: 1_000, ...retried(P100TimeoutError) },
  {
    fault: "stall in the middle of a 200 body (timeout 1 s)",
    answer: (_q, r) => startBody(r, 200, { "content-type": "application/json", "content-length": 2_000 }, partial),
    timeoutMs: 1_000,
    ...retried(P100TimeoutError),
  },
  {
    fault: "429, Retry-After: 1 (seconds)",
    answer: (q, r) => json(r, 429, { message: `slow down ${echoed(q)}` }, { "retry-after": "1", "x-echo": echoed(q) }),
    get: {
      outcome: P100RateLimitError,
      received: 1 + MAX_RETRIES,
      check: (error, server) => {
        expect((error as P100RateLimitError).retryAfterMs).toBe(1_000);
        const at = server.requests.map((request) => request.at);
        for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(900);
      },
    },
    post: { outcome: P100RateLimitError, received: 1 },
  },
  {
    fault: "429, Retry-After: an HTTP date 1 s ahead",
    answer: (_q, r) => json(r, 429, "", { "retry-after": new Date(Date.now() + 1_000).toUTCString() }),
    ...retried(P100RateLimitError, (error) =>
      expect((error as P100RateLimitError).retryAfterMs).toBeLessThanOrEqual(2_000),
    ),
  },
  {
    fault: "500 JSON",
    answer: (_q, r) => json(r, 500, { message: "Internal Server Error" }),
    ...once(P100ServerError),
  },
  {
    fault: "502 with an HTML body",
    answer: (q, r) => text(r, 502, "text/html", `${HTML_502}<!-- ${echoed(q)} -->`, { "x-echo": echoed(q) }),
    ...retried(P100ServerError, (error) =>
      expect((error as P100ServerError).errorMessage).toContain("502 Bad Gateway"),
    ),
  },
  { fault: "503", answer: (_q, r) => text(r, 503, "text/plain", "Service Unavailable"), ...retried(P100ServerError) },
  {
    fault: "504",
    answer: (_q, r) => text(r, 504, "text/html", "<html>Gateway Time-out</html>"),
    ...retried(P100ServerError),
  },
  {
    fault: "400 P501 (service temporarily unavailable)",
    answer: (q, r) =>
      json(r, 400, { errorCode: "P501", errorMessage: `Service temporarily unavailable for ${echoed(q)}` }),
    ...retried(P100ServerError, (error) => expect((error as P100ServerError).errorCode).toBe("P501")),
  },
  {
    fault: "200 with malformed JSON",
    answer: (_q, r) => text(r, 200, "application/json", '{"transferId": "45e6'),
    ...once(P100InvalidResponseError),
  },
  {
    fault: "200 with an empty body",
    answer: (_q, r) => text(r, 200, "application/json", ""),
    ...once(P100InvalidResponseError),
  },
  {
    fault: "200 with a truncated body (Content-Length 2000, 40 bytes, then FIN)",
    answer: (_q, r, socket) => {
      startBody(r, 200, { "content-type": "application/json", "content-length": 2_000 }, partial);
      setTimeout(() => socket.end(), 20);
    },
    ...retried(P100ConnectionError),
  },
  {
    fault: "200 with a wrong content type (an HTML page)",
    answer: (_q, r) => text(r, 200, "text/html", "<html><body>Welcome</body></html>"),
    ...once(P100InvalidResponseError, (error) => expect((error as Error).message).toMatch(/malformed text\/html/)),
  },
  {
    fault: "200 with valid JSON labelled text/plain",
    answer: (_q, r) => text(r, 200, "text/plain", JSON.stringify(success)),
    ...once("resolves", (result) => expect(result).toEqual(success)),
  },
  {
    // Past the default maxResponseBytes (10 MiB), reading stops: the Content-Length alone refuses it.
    fault: "200 with a huge body (16 MiB of JSON)",
    answer: (_q, r) => json(r, 200, { ...success, padding: "x".repeat(HUGE) }),
    ...once(P100ResponseTooLargeError, (error) => expect((error as P100ResponseTooLargeError).status).toBe(200)),
  },
  {
    fault: "500 with a huge HTML body (16 MiB)",
    answer: (_q, r) => text(r, 500, "text/html", `<html>${"x".repeat(HUGE)}</html>`),
    ...once(P100ResponseTooLargeError, (error) => expect((error as P100ResponseTooLargeError).status).toBe(500)),
  },
  {
    fault: "307 redirect to another origin",
    answer: (q, r) => {
      r.writeHead(307, { location: `${elsewhere.url}/steal?key=${echoed(q)}`, "content-length": 0 });
      r.end();
    },
    ...once(P100ApiError, (error) => {
      expect((error as P100ApiError).status).toBe(307);
      expect(elsewhere.requests).toEqual([]);
    }),
  },
];

interface Observed {
  readonly outcome: unknown;
  readonly name: string;
  readonly received: number;
  /** How each failed attempt failed (name and cause code), for assertion messages. */
  readonly failures: readonly string[];
  readonly attempts: number;
  readonly ms: number;
  readonly server: FaultServer;
  readonly requests: readonly ReceivedRequest[];
}

const scanner = createSecretScanner();
const guard = expectNoUnhandledRejections();
const observed = new Map<string, Observed>();
const servers: FaultServer[] = [];

/** A failed attempt in one word, for assertion messages: the error's name and its cause's code. */
function describeFailure(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string } } | undefined;
  return `${e?.name}: ${e?.cause?.code ?? e?.message}`;
}

async function runCell(cell: Cell, method: "GET" | "POST"): Promise<Observed> {
  const server = cell.answer
    ? await startFaultServer(cell.answer)
    : { ...(await startFaultServer(() => {})), url: await refusedUrl() };
  servers.push(server);
  let attempts = 0;
  const failures: string[] = [];
  const p100 = createP100Client({
    apiKey: HOSTILE_API_KEY,
    baseUrl: server.url,
    maxRetries: MAX_RETRIES,
    // Cells that are not about timeouts get a ceiling far above any answer time on a busy machine.
    timeoutMs: cell.timeoutMs ?? 30_000,
    logger: scanner.logger,
    logLevel: "debug",
    fetch: (request, init) => {
      attempts++;
      return globalThis.fetch(request, init).catch((error: unknown) => {
        failures.push(describeFailure(error));
        throw error;
      });
    },
  });
  const started = Date.now();
  const call =
    method === "GET"
      ? p100.getUserBalances({ externalUserId: "user-1" })
      : p100.createPartnerSepaTransfer(sepaTransfer);
  const outcome = await call.then(
    (result: unknown) => result,
    (error: unknown) => scanner.error(error),
  );
  const ms = Date.now() - started;
  const name = outcome instanceof Error ? outcome.constructor.name : "resolves";
  return {
    outcome,
    name,
    failures,
    received: server.requests.length,
    attempts,
    ms,
    server,
    requests: [...server.requests],
  };
}

beforeAll(async () => {
  elsewhere = await startFaultServer((_q, r) => json(r, 200, success));
  // Every cell runs at once: the matrix takes as long as its slowest cell, not their sum.
  const runs = cells.flatMap((cell) =>
    (["GET", "POST"] as const).map(async (method) =>
      observed.set(`${cell.fault}|${method}`, await runCell(cell, method)),
    ),
  );
  await Promise.all(runs);
}, 180_000);

afterAll(async () => {
  await Promise.all([...servers, elsewhere].map((server) => server.close()));
  scanner.assertClean();
  writeFigure("fault-matrix.md", renderMatrix());
});

function describeExpected(expected: Expected): string {
  const outcome = expected.outcome === "resolves" ? "resolves" : expected.outcome.name;
  const attempts = expected.attempts ?? expected.received;
  return attempts === expected.received
    ? `${outcome}, ${expected.received} received`
    : `${outcome}, ${attempts} sent / ${expected.received} received`;
}

function renderMatrix(): string {
  const rows = cells.map((cell) => {
    const get = observed.get(`${cell.fault}|GET`);
    const post = observed.get(`${cell.fault}|POST`);
    const seen = (o: Observed | undefined) =>
      o ? `${o.name}, ${o.attempts} sent / ${o.received} received, ${o.ms} ms` : "not run";
    return `| ${cell.fault} | ${describeExpected(cell.get)} | ${seen(get)} | ${describeExpected(cell.post)} | ${seen(post)} |`;
  });
  return [
    `Fault matrix, written by test/hostile/fault-matrix.test.ts on ${new Date().toISOString()} (Node ${process.version}).`,
    `GET = getUserBalances (idempotent, maxRetries ${MAX_RETRIES}); POST = createPartnerSepaTransfer (moves money, never retried).`,
    "",
    "| fault | GET expected | GET observed | POST expected | POST observed |",
    "|---|---|---|---|---|",
    ...rows,
    "",
    `Unhandled rejections during the run: ${guard.rejections.length}. Errors scanned for secrets: ${scanner.count.errors}; log lines: ${scanner.count.logLines}.`,
    "",
  ].join("\n");
}

describe("fault matrix", () => {
  describe.each(cells)("$fault", (cell) => {
    it.each(["GET", "POST"] as const)("%s", (method) => {
      const expected = method === "GET" ? cell.get : cell.post;
      const result = observed.get(`${cell.fault}|${method}`);
      expect(result, "the cell ran").toBeDefined();
      const { outcome, received, attempts, requests, server } = result!;
      if (expected.outcome === "resolves") {
        expect(outcome).not.toBeInstanceOf(Error);
      } else {
        // The exact class: a subclass (e.g. a timeout for a connection error) would be a different promise.
        expect(outcome, String(outcome)).toBeInstanceOf(expected.outcome);
        expect((outcome as Error).constructor).toBe(expected.outcome);
      }
      // On a busy machine an attempt with a short timeout can expire before its request reaches the server: there
      // the server's count is a ceiling, and the client's attempt count (exact, below) proves what was sent.
      if (cell.timeoutMs === undefined)
        expect(received, `requests the server received (failed attempts: ${result!.failures.join(", ")})`).toBe(
          expected.received,
        );
      else expect(received, "requests the server received").toBeLessThanOrEqual(expected.received);
      expect(attempts, "attempts the client made").toBe(expected.attempts ?? expected.received);
      for (const request of requests) {
        expect(request.method).toBe(method);
        expect(request.headers["x-api-key"]).toBe(HOSTILE_API_KEY);
        if (method === "GET") expect(request.url).toBe("/v1/user/balances/user-1");
        else {
          expect(request.url).toBe("/v1/partner/sepa-transfer");
          expect(JSON.parse(request.body)).toEqual(sepaTransfer);
        }
      }
      expected.check?.(outcome, server);
    });
  });

  it("no POST of the matrix reached a server more than once", () => {
    const posts = [...observed.entries()].filter(([key]) => key.endsWith("|POST"));
    expect(posts).toHaveLength(cells.length);
    for (const [, result] of posts) expect(result.received).toBeLessThanOrEqual(1);
  });

  it("no secret in any error (message, stack, JSON, inspect, cause chain) or log line of the matrix", () => {
    expect(scanner.count.errors).toBeGreaterThan(cells.length);
    expect(scanner.count.logLines).toBeGreaterThan(cells.length);
    scanner.assertClean();
  });

  it("no unhandled rejection so far (checked again after the servers close)", () => {
    expect(guard.rejections).toEqual([]);
  });
});
