#!/usr/bin/env node
// Entry point of the `p100` bin (built to dist/cli/p100.js): runs the command line and exits with its code.
import { main } from "./main.js";

process.exitCode = await main(process.argv.slice(2));
