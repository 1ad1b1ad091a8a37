// The receiver as a Node `http` request listener and Express/Connect-style middleware, `(req, res, next?)`.
// Typed structurally, so that importing it needs neither node:http at run time nor Express.
import { createWebhookDispatcher } from "./dispatch.js";
import { P100WebhookRequestError } from "./errors.js";
import { normalizeBasePath, outsideBasePath, relativePath, type WebhookAdapterOptions } from "./mount.js";
import { verifyWebhookToken } from "./verify.js";
import { concatBytes } from "./bytes.js";

/** The parts of Node's IncomingMessage (or an Express Request) the receiver uses. */
export interface NodeWebhookRequest extends AsyncIterable<Uint8Array | string> {
  readonly method?: string | undefined;
  /** The URL; Express strips the mount prefix from it (`app.use("/p100", handler)` sees `/webhook/...`). */
  readonly url?: string | undefined;
  /** Express: the prefix the router was mounted at ("" at the root). */
  readonly baseUrl?: string | undefined;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Set by a body parser that already read the stream (express.raw, express.text or express.json). */
  readonly body?: unknown;
  readonly readableEnded?: boolean;
}

/** The parts of Node's ServerResponse (or an Express Response) the receiver uses. */
export interface NodeWebhookResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

/**
 * A Node/Express receiver. Mounted under a prefix (`app.use("/p100", handler)`) it owns every path below it: one
 * that matches no kind is answered 404 and reported through `onError`. Mounted at the root with `next`, requests for
 * paths that are not its own are passed on to the rest of the app, except those carrying the webhook token.
 */
export type NodeWebhookHandler = (
  req: NodeWebhookRequest,
  res: NodeWebhookResponse,
  next?: (error?: unknown) => void,
) => Promise<void>;

/** Whether an Authorization header holds the webhook token (compared in constant time). */
function carriesToken(authorization: string | undefined, token: string | readonly string[]): boolean {
  if (!authorization) return false;
  try {
    verifyWebhookToken(authorization, token);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads the request stream up to `limit` bytes and stops there, throwing payload_too_large: a chunked body has no
 * Content-Length to refuse up front, and reading on to its end lets a sender hold the receiver (and its memory) as
 * long as it likes. The iterator is abandoned rather than returned: returning it would destroy the socket before the
 * 413 is written; the adapter closes the connection after answering instead.
 */
async function readLimited(req: NodeWebhookRequest, limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const encoder = new TextEncoder();
  const iterator = req[Symbol.asyncIterator]();
  for (;;) {
    const { done, value } = await iterator.next();
    if (done) break;
    const bytes = typeof value === "string" ? encoder.encode(value) : value;
    total += bytes.byteLength;
    if (total > limit)
      throw new P100WebhookRequestError(
        "payload_too_large",
        `Webhook refused: the body exceeds the limit of ${limit} bytes`,
      );
    chunks.push(bytes);
  }
  return concatBytes(chunks, total);
}

/**
 * After a 413 the rest of the body is unread, so the connection cannot carry another request: `connection: close`
 * makes Node's server end the socket (and destroy it) once the answer is written, instead of keeping it alive.
 */
function closeAfterAnswer(res: NodeWebhookResponse): void {
  res.setHeader("connection", "close");
}

/** The body a parser middleware already consumed, if any: raw bytes/text, or a parsed JSON value. */
function preParsedBody(req: NodeWebhookRequest): { raw: string | Uint8Array } | { parsed: unknown } | undefined {
  const { body } = req;
  if (body instanceof Uint8Array || typeof body === "string") return { raw: body };
  // body-parser marks a body it parsed with `_body`; a consumed stream has ended.
  const consumed = (req as { _body?: unknown })._body === true || req.readableEnded === true;
  if (consumed && body !== undefined) return { parsed: body };
  return undefined;
}

/** The request path as the receiver routes it: relative to the mount point (Express already strips it from `url`). */
function pathnameOf(req: NodeWebhookRequest): string {
  try {
    return new URL(req.url ?? "/", "http://localhost").pathname;
  } catch {
    return "/";
  }
}

/**
 * Creates a Node receiver for `http.createServer(handler)`, or `app.use(handler)` / `app.use("/p100", handler)` in
 * Express: authenticates each delivery, parses it into the typed payload of its kind (routed by path, relative to
 * the mount point or `basePath`) and calls the matching callback; also answers the `/webhook/health` check. Prefer no
 * body parser (or express.raw) in front of it.
 */
export function createNodeWebhookHandler(options: WebhookAdapterOptions): NodeWebhookHandler {
  const { dispatch, handles } = createWebhookDispatcher(options);
  const base = normalizeBasePath(options.basePath);
  return async (req, res, next) => {
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(", ") : (value as string | undefined);
    };
    const fullPath = pathnameOf(req);
    const pathname = relativePath(fullPath, base);
    // Outside basePath: another part of the app (with next), or a refusal reported through onError (without).
    if (pathname === undefined) {
      if (next) next();
      else {
        const error = outsideBasePath(options, fullPath, base);
        res.statusCode = error.status;
        res.setHeader("content-type", "application/json; charset=utf-8");
        res.end(JSON.stringify(error.toJSON()));
      }
      return;
    }
    // At the root of an app, requests for other paths belong to the rest of it, unless they carry the webhook
    // token: that is P100 posting to a URL no kind is routed to. Under a mount prefix (or basePath) every path is the
    // receiver's. Either way a misrouted delivery is answered 404 and reported through onError, never passed on.
    const mounted = Boolean(req.baseUrl) || base !== "";
    if (next && !mounted && !handles(pathname) && !carriesToken(header("authorization"), options.token)) {
      next();
      return;
    }
    try {
      const result = await dispatch({
        method: req.method ?? "GET",
        pathname,
        header,
        readBody: async (limit) => preParsedBody(req) ?? { raw: await readLimited(req, limit) },
      });
      res.statusCode = result.status;
      for (const [name, value] of Object.entries(result.headers)) res.setHeader(name, value);
      if (result.status === 413 && req.readableEnded !== true) closeAfterAnswer(res);
      res.end(req.method?.toUpperCase() === "HEAD" ? undefined : result.body);
    } catch (error) {
      // Only an adapter bug gets here: the dispatcher turns every failure into an answer.
      if (next) next(error);
      else {
        res.statusCode = 500;
        res.end();
      }
    }
  };
}
