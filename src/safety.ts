// Checks that protect the partner API key before any request exists: where the client runs, and whether the key can
// be sent at all.

/** Whether this looks like a browser page (a `window` with a `document`), where a secret key would be public. */
export function isBrowser(): boolean {
  const scope = globalThis as { window?: unknown; document?: unknown };
  return typeof scope.window !== "undefined" && typeof scope.document !== "undefined";
}

/**
 * What makes an API key unusable as an HTTP header value, or undefined when it is usable. The reason never quotes
 * the key: undici's own error for such a value does, which used to leak the key into every error message.
 */
export function checkApiKey(apiKey: string): string | undefined {
  if (apiKey.trim() !== apiKey) return "it starts or ends with white space (a copy-paste error?)";
  // Header values are Latin-1 bytes without control characters (C0, DEL, C1): CR and LF above all.
  if (/[\r\n]/.test(apiKey)) return "it holds a line break (CR or LF)";
  if (/[^\x20-\x7e\xa0-\xff]/.test(apiKey)) return "it holds a control character or a character outside Latin-1";
  return undefined;
}

/**
 * Header names the Fetch standard forbids a caller to set (https://fetch.spec.whatwg.org/#forbidden-request-header):
 * fetch manages them itself. Browsers drop them silently, and Node's fetch fails on some (keep-alive, upgrade,
 * transfer-encoding, expect) without sending, so each runtime would send a different request.
 */
const FORBIDDEN_HEADER =
  /^(?:accept-(?:charset|encoding)|access-control-request-(?:headers|method)|connection|content-length|cookie2?|date|dnt|expect|host|keep-alive|origin|referer|set-cookie|te|trailer|transfer-encoding|upgrade|via|proxy-.*|sec-.*)$/;

/** The first header name fetch manages itself (lower-cased), or undefined when the caller may set them all. */
export function findForbiddenHeader(names: Iterable<string>): string | undefined {
  for (const raw of names) {
    const name = raw.toLowerCase();
    if (FORBIDDEN_HEADER.test(name)) return name;
  }
  return undefined;
}

/** Why a forbidden header is refused, ending like every argument error: nothing was sent. */
export function forbiddenHeaderMessage(name: string, call: string): string {
  return (
    `The header "${name}" cannot be set on ${call}: fetch manages connection-level headers itself (Node's fetch ` +
    "fails on some, browsers drop them); nothing was sent."
  );
}
