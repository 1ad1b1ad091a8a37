// Reading a bundled OpenAPI spec as plain JSON data: references, operations and their parameters. `p100 verify` works
// on whatever spec it is given (the one shipped in the package, or a test's own), so nothing here is generated.

/** A JSON object of a spec (a schema, an operation, a parameter...), read loosely. */
export type SpecNode = { readonly [key: string]: unknown };

/** A bundled OpenAPI document: only local `#/...` references. */
export interface Spec {
  readonly paths?: Readonly<Record<string, SpecNode>>;
  readonly components?: SpecNode;
  readonly [key: string]: unknown;
}

/** One operation of the spec, with its parameters merged (operation level wins over path level). */
export interface SpecOperation {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  /** `x-p100-confidence` of the operation: "confirmed", "older-docs", "inferred" or "(none)". */
  readonly confidence: string;
  readonly parameters: readonly SpecNode[];
  readonly responses: Readonly<Record<string, SpecNode>>;
  /** Whether the request body requires something (an empty JSON body is then refused before anything is done). */
  readonly bodyRequiresFields: boolean;
}

const METHODS = ["get", "head", "put", "post", "delete", "options", "patch", "trace"];

/** Whether `value` is a JSON object (not null, not an array). */
export function isObject(value: unknown): value is SpecNode {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Follows `$ref`s (local, a bounded number of hops) to the node they point at. */
export function deref(spec: Spec, node: unknown): SpecNode | undefined {
  let current = node;
  for (let hops = 0; hops < 32 && isObject(current) && typeof current["$ref"] === "string"; hops++) {
    const ref = current["$ref"];
    if (!ref.startsWith("#/")) return undefined;
    current = ref
      .slice(2)
      .split("/")
      .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce<unknown>((at, key) => (isObject(at) ? at[key] : undefined), spec);
  }
  return isObject(current) ? current : undefined;
}

/** Every operation of the spec, in spec order. */
export function specOperations(spec: Spec): SpecOperation[] {
  const result: SpecOperation[] = [];
  for (const [path, rawItem] of Object.entries(spec.paths ?? {})) {
    const item = deref(spec, rawItem) ?? {};
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const params = new Map<string, SpecNode>();
      for (const raw of [...asArray(item["parameters"]), ...asArray(op["parameters"])]) {
        const p = deref(spec, raw);
        if (p && typeof p["name"] === "string" && typeof p["in"] === "string") params.set(`${p["in"]}:${p["name"]}`, p);
      }
      const responses: Record<string, SpecNode> = {};
      for (const [status, raw] of Object.entries(isObject(op["responses"]) ? op["responses"] : {})) {
        const response = deref(spec, raw);
        if (response) responses[status] = response;
      }
      result.push({
        operationId: typeof op["operationId"] === "string" ? op["operationId"] : `${method.toUpperCase()} ${path}`,
        method,
        path,
        confidence: typeof op["x-p100-confidence"] === "string" ? op["x-p100-confidence"] : "(none)",
        parameters: [...params.values()],
        responses,
        bodyRequiresFields: bodyRequiresFields(spec, op["requestBody"]),
      });
    }
  }
  return result;
}

/** The example value the spec gives a parameter, or undefined. */
export function parameterExample(spec: Spec, parameter: SpecNode): unknown {
  if (parameter["example"] !== undefined) return parameter["example"];
  const first = Object.values(isObject(parameter["examples"]) ? parameter["examples"] : {})[0];
  if (first !== undefined) return deref(spec, first)?.["value"];
  const schema = deref(spec, parameter["schema"]) ?? {};
  if (schema["example"] !== undefined) return schema["example"];
  if (Array.isArray(schema["examples"]) && schema["examples"].length > 0) return schema["examples"][0];
  return schema["default"] ?? schema["const"];
}

/** The documented response of `status` (exact, then "2XX"-style, then "default"), or undefined. */
export function documentedResponse(operation: SpecOperation, status: number): SpecNode | undefined {
  const { responses } = operation;
  return responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses["default"];
}

/** The JSON schema of a response (its `application/json` or `*+json` content), or undefined. */
export function jsonSchemaOf(spec: Spec, response: SpecNode | undefined): SpecNode | undefined {
  const content = isObject(response?.["content"]) ? response["content"] : {};
  const media = Object.keys(content).find((type) => /^application\/(.+\+)?json/.test(type));
  const entry = media === undefined ? undefined : content[media];
  return isObject(entry) ? deref(spec, entry["schema"]) : undefined;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function bodyRequiresFields(spec: Spec, requestBody: unknown): boolean {
  const body = deref(spec, requestBody);
  const content = isObject(body?.["content"]) ? body["content"] : {};
  return Object.values(content).some((media) => isObject(media) && requiresFields(spec, media["schema"], 0));
}

/** Whether a schema refuses an empty object: it, one of its allOf parts, or every one of its alternatives requires a field. */
function requiresFields(spec: Spec, node: unknown, depth: number): boolean {
  const schema = deref(spec, node);
  if (!schema || depth > 16) return false;
  if (asArray(schema["required"]).length > 0) return true;
  if (asArray(schema["allOf"]).some((s) => requiresFields(spec, s, depth + 1))) return true;
  const alternatives = [...asArray(schema["oneOf"]), ...asArray(schema["anyOf"])];
  return alternatives.length > 0 && alternatives.every((s) => requiresFields(spec, s, depth + 1));
}
