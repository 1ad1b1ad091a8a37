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
