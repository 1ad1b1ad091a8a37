// Where the files shipped in the npm package are, found through the package's own "exports" (a self-reference), so
// the same code works from the repository (src/cli) and from an installed package (dist/cli).
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { CommandError } from "./errors.js";

const PACKAGE_NAME = "p100-partner-sdk";
const require = createRequire(import.meta.url);

/** Absolute path of the bundled OpenAPI spec (`p100-partner-sdk/openapi.json`). */
export function specPath(): string {
  return require.resolve(`${PACKAGE_NAME}/openapi.json`);
}

/** Root folder of the package (where its package.json is). */
export function packageRoot(): string {
  return dirname(require.resolve(`${PACKAGE_NAME}/package.json`));
}

/** The package's version, from its package.json. */
export function packageVersion(): string {
  return (require(`${PACKAGE_NAME}/package.json`) as { version: string }).version;
}

/** Absolute path of the prebuilt offline docs page; in a repository checkout it exists after `npm run build`. */
export function docsPagePath(): string {
  const page = join(packageRoot(), "dist", "docs.html");
  if (!existsSync(page))
    throw new CommandError(
      `the docs page ${page} is missing (in a checkout of the repository, run \`npm run build\` first)`,
    );
  return page;
}
