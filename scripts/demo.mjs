#!/usr/bin/env node
// `npm run demo`: starts the mock (unless P100_BASE_URL and P100_API_KEY point at a real environment), runs the
// demo flow of examples/demo.ts through the SDK, and stops the mock. Exit code 0 on success.
import { startPrism } from "./lib/prism.mjs";

const realUrl = process.env.P100_BASE_URL;
const realKey = process.env.P100_API_KEY;
const real = Boolean(realUrl && realKey);
const prism = real ? undefined : await startPrism();
process.once("exit", () => prism?.child.kill("SIGKILL"));
try {
  const { runDemo } = await import("../examples/demo.ts");
  await runDemo(real ? realUrl : prism.url, real ? realKey : "demo-key", !real);
  console.log("demo finished");
} catch (error) {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await prism?.stop();
}
