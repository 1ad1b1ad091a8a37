#!/usr/bin/env node
// `npm run verify:live`: sends the spec's read-only (GET) operations to staging through Prism's validating proxy,
// classifies every operation and writes a markdown report with the spec changes the answers suggest. It never sends
// a write, never edits the spec, never prints the API key, and refuses production unless --force-production.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { bundledSpec } from "./lib/run.mjs";
import { renderReport, redact, resultLabel } from "./lib/verify-live/report.mjs";
import { verifyLive } from "./lib/verify-live/run.mjs";
import { resolveTarget, STAGING_URL, VerifyLiveUsageError } from "./lib/verify-live/target.mjs";

const USAGE = `usage: P100_API_KEY=... npm run verify:live -- --external-user-id <id> [options]

  --external-user-id <id>   a staging user of yours (or P100_EXTERNAL_USER_ID)
  --param <name=value>      value of another parameter (cardId, transferId, ...); repeatable
  --base-url <url>          default ${STAGING_URL}
  --force-production        allow the production URL (read-only requests still)
  --out <file>              report file (default verify-live-report.md)
  --spec <file>             bundled spec to verify (default generated/openapi.json)`;

function parseCommandLine(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      "external-user-id": { type: "string" },
      param: { type: "string", multiple: true },
      "base-url": { type: "string" },
      "force-production": { type: "boolean" },
      out: { type: "string" },
      spec: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  const params = {};
  for (const pair of values.param ?? []) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new VerifyLiveUsageError(`--param expects name=value, got "${pair}"`);
    params[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return { values, params };
}

async function main() {
  let options;
  try {
    options = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const { values, params } = options;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const apiKey = process.env.P100_API_KEY ?? "";
  const externalUserId = values["external-user-id"] ?? process.env.P100_EXTERNAL_USER_ID ?? "";
  let target;
  try {
    if (!apiKey) throw new VerifyLiveUsageError("P100_API_KEY is not set: export your staging API key first");
    if (!externalUserId) throw new VerifyLiveUsageError("a staging externalUserId is required: --external-user-id <id> or P100_EXTERNAL_USER_ID");
    target = resolveTarget(values["base-url"] ?? STAGING_URL, { forceProduction: Boolean(values["force-production"]) });
  } catch (error) {
    if (!(error instanceof VerifyLiveUsageError)) throw error;
    console.error(`${redact(error.message, [apiKey])}\n\n${USAGE}`);
    return 2;
  }
  const specPath = resolve(values.spec ?? bundledSpec);
  const out = resolve(values.out ?? "verify-live-report.md");
  const say = (line) => console.log(redact(line, [apiKey]));
  if (target.production) say("WARNING: running against PRODUCTION (--force-production); GET requests only.");
  say(`verifying ${specPath} against ${target.url} (GET only, through Prism's validating proxy)`);
  const results = await verifyLive({
    specPath,
    upstream: target.url,
    apiKey,
    externalUserId,
    params,
    onProgress: (r) => say(`  ${r.operationId}: ${resultLabel(r)}${r.status !== undefined ? ` (${r.status}${r.errorCode ? ` ${r.errorCode}` : ""})` : ""}`),
  });
  const date = new Date().toISOString().slice(0, 10);
  writeFileSync(out, renderReport({ date, baseUrl: target.url, spec: specPath, results, secrets: [apiKey] }));
  say(`report written to ${out}`);
  return 0;
}

// Ctrl+C: exit, which runs the exit hook that kills Prism.
process.once("SIGINT", () => process.exit(130));
process.once("SIGTERM", () => process.exit(143));
main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`verify:live failed: ${redact(error instanceof Error ? error.message : String(error), [process.env.P100_API_KEY])}`);
    process.exitCode = 1;
  },
);
