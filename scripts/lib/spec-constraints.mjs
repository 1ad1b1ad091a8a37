// Walks what a caller sends (every operation's parameters and request bodies) and lists each constraint the spec
// puts on it: a `required` entry, a `pattern`, `format`, `enum`, `const` or numeric/length bound. The spec's rule is
// "strict only where the evidence is", so each of them must carry its source: `x-p100-source` on the schema node that
// holds the constraint (for a `required` entry: on the property itself, beside its `$ref` if it has one; for a
// required query parameter: on the parameter). test/spec/constraints.test.ts fails on any constraint without one, and
// the README's "How much of this spec is verified" block counts them.
import { deref } from "./spec-ref.mjs";

/** Keywords that restrict a value beyond its JSON type. */
export const CONSTRAINT_KEYWORDS = [
  "pattern",
  "format",
  "enum",
  "const",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "multipleOf",
];

const CONFIDENCE_LEVELS = ["confirmed", "older-docs", "inferred"];
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Every operation of the spec's `paths:` with its path and method. */
function operations(spec) {
  const result = [];
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) if (item[method]) result.push({ path, method, op: item[method], item });
  }
  return result;
}

const pointerOf = (ref) => (typeof ref === "string" ? ref : undefined);
const escape = (segment) => String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
const hasSource = (node) => typeof node?.["x-p100-source"] === "string" && node["x-p100-source"].trim() !== "";

/**
 * Every constraint on request data, once per spec location (a component reused by several operations counts once):
 * `{ location, keyword, field, source, confidence, operations }`. `source` is undefined when none is recorded.
 */
export function listRequestConstraints(spec) {
  const found = new Map();
  const add = (location, keyword, field, node, confidence, operationId) => {
    const id = `${location} ${keyword}${field ? ` ${field}` : ""}`;
    const existing = found.get(id);
    if (existing) {
      existing.operations.add(operationId);
      return;
    }
    const source = hasSource(node) ? node["x-p100-source"] : undefined;
    const level = CONFIDENCE_LEVELS.includes(node?.["x-p100-confidence"]) ? node["x-p100-confidence"] : confidence;
    found.set(id, { location, keyword, field, source, confidence: level, operations: new Set([operationId]) });
  };

  const visit = (node, location, confidence, operationId, seen) => {
    if (node === null || typeof node !== "object") return;
    const ref = pointerOf(node.$ref);
    if (ref) {
      // A $ref's siblings (3.1 allows them) may carry their own constraints and source; the target is its own location.
      for (const keyword of CONSTRAINT_KEYWORDS) if (keyword in node) add(location, keyword, undefined, node, confidence, operationId);
      if (seen.has(ref)) return;
      const target = deref(spec, node);
      visit(target, ref, target?.["x-p100-confidence"] ?? confidence, operationId, new Set([...seen, ref]));
      return;
    }
    const level = node["x-p100-confidence"] ?? confidence;
    for (const keyword of CONSTRAINT_KEYWORDS) if (keyword in node) add(location, keyword, undefined, node, level, operationId);
    for (const name of Array.isArray(node.required) ? node.required : []) {
      add(location, "required", name, node.properties?.[name], node.properties?.[name]?.["x-p100-confidence"] ?? level, operationId);
    }
    for (const [name, sub] of Object.entries(node.properties ?? {})) visit(sub, `${location}/properties/${escape(name)}`, level, operationId, seen);
    for (const key of ["items", "additionalProperties", "not", "contains"]) {
      if (node[key] && typeof node[key] === "object") visit(node[key], `${location}/${key}`, level, operationId, seen);
    }
    for (const key of ["allOf", "anyOf", "oneOf", "prefixItems"]) {
      (node[key] ?? []).forEach((sub, index) => visit(sub, `${location}/${key}/${index}`, level, operationId, seen));
    }
  };

  for (const { path, method, op, item } of operations(spec)) {
    const confidence = op["x-p100-confidence"];
    const base = `#/paths/${escape(path)}/${method}`;
    const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])];
    parameters.forEach((raw, index) => {
      const parameter = deref(spec, raw);
      const location = pointerOf(raw.$ref) ?? `${base}/parameters/${index}`;
      // A path parameter is required by the URL itself; a required query or header parameter needs a source.
      if (parameter.required && parameter.in !== "path") add(location, "required", parameter.name, parameter, confidence, op.operationId);
      visit(parameter.schema, `${location}/schema`, parameter["x-p100-confidence"] ?? confidence, op.operationId, new Set());
    });
    const body = deref(spec, op.requestBody);
    for (const [mediaType, media] of Object.entries(body?.content ?? {})) {
      visit(media.schema, `${base}/requestBody/content/${escape(mediaType)}/schema`, confidence, op.operationId, new Set());
    }
  }
  return [...found.values()].map((c) => ({ ...c, operations: [...c.operations].sort() }));
}

/** Every property declared by the request and response schemas, with its confidence (own, else schema's, else operation's). */
export function listFields(spec) {
  const fields = new Map();
  const visit = (node, location, confidence, seen) => {
    if (node === null || typeof node !== "object") return;
    const ref = pointerOf(node.$ref);
    if (ref) {
      if (seen.has(ref)) return;
      const target = deref(spec, node);
      visit(target, ref, target?.["x-p100-confidence"] ?? confidence, new Set([...seen, ref]));
      return;
    }
    const level = node["x-p100-confidence"] ?? confidence;
    for (const [name, sub] of Object.entries(node.properties ?? {})) {
      const at = `${location}/properties/${escape(name)}`;
      const own = sub?.["x-p100-confidence"] ?? level;
      const previous = fields.get(at);
      // A schema reused by operations of different confidence counts at its best-established use.
      if (!previous || CONFIDENCE_LEVELS.indexOf(own) < CONFIDENCE_LEVELS.indexOf(previous)) fields.set(at, own);
      visit(sub, at, own, seen);
    }
    if (node.items) visit(node.items, `${location}/items`, level, seen);
    for (const key of ["allOf", "anyOf", "oneOf"]) (node[key] ?? []).forEach((sub, i) => visit(sub, `${location}/${key}/${i}`, level, seen));
  };
  for (const { path, method, op } of operations(spec)) {
    const confidence = op["x-p100-confidence"];
    const base = `#/paths/${escape(path)}/${method}`;
    const body = deref(spec, op.requestBody);
    for (const [mediaType, media] of Object.entries(body?.content ?? {})) visit(media.schema, `${base}/request/${escape(mediaType)}`, confidence, new Set());
    for (const [status, raw] of Object.entries(op.responses ?? {})) {
      if (!status.startsWith("2")) continue;
      for (const [mediaType, media] of Object.entries(deref(spec, raw)?.content ?? {})) {
        visit(media.schema, `${base}/response/${status}/${escape(mediaType)}`, confidence, new Set());
      }
    }
  }
  for (const [kind, item] of Object.entries(spec.webhooks ?? {})) {
    const op = item.post;
    const media = op?.requestBody?.content?.["application/json"];
    if (media) visit(media.schema, `#/webhooks/${kind}`, op["x-p100-confidence"], new Set());
  }
  return [...fields.entries()].map(([location, confidence]) => ({ location, confidence }));
}

/** Counts per confidence level of a list of `{ confidence }` rows, e.g. `{ confirmed: 3, "older-docs": 1, inferred: 0 }`. */
export function countByConfidence(rows) {
  return Object.fromEntries(CONFIDENCE_LEVELS.map((level) => [level, rows.filter((r) => r.confidence === level).length]));
}
