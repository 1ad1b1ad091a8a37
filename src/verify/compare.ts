// Compares a JSON answer with the schema the spec documents for it, field by field: a required field missing, a
// field the schema does not list, a value of another type, an enum value the spec does not list. Responses are read
// liberally by the SDK, so none of these breaks a call: they are evidence for correcting the spec.
import { deref, isObject, type Spec, type SpecNode } from "./spec.js";

/** How an answer differs from the spec at one field. */
export type DifferenceKind = "missing" | "extra" | "type" | "enum" | "status";

/** One difference. `field` is a JSON pointer where `*` stands for every item of an array ("" is the whole body). */
export interface Difference {
  readonly kind: DifferenceKind;
  readonly field: string;
  /** What the spec says: a type ("string"), an enum list, or the documented statuses. */
  readonly expected: string;
  /** What came: a type, or the unlisted enum value (enum values are codes, never personal data). */
  readonly actual: string;
}

const MAX_DEPTH = 24;
const MAX_ITEMS = 50;
const MAX_DIFFERENCES = 100;

/** The JSON type of a value, in JSON Schema words. */
export function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** Every difference between `value` and `schema`, each (kind, field) once, in the order met. */
export function compareWithSchema(spec: Spec, schema: SpecNode | undefined, value: unknown): Difference[] {
  const found = new Map<string, Difference>();
  visit(spec, schema, value, "", found, 0);
  return [...found.values()];
}

function add(found: Map<string, Difference>, difference: Difference): void {
  const key = `${difference.kind} ${difference.field}`;
  if (!found.has(key) && found.size < MAX_DIFFERENCES) found.set(key, difference);
}

const escape = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");

/** A schema with its `allOf` branches merged in: properties and required lists joined, the first type kept. */
export function flatten(spec: Spec, node: unknown, depth = 0): SpecNode | undefined {
  const schema = deref(spec, node);
  if (!schema || !Array.isArray(schema["allOf"]) || depth > MAX_DEPTH) return schema;
  const merged: Record<string, unknown> = {
    ...schema,
    properties: { ...(isObject(schema["properties"]) ? schema["properties"] : {}) },
  };
  delete merged["allOf"];
  const required = new Set<string>(Array.isArray(schema["required"]) ? schema["required"] : []);
  for (const branch of schema["allOf"]) {
    const part = flatten(spec, branch, depth + 1);
    if (!part) continue;
    for (const [key, v] of Object.entries(part)) {
      if (key === "properties" && isObject(v)) Object.assign(merged["properties"] as object, v);
      else if (key === "required" && Array.isArray(v)) v.forEach((name) => required.add(String(name)));
      else if (!(key in merged) || key === "$ref") merged[key] = v;
    }
  }
  merged["required"] = [...required];
  if (Object.keys(merged["properties"] as object).length === 0) delete merged["properties"];
  return merged;
}

function typesOf(schema: SpecNode): string[] | undefined {
  const type = schema["type"];
  const list = Array.isArray(type) ? type.map(String) : typeof type === "string" ? [type] : undefined;
  if (list && schema["nullable"] === true) list.push("null");
  return list;
}

function matchesType(types: readonly string[], actual: string): boolean {
  return types.includes(actual) || (actual === "integer" && types.includes("number"));
}

function visit(
  spec: Spec,
  node: unknown,
  value: unknown,
  field: string,
  found: Map<string, Difference>,
  depth: number,
): void {
  const schema = flatten(spec, node);
  if (!schema || depth > MAX_DEPTH) return;
  const branches = [schema["oneOf"], schema["anyOf"]].find(Array.isArray) as unknown[] | undefined;
  if (branches && branches.length > 0) {
    // The branch the value fits best stands for the schema: its differences are the ones reported.
    let best: Map<string, Difference> | undefined;
    for (const branch of branches) {
      const attempt = new Map<string, Difference>();
      visit(spec, branch, value, field, attempt, depth + 1);
      if (!best || attempt.size < best.size) best = attempt;
      if (attempt.size === 0) break;
    }
    for (const d of best?.values() ?? []) add(found, d);
    return;
  }
  const actual = jsonType(value);
  const types = typesOf(schema);
  if (types && !matchesType(types, actual)) {
    add(found, { kind: "type", field, expected: types.join(" | "), actual });
    return;
  }
  const allowed = Array.isArray(schema["enum"]) ? schema["enum"] : "const" in schema ? [schema["const"]] : undefined;
  if (allowed && !allowed.some((a) => JSON.stringify(a) === JSON.stringify(value))) {
    add(found, {
      kind: "enum",
      field,
      expected: allowed.map((a) => JSON.stringify(a)).join(", "),
      actual: JSON.stringify(value).slice(0, 80),
    });
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value.slice(0, MAX_ITEMS)) visit(spec, schema["items"], item, `${field}/*`, found, depth + 1);
    return;
  }
  if (!isObject(value)) return;
  const properties = isObject(schema["properties"]) ? schema["properties"] : undefined;
  const required = Array.isArray(schema["required"]) ? schema["required"].map(String) : [];
  for (const name of required) {
    if (!Object.hasOwn(value, name)) {
      const expected = flatten(spec, properties?.[name]);
      add(found, {
        kind: "missing",
        field: `${field}/${escape(name)}`,
        expected: (expected && typesOf(expected)?.join(" | ")) || "a value",
        actual: "absent",
      });
    }
  }
  const additional = schema["additionalProperties"];
  for (const [name, item] of Object.entries(value)) {
    const child = `${field}/${escape(name)}`;
    if (properties && Object.hasOwn(properties, name)) visit(spec, properties[name], item, child, found, depth + 1);
    else if (isObject(additional)) visit(spec, additional, item, child, found, depth + 1);
    // A schema that lists no property describes a free-form object: nothing in it is "extra".
    else if (properties)
      add(found, { kind: "extra", field: child, expected: "not in the spec", actual: jsonType(item) });
  }
}
