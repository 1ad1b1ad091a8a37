// Reading an answer's body within `maxResponseBytes`: a hostile or misconfigured endpoint could otherwise stream until
// the timeout, and everything it sent would sit in memory. Past the limit the stream is cancelled (fetch then drops
// the connection) and the caller gets a typed error.
// The size-limited stream reader of the webhook receivers: a dependency-free file, so the client bundle gains nothing else.
import { readStreamWithin } from "./webhooks/bytes.js";

/** The default `maxResponseBytes`: 10 MiB, far above any documented P100 answer (lists are paged). */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/** Thrown by {@link readBodyWithin} when the body passes the limit; the transport turns it into the public error. */
export class BodyTooLarge extends Error {
  override name = "BodyTooLarge";
}

/** How a body is handed on: as text (the operation methods parse it) or as bytes (to rebuild a Response). */
export type BodyKind = "text" | "bytes";

/** The whole body as text or bytes, read up to `limit` bytes; throws {@link BodyTooLarge} past it. */
export async function readBodyWithin(response: Response, kind: "text", limit: number): Promise<string>;
export async function readBodyWithin(response: Response, kind: "bytes", limit: number): Promise<ArrayBuffer>;
export async function readBodyWithin(response: Response, kind: BodyKind, limit: number): Promise<string | ArrayBuffer> {
  const declared = declaredLength(response);
  if (declared !== undefined && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw new BodyTooLarge();
  }
  // fetch delivers no more than an uncompressed body's Content-Length, so the runtime's own reader (faster than a
  // loop over chunks) is safe then. A compressed body is decoded by fetch: its length says nothing of the decoded size.
  if (declared !== undefined) return kind === "text" ? response.text() : response.arrayBuffer();
  const bytes = await readStreamWithin(response.body, limit, () => new BodyTooLarge());
  return kind === "text" ? new TextDecoder().decode(bytes) : bytes.buffer;
}

/** The Content-Length of an uncompressed body, or undefined when it is absent, unreadable or the body is encoded. */
function declaredLength(response: Response): number | undefined {
  const encoding = response.headers.get("content-encoding");
  if (encoding !== null && encoding.trim().toLowerCase() !== "identity") return undefined;
  const length = response.headers.get("content-length");
  return length !== null && /^\d{1,15}$/.test(length.trim()) ? Number(length) : undefined;
}
