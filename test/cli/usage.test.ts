// The command line of `p100`: help for every command, the version, and one clear line with exit code 2 for every
// mistake (unknown command, unknown flag, missing or bad argument). Two cases run the real process (exit code and
// streams as a shell sees them); the rest run the same `main` in this process, which is much faster.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli, runInProcess } from "./run-cli.js";

const version = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

/** Asserts a usage error: exit 2, nothing on stdout, exactly one line on stderr, no stack trace. */
function expectUsageError(result: { code: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe("p100 usage", () => {
  it("--help lists every command and exits 0 (process)", async () => {
    const result = await runCli(["--help"]);
    expect(result.code).toBe(0);
    for (const command of ["mock", "docs", "webhook list", "webhook send"])
      expect(result.stdout).toContain(`  ${command}`);
  });

  it.each([
    [["mock", "--help"], "Usage: p100 mock"],
    [["docs", "--help"], "Usage: p100 docs"],
    [["webhook", "--help"], "Usage: p100 webhook list"],
    [["webhook", "list", "--help"], "Usage: p100 webhook list"],
    [["webhook", "send", "--help"], "Usage: p100 webhook send <kind>"],
    [["webhook", "send", "-h"], "Usage: p100 webhook send <kind>"],
  ])("%j prints that command's help and exits 0", async (args, usage) => {
    const result = await runInProcess(args);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith(usage)).toBe(true);
  });

  it("--version prints the package version", async () => {
    const result = await runInProcess(["--version"]);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it("an unknown command: one line naming it, exit 2 (process)", async () => {
    expectUsageError(await runCli(["serve"]), /^p100: unknown command "serve" \(see p100 --help\)$/m);
  });

  it("an unknown top-level flag: one line, exit 2", async () => {
    expectUsageError(await runInProcess(["--verbose"]), /^p100: unknown option "--verbose"/);
  });

  it("an unknown flag of a command: one line naming the flag and the command's help, exit 2", async () => {
    expectUsageError(
      await runInProcess(["mock", "--prot", "4010"]),
      /^p100 mock: Unknown option '--prot' \(see p100 mock --help\)$/m,
    );
    expectUsageError(await runInProcess(["docs", "--output", "x.html"]), /^p100 docs: Unknown option '--output'/);
  });

  it("a flag without its value, a bad port, a stray argument: exit 2", async () => {
    expectUsageError(await runInProcess(["docs", "--out"]), /^p100 docs: Option '-o, --out <value>' argument missing/);
    expectUsageError(
      await runInProcess(["mock", "--port", "http"]),
      /^p100 mock: --port must be a number from 1 to 65535, got "http"/,
    );
    expectUsageError(await runInProcess(["mock", "--port", "70000"]), /--port must be a number from 1 to 65535/);
    expectUsageError(await runInProcess(["docs", "extra"]), /^p100 docs: unexpected argument "extra"/);
  });

  it("webhook send: a missing or unknown kind, a missing --to or token, a bad URL, an unknown example: exit 2", async () => {
    const to = ["--to", "http://127.0.0.1:1"];
    expectUsageError(
      await runInProcess(["webhook"]),
      /^p100 webhook: name a subcommand, list or send \(see p100 webhook --help\)$/m,
    );
    expectUsageError(await runInProcess(["webhook", "sned"]), /^p100 webhook: unknown subcommand "sned"/);
    expectUsageError(await runInProcess(["webhook", "send", "--token", "t", ...to]), /name the webhook kind/);
    expectUsageError(
      await runInProcess(["webhook", "send", "cryptoDepot", "--token", "t", ...to]),
      /unknown webhook kind "cryptoDepot" \(see p100 webhook list\)/,
    );
    expectUsageError(
      await runInProcess(["webhook", "send", "cryptoDeposit", "--token", "t"]),
      /--to <receiver base URL> is required/,
    );
    expectUsageError(
      await runCli(["webhook", "send", "cryptoDeposit", ...to], { env: { P100_WEBHOOK_TOKEN: "" } }),
      /--token <token> \(or P100_WEBHOOK_TOKEN\) is required/,
    );
    expectUsageError(
      await runInProcess(["webhook", "send", "cryptoDeposit", "--token", "t", "--to", "127.0.0.1:3000"]),
      /--to must be an absolute URL/,
    );
    expectUsageError(
      await runInProcess(["webhook", "send", "cryptoDeposit", "--token", "t", "--to", "ftp://x"]),
      /--to must be an http or https URL/,
    );
    expectUsageError(
      await runInProcess(["webhook", "send", "cryptoDeposit", "--token", "t", ...to, "--example", "nope"]),
      /has no example "nope"; known: successful/,
    );
  });
});
