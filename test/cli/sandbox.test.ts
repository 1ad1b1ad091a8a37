// `p100 sandbox` (and `npm run sandbox`): the stateful sandbox on loopback. It prints its URL, key and token, logs one
// line per call and per delivery, remembers what it was told (P411 on a repeated user), saves and reloads --state
// atomically, and Ctrl-C stops it with exit 0. A --state that cannot be read or written is named with its problem;
// a save that fails while running is reported once, retried, and the sandbox keeps serving.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { runSandboxCli } from "../../src/cli/sandbox.js";
import { exampleUser } from "../../examples/example-user.js";
import { startSandboxProcess } from "../sandbox-server/child.js";
import { runInProcess } from "./run-cli.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), "p100-sandbox-cli-"));
  dirs.push(dir);
  return dir;
};

/** Waits until `condition` holds, checking every 50 ms (a ceiling for a busy machine, not a timing assertion). */
async function until(condition: () => boolean, what: string, ceilingMs = 30_000): Promise<void> {
  const deadline = Date.now() + ceilingMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let phones = 0;
/** Creates a user; phone numbers and emails are unique per user (P464/P465). */
const createUser = (url: string, apiKey: string, id: string) =>
  fetch(`${url}/v1/user/balances/crypto-and-fiat`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": apiKey },
    body: JSON.stringify({
      ...exampleUser(id, `${id}@example.pl`),
      phone: `486012345${String(++phones).padStart(2, "0")}`,
    }),
  });

describe("p100 sandbox", () => {
  it(
    "serves a stateful sandbox: a user is remembered (P411 on a repeat); Ctrl-C stops it",
    { timeout: 120_000 },
    async () => {
      const sandbox = await startSandboxProcess(["--port", "0", "--api-key", "cli-key"]);
      const first = await createUser(sandbox.url, "cli-key", "cli-user-1");
      expect(first.headers.get("x-p100-sandbox")).toBe("true");
      expect(first.ok).toBe(true);
      const repeated = await createUser(sandbox.url, "cli-key", "cli-user-1");
      expect(((await repeated.json()) as { errorCode?: string }).errorCode).toBe("P411");
      const result = await sandbox.stop();
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("NOT P100");
      expect(result.stdout).toContain("webhooks: not delivered (no --webhook-url)");
      expect(result.stdout).not.toContain("undefined");
      expect(result.stdout).toContain("sandbox stopped");
    },
  );

  it("--help prints its usage with the control API; a bad flag is one line and exit code 2", async () => {
    const help = await runInProcess(["sandbox", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout.startsWith("Usage: p100 sandbox")).toBe(true);
    expect(help.stdout).toContain("POST /_sandbox/simulate/<name>");
    const bad = await runInProcess(["sandbox", "--bogus", "1"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(/Unknown option '--bogus'.*p100 sandbox --help/);
    const port = await runInProcess(["sandbox", "--port", "70000"]);
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/--port must be a number from 0 to 65535, got "70000"/);
  });

  it("prints URL, key, control and token, logs each call and delivery, saves and reloads --state atomically", async () => {
    const hooks: string[] = [];
    const receiver = createServer((req, res) => {
      hooks.push(`${req.url} ${req.headers.authorization}`);
      req.resume();
      req.on("end", () => res.writeHead(200).end("{}"));
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
    const dir = scratch();
    const statePath = join(dir, "state.json");
    const lines: string[] = [];
    try {
      const cli = await runSandboxCli(
        ["--port", "0", "--webhook-url", hookUrl, "--token", "tok", "--state", statePath],
        { log: (l) => lines.push(l), handleSignals: false },
      );
      expect(cli.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(lines.join("\n")).toContain("NOT P100");
      expect(lines).toContain(`url      ${cli.url}`);
      expect(lines.some((l) => l.startsWith("api key  sandbox-api-key"))).toBe(true);
      expect(lines.some((l) => l.startsWith(`control  ${cli.url}/_sandbox/`))).toBe(true);
      expect(lines.some((l) => l.startsWith("token    tok") && l.includes(hookUrl))).toBe(true);
      expect((await createUser(cli.url, cli.apiKey, "cli-user")).status).toBe(201);
      const deposit = await fetch(`${cli.url}/_sandbox/simulate/sepaDeposit`, {
        method: "POST",
        headers: { "x-api-key": cli.apiKey },
        body: '[{"amount":"5"}]',
      });
      expect(deposit.status).toBe(200);
      await cli.server.sandbox.settle();
      await cli.stop();
      expect(await cli.done).toBe(true);
      expect(lines).toContain("POST /v1/user/balances/crypto-and-fiat -> 201 (createUser)");
      expect(lines).toContain("POST /_sandbox/simulate/sepaDeposit -> 200");
      expect(
        lines.some((l) => l.startsWith(`webhook sepaDeposit attempt 1 -> ${hookUrl}/webhook/sepa-deposit: 200`)),
      ).toBe(true);
      expect(hooks).toEqual(["/webhook/sepa-deposit tok"]);
      expect(readdirSync(dir)).toEqual(["state.json"]);
      const saved = JSON.parse(readFileSync(statePath, "utf8"));
      expect(saved.format).toBe("p100-sandbox-state");
      expect(saved.users.map((u: { externalUserId: string }) => u.externalUserId)).toEqual(["cli-user"]);

      const again = await runSandboxCli(["--port", "0", "--state", statePath], {
        log: () => undefined,
        handleSignals: false,
      });
      const headers = { "x-api-key": again.apiKey };
      expect((await fetch(`${again.url}/v1/user/balances/cli-user`, { headers })).status).toBe(200);
      const partner = (await (await fetch(`${again.url}/v1/partner/balances`, { headers })).json()) as {
        fiatBalances: { amount: string }[];
      };
      expect(partner.fiatBalances[0]?.amount).toBe("10005.00");
      await again.stop();
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });

  it("refuses a --state path that cannot be written before listening: one line naming the file and the reason", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "plain-file"), "");
    const statePath = join(dir, "plain-file", "state.json");
    const result = await runInProcess(["sandbox", "--port", "0", "--state", statePath]);
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain("url ");
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain(`--state ${statePath}: cannot be written`);
    expect(result.stderr).toMatch(/ENOTDIR/);
  });

  it("names the --state file and what is wrong with it when it cannot be loaded", async () => {
    const dir = scratch();
    const fresh = await runSandboxCli(["--port", "0"], { log: () => undefined, handleSignals: false });
    const good = fresh.server.sandbox.state();
    await fresh.stop();
    const cases: [string, string, RegExp][] = [
      ["not-json.json", "{ users: [", /is not JSON \(/],
      ["null.json", "null", /is not a sandbox state: "format" should be "p100-sandbox-state", but is missing/],
      [
        "other.json",
        '{"format":"something-else"}',
        /is not a sandbox state: "format" should be "p100-sandbox-state", but is "something-else"/,
      ],
      [
        "users-null.json",
        JSON.stringify({ ...good, users: null }),
        /is not a usable sandbox state: state\.users should be an array, but is null/,
      ],
      [
        "user-null.json",
        JSON.stringify({ ...good, users: [null] }),
        /is not a usable sandbox state: state\.users\[0\] should be an object, but is null/,
      ],
      [
        "cards-missing.json",
        JSON.stringify({ ...good, resources: { ...good.resources, cards: undefined } }),
        /state\.resources\.cards should be an array, but is missing/,
      ],
      ["bad-now.json", JSON.stringify({ ...good, now: "yesterday" }), /is not a usable sandbox state: .*now/],
    ];
    for (const [name, content, problem] of cases) {
      const path = join(dir, name);
      writeFileSync(path, content);
      const result = await runInProcess(["sandbox", "--port", "0", "--state", path]);
      expect(result.code, name).toBe(1);
      expect(result.stderr.trimEnd().split("\n"), name).toHaveLength(1);
      expect(result.stderr, name).toContain(`--state ${path}: `);
      expect(result.stderr, name).toMatch(problem);
      expect(result.stderr, name).not.toMatch(/Cannot read properties/);
    }
  });

  it("reports a failed save once, retries it, and keeps serving; the state is saved once the path works again", async () => {
    const dir = scratch();
    const folder = join(dir, "states");
    mkdirSync(folder);
    const statePath = join(folder, "state.json");
    const lines: string[] = [];
    const cli = await runSandboxCli(["--port", "0", "--state", statePath], {
      log: (l) => lines.push(l),
      handleSignals: false,
    });
    try {
      // The folder becomes a regular file: every save now fails with ENOTDIR.
      rmSync(folder, { recursive: true });
      writeFileSync(folder, "");
      expect((await createUser(cli.url, cli.apiKey, "save-user-1")).status).toBe(201);
      await until(() => lines.some((l) => l.startsWith("state not saved")), "the failed save to be reported");
      const failure = lines.find((l) => l.startsWith("state not saved")) as string;
      expect(failure).toMatch(
        new RegExp(
          `^state not saved to ${statePath.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: ENOTDIR.*\\(retrying; the sandbox keeps serving\\)$`,
        ),
      );
      // Still serving, and the failure is reported once while it lasts (retried each tick).
      expect((await createUser(cli.url, cli.apiKey, "save-user-2")).status).toBe(201);
      // A few more ticks (each one retries the save) move the clock that follows real time.
      const clock = cli.server.sandbox.now().getTime();
      await until(() => cli.server.sandbox.now().getTime() >= clock + 2_500, "three more ticks");
      expect(lines.filter((l) => l.startsWith("state not saved"))).toHaveLength(1);
      // The path works again: the next retry saves, and says so.
      rmSync(folder);
      mkdirSync(folder);
      await until(() => lines.includes(`state saved to ${statePath} again`), "the retried save");
      const saved = JSON.parse(readFileSync(statePath, "utf8")) as { users: { externalUserId: string }[] };
      expect(saved.users.map((u) => u.externalUserId)).toEqual(["save-user-1", "save-user-2"]);
    } finally {
      await cli.stop();
    }
    expect(await cli.done).toBe(true);
  });

  it("`npm run sandbox` (scripts/sandbox.mjs) stops cleanly on SIGINT and leaves a complete state file", async () => {
    const statePath = join(scratch(), "state.json");
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "scripts/sandbox.mjs", "--port", "0", "--state", statePath],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /url +(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match) resolve(match[1] as string);
      });
      child.once("exit", (code) => reject(new Error(`exited early (${code}): ${output}`)));
    });
    const answer = await fetch(`${url}/v1/partner/balances`, { headers: { "x-api-key": "sandbox-api-key" } });
    expect(answer.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(output).toContain("GET /v1/partner/balances -> 200 (getPartnerBalances)");
    expect(output).toContain("sandbox stopped");
    expect(existsSync(statePath)).toBe(true);
    expect(JSON.parse(readFileSync(statePath, "utf8")).format).toBe("p100-sandbox-state");
  });
});
