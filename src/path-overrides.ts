// Run-time corrections of operation paths: `createP100Client({ paths: { listUserTransactions: "/v1/..." } })`.
// 32 of the spec's paths are inferred; a partner who finds the real one (with `p100 verify`) fixes it with one line of
// configuration instead of a fork, and keeps the typed method. An override may only move the path: it must keep the
// spec's placeholders, since the method's input type (and so every caller) is built from them.
import { P100ConfigurationError } from "./errors.js";

/** The path of any operation, replacing the spec's template; keys are operationIds, values path templates. */
export type PathOverrides<Id extends string = string> = { readonly [K in Id]?: string | undefined };

/** The part of an operation table entry an override touches. */
interface PathEntry {
  readonly path: string;
}

const PLACEHOLDER = /\{([^}]*)\}/g;
// Characters that would change what the URL addresses (query, fragment), or that fetch would refuse or re-encode.
const FORBIDDEN = /[?#\s\\%\u0000-\u001f\u007f]/;

/** The placeholder names of a path template, sorted, e.g. ["cardId", "externalUserId"]. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? "").sort();
}

/** Why `override` cannot replace `template`, or undefined when it can. */
export function pathOverrideProblem(template: string, override: unknown): string | undefined {
  if (typeof override !== "string") return `must be a string, got ${override === null ? "null" : typeof override}`;
  if (!override.startsWith("/") || override.startsWith("//")) return `must be a path starting with one "/" (the base URL is set apart), got "${override}"`;
  if (FORBIDDEN.test(override)) return `must be a plain path without query, fragment, spaces, backslashes or percent-escapes, got "${override}"`;
  const segments = override.split("/").slice(1);
  if (segments.some((s) => s === "" || s === "." || s === "..")) return `must not have empty, "." or ".." segments, got "${override}"`;
  if (override.replace(PLACEHOLDER, "").includes("{") || override.replace(PLACEHOLDER, "").includes("}")) {
    return `has an unbalanced brace, got "${override}"`;
  }
  const expected = placeholdersOf(template);
  const given = placeholdersOf(override);
  const missing = expected.filter((name) => !given.includes(name));
  const extra = given.filter((name) => !expected.includes(name) || given.indexOf(name) !== given.lastIndexOf(name));
  if (missing.length || extra.length) {
    const parts = [
      missing.length ? `misses ${missing.map((n) => `{${n}}`).join(", ")}` : "",
      extra.length ? `has extra ${[...new Set(extra)].map((n) => `{${n}}`).join(", ")}` : "",
    ].filter(Boolean);
    return `"${override}" ${parts.join(" and ")}: it must keep exactly the placeholders of the spec's "${template}"`;
  }
  return undefined;
}

/**
 * The operation table with each overridden path replaced (the table itself when there is nothing to replace).
 * Throws a P100ConfigurationError naming the operation and both templates when an override is unusable.
 */
export function applyPathOverrides<T extends Readonly<Record<string, PathEntry>>>(table: T, overrides: PathOverrides | undefined): T {
  if (overrides === undefined) return table;
  if (overrides === null || typeof overrides !== "object" || Array.isArray(overrides)) {
    throw new P100ConfigurationError("`paths` must be an object of operationId -> path template, e.g. { listUserTransactions: \"/v1/...\" }.");
  }
  const entries = Object.entries(overrides).filter(([, path]) => path !== undefined);
  if (entries.length === 0) return table;
  const copy: Record<string, PathEntry> = { ...table };
  for (const [id, path] of entries) {
    const entry = Object.hasOwn(table, id) ? table[id] : undefined;
    if (!entry) throw new P100ConfigurationError(`paths.${id}: no operation has this operationId; nothing can be overridden.`);
    const problem = pathOverrideProblem(entry.path, path);
    if (problem) throw new P100ConfigurationError(`paths.${id} ${problem}.`);
    copy[id] = { ...entry, path: path as string };
  }
  return copy as T;
}
