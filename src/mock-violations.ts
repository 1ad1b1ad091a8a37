// The Prism mock answers an invalid request with a canned error example and lists what was actually wrong in its
// `sl-violations` header. The real API never sends it; reading it lets a validation error against the mock say why.

/**
 * The violations the Prism mock lists in its `sl-violations` header (a JSON array of `{ location, message }`), as
 * "location: message" lines; undefined when the header is absent or unreadable (the real API never sends it).
 */
export function readMockViolations(headers: Headers): string[] | undefined {
  const header = headers.get("sl-violations");
  if (!header) return undefined;
  try {
    const parsed: unknown = JSON.parse(header);
    if (!Array.isArray(parsed)) return undefined;
    const lines = parsed.flatMap((item: unknown) => {
      const { location, message } = (item ?? {}) as { location?: unknown; message?: unknown };
      if (typeof message !== "string") return [];
      const where = Array.isArray(location)
        ? location.filter((part) => typeof part === "string" || typeof part === "number").join(".")
        : "";
      return [where ? `${where}: ${message}` : message];
    });
    return lines.length ? lines : undefined;
  } catch {
    return undefined;
  }
}

/** Whether an answer is the mock refusing an invalid request: a 400 (canned example) or 422 listing sl-violations. */
export function isMockRefusal(status: number, headers: Headers): boolean {
  return (status === 400 || status === 422) && headers.has("sl-violations");
}
