// The curl-only walkthrough (README and `p100 sandbox --help`): the README's block is the text the help prints, and
// run by bash against a started `p100 sandbox`, it takes a user from Create User through KYC and Add User
// Verification to a funded, exchanged balance, using only curl and the control API.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_HELP } from "../../src/cli/help.js";
import { SANDBOX_WALKTHROUGH } from "../../src/cli/sandbox-walkthrough.js";
import { startSandboxProcess, type SandboxProcess } from "./child.js";

const readme = readFileSync(fileURLToPath(new URL("../../README.md", import.meta.url)), "utf8");
/** The bash block between the README's walkthrough markers. */
const block = /<!-- sandbox-walkthrough -->\n```bash\n([\s\S]*?)\n```\n<!-- \/sandbox-walkthrough -->/.exec(
  readme,
)?.[1];

let sandbox: SandboxProcess;
beforeAll(async () => {
  sandbox = await startSandboxProcess(["--port", "0", "--api-key", "walk-key"]);
});
afterAll(() => sandbox?.stop());

describe("the curl walkthrough", () => {
  it("is the same text in the README and in p100 sandbox --help", () => {
    expect(block).toBe(SANDBOX_WALKTHROUGH);
    expect(SANDBOX_HELP).toContain(SANDBOX_WALKTHROUGH);
  });

  it("runs with bash and curl alone against p100 sandbox: KYC, Add User Verification, a deposit and an exchange", async () => {
    const run = spawnSync("bash", ["-c", block as string], {
      env: { ...process.env, URL: sandbox.url, KEY: "walk-key" },
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stderr).toBe("");
    const lines = run.stdout.trimEnd().split("\n");
    const page = /^KYC page: (\S+)$/m.exec(run.stdout)?.[1] as string;
    expect(page).toMatch(new RegExp(`^${sandbox.url}/v1/kyc/verification/walkthrough-user-1/[\\w-]+$`));
    // The page the user would open: no key, an Approve button.
    expect(await (await fetch(page)).text()).toContain(">Approve</button>");
    expect(run.stdout).toContain('{"result":{"status":"APPROVED","amount":"1000.00"}}');
    expect(run.stdout).toMatch(/\{"exchangeId":"[\w-]+"\}/);
    const balances = JSON.parse(lines.at(-1) as string) as {
      fiatBalances: { amount: string; status: string }[];
      cryptoBalances: { name: string; amount: string }[];
    };
    expect(balances.fiatBalances[0]).toMatchObject({ amount: "550.00", status: "ACTIVE" });
    expect(Number(balances.cryptoBalances.find((b) => b.name === "btc")?.amount)).toBeGreaterThan(0);
    expect(sandbox.output()).toContain("POST /_sandbox/simulate/kycApproved -> 200");
    expect(sandbox.output()).toContain("POST /v1/user/verification -> 201 (addUserVerification)");
  });
});
