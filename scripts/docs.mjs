#!/usr/bin/env node
// @ts-check
// Writes the API reference as ONE self-contained HTML page (Redoc inlined: no script or style from a CDN,
// telemetry off) from the bundled spec. Output: docs/api/index.html (or --out <file>).
// Redoc does not render x- extensions, so the provenance of each operation and webhook (x-p100-confidence,
// x-p100-source) is written into a decorated COPY of the bundled spec: a line at the end of each description and the
// full provenance table in info.description. The same copy carries the TypeScript samples (scripts/lib/code-samples.mjs):
// the SDK call of each operation as `x-codeSamples` (the request panel's first tab), and the handler of each webhook as
// a code block in its description (Redoc 3 shows no code samples for webhooks). generated/openapi.json is never changed.
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { bundledSpec, root, runCli } from "./lib/run.mjs";
import { operationSample, webhookSamples } from "./lib/code-samples.mjs";
import { PATH_INFERRED_NOTE } from "./lib/methods.mjs";
import { quickFindHtml } from "./lib/quick-find.mjs";
import { listOperations, listWebhooks, provenance } from "./lib/tables.mjs";

const args = process.argv.slice(2);
const outIndex = args.indexOf("--out");
const output =
  outIndex >= 0 ? resolve(/** @type {string} */ (args[outIndex + 1])) : join(root, "docs", "api", "index.html");

/**
 * The bundled spec with provenance written where Redoc shows it.
 * @param {any} spec
 */
export function decorate(spec) {
  const copy = structuredClone(spec);
  const line = (/** @type {any} */ op) =>
    `**Provenance:** ${op["x-p100-confidence"]} — source: ${op["x-p100-source"] ?? "not recorded"}`;
  const append = (/** @type {any} */ op, /** @type {string} */ text) => {
    op.description = `${(op.description ?? "").trimEnd()}\n\n${text}\n`;
  };
  const sample = (/** @type {string} */ source) => [{ lang: "TypeScript", label: "TypeScript", source }];
  for (const entry of listOperations(copy)) {
    entry.op["x-codeSamples"] = sample(operationSample(spec, entry));
    const provenanceLine =
      entry.op["x-p100-confidence"] === "inferred" ? `${line(entry.op)}\n\n**${PATH_INFERRED_NOTE}**` : line(entry.op);
    // The method name as a word of its own, so that Redoc's full-text search finds the operation by it.
    append(entry.op, `**SDK method:** \`${entry.op.operationId}\`\n\n${provenanceLine}`);
  }
  const handlers = webhookSamples(spec);
  for (const { name, op } of listWebhooks(copy)) {
    const handler = handlers[name] ? `\n\n**Receive it with the SDK:**\n\n\`\`\`ts\n${handlers[name]}\n\`\`\`` : "";
    append(op, `**Webhook:** \`${name}\`${handler}\n\n${line(op)}`);
  }
  copy.info.description = `${(copy.info.description ?? "").trimEnd()}\n\n## Provenance of every operation and webhook\n\n${provenance(copy).table}`;
  return copy;
}

/** Redoc's options: the SDK's TypeScript sample is the first (default) tab of the request panel, the JSON payload next. */
export const REDOC_OPTIONS = {
  disableTelemetry: true,
  codeSamples: {
    languages: [
      { lang: "TypeScript", label: "TypeScript" },
      { lang: "payload", label: "Payload" },
    ],
  },
};

const decorated = join(root, ".tmp", "docs", "openapi.decorated.json");
const options = join(root, ".tmp", "docs", "redoc-options.json");
mkdirSync(dirname(decorated), { recursive: true });
writeFileSync(decorated, JSON.stringify(decorate(JSON.parse(readFileSync(bundledSpec, "utf8")))));
writeFileSync(options, JSON.stringify(REDOC_OPTIONS));
runCli(
  "@redocly/cli",
  "bin/cli.js",
  ["build-docs", decorated, "--output", output, "--inlineBundle", "--openapi", options, "--title", "P100 Partner API"],
  {
    quiet: true,
  },
);
// Redoc's sidebar shows a "Redocly" logo loaded from its CDN (an <img>, hard-coded): offline it would be a failed
// request, and an empty image leaves a dangling "API docs by" badge. Point it at an inline image (no network request
// at all), hide it, and name Redocly in the badge's text instead, both in the prerendered HTML and in the script.
const INLINE_LOGO = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/%3E";
const HIDE_LOGO = `<style>img[alt="redocly logo"]{display:none}</style>`;
const rendered = readFileSync(output, "utf8");
const REDOC_ROOT = '<div id="redoc">';
if (rendered.split(REDOC_ROOT).length !== 2) throw new Error(`the docs page should hold ${REDOC_ROOT} exactly once`);
const html = rendered
  .replace(REDOC_ROOT, () => `${quickFindHtml(JSON.parse(readFileSync(bundledSpec, "utf8")), rendered)}\n${REDOC_ROOT}`)
  .replace(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g, INLINE_LOGO)
  .replaceAll("<p>API docs by</p>", "<p>API docs by Redocly</p>")
  .replaceAll("children:`API docs by`", "children:`API docs by Redocly`")
  .replace("</head>", `${HIDE_LOGO}</head>`);
writeFileSync(output, html);
// A page that still pulls code from the network would render empty offline: refuse it.
const remote = html.match(/<(script|link)[^>]+(src|href)="https?:\/\/[^"]+"/gi) ?? [];
if (remote.length > 0) {
  console.error(`docs page loads resources from the network:\n${remote.join("\n")}`);
  process.exit(1);
}
console.log(`wrote ${output.replace(`${root}/`, "")} (${Math.round(statSync(output).size / 1024)} kB, self-contained)`);
