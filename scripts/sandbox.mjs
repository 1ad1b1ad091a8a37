#!/usr/bin/env node
// Starts the local P100 sandbox on loopback (see docs/sandbox.md): `npm run sandbox -- --port 4010 --webhook-url
// http://127.0.0.1:3000 --token secret --state .tmp/sandbox-state.json`. Ctrl-C stops it and saves the state.
import { runSandboxCli } from "../src/sandbox/cli.ts";

try {
  const handle = await runSandboxCli(process.argv.slice(2));
  await handle.done;
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 2;
}
