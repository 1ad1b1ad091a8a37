#!/usr/bin/env node
// Builds the npm package into dist/: ESM only, with .d.ts, for Node >= 20.19 (where `require()` of ESM works).
// openapi-fetch stays an external runtime dependency: the emitted .d.ts imports its types.
// Entry points come from package.json "exports"; an entry whose source file is not in this checkout yet (the
// webhooks entry before it lands) is skipped with a note, so the build works both before and after it exists.
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "tsup";
import { packageEntries } from "./lib/package.mjs";
import { root } from "./lib/run.mjs";

const entries = packageEntries();
const present = entries.filter((e) => existsSync(join(root, e.source)));
for (const missing of entries.filter((e) => !present.includes(e))) {
  console.log(`note: ${missing.subpath} is declared in package.json but ${missing.source} does not exist yet: not built`);
}
rmSync(join(root, "dist"), { recursive: true, force: true });
await build({
  entry: Object.fromEntries(present.map((e) => [e.outName, e.source])),
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
  // Node built-ins stay imports (an entry may use node:crypto); the client itself needs only fetch.
  external: ["openapi-fetch", /^node:/],
});
console.log(`built dist/ (${present.map((e) => e.subpath).join(", ")})`);
