// Entry for a Cloudflare Worker (bundled with the package, run in workerd by Miniflare): answers every request with the
// smoke flow's result. Workers cannot listen on a port, so the sandbox is only called in process.
import { runFlow } from "./flow.mjs";

export default {
  async fetch() {
    return Response.json(await runFlow({ overHttp: false }));
  },
};
