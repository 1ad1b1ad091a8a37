// The receiver as a fetch-style handler, `(Request) => Promise<Response>`: Next.js route handlers, Hono, Cloudflare
// Workers, Deno.serve, Bun.serve. Uses only web-standard APIs.
import { createWebhookDispatcher, type WebhookHandlerOptions } from "./dispatch.js";
import { P100WebhookRequestError } from "./errors.js";
import { concatBytes } from "./parse.js";

/** A fetch-style webhook receiver. */
export type FetchWebhookHandler = (request: Request) => Promise<Response>;

/** Reads a web stream up to `limit` bytes, cancelling it (and throwing payload_too_large) past the limit. */
async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new P100WebhookRequestError("payload_too_large", `Webhook refused: the body exceeds the limit of ${limit} bytes`);
    }
    chunks.push(value);
  }
  return concatBytes(chunks, total);
}

/**
 * Creates a fetch-style receiver: authenticates each delivery, parses it into the typed payload of its kind
 * (routed by path) and calls the matching callback; also answers the `/webhook/health` check.
 */
export function createFetchWebhookHandler(options: WebhookHandlerOptions): FetchWebhookHandler {
  const { dispatch } = createWebhookDispatcher(options);
  return async (request) => {
    const result = await dispatch({
      method: request.method,
      pathname: new URL(request.url).pathname,
      header: (name) => request.headers.get(name),
      readBody: async (limit) => ({ raw: await readLimited(request, limit) }),
    });
    const body = request.method.toUpperCase() === "HEAD" ? null : result.body;
    return new Response(body, { status: result.status, headers: result.headers });
  };
}
