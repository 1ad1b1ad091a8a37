// Tables generated from the spec into README.md, between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`.
// `npm run generate` rewrites them; the drift check fails when one is stale, like a file under generated/.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./run.mjs";
import { provenance } from "./tables.mjs";
import { verificationSummary } from "./verification.mjs";

const README = join(root, "README.md");

/** The error-code table: every code of the spec's ErrorCode schema with its meaning, errorName and HTTP status. */
function errorCodeTable(spec) {
  const schema = spec.components.schemas.ErrorCode;
  const rows = schema.enum.map((code) => {
    const name = schema["x-p100-error-names"]?.[code] ?? "";
    return `| ${code} | ${schema["x-p100-http-status"]?.[code] ?? ""} | ${name ? `\`${name}\`` : "—"} | ${schema["x-enumDescriptions"][code]} | ${schema["x-p100-confidence"]?.[code] ?? ""} |`;
  });
  return ["| code | HTTP | errorName | meaning | confidence |", "|---|---|---|---|---|", ...rows].join("\n");
}

/** Name -> markdown of every generated README block. */
export function readmeBlocks(spec) {
  return {
    "error-codes": errorCodeTable(spec),
    provenance: provenance(spec).table.trimEnd(),
    verification: verificationSummary(spec),
  };
}

/** README.md with every block replaced by its fresh contents; throws when a block's markers are missing. */
export function renderReadme(spec, text = readFileSync(README, "utf8")) {
  let result = text;
  for (const [name, body] of Object.entries(readmeBlocks(spec))) {
    const start = `<!-- generated:${name} -->`;
    const end = `<!-- /generated:${name} -->`;
    const from = result.indexOf(start);
    const to = result.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md lacks the markers ${start} ... ${end}`);
    result = `${result.slice(0, from + start.length)}\n${body}\n${result.slice(to)}`;
  }
  return result;
}

/** Rewrites README.md's generated blocks. */
export function writeReadme(spec) {
  writeFileSync(README, renderReadme(spec));
}

/** Whether README.md's generated blocks are current. */
export function readmeIsCurrent(spec) {
  const text = readFileSync(README, "utf8");
  return renderReadme(spec, text) === text;
}
