// The SDK as a user runs it: src/ compiled to one ESM file by esbuild, openapi-fetch left as a dependency (as the
// published package is). The per-call benchmarks time this build rather than src/ through tsx, whose transform
// wraps every function created at run time in a `__name(...)` call that no published build has.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { root, scratchDir } from "./lib.js";

type Sdk = typeof import("../src/index.js");

/**
 * Compiles `<source>/src/index.ts` (this checkout by default, or another commit's extracted tree) into `dir` (under
 * .tmp/bench/) and returns the file written.
 */
export async function buildSdk(dir: string, source: string = root): Promise<string> {
  const file = join(scratchDir(dir), "index.js");
  await build({
    entryPoints: [join(source, "src", "index.ts")],
    outfile: file,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: ["openapi-fetch"],
    // openapi-fetch resolves from this project's node_modules, wherever the source tree lies.
    nodePaths: [join(root, "node_modules")],
    logLevel: "silent",
  });
  return file;
}

let loaded: Promise<Sdk> | undefined;

/** The compiled SDK, built once per process. */
export function loadBuiltSdk(): Promise<Sdk> {
  loaded ??= buildSdk("built-sdk").then((file) => import(pathToFileURL(file).href) as Promise<Sdk>);
  return loaded;
}
