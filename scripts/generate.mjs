#!/usr/bin/env node
// @ts-check
// Regenerates everything under generated/ from openapi/: lint -> bundle -> types -> runtime tables.
// Usage: node scripts/generate.mjs [--out <dir>] [--skip-lint]
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { root, runCli } from "./lib/run.mjs";
import { writeReadme } from "./lib/readme-blocks.mjs";
import { emitTables } from "./lib/tables.mjs";
import { emitRequestValidators } from "./lib/request-validators.mjs";
import { emitTypes } from "./lib/types.mjs";

const args = process.argv.slice(2);
const outIndex = args.indexOf("--out");
const outDir = outIndex >= 0 ? resolve(/** @type {string} */ (args[outIndex + 1])) : join(root, "generated");
mkdirSync(outDir, { recursive: true });

if (!args.includes("--skip-lint")) {
  const lint = spawnSync(process.execPath, [join(root, "scripts", "lint.mjs")], { stdio: "inherit" });
  if (lint.status !== 0) process.exit(lint.status ?? 1);
}

const bundle = join(outDir, "openapi.json");
runCli("@redocly/cli", "bin/cli.js", ["bundle", "openapi/openapi.yaml", "--output", bundle, "--ext", "json"], {
  quiet: true,
});

writeFileSync(join(outDir, "schema.ts"), await emitTypes(bundle));

const spec = JSON.parse(readFileSync(bundle, "utf8"));
for (const [file, text] of Object.entries(emitTables(spec))) writeFileSync(join(outDir, file), text);
for (const [file, text] of Object.entries(emitRequestValidators(spec))) writeFileSync(join(outDir, file), text);
// README's generated tables follow the spec too, except when regenerating into a scratch folder for the drift check.
if (outIndex < 0) writeReadme(spec);

console.log(`generated ${outDir.replace(`${root}/`, "")}/ from openapi/openapi.yaml`);
