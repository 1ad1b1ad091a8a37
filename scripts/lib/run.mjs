// @ts-check
// Small helpers shared by the scripts: run a package's CLI with this Node, and locate the project root.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(join(root, "package.json"));

/**
 * Absolute path of a file inside an installed package (resolved like Node would, never through npx).
 * @param {string} pkg
 * @param {string} file
 */
export function packageFile(pkg, file) {
  return join(packageDir(pkg), file);
}

/** @param {string} pkg */
function packageDir(pkg) {
  try {
    return dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    // A package whose "exports" hides package.json (publint): walk up from its main entry.
    let dir = dirname(require.resolve(pkg));
    while (
      !existsSync(join(dir, "package.json")) ||
      JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name !== pkg
    ) {
      const parent = dirname(dir);
      if (parent === dir) throw new Error(`cannot locate the directory of package ${pkg}`);
      dir = parent;
    }
    return dir;
  }
}

/**
 * Runs a package's CLI with the current Node; exits the process with its code when it fails.
 * @param {string} pkg
 * @param {string} file
 * @param {string[]} args
 * @param {{ quiet?: boolean, env?: Record<string, string> }} [options]
 */
export function runCli(pkg, file, args, { quiet = false, env = {} } = {}) {
  const result = spawnSync(process.execPath, [packageFile(pkg, file), ...args], {
    cwd: root,
    stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit",
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", ...env },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    if (quiet) process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}`);
    console.error(`${pkg} ${args.join(" ")} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
  return result;
}

/** The bundled spec every consumer reads (Prism, docs, type generator, tests). */
export const bundledSpec = join(root, "generated", "openapi.json");
