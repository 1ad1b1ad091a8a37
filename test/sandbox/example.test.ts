// examples/sandbox-flow.ts (the README's "Test your integration offline") runs in the suite, so it cannot rot.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { run } from "../../examples/sandbox-flow.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

describe("examples/sandbox-flow.ts", () => {
  it("takes a user through Create User, KYC, Add User Verification, a deposit, an exchange and a payout PENDING then SUCCESSFUL", async () => {
    const lines: string[] = [];
    const result = await run((line) => lines.push(line));
    // EUR 1000 - 450 exchanged - 500 paid out - 1.00 fee; 450 EUR at 1/0.9 USDC per EUR = 500 USDC, less 1.49%.
    expect(result.eur).toBe("49.00");
    expect(result.usdc).toBe("492.550000");
    expect(result.webhooks).toEqual([
      "kycVerificationStatus NOT_VERIFIED",
      "kycVerificationStatus VERIFIED",
      "userBalanceGeneration ACTIVE",
      "ibanStatus PENDING",
      "ibanStatus APPROVED",
      "sepaDeposit 1000.00 eur",
      "exchange COMPLETED",
      "userSepaTransfer SUCCESSFUL 500.00",
    ]);
    expect(lines).toHaveLength(5);
    expect(lines[3]).toMatch(/: PENDING, then SUCCESSFUL$/);
  });
});

describe("README: Test your integration offline", () => {
  it("the README's example runs as printed and shows the webhooks it claims", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Test your integration offline"));
    const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(code, "the section has a ts code block").toBeDefined();
    const claimed = /console\.log\(seen\); \/\/ (.*)$/m.exec(code as string)?.[1];
    const source = (code as string)
      .replace(
        /from "p100-partner-sdk\/(\w+)"/g,
        (_, entry: string) => `from ${JSON.stringify(join(root, "src", entry, "index.ts"))}`,
      )
      .replace(/from "p100-partner-sdk"/g, `from ${JSON.stringify(join(root, "src", "index.ts"))}`);
    const dir = join(root, ".tmp", "readme-example");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "sandbox.mts");
    writeFileSync(file, source);
    const run = spawnSync(process.execPath, ["--import", "tsx", file], { cwd: root, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const printed = run.stdout.trim().split("\n");
    // The payout is PENDING when created, and SUCCESSFUL once the virtual clock has run.
    expect(printed[0]).toBe("PENDING");
    expect(JSON.parse(printed.slice(1).join(" ").replace(/'/g, '"'))).toEqual(JSON.parse(claimed as string));
  });
});
