// `npm run sandbox`: runSandboxCli on loopback (URL, key and token printed, one line per call and per delivery,
// state saved atomically and reloaded), and the script itself stopping cleanly on SIGINT.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { runSandboxCli } from "../../src/sandbox/index.js";
import { userBody } from "./support.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), "p100-sandbox-cli-"));
  dirs.push(dir);
  return dir;
};

describe("sandbox CLI", () => {
  it("prints URL, key and token, logs each call and delivery, saves and reloads --state atomically", async () => {
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
      const cli = await runSandboxCli(["--port", "0", "--webhook-url", hookUrl, "--token", "tok", "--state", statePath], { log: (l) => lines.push(l), handleSignals: false });
      expect(cli.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(lines.join("\n")).toContain("NOT P100");
      expect(lines).toContain(`url      ${cli.url}`);
      expect(lines.some((l) => l.startsWith("api key  sandbox-api-key"))).toBe(true);
      expect(lines.some((l) => l.startsWith("token    tok"))).toBe(true);
      const headers = { "x-api-key": cli.apiKey, "content-type": "application/json" };
      const created = await fetch(`${cli.url}/v1/user/balances/crypto-and-fiat`, { method: "POST", headers, body: JSON.stringify(userBody("cli-user")) });
      expect(created.status).toBe(201);
      cli.sandbox.simulate.sepaDeposit({ amount: "5" });
      await cli.sandbox.settle();
      await cli.stop();
      await cli.done;
      expect(lines).toContain("POST /v1/user/balances/crypto-and-fiat -> 201 (createUser)");
      expect(lines.some((l) => l.startsWith(`webhook sepaDeposit attempt 1 -> ${hookUrl}/webhook/sepa-deposit: 200`))).toBe(true);
      expect(hooks).toEqual(["/webhook/sepa-deposit tok"]);
      expect(readdirSync(dir)).toEqual(["state.json"]);
      const saved = JSON.parse(readFileSync(statePath, "utf8"));
      expect(saved.format).toBe("p100-sandbox-state");
      expect(saved.users.map((u: { externalUserId: string }) => u.externalUserId)).toEqual(["cli-user"]);

      const again = await runSandboxCli(["--port", "0", "--state", statePath], { log: () => undefined, handleSignals: false });
      const balances = await fetch(`${again.url}/v1/user/balances/cli-user`, { headers });
      expect(balances.status).toBe(200);
      const partner = (await (await fetch(`${again.url}/v1/partner/balances`, { headers })).json()) as { fiatBalances: { amount: string }[] };
      expect(partner.fiatBalances[0]?.amount).toBe("10005.00");
      await again.stop();
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });

  it("refuses unknown options with the usage line", async () => {
    await expect(runSandboxCli(["--bogus", "1"], { handleSignals: false })).rejects.toThrow(/unknown option --bogus[\s\S]*usage/);
  });

  it("`npm run sandbox` (scripts/sandbox.mjs) stops cleanly on SIGINT and leaves a complete state file", async () => {
    const statePath = join(scratch(), "state.json");
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/sandbox.mjs", "--port", "0", "--state", statePath], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
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
