// Starts and stops the Prism mock of the bundled spec. Shared by `npm run mock`, `npm run demo` and the tests.
// Prism runs as `node <prism-cli>/dist/index.js` (never through npx: killing npx would orphan the real server).
import { spawn } from "node:child_process";
import { createServer, connect } from "node:net";
import { bundledSpec, packageFile } from "./run.mjs";

/** A free TCP port on loopback, chosen by the OS. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
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
 * `errors: true` (the default) turns a response example that breaks its own schema into a 500.
 */
export async function startPrism({ port, spec = bundledSpec, errors = true, dynamic = false, stdio = "ignore" } = {}) {
  const chosen = port ?? (await freePort());
  const args = [packageFile("@stoplight/prism-cli", "dist/index.js"), "mock", spec, "-h", "127.0.0.1", "-p", String(chosen), "-v", "warn"];
  if (errors) args.push("--errors");
  if (dynamic) args.push("--dynamic", "--json-schema-faker-fillProperties=false");
  const child = spawn(process.execPath, args, { stdio: ["ignore", stdio, stdio] });
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  const stop = () =>
    new Promise((resolve) => {
      if (exited) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 3_000).unref();
    });
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
