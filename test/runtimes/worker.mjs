// Entry for a Cloudflare Worker with the whole flow (bundled with the package, run in workerd by Miniflare). Workers
// cannot listen on a port, so the sandbox is only called in process. The sandbox entry names node:http (for
// `sandbox.listen()`, loaded on demand), so this Worker runs with the nodejs_compat flag; worker-core.mjs needs none.
import { runFlow } from "./flow.mjs";

export default {
  async fetch() {
    return Response.json(await runFlow({ overHttp: false }));
  },
};
