// @ts-check
// What the two validator generators (webhook payloads, sandbox requests) share: turning spec schemas into strict JSON
// Schema for Ajv, finding the component schemas they reach, and making Ajv's standalone code free of run-time imports.
// Both read enums the same way as the types (scripts/lib/types.mjs): an enum is enforced only when the spec marks its
// list complete (`x-p100-complete: true`), so neither the receiver nor the sandbox is stricter than the evidence.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const Ajv2020 = require("ajv/dist/2020.js").default;
const standaloneCode = require("ajv/dist/standalone/index.js").default;

/** The version of Ajv that wrote the code, for the generated files' headers. */
export const AJV_VERSION = require("ajv/package.json").version;

/** The prefix of a `$ref` to a component schema. */
export const SCHEMA_PREFIX = "#/components/schemas/";

// Keywords that are OpenAPI or documentation only: removed before Ajv sees the schemas, so Ajv can run in strict
// mode (an unknown keyword is then a spec bug, not something silently ignored) and the emitted code stays small.
const DROPPED = new Set([
  "example",
  "examples",
  "description",
  "title",
  "deprecated",
  "discriminator",
  "xml",
  "externalDocs",
]);
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "dependentSchemas"]);

/** True for an `enum` not to enforce: every enum not marked `x-p100-complete: true` is open. */
const isOpenEnum = (/** @type {any} */ node) => Array.isArray(node.enum) && node["x-p100-complete"] !== true;

/**
 * A converter of spec schemas to JSON Schema: documentation and `x-` keywords and open enums removed, component refs
 * pointed at the `$defs` of the schema with id `defsId`. `what` names the schemas in error messages.
 * @param {string} defsId
 * @param {string} what
 */
export function jsonSchemaConverter(defsId, what) {
  /** @type {(node: unknown) => unknown} */
  const convert = (node) => {
    if (Array.isArray(node)) return node.map(convert);
    if (node === null || typeof node !== "object") return node;
    /** @type {Record<string, unknown>} */
    const result = {};
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith("x-") || DROPPED.has(key)) continue;
      if (key === "enum" && isOpenEnum(node)) continue;
      if (key === "$ref") {
        if (!value.startsWith(SCHEMA_PREFIX)) throw new Error(`unsupported $ref in a ${what} schema: ${value}`);
        result.$ref = `${defsId}#/$defs/${value.slice(SCHEMA_PREFIX.length)}`;
      } else if (SCHEMA_MAPS.has(key)) {
        result[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, convert(sub)]));
      } else if (key === "enum" || key === "const" || key === "required" || key === "type") {
        result[key] = value;
      } else {
        result[key] = convert(value);
      }
    }
    return result;
  };
  return convert;
}

/**
 * Names of the component schemas reachable from `roots` (schema nodes) through `$ref`, sorted.
 * @param {any} spec
 * @param {unknown[]} roots
 * @returns {string[]}
 */
export function reachableSchemas(spec, roots) {
  /** @type {Set<string>} */
  const seen = new Set();
  /** @type {(node: any) => void} */
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== "object") return;
    if (typeof node.$ref === "string" && node.$ref.startsWith(SCHEMA_PREFIX)) {
      const name = node.$ref.slice(SCHEMA_PREFIX.length);
      if (!seen.has(name)) {
        seen.add(name);
        visit(spec.components.schemas[name]);
      }
    }
    Object.values(node).forEach(visit);
  };
  roots.forEach(visit);
  return [...seen].sort();
}

/**
 * An Ajv instance that writes ESM standalone code; formats are documentation here, never enforced.
 * @param {{ allErrors: boolean }} options
 * @returns {import("ajv/dist/2020.js").default}
 */
export function createStandaloneAjv({ allErrors }) {
  // Union types (e.g. an amount that is a string, a number or null) are written as one `type` list by the webhook generator.
  return new Ajv2020({
    strict: true,
    allowUnionTypes: true,
    allErrors,
    validateFormats: false,
    code: { source: true, esm: true, lines: true, optimize: true },
  });
}

// Ajv's standalone code `require`s a few runtime helpers even in ESM mode. Nothing shipped may depend on ajv at run
// time, so the helpers it may need are inlined (same algorithms as ajv/dist/runtime/<name>); any other one fails.
/** @type {Record<string, string>} */
const RUNTIME_HELPERS = {
  ucs2length: [
    "function __ajv_ucs2length(str) {",
    "  // Length in Unicode code points (a surrogate pair counts once), as JSON Schema's minLength/maxLength require.",
    "  const len = str.length;",
    "  let length = 0;",
    "  let pos = 0;",
    "  while (pos < len) {",
    "    length++;",
    "    const value = str.charCodeAt(pos++);",
    "    if (value >= 0xd800 && value <= 0xdbff && pos < len && (str.charCodeAt(pos) & 0xfc00) === 0xdc00) pos++;",
    "  }",
    "  return length;",
    "}",
  ].join("\n"),
  equal: [
    "function __ajv_equal(a, b) {",
    "  // Deep equality of JSON values, as JSON Schema's const/enum/uniqueItems require.",
    "  if (a === b) return true;",
    "  if (a && b && typeof a === 'object' && typeof b === 'object') {",
    "    if (Array.isArray(a) !== Array.isArray(b)) return false;",
    "    const keys = Object.keys(a);",
    "    if (keys.length !== Object.keys(b).length) return false;",
    "    return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && __ajv_equal(a[key], b[key]));",
    "  }",
    "  return a !== a && b !== b;",
    "}",
  ].join("\n"),
};

/**
 * Ajv's standalone code for `exports` (name -> schema id), with its runtime helpers inlined.
 * @param {import("ajv/dist/2020.js").default} ajv
 * @param {Record<string, string>} exports
 */
export function standaloneModule(ajv, exports) {
  /** @type {Set<string>} */
  const used = new Set();
  /** @type {string} */
  const code = standaloneCode(ajv, exports).replace(
    /require\("ajv\/dist\/runtime\/([a-zA-Z0-9]+)"\)\.default/g,
    (/** @type {string} */ _, /** @type {string} */ name) => {
      if (!RUNTIME_HELPERS[name])
        throw new Error(`Ajv standalone code needs runtime helper "${name}": inline it in ajv-standalone.mjs`);
      used.add(name);
      return `__ajv_${name}`;
    },
  );
  if (/\brequire\(|^\s*import\b/m.test(code)) throw new Error("Ajv standalone code needs a runtime import");
  // Function declarations are hoisted, so the helpers can follow the code that references them at module load.
  return [code, ...[...used].sort().map((name) => RUNTIME_HELPERS[name])].join("\n");
}

/**
 * Declarations of the generated validators' interfaces, named `<prefix>ValidationError` and `<prefix>Validator`.
 * @param {string} prefix
 * @param {string} checked
 */
export function validatorDeclarations(prefix, checked) {
  return [
    `/** One failed check, as Ajv reports it: \`instancePath\` is a JSON pointer into the ${checked}. */`,
    `export interface ${prefix}ValidationError {`,
    "  instancePath: string;",
    "  schemaPath: string;",
    "  keyword: string;",
    "  params: Record<string, unknown>;",
    "  message?: string;",
    "}",
    "",
    "/** A generated validator: returns whether `data` matches, and leaves the failures in `errors`. */",
    `export interface ${prefix}Validator {`,
    "  (data: unknown): boolean;",
    `  errors?: ${prefix}ValidationError[] | null;`,
    "}",
    "",
  ];
}
