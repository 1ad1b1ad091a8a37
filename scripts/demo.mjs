#!/usr/bin/env node
// @ts-check
// `npm run demo`: starts the mock (unless P100_BASE_URL and P100_API_KEY point at a real environment), runs the
// demo flow of examples/demo.ts through the SDK, and stops the mock. Exit code 0 on success.
import { startPrism } from "./lib/prism.mjs";

const realUrl = process.env.P100_BASE_URL;
const realKey = process.env.P100_API_KEY;
const real = Boolean(realUrl && realKey);
const prism = real ? undefined : await startPrism();
process.once("exit", () => prism?.child.kill("SIGKILL"));
try {
  // @ts-expect-error TS5097: tsx runs this script and loads the .ts file itself; tsc allows the extension only with allowImportingTsExtensions.
  const { runDemo } = await import("../examples/demo.ts");
  await runDemo(
    real ? /** @type {string} */ (realUrl) : /** @type {NonNullable<typeof prism>} */ (prism).url,
    real ? /** @type {string} */ (realKey) : "demo-key",
    !real,
  );
  console.log("demo finished");
} catch (error) {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await prism?.stop();
}
