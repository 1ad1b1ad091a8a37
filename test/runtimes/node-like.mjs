// Entry for Node, Bun and Deno: runs both flows (the sandbox served on loopback too) and prints their results.
import { runCoreFlow } from "./core-flow.mjs";
import { runFlow } from "./flow.mjs";

console.log(JSON.stringify({ core: await runCoreFlow(), full: await runFlow({ overHttp: true }) }));
