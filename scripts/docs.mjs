#!/usr/bin/env node
// Writes the API reference as ONE self-contained HTML page (Redoc inlined: no script or style from a CDN,
// telemetry off) from the bundled spec. Output: docs/api/index.html (or --out <file>).
import { readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { bundledSpec, root, runCli } from "./lib/run.mjs";

const args = process.argv.slice(2);
const outIndex = args.indexOf("--out");
const output = outIndex >= 0 ? resolve(args[outIndex + 1]) : join(root, "docs", "api", "index.html");
runCli(
  "@redocly/cli",
  "bin/cli.js",
  ["build-docs", bundledSpec, "--output", output, "--inlineBundle", "--openapi.disableTelemetry=true", "--title", "P100 Partner API"],
  { quiet: true },
);
// A page that still pulls code from the network would render empty offline: refuse it.
const html = readFileSync(output, "utf8");
const remote = html.match(/<(script|link)[^>]+(src|href)="https?:\/\/[^"]+"/gi) ?? [];
if (remote.length > 0) {
  console.error(`docs page loads resources from the network:\n${remote.join("\n")}`);
  process.exit(1);
}
console.log(`wrote ${output.replace(`${root}/`, "")} (${Math.round(statSync(output).size / 1024)} kB, self-contained)`);
