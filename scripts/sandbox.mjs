#!/usr/bin/env node
// @ts-check
// Starts the local P100 sandbox on loopback, as `p100 sandbox` does (see docs/sandbox.md): `npm run sandbox -- --port
// 4010 --webhook-url http://127.0.0.1:3000 --token secret --state .tmp/sandbox-state.json`. Ctrl-C stops it and saves
// the state. Exit codes as the `p100` command's: 2 for a wrong command line, 1 when the sandbox cannot run.
// @ts-expect-error TS5097: tsx runs this script and loads the .ts file itself; tsc allows the extension only with allowImportingTsExtensions.
import { main } from "../src/cli/main.ts";

process.exitCode = await main(["sandbox", ...process.argv.slice(2)]);
