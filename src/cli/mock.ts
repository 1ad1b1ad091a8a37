// `p100 mock`: the Prism mock server on the spec shipped in this package. Prism is an optional peer dependency (about
// 150 packages), so it is looked up in the user's project and never installed by this package.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { connect } from "node:net";
import { dirname, join } from "node:path";
import { parsePort, parseCommand } from "./args.js";
import { CommandError } from "./errors.js";
import { MOCK_HELP } from "./help.js";
import { specPath } from "./package-files.js";

/** The Prism release this package is tested with (newer ones need Node 24). */
export const PRISM_PACKAGE = "@stoplight/prism-cli";
const PRISM_VERSION = "5.14.2";
const DEFAULT_PORT = 4010;
const DEFAULT_HOST = "127.0.0.1";

/** Runs `p100 mock [--port N] [--host H]` until Ctrl-C; returns the exit code. */
export async function runMock(argv: readonly string[], print: (line: string) => void): Promise<number> {
  const { values } = parseCommand("p100 mock", argv, {
    port: { type: "string", short: "p" },
    host: { type: "string" },
  });
  if (values.help) {
    print(MOCK_HELP);
    return 0;
  }
  const port = parsePort("p100 mock", typeof values.port === "string" ? values.port : undefined, DEFAULT_PORT);
  const host = typeof values.host === "string" ? values.host : DEFAULT_HOST;
  if (await canConnect(host, port))
    throw new CommandError(`port ${port} on ${host} is already in use: choose another with --port`);
  const prism = findPrism();
  if (prism === undefined) {
    throw new CommandError(
      `p100 mock needs Prism, which is not installed: npm install --save-dev ${PRISM_PACKAGE}@${PRISM_VERSION}`,
    );
  }
  // Prism runs as `node <prism>/dist/index.js`, a direct child: stopping it never leaves a server behind on the port.
  const child = spawn(process.execPath, [prism, "mock", specPath(), "-h", host, "-p", String(port)], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  const exited = new Promise<number>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 0 : 1))),
  );
  let stopping = false;
  const stop = () => {
    stopping = true;
    child.kill("SIGTERM");
  };
  // Ctrl-C reaches Prism too (same process group); forwarding it covers `kill <pid of p100>` as well.
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const listening = await waitForPort(host, port, () => child.exitCode !== null || child.signalCode !== null);
  if (listening && !stopping) {
    print(
      `P100 mock of ${specPath()} listening on http://${host.includes(":") ? `[${host}]` : host}:${port} (Ctrl-C stops it). Any x-api-key value is accepted.`,
    );
  }
  const code = await exited;
  process.off("SIGINT", stop);
  process.off("SIGTERM", stop);
  if (stopping) return 0;
  if (!listening)
    throw new CommandError(
      `Prism stopped before listening on ${host}:${port} (see its output above; is the port taken?)`,
    );
  return code;
}

/** Prism's entry file: from the user's project first (the current folder), then from beside this package. */
function findPrism(): string | undefined {
  for (const from of [join(process.cwd(), "package.json"), import.meta.url]) {
    try {
      return join(dirname(createRequire(from).resolve(`${PRISM_PACKAGE}/package.json`)), "dist", "index.js");
    } catch {
      // Not installed there: try the next place.
    }
  }
  return undefined;
}

/** True once something accepts TCP connections on host:port, false if `gaveUp` first; Prism's own log is not a signal. */
async function waitForPort(host: string, port: number, gaveUp: () => boolean): Promise<boolean> {
  while (!gaveUp()) {
    if (await canConnect(host, port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
