#!/usr/bin/env node
// @ts-check
// Runs the Prism mock of the bundled spec on loopback until interrupted. Port: --port N, PORT, or 4010.
import { startPrism } from "./lib/prism.mjs";

const args = process.argv.slice(2);
const portArg = args.indexOf("--port");
const port = Number(portArg >= 0 ? args[portArg + 1] : (process.env.PORT ?? 4010));
const prism = await startPrism({ port, stdio: "inherit" });
console.log(`P100 mock listening on ${prism.url} (Ctrl+C to stop). Any x-api-key value is accepted.`);
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    await prism.stop();
    process.exit(0);
  });
}
