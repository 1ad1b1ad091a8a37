#!/usr/bin/env node
// Writes the API reference as ONE self-contained HTML page (Redoc inlined: no script or style from a CDN,
// telemetry off) from the bundled spec. Output: docs/api/index.html (or --out <file>).
// Redoc does not render x- extensions, so the provenance of each operation and webhook (x-p100-confidence,
// x-p100-source) is written into a decorated COPY of the bundled spec: a line at the end of each description and the
// full provenance table in info.description. generated/openapi.json itself is never changed.
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { bundledSpec, root, runCli } from "./lib/run.mjs";
import { listOperations, listWebhooks, provenance } from "./lib/tables.mjs";

const args = process.argv.slice(2);
const outIndex = args.indexOf("--out");
const output = outIndex >= 0 ? resolve(args[outIndex + 1]) : join(root, "docs", "api", "index.html");

/** The bundled spec with provenance written where Redoc shows it. */
export function decorate(spec) {
  const copy = structuredClone(spec);
  const line = (op) => `**Provenance:** ${op["x-p100-confidence"]} — source: ${op["x-p100-source"] ?? "not recorded"}`;
  const append = (op, text) => {
    op.description = `${(op.description ?? "").trimEnd()}\n\n${text}\n`;
  };
  for (const { op } of listOperations(copy)) append(op, line(op));
  for (const { name, op } of listWebhooks(copy)) append(op, `**Webhook:** \`${name}\`\n\n${line(op)}`);
  copy.info.description = `${(copy.info.description ?? "").trimEnd()}\n\n## Provenance of every operation and webhook\n\n${provenance(copy).table}`;
  return copy;
}

const decorated = join(root, ".tmp", "docs", "openapi.decorated.json");
mkdirSync(dirname(decorated), { recursive: true });
writeFileSync(decorated, JSON.stringify(decorate(JSON.parse(readFileSync(bundledSpec, "utf8")))));
runCli(
  "@redocly/cli",
  "bin/cli.js",
  ["build-docs", decorated, "--output", output, "--inlineBundle", "--openapi.disableTelemetry=true", "--title", "P100 Partner API"],
  { quiet: true },
);
// Redoc's sidebar shows a "Redocly" logo loaded from its CDN (an <img>, hard-coded): offline it would be a failed
// request. Swap it for an inline image so that opening the page makes no network request at all.
const INLINE_LOGO = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/%3E";
const html = readFileSync(output, "utf8").replace(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g, INLINE_LOGO);
writeFileSync(output, html);
// A page that still pulls code from the network would render empty offline: refuse it.
const remote = html.match(/<(script|link)[^>]+(src|href)="https?:\/\/[^"]+"/gi) ?? [];
if (remote.length > 0) {
  console.error(`docs page loads resources from the network:\n${remote.join("\n")}`);
  process.exit(1);
}
console.log(`wrote ${output.replace(`${root}/`, "")} (${Math.round(statSync(output).size / 1024)} kB, self-contained)`);
