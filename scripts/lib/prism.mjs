// @ts-check
// Starts and stops Prism on loopback: the mock of the bundled spec (`npm run mock`, `npm run demo`, the tests) or a
// validating proxy in front of a real environment.
// Prism runs as `node <prism-cli>/dist/index.js` (never through npx: killing npx would orphan the real server).
import { spawn } from "node:child_process";
import { createServer, connect } from "node:net";
import { bundledSpec, packageFile } from "./run.mjs";

/**
 * A free TCP port on loopback, chosen by the OS.
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/**
 * The upstream of proxy mode: an absolute http(s) URL without credentials (they would show in `ps`).
 * @param {string | undefined} upstream
 */
function proxyUpstream(upstream) {
  const url = new URL(String(upstream ?? ""));
  if (!/^https?:$/.test(url.protocol)) throw new Error(`Prism proxy upstream must be http(s), got ${url.protocol}`);
  if (url.username || url.password) throw new Error("Prism proxy upstream must not contain credentials");
  return url.href.replace(/\/+$/, "");
}

/**
 * Whether something accepts TCP connections on 127.0.0.1:`port` right now.
 * @param {number} port
 * @returns {Promise<boolean>}
 */
export function canConnect(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/**
 * Starts Prism on 127.0.0.1. With `-v warn` it never prints "listening", so readiness is a TCP poll.
 * `mode: "mock"` (the default) serves the spec's examples; `errors: true` (the default) then turns a response example
 * that breaks its own schema into a 500. `mode: "proxy"` forwards every request to `upstream` and validates both
 * directions: without `errors` the upstream answer passes through unchanged and the violations ride in the
 * `sl-violations` header; with `errors` a violating answer is replaced by a 500 problem+json.
 * @param {{ port?: number, spec?: string, errors?: boolean, dynamic?: boolean, stdio?: "ignore" | "inherit" | "pipe", mode?: "mock" | "proxy", upstream?: string }} [options]
 * @returns {Promise<{ url: string, port: number, child: import("node:child_process").ChildProcess, stop: () => Promise<void> }>}
 */
export async function startPrism({
  port,
  spec = bundledSpec,
  errors = true,
  dynamic = false,
  stdio = "ignore",
  mode = "mock",
  upstream,
} = {}) {
  const chosen = port ?? (await freePort());
  const command = mode === "proxy" ? ["proxy", spec, proxyUpstream(upstream)] : ["mock", spec];
  const args = [
    packageFile("@stoplight/prism-cli", "dist/index.js"),
    ...command,
    "-h",
    "127.0.0.1",
    "-p",
    String(chosen),
    "-v",
    "warn",
  ];
  if (errors) args.push("--errors");
  if (dynamic && mode !== "proxy") args.push("--dynamic", "--json-schema-faker-fillProperties=false");
  const child = spawn(process.execPath, args, { stdio: ["ignore", stdio, stdio] });
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  const stop = () =>
    /** @type {Promise<void>} */ (
      new Promise((resolve) => {
        if (exited) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 3_000).unref();
      })
    );
  const deadline = Date.now() + 30_000;
  while (!(await canConnect(chosen))) {
    if (exited) throw new Error(`Prism exited before listening on port ${chosen}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Prism did not listen on port ${chosen} within 30 s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `http://127.0.0.1:${chosen}`, port: chosen, child, stop };
}
