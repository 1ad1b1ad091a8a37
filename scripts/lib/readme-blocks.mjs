// @ts-check
// Tables generated from the spec into README.md (for users) and CONTRIBUTING.md (for contributors), between
// `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`. `npm run generate` rewrites them; the drift check fails
// when one is stale, like a file under generated/.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./run.mjs";
import { provenance } from "./tables.mjs";
import { verificationSummary } from "./verification.mjs";
import { listWebhooks } from "./webhook-validators.mjs";

const README = join(root, "README.md");
const CONTRIBUTING = join(root, "CONTRIBUTING.md");
/** @type {Record<string, string>} The document each generated block lives in. */
const BLOCK_FILES = { "error-codes": README, webhooks: README, verification: README, provenance: CONTRIBUTING };

/**
 * The error-code table: every code of the spec's ErrorCode schema with its meaning, errorName and HTTP status.
 * @param {any} spec
 */
function errorCodeTable(spec) {
  const schema = spec.components.schemas.ErrorCode;
  const rows = schema.enum.map((/** @type {string} */ code) => {
    const name = schema["x-p100-error-names"]?.[code] ?? "";
    return `| ${code} | ${schema["x-p100-http-status"]?.[code] ?? ""} | ${name ? `\`${name}\`` : "—"} | ${schema["x-enumDescriptions"][code]} | ${schema["x-p100-confidence"]?.[code] ?? ""} |`;
  });
  return ["| code | HTTP | errorName | meaning | confidence |", "|---|---|---|---|---|", ...rows].join("\n");
}

/**
 * The webhook kinds table: group, confidence of the webhook and of its payload, default path, deduplication fields.
 * @param {any} spec
 */
function webhookTable(spec) {
  const rows = listWebhooks(spec).map((hook) => {
    const group = String(hook.tag ?? "").replace(/^Webhooks: /, "");
    const path = `\`${hook.defaultPath}\`${hook.partnerPath ? " (documented)" : ""}`;
    const dedupe = hook.idempotencyKey.length
      ? hook.idempotencyKey.map((/** @type {string} */ field) => `\`${field}\``).join(" + ")
      : "—";
    return `| \`${hook.kind}\` | ${group} | ${hook.confidence} | ${hook.payloadConfidence} | ${path} | ${dedupe} |`;
  });
  return [
    "| kind | group | confidence | payload | default path | deduplicated by |",
    "|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}

/**
 * Name -> markdown of every generated README block.
 * @param {any} spec
 */
export function readmeBlocks(spec) {
  return {
    "error-codes": errorCodeTable(spec),
    webhooks: webhookTable(spec),
    provenance: provenance(spec).table.trimEnd(),
    verification: verificationSummary(spec),
  };
}

/**
 * `file`'s text with each of its blocks replaced by fresh contents; throws when a block's markers are missing.
 * @param {any} spec
 */
export function renderReadme(spec, text = readFileSync(README, "utf8"), file = README) {
  let result = text;
  for (const [name, body] of Object.entries(readmeBlocks(spec))) {
    if (BLOCK_FILES[name] !== file) continue;
    const start = `<!-- generated:${name} -->`;
    const end = `<!-- /generated:${name} -->`;
    const from = result.indexOf(start);
    const to = result.indexOf(end);
    if (from < 0 || to < from) throw new Error(`${file.replace(`${root}/`, "")} lacks the markers ${start} ... ${end}`);
    result = `${result.slice(0, from + start.length)}\n${body}\n${result.slice(to)}`;
  }
  return result;
}

/**
 * Rewrites the generated blocks of README.md and CONTRIBUTING.md.
 * @param {any} spec
 */
export function writeReadme(spec) {
  for (const file of new Set(Object.values(BLOCK_FILES)))
    writeFileSync(file, renderReadme(spec, readFileSync(file, "utf8"), file));
}

/**
 * Whether the generated blocks of README.md and CONTRIBUTING.md are current.
 * @param {any} spec
 */
export function readmeIsCurrent(spec) {
  return [...new Set(Object.values(BLOCK_FILES))].every((file) => {
    const text = readFileSync(file, "utf8");
    return renderReadme(spec, text, file) === text;
  });
}
