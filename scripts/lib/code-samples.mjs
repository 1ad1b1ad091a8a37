// @ts-check
// TypeScript samples for the docs page (Redoc's `x-codeSamples`): for each operation the SDK method called in the
// flat form (path, query and body fields by name in one object) with the operation's documented request example, and
// for each webhook the handler registration. Added by scripts/docs.mjs to a copy of the bundled spec, never to openapi/.
import { deref } from "./spec-ref.mjs";
import { listWebhooks as webhookRuntimeTable } from "./webhook-validators.mjs";

const CLIENT = `import { createP100Client } from "p100-partner-sdk";

const p100 = createP100Client({
  apiKey: process.env.P100_API_KEY ?? "",
});`;

/** A JavaScript identifier can be written bare as an object key; anything else is quoted. */
const key = (/** @type {string} */ name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));

/**
 * `value` as a TypeScript literal, indented to `depth` (JSON is valid TypeScript; keys are written bare where they can be).
 * @param {unknown} value
 * @param {number} depth
 * @returns {string}
 */
function literal(value, depth) {
  const pad = "  ".repeat(depth + 1);
  const end = "  ".repeat(depth);
  if (value instanceof Code) return value.text;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => `${pad}${literal(v, depth + 1)},`).join("\n")}\n${end}]`;
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    return `{\n${entries.map(([k, v]) => `${pad}${key(k)}: ${literal(v, depth + 1)},`).join("\n")}\n${end}}`;
  }
  return JSON.stringify(value);
}

/** Source code to place as is inside a literal (a Blob read from disk). */
class Code {
  /** @param {string} text */
  constructor(text) {
    this.text = text;
  }
}

/**
 * The example value of a parameter: its own example, else its schema's.
 * @param {any} spec
 * @param {any} parameter
 */
function parameterExample(spec, parameter) {
  if (parameter.example !== undefined) return parameter.example;
  const first = Object.values(parameter.examples ?? {})[0];
  if (first) return deref(spec, first).value;
  const schema = deref(spec, parameter.schema ?? {});
  return schema.example ?? schema.examples?.[0] ?? schema.default ?? schema.enum?.[0] ?? `<${parameter.name}>`;
}

/**
 * The fields of a request body: the first documented example, or for multipart uploads Blobs read from disk.
 * @param {any} spec
 * @param {any} op
 * @returns {{ fields: Record<string, unknown>, usesFiles: boolean }}
 */
function bodyFields(spec, op) {
  const body = op.requestBody && deref(spec, op.requestBody);
  if (!body) return { fields: {}, usesFiles: false };
  const [mediaType, media] = Object.entries(body.content ?? {})[0] ?? [];
  const named = Object.values(media?.examples ?? {})[0];
  const example = named ? deref(spec, named).value : media?.example;
  if (example && typeof example === "object" && !Array.isArray(example)) return { fields: example, usesFiles: false };
  if (mediaType !== "multipart/form-data") return { fields: {}, usesFiles: false };
  // Multipart bodies have no JSON example: each binary field is a Blob, here read from a file with fs.openAsBlob.
  const schema = deref(spec, media.schema ?? {});
  /** @type {Record<string, unknown>} */
  const fields = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const field = deref(spec, property);
    const blob = (/** @type {string} */ file) => new Code(`await openAsBlob("${file}")`);
    fields[name] = field.type === "array" ? [blob(`${name}-1.jpg`)] : blob(`${name}.jpg`);
  }
  return { fields, usesFiles: true };
}

/**
 * The flat call of one operation: `await p100.<operationId>({ ...path, ...query, ...body })`.
 * @param {any} spec
 * @param {{ op: any, item: any }} entry
 */
export function operationSample(spec, { op, item }) {
  /** @type {Record<string, unknown>} */
  const args = {};
  const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => deref(spec, p));
  for (const parameter of parameters) {
    if (parameter.in === "path" || parameter.in === "query") args[parameter.name] = parameterExample(spec, parameter);
  }
  const { fields, usesFiles } = bodyFields(spec, op);
  // A body field named like a path or query parameter is one field of the flat call (the same user, the same id).
  for (const [name, value] of Object.entries(fields)) if (!(name in args)) args[name] = value;
  const call =
    Object.keys(args).length === 0 ? `p100.${op.operationId}()` : `p100.${op.operationId}(${literal(args, 0)})`;
  const imports = usesFiles ? `import { openAsBlob } from "node:fs";\n` : "";
  return `${imports}${CLIENT}\n\nconst result = await ${call};`;
}

/**
 * Per webhook kind: the registration of its typed callback with the SDK's receiver, and where P100 delivers it.
 * @param {any} spec
 */
export function webhookSamples(spec) {
  /** @type {Record<string, string>} */
  const samples = {};
  for (const { kind, defaultPath } of webhookRuntimeTable(spec)) {
    samples[kind] = `import { createNodeWebhookHandler } from "p100-partner-sdk/webhooks";

// P100 POSTs it to ${defaultPath}
const handler = createNodeWebhookHandler({
  token: process.env.P100_WEBHOOK_TOKEN ?? "",
  on: {
    ${kind}: async (payload) => {
      // typed payload; answer fast
    },
  },
});
// Node: createServer(handler); Express: app.use(handler)`;
  }
  return samples;
}
