// The receiver as a fetch-style handler, `(Request) => Promise<Response>`: Next.js route handlers, Hono, Cloudflare
// Workers, Deno.serve, Bun.serve. Uses only web-standard APIs.
import { createWebhookDispatcher } from "./dispatch.js";
import { P100WebhookRequestError } from "./errors.js";
import { normalizeBasePath, outsideBasePath, relativePath, type WebhookAdapterOptions } from "./mount.js";
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
 * (routed by path, relative to `basePath`) and calls the matching callback; also answers the `/webhook/health` check.
 * A path that matches no kind, or lies outside `basePath`, is answered 404 and reported through `onError`.
 */
export function createFetchWebhookHandler(options: WebhookAdapterOptions): FetchWebhookHandler {
  const { dispatch } = createWebhookDispatcher(options);
  const base = normalizeBasePath(options.basePath);
  return async (request) => {
    const fullPath = new URL(request.url).pathname;
    const pathname = relativePath(fullPath, base);
    if (pathname === undefined) {
      const error = outsideBasePath(options, fullPath, base);
      return new Response(JSON.stringify(error.toJSON()), { status: error.status, headers: { "content-type": "application/json; charset=utf-8" } });
    }
    const result = await dispatch({
      method: request.method,
      pathname,
      header: (name) => request.headers.get(name),
      readBody: async (limit) => ({ raw: await readLimited(request, limit) }),
    });
    const body = request.method.toUpperCase() === "HEAD" ? null : result.body;
    return new Response(body, { status: result.status, headers: result.headers });
  };
}
