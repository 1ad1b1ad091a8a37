// The receiver as a fetch-style handler, `(Request) => Promise<Response>`: Next.js route handlers, Hono, Cloudflare
// Workers, Deno.serve, Bun.serve. Uses only web-standard APIs.
import { readStreamWithin } from "./bytes.js";
import { createWebhookDispatcher } from "./dispatch.js";
import { P100WebhookRequestError } from "./errors.js";
import { normalizeBasePath, outsideBasePath, relativePath, type WebhookAdapterOptions } from "./mount.js";

/** A fetch-style webhook receiver. */
export type FetchWebhookHandler = (request: Request) => Promise<Response>;

/** Reads the body up to `limit` bytes, refusing more with payload_too_large. */
function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  return readStreamWithin(
    request.body,
    limit,
    () =>
      new P100WebhookRequestError("payload_too_large", `Webhook refused: the body exceeds the limit of ${limit} bytes`),
  );
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
      return new Response(JSON.stringify(error.toJSON()), {
        status: error.status,
        headers: { "content-type": "application/json; charset=utf-8" },
      });
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
