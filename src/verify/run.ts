// Runs a verification: every read (GET) of the spec against the target, path parameters from the command line or
// from earlier answers (a user's card list gives a cardId), then, only when asked, one probe per inferred write.
// Each answer is classified; a path the server does not know is retried at the paths given with --try and at a few
// guessed variants (reads only), so the report can name the path that works.
import { readStreamWithin } from "../webhooks/bytes.js";
import { candidatePaths } from "./candidates.js";
import { classifyProbe, classifyRead, type Answer, type Classification, type Verdict } from "./classify.js";
import type { Difference } from "./compare.js";
import { redactedExcerpt, redactSecrets } from "./redact.js";
import {
  documentedResponse,
  isObject,
  jsonSchemaOf,
  parameterExample,
  specOperations,
  type Spec,
  type SpecNode,
  type SpecOperation,
} from "./spec.js";
import { fillPath, pathParameterNames } from "../path-template.js";

/** The value sent in every path parameter of a write probe: never a real resource, so no probe can change one. */
export const PROBE_PLACEHOLDER = "p100-verify-probe-nonexistent";
const TIMEOUT_MS = 30_000;
/** The largest answer read; the API's answers are a few kB, and a runaway one must not exhaust the machine. */
const MAX_ANSWER_BYTES = 5 * 1024 * 1024;

/** A path that answered where the spec's did not. */
export interface FoundPath {
  readonly path: string;
  readonly status: number;
  /** "--try" when the partner gave it, "guess" when it is one of this tool's variants. */
  readonly how: "--try" | "guess";
}

/** The outcome for one operation of the spec. */
export interface OperationReport {
  readonly operationId: string;
  readonly method: string;
  /** The spec's path template. */
  readonly path: string;
  readonly confidence: string;
  /** "read" (a GET), "probe" (a write with an empty body) or "skipped" (not sent). */
  readonly kind: "read" | "probe" | "skipped";
  readonly verdict: Verdict;
  readonly reason: string;
  readonly status?: number;
  readonly errorCode?: string;
  readonly differences: readonly Difference[];
  /** The answer's shape with its data replaced (redact.ts). */
  readonly excerpt?: string;
  /** ISO time of the answer. */
  readonly at?: string;
  /** Where each path parameter came from: "--param", or the operationId whose answer gave it. */
  readonly inputsFrom?: Readonly<Record<string, string>>;
  /** Paths tried after the spec's answered "no such path", in order. */
  readonly tried?: readonly string[];
  readonly foundPath?: FoundPath;
}

/** A write probe, named to the user before anything is sent. */
export interface ProbePlan {
  readonly operationId: string;
  readonly method: string;
  /** The path as sent (placeholders filled with PROBE_PLACEHOLDER). */
  readonly url: string;
}

/** Options of {@link runVerification}. */
export interface VerificationOptions {
  readonly spec: Spec;
  readonly baseUrl: string;
  readonly apiKey: string;
  /** Values by parameter name (externalUserId, cardId, page...) from the command line. */
  readonly values: Readonly<Record<string, string>>;
  /** Paths to try per operationId when the spec's is not found. */
  readonly tries?: Readonly<Record<string, readonly string[]>>;
  /** Only these operationIds (default: all). */
  readonly only?: readonly string[] | undefined;
  readonly probeWrites?: boolean;
  /** Asked once with every probe before any is sent; resolves true to send them. */
  readonly confirmProbes?: (probes: readonly ProbePlan[]) => Promise<boolean>;
  /** One line per request sent and per result. */
  readonly onProgress?: (line: string) => void;
  readonly fetch?: typeof globalThis.fetch;
  readonly userAgent?: string;
}

interface Known {
  readonly value: string;
  readonly from: string;
}

/** Verifies every operation of `options.spec`; resolves to one report per operation, in spec order. */
export async function runVerification(options: VerificationOptions): Promise<OperationReport[]> {
  const { spec } = options;
  const say = options.onProgress ?? (() => {});
  const send = sender(options);
  const selected = specOperations(spec).filter((op) => !options.only || options.only.includes(op.operationId));
  const known = new Map<string, Known>(
    Object.entries(options.values).map(([name, value]) => [name, { value, from: "--param" }]),
  );
  const reports = new Map<SpecOperation, OperationReport>();

  // Reads, in passes: an operation waiting for an id runs once an earlier answer has given it.
  let pending = selected.filter((op) => op.method === "get");
  for (let progress = true; progress && pending.length > 0;) {
    progress = false;
    for (const op of pending) {
      const request = fillRead(spec, op, known);
      if (!request) continue;
      progress = true;
      say(`GET ${op.path} (${op.operationId})`);
      const report = await verifyRead(spec, op, request, send, options.tries?.[op.operationId] ?? [], say);
      harvest(report.answerBody, op.operationId, known);
      reports.set(op, report.result);
      say(`  ${op.operationId}: ${report.result.verdict} (${report.result.reason})`);
    }
    pending = pending.filter((op) => !reports.has(op));
  }
  for (const op of pending) {
    const missing = missingInputs(spec, op, known);
    reports.set(op, skipped(op, `missing input ${missing.join(", ")}: pass it with --param name=value`));
  }

  const writes = selected.filter((op) => op.method !== "get");
  const probes: { op: SpecOperation; urls: string[] }[] = [];
  for (const op of writes) {
    if (!options.probeWrites) {
      reports.set(op, skipped(op, "a write: sent only with --probe-writes"));
    } else if (op.confidence !== "inferred") {
      reports.set(op, skipped(op, `a write whose path is ${op.confidence}, not inferred: not probed`));
    } else if (!/\{/.test(op.path) && !op.bodyRequiresFields) {
      reports.set(
        op,
        skipped(op, "an empty body is a valid request for it, so a probe would really do the write: not probed"),
      );
    } else {
      const urls = [op.path, ...(options.tries?.[op.operationId] ?? [])].map((p) =>
        fillPath(p, () => PROBE_PLACEHOLDER),
      );
      probes.push({ op, urls });
    }
  }
  if (probes.length > 0) {
    const plans = probes.flatMap(({ op, urls }) =>
      urls.map((url) => ({ operationId: op.operationId, method: op.method.toUpperCase(), url })),
    );
    const yes = options.confirmProbes ? await options.confirmProbes(plans) : false;
    for (const { op, urls } of probes) {
      if (!yes) {
        reports.set(op, skipped(op, "write probe not confirmed: nothing sent"));
        continue;
      }
      reports.set(op, await probeWrite(op, urls, send, say, options.tries?.[op.operationId] ?? []));
    }
  }
  return selected.map((op) => reports.get(op) as OperationReport);
}

type Send = (
  method: string,
  path: string,
  query: readonly [string, string][],
  body?: string,
) => Promise<{ answer?: Answer; at: string; failure?: string }>;

function sender(options: VerificationOptions): Send {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const secrets = [options.apiKey];
  return async (method, path, query, body) => {
    const url = new URL(`${options.baseUrl}${path}`);
    for (const [name, value] of query) url.searchParams.append(name, value);
    const headers: Record<string, string> = {
      accept: "application/json",
      "x-api-key": options.apiKey,
      "user-agent": options.userAgent ?? "p100-verify",
    };
    if (body !== undefined) headers["content-type"] = "application/json";
    const at = new Date().toISOString();
    try {
      // Never follow a redirect: fetch would resend the key to wherever Location points.
      const response = await fetchImpl(url, {
        method,
        headers,
        redirect: "manual",
        signal: AbortSignal.timeout(TIMEOUT_MS),
        ...(body === undefined ? {} : { body }),
      });
      const bytes = await readStreamWithin(
        response.body,
        MAX_ANSWER_BYTES,
        () => new Error(`the answer is larger than ${MAX_ANSWER_BYTES} bytes`),
      );
      const text = new TextDecoder().decode(bytes);
      const contentType = response.headers.get("content-type") ?? "";
      let parsed: unknown = text === "" ? undefined : text;
      try {
        if (text !== "") parsed = JSON.parse(text);
      } catch {
        // Not JSON: kept as text (an HTML page, a proxy's message).
      }
      return { answer: { status: response.status, body: parsed, contentType }, at };
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      return {
        at,
        failure: redactSecrets(
          `request failed: ${cause ?? (error instanceof Error ? error.message : String(error))}`,
          secrets,
        ),
      };
    }
  };
}

interface ReadRequest {
  readonly pathParams: Readonly<Record<string, string>>;
  readonly query: readonly [string, string][];
  readonly inputsFrom: Readonly<Record<string, string>>;
}

const fill = (template: string, params: Readonly<Record<string, string>>) =>
  fillPath(template, (name) => encodeURIComponent(params[name] ?? ""));
const placeholders = pathParameterNames;

/** Values for every input of a read, or undefined when one is missing. */
function fillRead(spec: Spec, op: SpecOperation, known: ReadonlyMap<string, Known>): ReadRequest | undefined {
  if (missingInputs(spec, op, known).length > 0) return undefined;
  const pathParams: Record<string, string> = {};
  const inputsFrom: Record<string, string> = {};
  for (const name of placeholders(op.path)) {
    const k = known.get(name) as Known;
    pathParams[name] = k.value;
    inputsFrom[name] = k.from;
  }
  const query: [string, string][] = [];
  for (const p of op.parameters.filter((x) => x["in"] === "query")) {
    const name = String(p["name"]);
    const value = known.get(name)?.value ?? (p["required"] === true ? parameterExample(spec, p) : undefined);
    if (value !== undefined && value !== null) query.push([name, String(value)]);
  }
  return { pathParams, query, inputsFrom };
}

function missingInputs(spec: Spec, op: SpecOperation, known: ReadonlyMap<string, Known>): string[] {
  const missing = placeholders(op.path).filter((name) => !known.has(name));
  for (const p of op.parameters) {
    if (p["in"] !== "query" || p["required"] !== true) continue;
    const name = String(p["name"]);
    if (!known.has(name) && parameterExample(spec, p) === undefined) missing.push(`${name} (query)`);
  }
  return missing;
}

async function verifyRead(
  spec: Spec,
  op: SpecOperation,
  request: ReadRequest,
  send: Send,
  tries: readonly string[],
  say: (line: string) => void,
): Promise<{ result: OperationReport; answerBody: unknown }> {
  const sent = await send("GET", fill(op.path, request.pathParams), request.query);
  const base = { ...describe(op), kind: "read" as const, inputsFrom: request.inputsFrom };
  if (!sent.answer)
    return {
      result: { ...base, verdict: "inconclusive", reason: sent.failure ?? "no answer", differences: [], at: sent.at },
      answerBody: undefined,
    };
  const classification = classifyRead(spec, op, sent.answer);
  const result: OperationReport = { ...base, ...evidence(spec, op, sent.answer, classification), at: sent.at };
  let answerBody = sent.answer.status < 300 ? sent.answer.body : undefined;
  if (classification.verdict !== "not-found") return { result, answerBody };
  // The spec's path is unknown to the server: the partner's --try paths first, then this tool's guesses (GET only).
  const tried: string[] = [];
  const queue: [string, FoundPath["how"]][] = [
    ...tries.map((p): [string, FoundPath["how"]] => [p, "--try"]),
    ...candidatePaths(op.path).map((p): [string, FoundPath["how"]] => [p, "guess"]),
  ];
  for (const [path, how] of queue) {
    if (tried.includes(path)) continue;
    tried.push(path);
    say(`  GET ${path} (${op.operationId}, ${how === "--try" ? "given with --try" : "a guessed variant"})`);
    const other = await send("GET", fill(path, request.pathParams), request.query);
    // Only a success proves a guessed path is this operation (a P-code could come from another resource's handler).
    if (other.answer && other.answer.status >= 200 && other.answer.status < 300) {
      answerBody = other.answer.body;
      const fields = classifyRead(spec, op, other.answer);
      return {
        result: {
          ...result,
          tried,
          foundPath: { path, status: other.answer.status, how },
          differences: fields.differences,
          excerpt: excerptOf(spec, op, other.answer),
        },
        answerBody,
      };
    }
  }
  return { result: { ...result, tried }, answerBody };
}

async function probeWrite(
  op: SpecOperation,
  urls: readonly string[],
  send: Send,
  say: (line: string) => void,
  tries: readonly string[],
): Promise<OperationReport> {
  const method = op.method.toUpperCase();
  const base = { ...describe(op), kind: "probe" as const };
  let first: OperationReport | undefined;
  for (const [index, url] of urls.entries()) {
    say(`probe: ${method} ${url} with body {} (${op.operationId})`);
    const sent = await send(method, url, [], "{}");
    const classification: Classification = sent.answer
      ? classifyProbe(sent.answer)
      : { verdict: "inconclusive", reason: sent.failure ?? "no answer", differences: [] };
    say(`  ${op.operationId}: ${classification.verdict} (${classification.reason})`);
    const status = sent.answer ? { status: sent.answer.status } : {};
    const code = classification.errorCode ? { errorCode: classification.errorCode } : {};
    if (index === 0) {
      first = {
        ...base,
        verdict: classification.verdict,
        reason: classification.reason,
        ...status,
        ...code,
        differences: [],
        at: sent.at,
      };
      if (classification.verdict !== "not-found") return first;
    } else if (classification.verdict === "confirmed" && sent.answer) {
      return {
        ...(first as OperationReport),
        tried: tries.slice(0, index),
        foundPath: { path: tries[index - 1] as string, status: sent.answer.status, how: "--try" },
      };
    }
  }
  return { ...(first as OperationReport), ...(tries.length ? { tried: [...tries] } : {}) };
}

function describe(op: SpecOperation) {
  return { operationId: op.operationId, method: op.method, path: op.path, confidence: op.confidence };
}

function skipped(op: SpecOperation, reason: string): OperationReport {
  return { ...describe(op), kind: "skipped", verdict: "not-run", reason, differences: [] };
}

function excerptOf(spec: Spec, op: SpecOperation, answer: Answer): string {
  const schema: SpecNode | undefined = jsonSchemaOf(spec, documentedResponse(op, answer.status));
  return redactedExcerpt(spec, schema, answer.body);
}

function evidence(spec: Spec, op: SpecOperation, answer: Answer, c: Classification) {
  return {
    verdict: c.verdict,
    reason: c.reason,
    status: answer.status,
    ...(c.errorCode ? { errorCode: c.errorCode } : {}),
    differences: c.differences,
    excerpt: excerptOf(spec, op, answer),
  };
}

/** Remembers ids an answer gives (`cardId`, `transferId`...) for the reads that need them, first answer wins. */
function harvest(body: unknown, from: string, known: Map<string, Known>, depth = 0): void {
  if (depth > 8) return;
  if (Array.isArray(body)) {
    for (const item of body.slice(0, 20)) harvest(item, from, known, depth + 1);
    return;
  }
  if (!isObject(body)) return;
  for (const [key, value] of Object.entries(body)) {
    if (
      /Id$/.test(key) &&
      (typeof value === "string" || typeof value === "number") &&
      String(value) !== "" &&
      !known.has(key)
    ) {
      known.set(key, { value: String(value), from });
    } else if (typeof value === "object") harvest(value, from, known, depth + 1);
  }
}
