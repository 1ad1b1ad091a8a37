// @ts-check
// Walks what a caller sends (every operation's parameters and request bodies) and lists each restriction the spec
// puts on it: a `required` entry, a `pattern`, `format`, `enum`, `const` or numeric/length bound, and the restrictions
// on the shape of an object: a closed body (`additionalProperties: false`), a forbidden property (a `false` property
// schema), exclusivity (`oneOf`: exactly one branch), `minProperties`/`maxProperties` and `not`. The spec's rule is
// "strict only where the evidence is", so each of them must carry its source: `x-p100-source` on the schema node that
// holds the restriction (for a `required` entry: on the property itself, beside its `$ref` if it has one; for a
// required query parameter: on the parameter; for a forbidden property: on the object that lists it).
// test/spec/constraints.test.ts fails on any restriction without one, and the README's "How much of this spec is
// verified" block counts them.
//
// A restriction's confidence is what its own source establishes (`sourceCeiling`), or the `x-p100-confidence` written
// beside that source when it is lower; never the confidence of the operation that happens to reach it.
// test/spec/labels.test.ts fails on a label above its source.
import { deref } from "./spec-ref.mjs";

/**
 * One restriction on request data and its recorded justification.
 * @typedef {object} RequestConstraint
 * @property {string} location
 * @property {string} keyword
 * @property {string | undefined} field
 * @property {string | undefined} source
 * @property {string} confidence The label counted: the `x-p100-confidence` beside the source, else what the source establishes.
 * @property {string} ceiling What the source text establishes at most.
 * @property {string | undefined} label The `x-p100-confidence` written beside the source, if any.
 * @property {string[]} operations
 */

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
  "minProperties",
  "maxProperties",
  "oneOf",
  "not",
];

/** Restrictions on an object's set of properties, which hold no value of their own: counted when they are `false`. */
const CLOSING_KEYWORDS = ["additionalProperties", "unevaluatedProperties"];

/** The confidence levels, highest first. */
export const CONFIDENCE_LEVELS = ["confirmed", "older-docs", "inferred"];
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/**
 * Every operation of the spec's `paths:` with its path and method.
 * @param {any} spec
 * @returns {{ path: string, method: string, op: any, item: any }[]}
 */
function operations(spec) {
  const result = [];
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) if (item[method]) result.push({ path, method, op: item[method], item });
  }
  return result;
}

const pointerOf = (/** @type {unknown} */ ref) => (typeof ref === "string" ? ref : undefined);
const escape = (/** @type {unknown} */ segment) => String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
const hasSource = (/** @type {any} */ node) =>
  typeof node?.["x-p100-source"] === "string" && node["x-p100-source"].trim() !== "";

// What a source text can establish. Words that say the source itself is no documentation (an inference, an SDK rule,
// third-party code, an analogy, a single example) cap it at `inferred`; a page of an older documentation version
// (the OLDEST site, a test-branch or older Apidog page id below 28590000, or the words "older"/"oldest") caps it at
// `older-docs`; only a newest page (a page id from 28590000, the seed page, the newest FAQ or a fintegence mirror of a
// newest guide page) can confirm. A source that cites no recognisable page establishes nothing beyond `inferred`.
const INFERRED_WORDS =
  /\binferred\b|not documented|\bsdk rule\b|\bsdk choice\b|by analogy|third-party|3rd-party|example-derived|presumabl|modelled on|\bassumed?\b|\bunverified\b/i;
const OLDER_WORDS = /\bolder\b|\boldest\b|older-docs|test branch|\/test\/|p-100\.github\.io|earlier harvest/i;
const NEWEST_WORDS = /\bnewest\b|\bseed page\b|fintegence/i;
const PAGE_ID = /-(\d{8})(?:e0|m0)\b/g;
const NEWEST_PAGE_FROM = 28590000;

/**
 * The highest confidence a source text can establish: "confirmed", "older-docs" or "inferred".
 * @param {string | undefined} source
 */
export function sourceCeiling(source) {
  if (typeof source !== "string" || source.trim() === "") return "inferred";
  if (INFERRED_WORDS.test(source)) return "inferred";
  const ids = [...source.matchAll(PAGE_ID)].map((m) => Number(m[1]));
  if (OLDER_WORDS.test(source) || ids.some((id) => id < NEWEST_PAGE_FROM)) return "older-docs";
  if (NEWEST_WORDS.test(source) || ids.some((id) => id >= NEWEST_PAGE_FROM)) return "confirmed";
  return "inferred";
}

const rank = (/** @type {string} */ level) => CONFIDENCE_LEVELS.indexOf(level);

/**
 * Every restriction on request data, once per spec location (a component reused by several operations counts once,
 * at its own source's confidence): `{ location, keyword, field, source, confidence, ceiling, label, operations }`.
 * `source` is undefined when none is recorded; `ceiling` is what the source establishes; `label` is the
 * `x-p100-confidence` written beside the source, if any; `confidence` is the label, else the ceiling.
 * @param {any} spec
 * @returns {RequestConstraint[]}
 */
export function listRequestConstraints(spec) {
  /** @type {Map<string, Omit<RequestConstraint, "operations"> & { operations: Set<string> }>} */
  const found = new Map();
  /**
   * @param {string} location
   * @param {string} keyword
   * @param {string | undefined} field
   * @param {any} node
   * @param {string} operationId
   */
  const add = (location, keyword, field, node, operationId) => {
    const id = `${location} ${keyword}${field ? ` ${field}` : ""}`;
    const existing = found.get(id);
    if (existing) {
      existing.operations.add(operationId);
      return;
    }
    const source = hasSource(node) ? node["x-p100-source"] : undefined;
    const ceiling = sourceCeiling(source);
    const label = CONFIDENCE_LEVELS.includes(node?.["x-p100-confidence"]) ? node["x-p100-confidence"] : undefined;
    const confidence = label ?? ceiling;
    found.set(id, { location, keyword, field, source, confidence, ceiling, label, operations: new Set([operationId]) });
  };

  /**
   * @param {any} node
   * @param {string} location
   * @param {string} operationId
   * @param {Set<string>} seen
   */
  const visit = (node, location, operationId, seen) => {
    if (node === null || typeof node !== "object") return;
    const ref = pointerOf(node.$ref);
    if (ref) {
      // A $ref's siblings (3.1 allows them) may carry their own constraints and source; the target is its own location.
      for (const keyword of CONSTRAINT_KEYWORDS)
        if (keyword in node) add(location, keyword, undefined, node, operationId);
      if (seen.has(ref)) return;
      visit(deref(spec, node), ref, operationId, new Set([...seen, ref]));
      return;
    }
    for (const keyword of CONSTRAINT_KEYWORDS)
      if (keyword in node) add(location, keyword, undefined, node, operationId);
    for (const keyword of CLOSING_KEYWORDS)
      if (node[keyword] === false) add(location, keyword, undefined, node, operationId);
    for (const name of Array.isArray(node.required) ? node.required : []) {
      add(location, "required", name, node.properties?.[name], operationId);
    }
    for (const [name, sub] of Object.entries(node.properties ?? {})) {
      // A `false` property schema forbids the property; being a boolean, it takes its source from the object.
      if (sub === false) add(location, "forbidden", name, node, operationId);
      else visit(sub, `${location}/properties/${escape(name)}`, operationId, seen);
    }
    for (const key of ["items", "additionalProperties", "not", "contains"]) {
      if (node[key] && typeof node[key] === "object") visit(node[key], `${location}/${key}`, operationId, seen);
    }
    for (const key of ["allOf", "anyOf", "oneOf", "prefixItems"]) {
      (node[key] ?? []).forEach((/** @type {unknown} */ sub, /** @type {number} */ index) =>
        visit(sub, `${location}/${key}/${index}`, operationId, seen),
      );
    }
  };

  for (const { path, method, op, item } of operations(spec)) {
    const base = `#/paths/${escape(path)}/${method}`;
    const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])];
    parameters.forEach((raw, index) => {
      const parameter = deref(spec, raw);
      const location = pointerOf(raw.$ref) ?? `${base}/parameters/${index}`;
      // A path parameter is required by the URL itself; a required query or header parameter needs a source.
      if (parameter.required && parameter.in !== "path")
        add(location, "required", parameter.name, parameter, op.operationId);
      visit(parameter.schema, `${location}/schema`, op.operationId, new Set());
    });
    const body = deref(spec, op.requestBody);
    for (const [mediaType, media] of Object.entries(body?.content ?? {})) {
      visit(media.schema, `${base}/requestBody/content/${escape(mediaType)}/schema`, op.operationId, new Set());
    }
  }
  return [...found.values()].map((c) => ({ ...c, operations: [...c.operations].sort() }));
}

/**
 * The restrictions whose label is above what their own source establishes (the label test's subject).
 * @param {readonly RequestConstraint[]} constraints
 */
export function overLabelled(constraints) {
  return constraints.filter((c) => rank(c.confidence) < rank(c.ceiling));
}

/**
 * Every property declared by the request and response schemas, with its confidence (own, else schema's, else operation's).
 * @param {any} spec
 * @returns {{ location: string, confidence: string }[]}
 */
export function listFields(spec) {
  /** @type {Map<string, string>} */
  const fields = new Map();
  /**
   * @param {any} node
   * @param {string} location
   * @param {string} confidence
   * @param {Set<string>} seen
   */
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
      // A `false` property schema forbids a property: it is a restriction (counted above), not a field.
      if (sub === false) continue;
      const at = `${location}/properties/${escape(name)}`;
      const own = sub?.["x-p100-confidence"] ?? level;
      const previous = fields.get(at);
      // A schema reused by operations of different confidence counts at its best-established use.
      if (!previous || CONFIDENCE_LEVELS.indexOf(own) < CONFIDENCE_LEVELS.indexOf(previous)) fields.set(at, own);
      visit(sub, at, own, seen);
    }
    if (node.items) visit(node.items, `${location}/items`, level, seen);
    for (const key of ["allOf", "anyOf", "oneOf"])
      (node[key] ?? []).forEach((/** @type {unknown} */ sub, /** @type {number} */ i) =>
        visit(sub, `${location}/${key}/${i}`, level, seen),
      );
  };
  for (const { path, method, op } of operations(spec)) {
    const confidence = op["x-p100-confidence"];
    const base = `#/paths/${escape(path)}/${method}`;
    const body = deref(spec, op.requestBody);
    for (const [mediaType, media] of Object.entries(body?.content ?? {}))
      visit(media.schema, `${base}/request/${escape(mediaType)}`, confidence, new Set());
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

/**
 * Counts per confidence level of a list of `{ confidence }` rows, e.g. `{ confirmed: 3, "older-docs": 1, inferred: 0 }`.
 * @param {readonly { confidence: string }[]} rows
 * @returns {Record<string, number>}
 */
export function countByConfidence(rows) {
  return Object.fromEntries(
    CONFIDENCE_LEVELS.map((level) => [level, rows.filter((r) => r.confidence === level).length]),
  );
}
