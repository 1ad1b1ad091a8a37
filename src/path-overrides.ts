// Run-time corrections of operation paths: `createP100Client({ paths: { listUserTransactions: "/v1/..." } })`.
// 32 of the spec's paths are inferred; a partner who finds the real one (with `p100 verify`) fixes it with one line of
// configuration instead of a fork, and keeps the typed method. An override may only move the path: it must keep the
// spec's placeholders, since the method's input type (and so every caller) is built from them.
import { P100ConfigurationError } from "./errors.js";
import { fillPath, pathParameterNames } from "./path-template.js";

/** The path of any operation, replacing the spec's template; keys are operationIds, values path templates. */
export type PathOverrides<Id extends string = string> = { readonly [K in Id]?: string | undefined };

// One or more "/segment": no empty, "." or ".." segment, nothing that would add a query or fragment, nothing fetch
// would re-encode, and braces only as whole placeholders (checked once the placeholders are taken out).
const PLAIN_PATH = /^(\/(?!\.\.?(\/|$))[^/?#\s\\%]+)+$/;

const names = (template: string) => pathParameterNames(template).map((name) => `{${name}}`);

/** Why `override` cannot replace the spec's `template`, or undefined when it can. */
export function pathOverrideProblem(template: string, override: unknown): string | undefined {
  if (typeof override !== "string") return `must be a string, got ${override === null ? "null" : typeof override}`;
  if (!PLAIN_PATH.test(override) || /[{}]/.test(fillPath(override, () => ""))) {
    return `"${override}" is not a plain path such as "/v1/x/{id}" (no query, fragment, spaces, "%", empty, "." or ".." segment)`;
  }
  const expected = names(template);
  const given = names(override);
  const missing = expected.filter((n) => !given.includes(n));
  const extra = given.filter((n, i) => !expected.includes(n) || given.indexOf(n) !== i);
  if (missing.length + extra.length === 0) return undefined;
  return `"${override}" must keep exactly the placeholders of the spec's "${template}" (missing: ${missing.join(", ") || "none"}; extra: ${extra.join(", ") || "none"})`;
}

/**
 * The operation table with each overridden path replaced (the table itself when there is nothing to replace).
 * Throws a P100ConfigurationError naming the operation and both templates when an override is unusable.
 */
export function applyPathOverrides<T extends Readonly<Record<string, { readonly path: string }>>>(
  table: T,
  overrides: PathOverrides | undefined,
): T {
  if (overrides === undefined) return table;
  if (overrides === null || typeof overrides !== "object" || Array.isArray(overrides)) {
    throw new P100ConfigurationError("`paths` must be an object of operationId -> path template.");
  }
  let copy: Record<string, { readonly path: string }> | undefined;
  for (const [id, path] of Object.entries(overrides)) {
    if (path === undefined) continue;
    const entry = Object.hasOwn(table, id) ? table[id] : undefined;
    const problem = entry ? pathOverrideProblem(entry.path, path) : "is not an operationId";
    if (problem) throw new P100ConfigurationError(`paths.${id}: ${problem}.`);
    copy ??= { ...table };
    copy[id] = { ...entry, path: path as string };
  }
  return (copy ?? table) as T;
}
