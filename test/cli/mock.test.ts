// `p100 mock` runs Prism on the spec shipped in the package: it answers the documented createUser request, and
// Ctrl-C (SIGINT to the whole process group, as a terminal sends it) stops it with exit 0 and frees the port.
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { canConnect, freePort } from "../../scripts/lib/prism.mjs";
import { collect, runInProcess, startCli } from "./run-cli.js";

const spec = JSON.parse(readFileSync(new URL("../../generated/openapi.json", import.meta.url), "utf8"));
const createUserOperation = spec.paths["/v1/user/balances/crypto-and-fiat"].post;
const createUser = createUserOperation.requestBody.content["application/json"].examples.createUser.value;
/** The documented success status of createUser. */
const created = Number(Object.keys(createUserOperation.responses).find((status) => status.startsWith("2")));

/** Polls until `port` accepts (or stops accepting) connections; no fixed pause decides the outcome. */
async function waitFor(port: number, open: boolean, alive: () => boolean = () => true): Promise<void> {
  while ((await canConnect(port)) !== open) {
    if (!alive()) throw new Error("p100 mock exited early");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("p100 mock", () => {
  it(
    "serves the shipped spec: the documented createUser request gets a user; Ctrl-C stops it and frees the port",
    { timeout: 120_000 },
    async () => {
      const port = await freePort();
      const child = startCli(["mock", "--port", String(port), "--host", "127.0.0.1"], { detached: true });
      const finished = collect(child);
      try {
        await waitFor(port, true, () => child.exitCode === null);
        const response = await fetch(`http://127.0.0.1:${port}/v1/user/balances/crypto-and-fiat`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-api-key": "any-key" },
          body: JSON.stringify(createUser),
        });
        expect(response.status).toBe(created);
        expect(typeof ((await response.json()) as { userId?: unknown }).userId).toBe("string");
        process.kill(-(child.pid ?? 0), "SIGINT");
        const result = await finished;
        expect(result.code).toBe(0);
        expect(result.stdout).toContain(`listening on http://127.0.0.1:${port} (Ctrl-C stops it)`);
        // Prism was the only listener: once the port refuses connections, nothing was left behind.
        await waitFor(port, false);
      } finally {
        if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGKILL");
      }
    },
  );

  it("a port already in use: one line saying so, exit 1, no Prism started", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      const result = await runInProcess(["mock", "--port", String(port)]);
      expect(result).toEqual({
        code: 1,
        stdout: "",
        stderr: `p100: port ${port} on 127.0.0.1 is already in use: choose another with --port\n`,
      });
    } finally {
      server.close();
    }
  });
});
