// What of an answer may appear in a report that partners send to the maintainers: its shape, never its data. Every
// string and number is replaced by its type, except values the spec declares as codes (an enum or const: statuses,
// currencies, P-codes), which are the evidence a report needs and carry no personal data.
import { flatten } from "./compare.js";
import { isObject, type Spec, type SpecNode } from "./spec.js";

const MAX_EXCERPT = 300;
const MAX_ITEMS = 2;

/** Replaces every occurrence of each secret (4 characters or more) with `***`. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join("***");
  return out;
}

/** The body's shape with its data replaced (see the file comment), as compact JSON cut to a few hundred characters. */
export function redactedExcerpt(spec: Spec, schema: SpecNode | undefined, body: unknown): string {
  if (body === undefined) return "(empty body)";
  const text = JSON.stringify(mask(spec, schema, body, 0));
  return text.length > MAX_EXCERPT ? `${text.slice(0, MAX_EXCERPT)}…` : text;
}

function mask(spec: Spec, node: unknown, value: unknown, depth: number): unknown {
  const schema = depth > 24 ? undefined : flatten(spec, node);
  if (value === null || typeof value === "boolean") return value;
  if (typeof value === "string" || typeof value === "number") {
    const codes =
      schema && (Array.isArray(schema["enum"]) ? schema["enum"] : "const" in schema ? [schema["const"]] : undefined);
    // A code is kept even when the spec does not list it: a value where the spec expects a code is what drifted.
    return codes && typeof value === "string" && /^[A-Za-z0-9_.-]{1,40}$/.test(value) ? value : `<${typeof value}>`;
  }
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item) => mask(spec, schema?.["items"], item, depth + 1));
    return value.length > MAX_ITEMS ? [...items, `<${value.length - MAX_ITEMS} more>`] : items;
  }
  if (!isObject(value)) return `<${typeof value}>`;
  const properties = isObject(schema?.["properties"]) ? schema["properties"] : {};
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, mask(spec, properties[key], item, depth + 1)]),
  );
}
