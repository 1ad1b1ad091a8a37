// What the benchmarks need from the bundled spec: each operation's documented request and success response, so
// that every benchmark works with whatever operations the spec holds (nothing here names an operation).
import { deref as derefIn } from "../scripts/lib/spec-ref.mjs";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { operationTable } from "../generated/operations.js";
import { root } from "./lib.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The bundled spec. */
export const spec: Json = JSON.parse(readFileSync(join(root, "generated", "openapi.json"), "utf8"));

/** A request the benchmarks can send: typed SDK arguments plus what a hand-written fetch needs. */
export interface BenchOperation {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  /** `params` of the SDK call (path, query and header parameters that are required or have an example). */
  readonly params: {
    path?: Record<string, unknown>;
    query?: Record<string, unknown>;
    header?: Record<string, unknown>;
  };
  /** The request body (an example from the spec, else a minimal value built from the schema); undefined if none. */
  readonly body: unknown;
  /** The request body's schema (resolved), for hand-written types. */
  readonly bodySchema: Json;
  /** Media type of the request body. */
  readonly bodyType: string | undefined;
  /** The documented success status and body. */
  readonly success: { status: number; body: unknown; contentType: string | undefined; schema: Json };
}

/** Resolves a local `#/...` reference of the bundled spec. */
export const deref = (node: Json): Json => derefIn(spec, node);

/** The first example of a media type or parameter (`examples` first, then `example`). */
function firstExample(node: Json): { found: boolean; value?: unknown } {
  if (node?.examples && typeof node.examples === "object" && !Array.isArray(node.examples)) {
    const first = Object.values<Json>(node.examples)[0];
    if (first !== undefined) return { found: true, value: deref(first).value };
  }
  if (node && "example" in node) return { found: true, value: node.example };
  return { found: false };
}

/** A minimal value that satisfies a schema: required properties only, first enum member, schema examples first. */
export function synthesize(schemaRef: Json, depth = 0): unknown {
  const schema = deref(schemaRef) ?? {};
  if (depth > 8) return null;
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if ("example" in schema) return schema.example;
  if ("default" in schema) return schema.default;
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s: Json) => synthesize(s, depth + 1)));
  if (schema.oneOf || schema.anyOf) return synthesize((schema.oneOf ?? schema.anyOf)[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== "null") : schema.type;
  switch (type) {
    case "string":
      return schema.format === "date"
        ? "2024-01-01"
        : schema.format === "date-time"
          ? "2024-01-01T00:00:00Z"
          : "x".repeat(Math.max(1, schema.minLength ?? 1));
    case "integer":
    case "number":
      return schema.minimum ?? 1;
    case "boolean":
      return false;
    case "array":
      return Array.from({ length: schema.minItems ?? 0 }, () => synthesize(schema.items, depth + 1));
    default: {
      const result: Record<string, unknown> = {};
      for (const name of schema.required ?? []) result[name] = synthesize(schema.properties?.[name] ?? {}, depth + 1);
      return result;
    }
  }
}

function parameters(pathItem: Json, op: Json): BenchOperation["params"] {
  const params: Record<string, Record<string, unknown>> = {};
  for (const raw of [...(pathItem.parameters ?? []), ...(op.parameters ?? [])]) {
    const param = deref(raw);
    if (!["path", "query", "header"].includes(param.in)) continue;
    const example = firstExample(param);
    if (!param.required && !example.found) continue;
    const value = example.found ? example.value : synthesize(param.schema ?? {});
    (params[param.in] ??= {})[param.name] = value;
  }
  return params;
}

function successOf(op: Json): BenchOperation["success"] {
  const status = Object.keys(op.responses ?? {})
    .filter((s) => /^2/.test(s))
    .sort()[0];
  if (!status) return { status: 200, body: undefined, contentType: undefined, schema: undefined };
  const response = deref(op.responses[status]);
  const [contentType, media] = Object.entries<Json>(response.content ?? {})[0] ?? [];
  if (!media) return { status: Number(status), body: undefined, contentType: undefined, schema: undefined };
  const example = firstExample(media);
  return {
    status: Number(status),
    body: example.found ? example.value : synthesize(media.schema ?? {}),
    contentType,
    schema: deref(media.schema),
  };
}

/** Every operation, in the order of the generated operation table (spec order). */
export function benchOperations(): BenchOperation[] {
  const result: BenchOperation[] = [];
  for (const [operationId, entry] of Object.entries(operationTable) as [string, { method: string; path: string }][]) {
    const pathItem = deref(spec.paths?.[entry.path]);
    const op = pathItem?.[entry.method];
    if (!op)
      throw new Error(`operation ${operationId} is in generated/operations.ts but not in generated/openapi.json`);
    const requestBody = deref(op.requestBody);
    const [bodyType, media] = Object.entries<Json>(requestBody?.content ?? {})[0] ?? [];
    let body: unknown;
    if (media) {
      const example = firstExample(media);
      body = example.found ? example.value : synthesize(media.schema ?? {});
    }
    result.push({
      operationId,
      method: entry.method,
      path: entry.path,
      params: parameters(pathItem, op),
      body,
      bodySchema: media ? deref(media.schema) : undefined,
      bodyType,
      success: successOf(op),
    });
  }
  return result;
}

/** The operation the per-call benchmarks use: the first JSON operation with a JSON success body. */
export function pickOperation(): BenchOperation {
  const all = benchOperations();
  const json = all.find(
    (o) => (o.bodyType ?? "application/json").includes("json") && o.success.contentType?.includes("json"),
  );
  const chosen = json ?? all[0];
  if (!chosen) throw new Error("the spec has no operation to benchmark");
  return chosen;
}

/** The SDK argument of an operation: `{ params, body }` with empty parts left out. */
export function sdkArgument(op: BenchOperation): Record<string, unknown> {
  const arg: Record<string, unknown> = {};
  if (Object.keys(op.params).length) arg.params = op.params;
  if (op.body !== undefined) arg.body = op.body;
  return arg;
}

/** The SDK method's flat input: path, query and body fields in one object (the openapi-fetch shape is sdkArgument). */
export function flatArgument(op: BenchOperation): Record<string, unknown> | undefined {
  const body = op.body !== null && typeof op.body === "object" ? (op.body as Record<string, unknown>) : {};
  const fields = { ...op.params.path, ...op.params.query, ...body };
  return Object.keys(fields).length ? fields : undefined;
}

/** The URL a hand-written fetch would build for an operation. */
export function rawUrl(baseUrl: string, op: BenchOperation): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(String(op.params.path?.[name] ?? "")),
  );
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(op.params.query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) query.append(name, String(item));
  }
  const search = query.toString();
  return `${baseUrl}${path}${search ? `?${search}` : ""}`;
}
