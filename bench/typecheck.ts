// 4. Type-check cost: a consumer that calls the first ten operations through the SDK (argument values from the
// spec's examples), against the same calls written as raw fetch with hand-written minimal types. `tsc` wall time
// and instantiation count (--extendedDiagnostics), interleaved rounds. The consumer sees the SDK as a user does:
// through emitted .d.ts files, with skipLibCheck.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { interleave, median, pairedRatio, root, scratchDir, timeNode, type BenchSize, type Row } from "./lib.js";
import { benchOperations, deref, flatArgument, rawUrl, type BenchOperation } from "./spec.js";

const TSC = join(root, "node_modules", "typescript", "bin", "tsc");
const OPERATIONS_WANTED = 10;

/** Compiler options of both consumers: the project's strict set, as a consumer with a strict tsconfig has it. */
const compilerOptions = {
  target: "ES2022",
  lib: ["ES2023", "DOM", "DOM.Iterable"],
  module: "NodeNext",
  moduleResolution: "NodeNext",
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  skipLibCheck: true,
  noEmit: true,
  types: [],
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** A hand-written minimal type: top-level fields only, nested objects left as `unknown`. */
function minimalType(schemaRef: Json): string {
  const schema = deref(schemaRef);
  if (!schema) return "unknown";
  if (schema.allOf) return schema.allOf.map(minimalType).join(" & ");
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== "null") : schema.type;
  if (type === "string") return "string";
  if (type === "integer" || type === "number") return "number";
  if (type === "boolean") return "boolean";
  if (type === "array") return "unknown[]";
  if (type === "object" || schema.properties) {
    const required = new Set<string>(schema.required ?? []);
    const fields = Object.entries<Json>(schema.properties ?? {}).map(([name, prop]) => {
      const p = deref(prop);
      const t =
        p?.type === "string"
          ? "string"
          : p?.type === "integer" || p?.type === "number"
            ? "number"
            : p?.type === "boolean"
              ? "boolean"
              : "unknown";
      return `${JSON.stringify(name)}${required.has(name) ? "" : "?"}: ${t};`;
    });
    return fields.length ? `{ ${fields.join(" ")} }` : "Record<string, unknown>";
  }
  return "unknown";
}

/** The consumer through the SDK: one client, ten typed calls, every result used. */
function sdkConsumer(ops: BenchOperation[], sdkTypes: string): string {
  const lines = [
    `import { createP100Client } from ${JSON.stringify(sdkTypes)};`,
    "",
    'const p100 = createP100Client({ apiKey: "key" });',
    "",
    "export async function run() {",
  ];
  ops.forEach((op, i) =>
    lines.push(`  const r${i} = await p100.${op.operationId}(${JSON.stringify(flatArgument(op)) ?? ""});`),
  );
  lines.push(`  return [${ops.map((_, i) => `r${i}`).join(", ")}] as const;`, "}", "");
  return lines.join("\n");
}

/** The same calls as raw fetch with hand-written minimal request and response types. */
function rawConsumer(ops: BenchOperation[]): string {
  const lines = [
    'const BASE = "https://partner-api-stage.p100.io";',
    "",
    "async function call<T>(method: string, url: string, body?: unknown): Promise<T> {",
    "  const response = await fetch(url, {",
    "    method,",
    '    headers: { "x-api-key": "key", "content-type": "application/json" },',
    "    ...(body === undefined ? {} : { body: JSON.stringify(body) }),",
    "  });",
    "  if (!response.ok) throw new Error(`HTTP ${response.status}`);",
    "  return (await response.json()) as T;",
    "}",
    "",
  ];
  ops.forEach((op, i) => {
    lines.push(
      `type Body${i} = ${minimalType(op.bodySchema)};`,
      `type Result${i} = ${minimalType(op.success.schema)};`,
    );
  });
  lines.push("", "export async function run() {");
  ops.forEach((op, i) => {
    const url = JSON.stringify(rawUrl("", op));
    const body = op.body === undefined ? "" : `, ${JSON.stringify(op.body)} satisfies Body${i}`;
    lines.push(
      `  const r${i} = await call<Result${i}>(${JSON.stringify(op.method.toUpperCase())}, BASE + ${url}${body});`,
    );
  });
  lines.push(`  return [${ops.map((_, i) => `r${i}`).join(", ")}] as const;`, "}", "");
  return lines.join("\n");
}

function writeProject(dir: string, source: string): void {
  writeFileSync(join(dir, "consumer.ts"), source);
  writeFileSync(
    join(dir, "tsconfig.json"),
    `${JSON.stringify({ compilerOptions, files: ["consumer.ts"] }, null, 2)}\n`,
  );
}

/** Runs tsc on a consumer project: wall ms, instantiations and check time. Fails on any type error. */
function check(dir: string): { ms: number; instantiations: number; checkMs: number; types: number } {
  const { ms, stdout } = timeNode([TSC, "-p", dir, "--extendedDiagnostics"]);
  const read = (label: string) => Number(new RegExp(`^${label}:\\s+([\\d.]+)`, "m").exec(stdout)?.[1] ?? Number.NaN);
  return { ms, instantiations: read("Instantiations"), checkMs: read("Check time") * 1000, types: read("Types") };
}

export async function measureTypecheck(size: BenchSize): Promise<Row[]> {
  const ops = benchOperations().slice(0, OPERATIONS_WANTED);
  const base = scratchDir("typecheck");
  // Declarations of the SDK, as the published package would ship them.
  const declarations = join(base, "types");
  timeNode([
    TSC,
    join(root, "src", "index.ts"),
    "--declaration",
    "--emitDeclarationOnly",
    "--outDir",
    declarations,
    "--rootDir",
    root,
    "--target",
    "ES2022",
    "--module",
    "NodeNext",
    "--moduleResolution",
    "NodeNext",
    "--strict",
    "--skipLibCheck",
    "--lib",
    "ES2023,DOM,DOM.Iterable",
    "--types",
    "node",
  ]);
  const withSdk = scratchDir("typecheck", "with-sdk");
  const withoutSdk = scratchDir("typecheck", "without-sdk");
  writeProject(withSdk, sdkConsumer(ops, "../types/src/index.js"));
  writeProject(withoutSdk, rawConsumer(ops));

  const runs: Record<"sdk" | "raw", ReturnType<typeof check>[]> = { sdk: [], raw: [] };
  const samples = await interleave(size.quick ? 1 : 4, {
    sdk: () => {
      const result = check(withSdk);
      runs.sdk.push(result);
      return result.ms;
    },
    raw: () => {
      const result = check(withoutSdk);
      runs.raw.push(result);
      return result.ms;
    },
  });
  const instantiations = { sdk: runs.sdk[0]!.instantiations, raw: runs.raw[0]!.instantiations };
  const note =
    ops.length < OPERATIONS_WANTED
      ? `the consumer calls ${ops.length} operation(s): the spec holds only ${ops.length} so far`
      : `the consumer calls ${ops.length} operations`;
  const detail = {
    operations: ops.map((o) => o.operationId),
    runs,
    checkMs: { sdk: median(runs.sdk.map((r) => r.checkMs)), raw: median(runs.raw.map((r) => r.checkMs)) },
    files: {
      withSdk: join(withSdk, "consumer.ts").replace(`${root}/`, ""),
      withoutSdk: join(withoutSdk, "consumer.ts").replace(`${root}/`, ""),
    },
  };
  return [
    {
      section: 4,
      id: "typecheck.wall",
      figure: `tsc wall time, consumer of ${ops.length} operation(s) (median)`,
      unit: "ms",
      value: median(samples.sdk),
      baseline: { label: "raw fetch + hand-written types", value: median(samples.raw) },
      ratio: pairedRatio(samples.sdk, samples.raw),
      ratioLabel: "SDK / raw fetch",
      note,
      detail,
    },
    {
      section: 4,
      id: "typecheck.checkTime",
      figure: `tsc "Check time", consumer of ${ops.length} operation(s) (median)`,
      unit: "ms",
      value: detail.checkMs.sdk,
      baseline: { label: "raw fetch + hand-written types", value: detail.checkMs.raw },
      ratio: detail.checkMs.sdk / detail.checkMs.raw,
      ratioLabel: "SDK / raw fetch",
      note,
    },
    {
      section: 4,
      id: "typecheck.instantiations",
      figure: `tsc instantiations, consumer of ${ops.length} operation(s)`,
      unit: "",
      value: instantiations.sdk,
      baseline: { label: "raw fetch + hand-written types", value: instantiations.raw },
      ratio: instantiations.sdk / instantiations.raw,
      ratioLabel: "SDK / raw fetch",
      note,
    },
    {
      // The figure to compare across call forms: it does not grow with the number of operations the consumer calls.
      section: 4,
      id: "typecheck.instantiationsPerCall",
      figure: `tsc instantiations per call (consumer of ${ops.length} operation(s) / ${ops.length})`,
      unit: "",
      value: instantiations.sdk / ops.length,
      baseline: { label: "raw fetch + hand-written types", value: instantiations.raw / ops.length },
      ratio: instantiations.sdk / instantiations.raw,
      ratioLabel: "SDK / raw fetch",
      note,
    },
  ];
}
