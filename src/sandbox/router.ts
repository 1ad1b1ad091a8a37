// The request pipeline: route by the generated operation table, authenticate, read and validate the request with the
// generated validators, call the resource handler, answer in the API's shapes. Every answer carries
// `x-p100-sandbox: true`: the sandbox never passes for P100.
import { operationTable, type OperationId } from "../../generated/operations.js";
import { fillPath } from "../path-template.js";
import { readStreamWithin } from "../webhooks/bytes.js";
import {
  requestContracts,
  type RequestValidationError,
  type RequestValidator,
} from "../../generated/request-validators.js";
import type { SandboxCore } from "./core.js";
import { apiError, payloadTooLarge, rateLimited, routeNotFound, SandboxApiError, validationError } from "./errors.js";
import type { SandboxCallLog } from "./options.js";
import { RULES_HEADER, type RuleId } from "./rules.js";

/** A request as a handler sees it: validated parameters and body. */
export interface HandlerRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  /** The parsed JSON body (undefined when none was sent). */
  readonly body: Record<string, unknown> | undefined;
  /** Uploaded files of a multipart request (field `files`). */
  readonly files: readonly File[];
}

/** A non-JSON success answer (the KYC redirect page is HTML). */
export class TextAnswer {
  constructor(
    readonly text: string,
    readonly contentType: string,
  ) {}
}

/** A resource handler: returns the success body (or a TextAnswer), or throws a SandboxApiError. */
export type Handler = (core: SandboxCore, request: HandlerRequest) => unknown;

/** Handlers of a group of operations (check a group with `satisfies Handlers`, so its exact keys stay known). */
export type Handlers = { readonly [K in OperationId]?: Handler };

/**
 * Business checks that the API documents with their own code and that must come before schema validation, because
 * the spec also expresses them as a schema rule (Create a Transfer without a side is P424, although the spec's anyOf
 * would make it P403).
 */
export type Prechecks = {
  readonly [K in OperationId]?: (core: SandboxCore, body: Record<string, unknown> | undefined) => void;
};

/** One handler per operation of the spec: an operation without one fails `tsc`, naming it. */
export type OperationHandlers = { readonly [K in OperationId]: Handler };

interface Route {
  readonly operationId: OperationId;
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly multipart: boolean;
}

/** Compiles the operation table into routes; literal segments win over parameters. */
function compileRoutes(): Route[] {
  const routes = Object.entries(operationTable).map(([operationId, op]) => {
    const names: string[] = [];
    const source = fillPath(op.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&"), (name) => {
      names.push(name);
      return "([^/]+)";
    });
    return {
      operationId: operationId as OperationId,
      method: op.method.toUpperCase(),
      pattern: new RegExp(`^${source}/?$`),
      names,
      multipart: "body" in op && op.body === "multipart/form-data",
    };
  });
  return routes.sort((a, b) => a.names.length - b.names.length);
}

const SANDBOX_HEADERS = { "x-p100-sandbox": "true", "cache-control": "no-store" } as const;

/** A JSON answer. */
export function jsonResponse(status: number, body: unknown, extra: Readonly<Record<string, string>> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...SANDBOX_HEADERS, ...extra, "content-type": "application/json; charset=utf-8" },
  });
}

function textResponse(status: number, text: string, contentType: string): Response {
  return new Response(text, { status, headers: { ...SANDBOX_HEADERS, "content-type": contentType } });
}

/**
 * An error answer as the operation's spec entry allows it: a business code the entry does not list is answered as
 * P403 naming the code and its meaning (inferred: which code the API really sends there is not documented), so the
 * sandbox never answers a code the SDK's types do not expect for that call. Listing the code in the spec (with its
 * source) makes the sandbox answer it.
 */
function asDocumented(
  failure: SandboxApiError,
  operationId: OperationId | undefined,
  rules: Set<RuleId>,
): SandboxApiError {
  const code = failure.body.errorCode;
  if (operationId === undefined || typeof code !== "string" || code === "P403") return failure;
  if (requestContracts[operationId].errorCodes.includes(code)) return failure;
  rules.add("SBX-API-10");
  const meaning = typeof failure.body.errorMessage === "string" ? failure.body.errorMessage : code;
  return validationError(`${code}: ${meaning} (the documentation of this operation lists no ${code})`);
}

/** Runs synchronous engine work, adding the rules it cites to the call's rules (right even with concurrent calls). */
function runCited<T>(core: SandboxCore, rules: Set<RuleId>, work: () => T): T {
  core.cited.clear();
  try {
    return work();
  } finally {
    for (const rule of core.cited) rules.add(rule);
    core.cited.clear();
  }
}

/** The rules header of an answer: the rules cited while it was decided, in a stable order. */
function rulesHeader(rules: ReadonlySet<RuleId>): string {
  return [...rules].sort().join(", ");
}

/** A request as the pipeline reads it; built without a `Request` object when the caller passed a URL and a string. */
interface IncomingCall {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  /** The body, refusing more than `limit` bytes (413) without reading it all. */
  body(limit: number): Promise<Uint8Array<ArrayBuffer>>;
}

/** Reads a body up to `limit` bytes: a declared or actual length past it is refused with 413. */
function readLimited(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(payloadTooLarge(limit));
  return readStreamWithin(request.body, limit, () => payloadTooLarge(limit));
}

/**
 * The call behind fetch's arguments. A `Request` constructor costs more than the sandbox's own work, so the common
 * case of a URL with a string (or no) body is read directly; anything else goes through `Request`.
 */
function incomingCall(input: RequestInfo | URL, init: RequestInit | undefined): IncomingCall {
  const body = init?.body;
  if (!(input instanceof Request) && (body === undefined || body === null || typeof body === "string")) {
    const bytes = typeof body === "string" ? new TextEncoder().encode(body) : new Uint8Array(0);
    return {
      method: (init?.method ?? "GET").toUpperCase(),
      url: new URL(input instanceof URL ? input.href : input),
      headers: new Headers(init?.headers),
      body: async (limit) => {
        if (bytes.byteLength > limit) throw payloadTooLarge(limit);
        return bytes;
      },
    };
  }
  const request = input instanceof Request && init === undefined ? input : new Request(input, init);
  return {
    method: request.method.toUpperCase(),
    url: new URL(request.url),
    headers: request.headers,
    body: (limit) => readLimited(request, limit),
  };
}

/** Validation failures as the API words them ("body.amount must match pattern ..."), joined into one P403. */
function check(validator: RequestValidator | undefined, value: unknown, location: string, messages: string[]): void {
  if (!validator || validator(value)) return;
  for (const error of (validator.errors ?? []) as RequestValidationError[]) {
    const where = `${location}${error.instancePath.replace(/\//g, ".")}`;
    const text = `${where} ${error.message ?? "is invalid"}`;
    if (!messages.includes(text) && messages.length < 30) messages.push(text);
  }
}

/** Limits of the pipeline. */
export interface RouterLimits {
  readonly apiKey: string;
  readonly maxJsonBodyBytes: number;
  readonly maxUploadBodyBytes: number;
}

/** Builds the fetch-style entry point of the sandbox. */
export function createRouter(
  core: SandboxCore,
  handlers: OperationHandlers,
  prechecks: Prechecks,
  limits: RouterLimits,
  onCall?: (log: SandboxCallLog) => void,
) {
  const routes = compileRoutes();
  // Most paths carry an id, but a lookup by exact path first saves the regular expressions for literal routes.
  const literal = new Map<string, Route[]>();
  for (const route of routes) {
    if (route.names.length > 0) continue;
    const path = operationTable[route.operationId].path;
    literal.set(path, [...(literal.get(path) ?? []), route]);
  }
  const parameterised = routes.filter((r) => r.names.length > 0);

  async function handle(
    request: IncomingCall,
    log: { operationId: string | undefined },
    rules: Set<RuleId>,
  ): Promise<Response> {
    const { method, url } = request;
    const path = url.pathname.length > 1 && url.pathname.endsWith("/") ? url.pathname.slice(0, -1) : url.pathname;
    // A literal route first; else a route with parameters (GET /v1/user/balances/crypto-and-fiat is getUserBalances).
    const route =
      literal.get(path)?.find((r) => r.method === method) ??
      parameterised.find((r) => r.method === method && r.pattern.test(url.pathname));
    // A known path with another method is answered like an unknown path (the API's framework does so; inferred).
    if (!route) {
      rules.add("SBX-API-4");
      throw routeNotFound(method, url.pathname);
    }
    log.operationId = route.operationId;
    rules.add("SBX-API-1");

    const key = request.headers.get("x-api-key");
    if (!key || key !== limits.apiKey) {
      rules.add("SBX-API-2");
      return textResponse(401, `Access Denied. ${key ? "xo2" : "xo1"}`, "text/plain; charset=utf-8");
    }

    // A simulated rate limit (simulate.rateLimited): 429 with Retry-After, before any state changes (inferred).
    if (core.rateLimitedCalls > 0) {
      core.rateLimitedCalls -= 1;
      rules.add("SBX-API-8");
      throw rateLimited(core.retryAfterSeconds);
    }
    // A simulated outage (simulate.serviceUnavailable): the documented retryable answer, before any state changes.
    if (core.unavailableCalls > 0) {
      core.unavailableCalls -= 1;
      rules.add("SBX-API-6");
      throw apiError("P501");
    }

    const match = route.pattern.exec(url.pathname) as RegExpExecArray;
    const params: Record<string, string> = {};
    try {
      route.names.forEach((name, i) => (params[name] = decodeURIComponent(match[i + 1] as string)));
    } catch {
      rules.add("SBX-API-3");
      throw validationError("path parameters must be valid URL-encoded text");
    }
    const query: Record<string, string> = {};
    for (const [name, value] of url.searchParams) if (!(name in query)) query[name] = value;

    let body: Record<string, unknown> | undefined;
    let files: File[] = [];
    const contract = requestContracts[route.operationId];
    if (method !== "GET" && method !== "HEAD") {
      if (route.multipart) {
        const bytes = await request.body(limits.maxUploadBodyBytes);
        try {
          const form = await new Response(bytes, {
            headers: { "content-type": request.headers.get("content-type") ?? "" },
          }).formData();
          files = form.getAll("files").filter((v): v is File => typeof v !== "string");
        } catch {
          rules.add("SBX-API-3");
          throw validationError('body must be multipart/form-data with the files in the field "files"');
        }
      } else {
        const bytes = await request.body(limits.maxJsonBodyBytes);
        if (bytes.byteLength > 0) {
          let parsed: unknown;
          try {
            parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
          } catch {
            rules.add("SBX-API-3");
            throw validationError("body must be valid JSON");
          }
          if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
            rules.add("SBX-API-3");
            throw validationError("body must be a JSON object");
          }
          body = parsed as Record<string, unknown>;
        }
      }
    }

    const precheck = prechecks[route.operationId];
    if (precheck) runCited(core, rules, () => precheck(core, body));
    const messages: string[] = [];
    check(contract.path, params, "path", messages);
    check(contract.query, query, "query", messages);
    if (body !== undefined || contract.bodyRequired) check(contract.body, body, "body", messages);
    if (route.multipart && files.length === 0) messages.push("body.files must contain at least one file");
    if (messages.length > 0) {
      rules.add("SBX-API-3");
      throw validationError(messages);
    }

    const result = runCited(core, rules, () => handlers[route.operationId](core, { params, query, body, files }));
    if (result instanceof TextAnswer) return textResponse(contract.success, result.text, result.contentType);
    return jsonResponse(contract.success, result ?? {});
  }

  return async function sandboxFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const log: { operationId: string | undefined } = { operationId: undefined };
    let response: Response;
    // Like fetch, an unusable URL or init rejects instead of answering.
    const request = incomingCall(input, init);
    const rules = new Set<RuleId>();
    try {
      response = await handle(request, log, rules);
    } catch (error) {
      if (!(error instanceof SandboxApiError) && core.internalErrors.length < 20) core.internalErrors.push(error);
      const failure =
        error instanceof SandboxApiError
          ? asDocumented(error, log.operationId as OperationId | undefined, rules)
          : apiError("P500");
      if (!(error instanceof SandboxApiError)) rules.add("SBX-API-7");
      else if (failure.status === 413) rules.add("SBX-API-5");
      else if (typeof failure.body.errorCode === "string") rules.add("SBX-API-9");
      response = jsonResponse(failure.status, failure.body, failure.headers);
    }
    response.headers.set(RULES_HEADER, rulesHeader(rules.size > 0 ? rules : new Set(["SBX-API-1"])));
    core.runDue();
    if (onCall) {
      const errorCode =
        response.status >= 400
          ? await response
              .clone()
              .json()
              .then(
                (b: { errorCode?: string }) => b?.errorCode,
                () => undefined,
              )
          : undefined;
      try {
        onCall({
          method: request.method,
          path: request.url.pathname,
          operationId: log.operationId,
          status: response.status,
          errorCode,
        });
      } catch {
        // A broken logger must not change the answer.
      }
    }
    return response;
  };
}
