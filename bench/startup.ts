// 5. Start-up: cold import of the package (a fresh Node process per sample) and the time of `npm run generate`.
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildSdk } from "./built-sdk.js";
import { interleave, median, pairedRatio, root, scratchDir, timeNode, type BenchSize, type Row } from "./lib.js";

/**
 * Imports `BENCH_MODULE` in a fresh process and prints import ms and create-a-client ms. `BENCH_FACTORY` names the
 * export that creates a client ("default" for openapi-fetch).
 */
const probe = `
const t0 = performance.now();
const mod = await import(process.env.BENCH_MODULE);
const t1 = performance.now();
const factory = mod[process.env.BENCH_FACTORY];
factory({ apiKey: "key", baseUrl: "https://partner-api-stage.p100.io" });
const t2 = performance.now();
process.stdout.write(JSON.stringify({ importMs: t1 - t0, createMs: t2 - t1 }));
`;

function coldImport(moduleUrl: string, factory: string): { importMs: number; createMs: number } {
  const { stdout } = timeNode(["--input-type=module", "-e", probe], {
    env: { BENCH_MODULE: moduleUrl, BENCH_FACTORY: factory },
  });
  return JSON.parse(stdout) as { importMs: number; createMs: number };
}

export async function measureStartup(size: BenchSize): Promise<Row[]> {
  // The package as it would be published: src/ compiled to one ESM file, openapi-fetch left as a dependency.
  const dist = await buildSdk("startup");
  const sdkUrl = pathToFileURL(dist).href;
  const openapiFetchUrl = pathToFileURL(
    createRequire(join(root, "package.json")).resolve("openapi-fetch"),
  ).href.replace(/\.cjs$/, ".mjs");
  const runs: Record<"sdk" | "openapiFetch", { importMs: number; createMs: number }[]> = { sdk: [], openapiFetch: [] };
  const samples = await interleave(size.quick ? 1 : 15, {
    sdk: () => {
      const r = coldImport(sdkUrl, "createP100Client");
      runs.sdk.push(r);
      return r.importMs;
    },
    openapiFetch: () => {
      const r = coldImport(openapiFetchUrl, "default");
      runs.openapiFetch.push(r);
      return r.importMs;
    },
  });
  const importRow: Row = {
    section: 5,
    id: "startup.import",
    figure: "cold import of the package (fresh process, median)",
    unit: "ms",
    value: median(samples.sdk),
    baseline: { label: "openapi-fetch alone", value: median(samples.openapiFetch) },
    ratio: pairedRatio(samples.sdk, samples.openapiFetch),
    ratioLabel: "SDK / openapi-fetch",
    note: "the SDK's import includes openapi-fetch's",
    detail: {
      module: dist.replace(`${root}/`, ""),
      createClientMs: {
        sdk: median(runs.sdk.map((r) => r.createMs)),
        openapiFetch: median(runs.openapiFetch.map((r) => r.createMs)),
      },
      runs,
    },
  };

  // `npm run generate` (lint, bundle, types, tables) into a scratch directory, against openapi-typescript alone on
  // the bundled spec: what the whole pipeline costs over the bare type generator.
  const out = scratchDir("generated");
  const generateSamples = await interleave(size.quick ? 1 : 2, {
    generate: () => timeNode([join(root, "scripts", "generate.mjs"), "--out", out]).ms,
    openapiTypescript: () =>
      timeNode([
        join(root, "node_modules", "openapi-typescript", "bin", "cli.js"),
        join(root, "generated", "openapi.json"),
        "--output",
        join(out, "schema-only.ts"),
        "--root-types",
      ]).ms,
  });
  const generateRow: Row = {
    section: 5,
    id: "startup.generate",
    figure: "npm run generate (lint, bundle, types, tables; median)",
    unit: "ms",
    value: median(generateSamples.generate),
    baseline: { label: "openapi-typescript alone", value: median(generateSamples.openapiTypescript) },
    ratio: pairedRatio(generateSamples.generate, generateSamples.openapiTypescript),
    ratioLabel: "generate / openapi-typescript",
    detail: { samples: generateSamples },
  };
  return [importRow, generateRow];
}
