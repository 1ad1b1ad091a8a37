// `p100 webhook send` against local receivers: a capturing server proves the wire format (POST, JSON, the plain token
// in Authorization, the kind's default path); the SDK's own Node receiver proves a delivery is accepted (callback
// called) or refused (wrong token, non-zero exit). `p100 webhook list` prints the generated table.
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { webhookExamples } from "../../generated/webhook-examples.js";
import { createNodeWebhookHandler, webhookKinds, webhookTable, type WebhookPayload } from "../../src/webhooks/index.js";
import { listen, type Loopback } from "../webhooks/loopback.js";
import { runCli, runInProcess } from "./run-cli.js";

const TOKEN = "test-webhook-token";
const servers: Loopback[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A server that records every request and answers `status` with a small body. */
async function capturing(status = 200) {
  const requests: Array<{ method: string; url: string; headers: IncomingMessage["headers"]; body: string }> = [];
  const server = await listen((req, res) => {
    let body = "";
    req.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      res.statusCode = status;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ received: true }));
    });
  });
  servers.push(server);
  return { url: server.url, requests };
}

/** The SDK's Node receiver for cryptoDeposit, recording what its callback gets. */
async function sdkReceiver() {
  const delivered: Array<WebhookPayload<"cryptoDeposit">> = [];
  const handler = createNodeWebhookHandler({
    token: TOKEN,
    on: { cryptoDeposit: (payload) => void delivered.push(payload) },
  });
  const server = await listen((req, res) => void handler(req, res));
  servers.push(server);
  return { url: server.url, delivered };
}

/** A loopback port nothing listens on (taken from the OS, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("p100 webhook send", () => {
  it("delivers the kind's first example as P100 does: POST, JSON, the plain token in Authorization, the default path", async () => {
    const receiver = await capturing();
    const result = await runCli(["webhook", "send", "partnerSepaTransfer", "--to", receiver.url, "--token", TOKEN]);
    expect(result.code).toBe(0);
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe(webhookTable.partnerSepaTransfer.defaultPath);
    expect(request?.headers.authorization).toBe(TOKEN);
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request?.body ?? "")).toEqual(webhookExamples.partnerSepaTransfer.successful);
    expect(result.stdout).toContain(`POST ${receiver.url}${webhookTable.partnerSepaTransfer.defaultPath}`);
    expect(result.stdout).toMatch(/^200 OK$/m);
    expect(result.stdout).toContain('{"received":true}');
  });

  it("to the SDK's own receiver: accepted, and the callback gets the example", async () => {
    const receiver = await sdkReceiver();
    const result = await runCli([
      "webhook",
      "send",
      "cryptoDeposit",
      "--to",
      receiver.url,
      "--token",
      TOKEN,
      "--example",
      "unsuccessful",
    ]);
    expect(result.stdout).toMatch(/^200 /m);
    expect(result.code).toBe(0);
    expect(receiver.delivered).toEqual([webhookExamples.cryptoDeposit.unsuccessful]);
  });

  it("with a wrong token: the receiver refuses it (401 printed), the callback is not called, exit 1", async () => {
    const receiver = await sdkReceiver();
    const result = await runCli(["webhook", "send", "cryptoDeposit", "--to", receiver.url, "--token", "not-the-token"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^401 /m);
    expect(receiver.delivered).toEqual([]);
  });

  it("--data sends the file's JSON byte for byte; --path and a base URL with a prefix are honoured", async () => {
    const receiver = await capturing(202);
    const file = join(mkdtempSync(join(tmpdir(), "p100-cli-")), "deposit.json");
    const payload = `{ "externalUserId": "u-7", "status": "SUCCESSFUL" }\n`;
    writeFileSync(file, payload);
    const result = await runInProcess([
      "webhook",
      "send",
      "cryptoDeposit",
      "--to",
      `${receiver.url}/p100/`,
      "--token",
      TOKEN,
      "--data",
      file,
      "--path",
      "/hooks/deposit",
    ]);
    expect(result.code).toBe(0);
    expect(receiver.requests.map((r) => [r.url, r.body])).toEqual([["/p100/hooks/deposit", payload]]);
  });

  it("exits 1 when the receiver answers non-2xx, and prints its status and body", async () => {
    const receiver = await capturing(500);
    const result = await runInProcess(["webhook", "send", "ibanStatus", "--to", receiver.url, "--token", TOKEN]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^500 Internal Server Error\n\{"received":true\}$/m);
  });

  it("a payload file that is missing or not JSON: one line, exit 1, nothing sent", async () => {
    const receiver = await capturing();
    const dir = mkdtempSync(join(tmpdir(), "p100-cli-"));
    writeFileSync(join(dir, "bad.json"), "{ not json");
    const missing = await runInProcess([
      "webhook",
      "send",
      "exchange",
      "--to",
      receiver.url,
      "--token",
      TOKEN,
      "--data",
      join(dir, "nope.json"),
    ]);
    expect(missing).toMatchObject({ code: 1, stderr: `p100: cannot read ${join(dir, "nope.json")}: ENOENT\n` });
    const bad = await runInProcess([
      "webhook",
      "send",
      "exchange",
      "--to",
      receiver.url,
      "--token",
      TOKEN,
      "--data",
      join(dir, "bad.json"),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^p100: \S+bad\.json is not JSON: /);
    expect(receiver.requests).toEqual([]);
  });

  it("a refused connection: one line naming the URL, no stack trace, exit 1 (process)", async () => {
    const port = await closedPort();
    const result = await runCli(["webhook", "send", "exchange", "--to", `http://127.0.0.1:${port}`, "--token", TOKEN]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `p100: cannot reach http://127.0.0.1:${port}/webhook/exchange: connection refused (is the receiver running?)\n`,
    );
  });
});

describe("p100 webhook send: a token a header cannot carry, and a receiver that never answers", () => {
  const SECRET = "s3cret-token-value";

  it("a token with a line break (--token or the environment) is refused without being printed or sent: exit 2", async () => {
    const receiver = await capturing();
    const fromFlag = await runInProcess([
      "webhook",
      "send",
      "exchange",
      "--to",
      receiver.url,
      "--token",
      `${SECRET}\n`,
    ]);
    expect(fromFlag.code).toBe(2);
    expect(fromFlag.stderr).toMatch(
      /^p100 webhook send: the token from --token contains a line break, which an HTTP header cannot carry/,
    );
    expect(fromFlag.stderr).not.toContain(SECRET);
    expect(fromFlag.stderr).not.toMatch(/reach/);
    const fromEnv = await runCli(["webhook", "send", "exchange", "--to", receiver.url], {
      env: { P100_WEBHOOK_TOKEN: `${SECRET}\r\nX-Injected: 1` },
    });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toContain("the token from P100_WEBHOOK_TOKEN contains a line break");
    expect(`${fromEnv.stdout}${fromEnv.stderr}`).not.toContain(SECRET);
    const control = await runInProcess([
      "webhook",
      "send",
      "exchange",
      "--to",
      receiver.url,
      "--token",
      `${SECRET}\u0000`,
    ]);
    expect(control.stderr).toContain("contains a control character");
    expect(receiver.requests).toEqual([]);
  });

  it("--timeout: a receiver that never answers (or never ends its answer) fails the command with one line, exit 1", async () => {
    const silent = await listen(() => undefined);
    servers.push(silent);
    const result = await runInProcess([
      "webhook",
      "send",
      "exchange",
      "--to",
      silent.url,
      "--token",
      TOKEN,
      "--timeout",
      "0.5",
    ]);
    expect(result).toMatchObject({
      code: 1,
      stderr: `p100: no answer from ${silent.url}/webhook/exchange within 0.5 s (raise it with --timeout <seconds>)\n`,
    });
    const trickle = await listen((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("{");
    });
    servers.push(trickle);
    const unfinished = await runInProcess([
      "webhook",
      "send",
      "exchange",
      "--to",
      trickle.url,
      "--token",
      TOKEN,
      "--timeout",
      "0.5",
    ]);
    expect(unfinished.code).toBe(1);
    expect(unfinished.stderr).toContain(`no answer from ${trickle.url}/webhook/exchange within 0.5 s`);
  }, 60_000);

  it("without --timeout it gives up after 10 s; a --timeout that is not a positive number is a usage error", async () => {
    const silent = await listen(() => undefined);
    servers.push(silent);
    const result = await runInProcess(["webhook", "send", "exchange", "--to", silent.url, "--token", TOKEN]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("within 10 s");
    for (const bad of ["0", "soon", "", "1e9"]) {
      const usage = await runInProcess([
        "webhook",
        "send",
        "exchange",
        "--to",
        silent.url,
        "--token",
        TOKEN,
        "--timeout",
        bad,
      ]);
      expect(usage.code, bad).toBe(2);
      expect(usage.stderr, bad).toMatch(/--timeout must be a number of seconds above 0 and at most 3600/);
    }
  }, 60_000);
});

describe("p100 webhook list", () => {
  it("prints every kind of the spec with its default path and summary", async () => {
    const result = await runInProcess(["webhook", "list"]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(webhookKinds.length);
    for (const [index, kind] of webhookKinds.entries()) {
      const { defaultPath, summary } = webhookTable[kind];
      expect(lines[index]?.split(/\s{2,}/)).toEqual([kind, defaultPath, summary]);
    }
  });
});
