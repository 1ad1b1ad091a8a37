// Turns a bundled OpenAPI spec into the list of requests verify:live may send: one per read-only operation whose
// inputs are known, and a "not run" result for every other operation. Pure: works on whatever operations the spec
// holds, sends nothing.
import { deref } from "../spec-ref.mjs";
import { notRun } from "./classify.mjs";

const METHODS = ["get", "head", "put", "post", "delete", "options", "patch", "trace"];
export { deref };

/** The only methods verify:live ever sends. Anything else could change data on the server. */
export const READ_ONLY_METHODS = new Set(["get", "head"]);
/** The header carrying the API key: set by the runner, never taken from the spec or the command line. */
const API_KEY_HEADER = "x-api-key";

/** Every operation of the spec, in spec order, with its parameters merged (operation level overrides path level). */
export function specOperations(spec) {
  const result = [];
  for (const [path, rawItem] of Object.entries(spec.paths ?? {})) {
    const item = deref(spec, rawItem) ?? {};
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = new Map();
      for (const raw of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
        const p = deref(spec, raw);
        if (p?.name && p?.in) params.set(`${p.in}:${p.name}`, p);
      }
      result.push({
        operationId: op.operationId ?? `${method.toUpperCase()} ${path}`,
        method,
        path,
        confidence: String(op["x-p100-confidence"] ?? "(none)"),
        parameters: [...params.values()],
      });
    }
  }
  return result;
}

/** The example value the spec gives a parameter, or undefined. */
export function parameterExample(spec, parameter) {
  if (parameter.example !== undefined) return parameter.example;
  const first = Object.values(parameter.examples ?? {})[0];
  if (first !== undefined) return deref(spec, first)?.value;
  const schema = deref(spec, parameter.schema) ?? {};
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  return undefined;
}

/**
 * Plans every operation of `spec`. `inputs.externalUserId` fills the `externalUserId` path parameter;
 * `inputs.params` (name -> value) fills any other parameter (path, query or header) and overrides examples.
 * Required query and header parameters fall back to their spec example. Returns, per operation, either
 * `{ operation, request: { method, path, query, headers } }` or `{ operation, result }` (a "not run" result).
 */
export function planOperations(spec, inputs = {}) {
  const given = { ...(inputs.params ?? {}) };
  if (inputs.externalUserId && given.externalUserId === undefined) given.externalUserId = inputs.externalUserId;
  return specOperations(spec).map(({ parameters, ...operation }) => {
    if (!READ_ONLY_METHODS.has(operation.method)) return { operation, result: notRun(operation, "write") };
    if (operation.method === "head") {
      // Prism 5.14's proxy parses the upstream body as JSON and fails on an empty HEAD body (a 500 of its own).
      return { operation, result: notRun(operation, "unsupported", "HEAD cannot go through Prism 5.14's proxy") };
    }
    const missing = [];
    let path = operation.path;
    const query = [];
    const headers = {};
    for (const p of parameters) {
      if (p.in === "header" && p.name.toLowerCase() === API_KEY_HEADER) continue;
      const explicit = Object.hasOwn(given, p.name) ? given[p.name] : undefined;
      const value = p.in === "path" ? explicit : (explicit ?? (p.required ? parameterExample(spec, p) : undefined));
      if (value === undefined || value === null || value === "") {
        if (p.required || p.in === "path") missing.push(p.in === "path" ? p.name : `${p.name} (${p.in}, no example)`);
        continue;
      }
      if (p.in === "path") path = path.replaceAll(`{${p.name}}`, encodeURIComponent(String(value)));
      else if (p.in === "query") for (const v of Array.isArray(value) ? value : [value]) query.push([p.name, String(v)]);
      else if (p.in === "header") headers[p.name] = String(value);
      else missing.push(`${p.name} (${p.in} parameters are not supported)`);
    }
    // A template variable without a declared parameter is still an input we do not have.
    for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) if (!missing.includes(name)) missing.push(name);
    if (missing.length > 0) return { operation, result: notRun(operation, "missing-input", missing.join(", ")) };
    return { operation, request: { method: operation.method.toUpperCase(), path, query, headers } };
  });
}
