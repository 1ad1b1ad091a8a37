// Entry for Node, Bun and Deno: runs the smoke flow (with the sandbox served on loopback) and prints its result.
import { runFlow } from "./flow.mjs";

console.log(JSON.stringify(await runFlow({ overHttp: true })));
