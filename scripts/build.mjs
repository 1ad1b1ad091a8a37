#!/usr/bin/env node
// @ts-check
// Builds the npm package into dist/: ESM only, with .d.ts, for Node >= 20.19 (where `require()` of ESM works).
// openapi-fetch stays an external runtime dependency: the emitted .d.ts imports its types.
// Entry points come from package.json "exports": one list for the build, the package check and the size budget.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "tsup";
import { binEntries, packageEntries } from "./lib/package.mjs";
import { root } from "./lib/run.mjs";

const entries = packageEntries();
for (const entry of entries) {
  if (!existsSync(join(root, entry.source))) {
    console.error(`${entry.subpath} is declared in package.json "exports" but ${entry.source} does not exist`);
    process.exit(1);
  }
}
rmSync(join(root, "dist"), { recursive: true, force: true });
await build({
  entry: Object.fromEntries([...entries, ...binEntries()].map((e) => [e.outName, e.source])),
  outDir: "dist",
  format: ["esm"],
  target: "node20",
  platform: "neutral",
  dts: true,
  clean: false,
  splitting: true,
  treeshake: true,
  sourcemap: false,
  silent: true,
  // Node built-ins stay imports (an entry may use node:crypto); the client itself needs only fetch. They keep their
  // `node:` prefix (tsup drops it by default), so a Worker or browser bundler can tell them from npm packages.
  external: ["openapi-fetch", /^node:/],
  removeNodeProtocol: false,
});
// The offline docs page ships prebuilt (`p100 docs` copies it): building it needs Redocly, far too heavy for users.
const docs = spawnSync(
  process.execPath,
  [join(root, "scripts", "docs.mjs"), "--out", join(root, "dist", "docs.html")],
  { stdio: "inherit" },
);
if (docs.status !== 0) process.exit(docs.status ?? 1);
console.log(
  `built dist/ (${entries.map((e) => e.subpath).join(", ")}, bin ${binEntries()
    .map((e) => e.name)
    .join(", ")}, docs.html)`,
);
