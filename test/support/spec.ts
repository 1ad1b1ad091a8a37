// Read-only access to the bundled spec, for tests that walk it.
import { deref as derefIn } from "../../scripts/lib/spec-ref.mjs";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const bundledSpecPath = fileURLToPath(new URL("../../generated/openapi.json", import.meta.url));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The bundled spec as plain JSON. */
export const spec: Json = JSON.parse(readFileSync(bundledSpecPath, "utf8"));

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;

/** A documented error example of an operation: the status it is listed under, its name and its value. */
export interface ErrorExample {
  status: string;
  name: string;
  mediaType: string;
  value: unknown;
}

export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  op: Json;
}

/** Resolves a local `#/...` reference of the bundled spec. */
export const deref = (node: Json): Json => derefIn(spec, node);

/** Every operation of the bundled spec. */
export function specOperations(): SpecOperation[] {
  const result: SpecOperation[] = [];
  for (const [path, item] of Object.entries<Json>(spec.paths ?? {})) {
    for (const method of METHODS) {
      if (item[method]) result.push({ operationId: item[method].operationId, method, path, op: item[method] });
    }
  }
  return result;
}

export function findOperation(operationId: string): SpecOperation {
  const found = specOperations().find((o) => o.operationId === operationId);
  if (!found) throw new Error(`operation ${operationId} is not in the bundled spec`);
  return found;
}

/** The named examples of every non-2xx response of an operation. */
export function errorExamples(operationId: string): ErrorExample[] {
  const { op } = findOperation(operationId);
  const result: ErrorExample[] = [];
  for (const [status, responseRef] of Object.entries<Json>(op.responses ?? {})) {
    if (/^2/.test(status)) continue;
    const response = deref(responseRef);
    for (const [mediaType, media] of Object.entries<Json>(response.content ?? {})) {
      for (const [name, example] of Object.entries<Json>(media.examples ?? {})) {
        result.push({ status, name, mediaType, value: deref(example).value });
      }
    }
  }
  return result;
}

/** Named examples of the 2xx responses other than the lowest one (Prism's default answer). */
export function otherSuccessExamples(operationId: string): ErrorExample[] {
  const { op } = findOperation(operationId);
  const statuses = Object.keys(op.responses ?? {})
    .filter((s) => /^2/.test(s))
    .sort()
    .slice(1);
  return statuses.flatMap((status) =>
    Object.entries<Json>(deref(op.responses[status]).content ?? {}).flatMap(([mediaType, media]) =>
      Object.entries<Json>(media.examples ?? {}).map(([name, example]) => ({
        status,
        name,
        mediaType,
        value: deref(example).value,
      })),
    ),
  );
}

/** The first example of the lowest 2xx response: what Prism answers by default. */
export function successExample(operationId: string): { status: number; value: unknown } | undefined {
  const { op } = findOperation(operationId);
  const status = Object.keys(op.responses ?? {})
    .filter((s) => /^2/.test(s))
    .sort()[0];
  if (!status) return undefined;
  const response = deref(op.responses[status]);
  const media = Object.values<Json>(response.content ?? {})[0];
  if (!media) return { status: Number(status), value: undefined };
  const first = media.examples ? deref(Object.values<Json>(media.examples)[0]).value : media.example;
  return { status: Number(status), value: first };
}
