// examples/sandbox-e2e/app.ts end to end: the partner's app in its own process, `p100 sandbox` in another (delivering
// webhooks to the app), and this test driving both: the app's HTTP routes as a user would, the sandbox's outside
// events through connectSandbox.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/prism.mjs";
import { connectSandbox, type RemoteSandbox } from "../../src/sandbox/index.js";
import { collect, type CliResult } from "../cli/run-cli.js";
import { startSandboxProcess, type SandboxProcess } from "../sandbox-server/child.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const TOKEN = "whsec-e2e";

let sandbox: SandboxProcess;
let remote: RemoteSandbox;
let app: { url: string; stop: () => Promise<CliResult> };

/** Starts the example app as its own process on `port` and waits until it listens. */
async function startApp(port: number, sandboxUrl: string) {
  const child = spawn(process.execPath, ["--import", TSX, "examples/sandbox-e2e/app.ts"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_NO_WARNINGS: "1",
      PORT: String(port),
      P100_BASE_URL: sandboxUrl,
      P100_API_KEY: "e2e-key",
      P100_WEBHOOK_TOKEN: TOKEN,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = collect(child);
  await new Promise<void>((resolve, reject) => {
    let seen = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes("app listening on")) resolve();
    });
    void exited.then((result) => reject(new Error(`the app exited: ${result.stdout}${result.stderr}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => (child.kill("SIGTERM"), exited) };
}

beforeAll(async () => {
  const appPort = await freePort();
  sandbox = await startSandboxProcess([
    "--port",
    "0",
    "--api-key",
    "e2e-key",
    "--webhook-url",
    `http://127.0.0.1:${appPort}`,
    "--token",
    TOKEN,
  ]);
  remote = connectSandbox({ baseUrl: sandbox.url, apiKey: "e2e-key" });
  app = await startApp(appPort, sandbox.url);
});
afterAll(async () => {
  await app?.stop();
  await sandbox?.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = await response.json();
  expect(response.ok, `${method} ${path}: ${JSON.stringify(json)}`).toBe(true);
  return json;
}

describe("examples/sandbox-e2e: an app and the sandbox in their own processes", () => {
  it(
    "onboards a user through KYC, funds them and exchanges EUR to BTC; the app learns each step from webhooks",
    { timeout: 120_000 },
    async () => {
      const { kycUrl } = await call("POST", "/signup", { externalUserId: "e2e-user-1" });
      expect(kycUrl).toMatch(new RegExp(`^${sandbox.url}/v1/kyc/verification/e2e-user-1/`));
      // The user's browser would click Approve on kycUrl; the test makes the same decision through the control API.
      await remote.simulate.kycApproved("e2e-user-1");
      await call("POST", "/users/e2e-user-1/kyc-finished");
      await remote.settle();
      expect(await call("GET", "/users/e2e-user-1")).toMatchObject({
        kyc: "VERIFIED",
        balances: "ACTIVE",
        eur: "0.00",
      });

      await remote.simulate.sepaDeposit({
        externalUserId: "e2e-user-1",
        amount: "1000.00",
        senderName: "Jan Kowalski",
      });
      const { exchangeId } = await call("POST", "/users/e2e-user-1/exchange", { amount: "450" });
      await remote.advance(5_000); // exchanges complete asynchronously, on the virtual clock
      await remote.settle();
      const user = await call("GET", "/users/e2e-user-1");
      expect(user).toMatchObject({ eur: "550.00", deposits: ["1000.00 eur"] });
      expect(user.exchanges).toContain(`${exchangeId} COMPLETED`);
      expect(Number(user.btc)).toBeGreaterThan(0);
      // Every webhook the sandbox sent reached the app and was answered 2xx.
      const deliveries = await remote.deliveries();
      expect(deliveries.length).toBeGreaterThan(0);
      expect(deliveries.filter((d) => !d.ok)).toEqual([]);
    },
  );
});
