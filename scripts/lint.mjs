#!/usr/bin/env node
// @ts-check
// Lints the spec with Redocly (recommended-strict plus the project's rules in redocly.yaml; zero warnings allowed), then
// checks that the code is formatted by Prettier (.prettierrc.json; .prettierignore leaves generated/, openapi/ and prose).
import { runCli } from "./lib/run.mjs";

const result = runCli("@redocly/cli", "bin/cli.js", ["lint", "openapi/openapi.yaml", "--format=stylish"], {
  quiet: true,
});
const output = `${result.stdout}${result.stderr}`;
if (/warning/i.test(output.replace(/Deprecation warning: Node\.js 20[^\n]*/g, ""))) {
  process.stdout.write(output);
  console.error("Redocly reported warnings: the spec must lint clean.");
  process.exit(1);
}
console.log("openapi/openapi.yaml: lint clean");

runCli("prettier", "bin/prettier.cjs", ["--check", "--log-level=warn", "."]);
console.log("code: formatted (prettier --check)");
