// The one reading of a path template (`/v1/user/{externalUserId}`): its placeholders, the check that each value can
// stand for exactly one path segment, and filling them in. The client, `p100.raw`, the KYC page URL and the sandbox's
// router all go through it, so they agree on what a path parameter is.
import { P100ArgumentError } from "./errors.js";

/** A `{name}` placeholder of a path template. */
const PLACEHOLDER = /\{([^}]+)\}/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The names of a template's placeholders, in order. */
export function pathParameterNames(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]!);
}

/** The template with each placeholder replaced by `fill(name)` (the caller encodes, or writes a pattern). */
export function fillPath(template: string, fill: (name: string) => string): string {
  return template.replace(PLACEHOLDER, (_, name: string) => fill(name));
}

/**
 * Refuses path parameters that cannot be sent as the one path segment they stand for, before anything is sent.
 * openapi-fetch encodes each value with encodeURIComponent, so "/", "?", "#" and "%" are safe; but URL parsing removes
 * "." and ".." segments (encoded or not), an empty value leaves an empty segment, a missing one is sent as a literal
 * "{name}", and a lone surrogate makes encodeURIComponent throw a URIError.
 */
export function checkPathParams(method: string, template: string, params: unknown): void {
  if (!template.includes("{")) return;
  const values = (params as { path?: Record<string, unknown> } | null | undefined)?.path ?? {};
  for (const name of pathParameterNames(template)) {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    const problem = pathValueProblem(value);
    if (problem)
      throw new P100ArgumentError(`Path parameter ${name} of ${method} ${template} ${problem}; nothing was sent.`);
  }
}

/** What makes one value unusable as a path segment, or undefined when it is usable. */
function pathValueProblem(value: unknown): string | undefined {
  const text =
    typeof value === "string" ? value : typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
  if (text === undefined) return `must be a string, got ${value === null ? "null" : typeof value}`;
  if (text === "" || text === "." || text === "..")
    return `must not be empty, "." or ".." (the URL would point to another path)`;
  if (LONE_SURROGATE.test(text)) return "is not valid Unicode (it holds a lone surrogate)";
  return undefined;
}
