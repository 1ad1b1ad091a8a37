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
  for (let index = 0; index < apiKey.length; index++) {
    const code = apiKey.charCodeAt(index);
    if (code === 0x0a || code === 0x0d) return "it holds a line break (CR or LF)";
    // C0 controls, DEL and C1 controls: header values may not carry them.
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return "it holds a control character";
    if (code > 0xff) return "it holds a character outside Latin-1 (header values are bytes)";
  }
  return undefined;
}
