// 3. Bundle size: minified (esbuild, tree-shaken, platform neutral, ESM), gzip and brotli, next to openapi-fetch.
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { build } from "esbuild";
import { root, type Row } from "./lib.js";
import { flatArgument, pickOperation, sdkArgument } from "./spec.js";

export interface Size {
  readonly minified: number;
  readonly gzip: number;
  readonly brotli: number;
}

/** Bundles one entry (source text resolved from the project root) and measures it. */
export async function bundleSize(contents: string): Promise<Size> {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: "ts", sourcefile: "bench-entry.ts" },
    bundle: true,
    minify: true,
    treeShaking: true,
    platform: "neutral",
    // Node built-ins (e.g. node:crypto in the webhook helper) are provided by the runtime, never bundled.
    external: ["node:*"],
    mainFields: ["module", "main"],
    format: "esm",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const code = Buffer.from(result.outputFiles[0]!.contents);
  return {
    minified: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** "min / gzip / brotli" in kB. */
function showSize(size: Size): string {
  const kb = (bytes: number) => (bytes / 1000).toFixed(2);
  return `${kb(size.minified)} / ${kb(size.gzip)} / ${kb(size.brotli)} kB`;
}

/** Path of the webhooks entry, when the branch has one. */

export async function measureBundles(): Promise<Row[]> {
  const op = pickOperation();
  const arg = JSON.stringify(sdkArgument(op));
  const openapiFetch = await bundleSize(`export { default } from "openapi-fetch";`);
  const client = await bundleSize(`export * from "./src/index.ts";`);
  const oneOperation = await bundleSize(
    `import { createP100Client } from "./src/index.ts";\n` +
      `const p100 = createP100Client({ apiKey: "key" });\n` +
      `export const call = () => p100.${op.operationId}(${JSON.stringify(flatArgument(op)) ?? ""});\n`,
  );
  const oneOperationPlain = await bundleSize(
    `import createClient from "openapi-fetch";\n` +
      `const client = createClient({ baseUrl: "https://partner-api-stage.p100.io", headers: { "x-api-key": "key" } });\n` +
      `export const call = () => client.${op.method.toUpperCase()}(${JSON.stringify(op.path)}, ${arg});\n`,
  );
  const webhooks = await bundleSize(`export * from "./src/webhooks/index.ts";`);

  const row = (id: string, figure: string, size: Size, base: Size, baseLabel: string): Row => ({
    section: 3,
    id,
    figure,
    unit: "B gzip",
    value: size.gzip,
    baseline: { label: baseLabel, value: base.gzip },
    ratio: size.gzip / base.gzip,
    ratioLabel: "SDK / baseline (gzip)",
    display: { value: showSize(size), baseline: showSize(base) },
    detail: { sdk: size, baseline: base },
  });
  return [
    row(
      "bundle.client",
      "bundle: client entry (src/index.ts, everything exported)",
      client,
      openapiFetch,
      "openapi-fetch alone",
    ),
    row(
      "bundle.oneOperation",
      `bundle: one-operation consumer (${op.operationId})`,
      oneOperation,
      openapiFetch,
      "openapi-fetch alone",
    ),
    row(
      "bundle.oneOperationVsPlain",
      `bundle: one-operation consumer (${op.operationId})`,
      oneOperation,
      oneOperationPlain,
      "same call on plain openapi-fetch",
    ),
    row(
      "bundle.webhooks",
      "bundle: webhooks entry (src/webhooks/index.ts)",
      webhooks,
      openapiFetch,
      "openapi-fetch alone",
    ),
  ];
}
