// The SDK as a user runs it: src/ compiled to one ESM file by esbuild, openapi-fetch left as a dependency (as the
// published package is). The per-call benchmarks time this build rather than src/ through tsx, whose transform
// wraps every function created at run time in a `__name(...)` call that no published build has.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { root, scratchDir } from "./lib.js";

type Sdk = typeof import("../src/index.js");

/** Compiles src/index.ts into `dir` (under .tmp/bench/) and returns the file written. */
export async function buildSdk(dir: string): Promise<string> {
  const file = join(scratchDir(dir), "index.js");
  await build({
    entryPoints: [join(root, "src", "index.ts")],
    outfile: file,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: ["openapi-fetch"],
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
