// @ts-check
// The `p100` command as an npm user gets it: run with `npx p100` inside a scratch project that installed only the
// tarball. Used by scripts/check-package.mjs. Every wait is a condition (a port, a line, an exit), never a pause.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium } from "./browser.mjs";
import { canConnect, freePort } from "./prism.mjs";
import { packageFile } from "./run.mjs";

const npx = process.platform === "win32" ? "npx.cmd" : "npx";
const TOKEN = "smoke-webhook-token";

/**
 * `npx --no -- p100 <args>` in `consumer` (never installs anything; `--` keeps npx from taking --help), to the end.
 * @param {string} consumer
 * @param {string[]} args
 * @param {Record<string, string>} [env]
 */
function p100(consumer, args, env = {}) {
  const result = spawnSync(npx, ["--no", "--", "p100", ...args], {
    cwd: consumer,
    encoding: "utf8",
    env: { ...process.env, NODE_NO_WARNINGS: "1", ...env },
  });
  return { code: result.status, output: `${result.stdout ?? ""}${result.stderr ?? ""}` };
}

/**
 * Throws with the command's output unless `ok`.
 * @param {boolean} ok
 * @param {string} message
 * @param {string} [output]
 */
function expect(ok, message, output = "") {
  if (!ok) throw new Error(`${message}${output ? `\n${output.replace(/^/gm, "     ")}` : ""}`);
}

/**
 * `npx p100 --help` lists the commands.
 * @param {string} consumer
 */
export function checkHelp(consumer) {
  const result = p100(consumer, ["--help"]);
  expect(
    result.code === 0 && /webhook send <kind>/.test(result.output),
    `npx p100 --help exited ${result.code}`,
    result.output,
  );
}

/**
 * `npx p100 verify` from the installed package: it refuses production (exit 2) without printing the key, and checks a
 * read against `mockUrl` (the Prism mock on loopback), writing both report files from the spec shipped in the package.
 * @param {string} consumer
 * @param {string} mockUrl
 */
export function checkVerify(consumer, mockUrl) {
  const key = "smoke-verify-key-1234";
  const refused = p100(consumer, ["verify", "--base-url", "https://partner-api.p100.io"], { P100_API_KEY: key });
  expect(
    refused.code === 2 && /refusing to run against production/.test(refused.output) && !refused.output.includes(key),
    `npx p100 verify against production: expected exit 2, got ${refused.code}`,
    refused.output,
  );
  const run = p100(
    consumer,
    ["verify", "--base-url", mockUrl, "--only", "getPartnerBalances", "--out", "verify-report"],
    { P100_API_KEY: key },
  );
  expect(
    run.code === 0 && /1 operations: 1 path confirmed/.test(run.output),
    `npx p100 verify against the mock exited ${run.code}`,
    run.output,
  );
  for (const file of ["verify-report.md", "verify-report.json"])
    expect(existsSync(join(consumer, file)), `npx p100 verify did not write ${file}`, run.output);
}

/**
 * Without Prism installed, `npx p100 mock` says how to install it, in one line, and exits 1.
 * @param {string} consumer
 */
export function checkMockWithoutPrism(consumer) {
  const result = p100(consumer, ["mock"]);
  const lines = result.output.trim().split("\n");
  expect(
    result.code === 1 &&
      lines.length === 1 &&
      /** @type {string} */ (lines[0]).includes("npm install --save-dev @stoplight/prism-cli@"),
    `npx p100 mock without Prism: expected one line with the install command and exit 1, got exit ${result.code}`,
    result.output,
  );
}

/**
 * `npx p100 webhook send` to a receiver built with the installed `p100-partner-sdk/webhooks`: the right token is
 * accepted and the callback runs; a wrong token is refused and the command exits non-zero.
 * @param {string} consumer
 */
export async function checkWebhookSend(consumer) {
  writeFileSync(
    join(consumer, "receiver.mjs"),
    `import { createServer } from "node:http";
import { createNodeWebhookHandler } from "p100-partner-sdk/webhooks";
const handler = createNodeWebhookHandler({
  token: ${JSON.stringify(TOKEN)},
  on: { cryptoDeposit: (payload) => console.log("delivered " + payload.cryptoDepositId + " " + payload.status) },
});
const server = createServer((req, res) => void handler(req, res));
server.listen(0, "127.0.0.1", () => console.log("port " + server.address().port));
`,
  );
  const receiver = spawn(process.execPath, ["receiver.mjs"], { cwd: consumer, stdio: ["ignore", "pipe", "inherit"] });
  let log = "";
  receiver.stdout.setEncoding("utf8").on("data", (chunk) => (log += chunk));
  try {
    const port = await until(
      () => /^port (\d+)$/m.exec(log)?.[1],
      () => receiver.exitCode !== null,
      "the receiver did not start",
    );
    const to = `http://127.0.0.1:${port}`;
    const accepted = p100(consumer, [
      "webhook",
      "send",
      "cryptoDeposit",
      "--to",
      to,
      "--token",
      TOKEN,
      "--example",
      "waitingForVerification",
    ]);
    expect(
      accepted.code === 0 && /^200 /m.test(accepted.output),
      `webhook send with the right token exited ${accepted.code}`,
      accepted.output,
    );
    await until(
      () => /^delivered \S+ WAITING_FOR_VERIFICATION$/m.test(log),
      () => receiver.exitCode !== null,
      "the receiver's callback was not called",
    );
    const refused = p100(consumer, ["webhook", "send", "cryptoDeposit", "--to", to, "--token", "wrong-token"]);
    expect(
      refused.code === 1 && /^401 /m.test(refused.output),
      `webhook send with a wrong token: expected 401 and exit 1, got exit ${refused.code}`,
      refused.output,
    );
    expect(log.match(/^delivered /gm)?.length === 1, "the callback ran for the refused delivery", log);
  } finally {
    receiver.kill("SIGKILL");
  }
}

/**
 * `npx p100 docs --out page.html` writes a page that renders offline in headless Chromium, with SDK code samples.
 * @param {string} consumer
 */
export async function checkDocs(consumer) {
  const result = p100(consumer, ["docs", "--out", "page.html"]);
  const page = join(consumer, "page.html");
  expect(result.code === 0 && existsSync(page), `npx p100 docs --out page.html exited ${result.code}`, result.output);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    /** @type {string[]} */
    const requested = [];
    await context.route("**/*", (route) => {
      if (/^(file|data|blob):/.test(route.request().url())) return route.continue();
      requested.push(route.request().url());
      return route.abort();
    });
    const tab = await context.newPage();
    await tab.goto(`${pathToFileURL(page).href}#/user:-onboarding-and-kyc-flow/createuser`);
    await tab.waitForFunction(() => document.body.innerText.includes("p100.createUser("), undefined, {
      timeout: 120_000,
    });
    expect(requested.length === 0, "the docs page tried to reach the network", requested.join("\n"));
  } finally {
    await browser.close();
  }
}

/**
 * With Prism in the consumer's node_modules, `npx p100 mock` answers the documented createUser request, and Ctrl-C
 * (SIGINT to its process group, as a terminal sends it) stops it and frees the port. Prism is linked from this
 * repository's node_modules rather than installed: the same files, with no registry access and no minute-long install.
 * @param {string} consumer
 * @param {unknown} createUserExample
 */
export async function checkMockWithPrism(consumer, createUserExample) {
  const prism = dirname(packageFile("@stoplight/prism-cli", "package.json"));
  mkdirSync(join(consumer, "node_modules", "@stoplight"), { recursive: true });
  symlinkSync(prism, join(consumer, "node_modules", "@stoplight", "prism-cli"), "dir");
  const port = await freePort();
  // npx exists wherever this runs, so the spawned process has a pid.
  const mock =
    /** @type {import("node:child_process").ChildProcessByStdio<null, import("node:stream").Readable, import("node:stream").Readable> & { pid: number }} */ (
      spawn(npx, ["--no", "--", "p100", "mock", "--port", String(port)], {
        cwd: consumer,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      })
    );
  let log = "";
  mock.stdout.setEncoding("utf8").on("data", (chunk) => (log += chunk));
  mock.stderr.setEncoding("utf8").on("data", (chunk) => (log += chunk));
  const exited = new Promise((resolve) => mock.once("exit", (code, signal) => resolve(code ?? signal)));
  try {
    await until(
      () => /listening on http:\/\/127\.0\.0\.1:\d+ \(Ctrl-C stops it\)/.test(log),
      () => mock.exitCode !== null,
      "npx p100 mock did not start",
      () => log,
    );
    const response = await fetch(`http://127.0.0.1:${port}/v1/user/balances/crypto-and-fiat`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": "smoke-key" },
      body: JSON.stringify(createUserExample),
    });
    const body = await response.json();
    expect(
      response.ok && typeof body.userId === "string",
      `createUser on npx p100 mock answered ${response.status}`,
      JSON.stringify(body),
    );
    expect(mock.exitCode === null && mock.signalCode === null, "npx p100 mock exited before Ctrl-C", log);
    process.kill(-mock.pid, "SIGINT");
    // npx itself dies of the SIGINT (as in a terminal); p100 and Prism must stop with it.
    const code = await exited;
    expect(code === 0 || code === "SIGINT", `npx p100 mock ended with ${code} on Ctrl-C`, log);
    await until(
      async () => !(await canConnect(port)),
      () => false,
      `port ${port} still accepts connections after Ctrl-C`,
    );
    await until(
      () => !groupAlive(mock.pid),
      () => false,
      "a process of npx p100 mock outlived Ctrl-C (an orphan)",
    );
  } finally {
    if (groupAlive(mock.pid)) process.kill(-mock.pid, "SIGKILL");
  }
}

/**
 * Polls `probe` until it returns a truthy value; fails when `gaveUp()` or after a generous ceiling.
 * @template T
 * @param {() => T | Promise<T>} probe
 * @param {() => boolean} gaveUp
 * @param {string} message
 * @param {() => string} [details]
 * @returns {Promise<T>}
 */
async function until(probe, gaveUp, message, details = () => "") {
  const ceiling = Date.now() + 120_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (gaveUp() || Date.now() > ceiling) throw new Error(`${message}\n${details()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Whether any process of the process group `pgid` is still running.
 * @param {number} pgid
 */
function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
