// `p100 sandbox` runs the stateful sandbox on loopback: it prints its URL and key, remembers a user it created (a
// repeated createUser gets P411, which a stateless mock cannot do), and Ctrl-C stops it with exit 0.
import { describe, expect, it } from "vitest";
import { collect, runInProcess, startCli } from "./run-cli.js";

/** Resolves with the first stdout line matching `pattern`, or rejects when the process exits first. */
function lineMatching(child: ReturnType<typeof startCli>, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const onData = (chunk: Buffer) => {
      seen += chunk.toString("utf8");
      const match = pattern.exec(seen);
      if (match) {
        child.stdout?.off("data", onData);
        resolve(match);
      }
    };
    child.stdout?.on("data", onData);
    child.once("exit", () => reject(new Error(`p100 sandbox exited before printing ${pattern}: ${seen}`)));
  });
}

describe("p100 sandbox", () => {
  it("serves a stateful sandbox: a user is remembered (P411 on a repeat); Ctrl-C stops it", { timeout: 120_000 }, async () => {
    const child = startCli(["sandbox", "--port", "0", "--api-key", "cli-key"], { detached: true });
    const finished = collect(child);
    const [, url] = await lineMatching(child, /url\s+(http:\/\/127\.0\.0\.1:\d+)/);
    const createUser = () =>
      fetch(`${url}/v1/user/balances/crypto-and-fiat`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": "cli-key" },
        body: JSON.stringify({ externalUserId: "cli-user-1", citizenship: "PL", hasAcceptedP100Tc: true }),
      });
    const first = await createUser();
    expect(first.headers.get("x-p100-sandbox")).toBe("true");
    expect(first.ok).toBe(true);
    const repeated = await createUser();
    expect(((await repeated.json()) as { errorCode?: string }).errorCode).toBe("P411");
    process.kill(-(child.pid ?? 0), "SIGINT");
    const result = await finished;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("NOT P100");
    expect(result.stdout).toContain("sandbox stopped");
  });

  it("--help prints its usage; a bad flag is one line and exit code 2", async () => {
    const help = await runInProcess(["sandbox", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout.startsWith("Usage: p100 sandbox")).toBe(true);
    const bad = await runInProcess(["sandbox", "--bogus", "1"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(/unknown option --bogus.*p100 sandbox --help/);
  });
});
