// @ts-check
// What the npm package declares, read from package.json, so that the build, the size budget and the package checks
// never keep their own list of entry points.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./run.mjs";

/**
 * package.json as an object.
 * @returns {any}
 */
export function readPackageJson() {
  return JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
}

/**
 * Every code entry of package.json "exports": its subpath ("." or "./webhooks"), its built file, the tsup entry
 * name and the source file it is built from (dist/x/index.js <- src/x/index.ts).
 */
export function packageEntries(pkg = readPackageJson()) {
  return Object.entries(pkg.exports)
    .filter(([, target]) => typeof target === "object" && target.default)
    .map(([subpath, target]) => {
      const file = target.default.replace(/^\.\//, "");
      const outName = file.replace(/^dist\//, "").replace(/\.js$/, "");
      return { subpath, file, types: target.types.replace(/^\.\//, ""), outName, source: `src/${outName}.ts` };
    });
}

/** Every command of package.json "bin": its name, built file, tsup entry name and source (dist/cli/x.js <- src/cli/x.ts). */
export function binEntries(pkg = readPackageJson()) {
  return Object.entries(pkg.bin ?? {}).map(([name, target]) => {
    const file = target.replace(/^\.\//, "");
    const outName = file.replace(/^dist\//, "").replace(/\.js$/, "");
    return { name, file, outName, source: `src/${outName}.ts` };
  });
}
