// Entry for a Cloudflare Worker with the client and the webhook receiver only: runs in workerd with no flag.
import { runCoreFlow } from "./core-flow.mjs";

export default {
  async fetch() {
    return Response.json(await runCoreFlow());
  },
};
