// Classifies what the live API answered to one read-only operation, from facts only: the operation, the HTTP status,
// the parsed body and the violations Prism's validating proxy reported. Pure: no I/O, no clock.

/** Every result an operation can get, in the order the report lists them. */
export const RESULTS = ["path-exists", "violates-spec", "path-unknown", "inconclusive", "not-run"];

const P_CODE = /^P\d{3}$/;
const PRISM_ERROR_TYPE = "https://stoplight.io/prism/errors";

/** The P100 error code of a body (`{"errorCode":"P412",...}`), or undefined when the body carries none. */
export function errorCodeOf(body) {
  const code = body && typeof body === "object" && !Array.isArray(body) ? body.errorCode : undefined;
  return typeof code === "string" && P_CODE.test(code) ? code : undefined;
}

/**
 * Parses Prism's `sl-violations` header (a JSON array of `{location, severity, code?, message}`) into violations
 * `{ side, pointer, message, severity }`: `side` is "request" or "response"; `pointer` is a JSON pointer into the body
 * (`/amount`), `headers:<name>`, `query`, or "" for the message as a whole (e.g. an undocumented status).
 */
export function parseViolations(header) {
  if (!header) return [];
  let list;
  try {
    list = JSON.parse(header);
  } catch {
    return [{ side: "response", pointer: "", message: `unreadable sl-violations header: ${String(header).slice(0, 200)}`, severity: "Error" }];
  }
  if (!Array.isArray(list)) return [];
  return list.map((v) => {
    const location = Array.isArray(v?.location) ? v.location.map(String) : [];
    const [side = "response", part, ...rest] = location;
    let pointer = "";
    // A missing required property is reported on its parent object: point at the property itself.
    const missing = v?.code === "required" ? /required property '([^']+)'/.exec(String(v?.message ?? ""))?.[1] : undefined;
    const segments = missing === undefined ? rest : [...rest, missing];
    if (part === "body") pointer = `/${segments.map(escapePointer).join("/")}`;
    else if (part) pointer = rest.length ? `${part}:${rest.join(".")}` : part;
    return { side: side === "request" ? "request" : "response", pointer, message: String(v?.message ?? ""), severity: String(v?.severity ?? "Error") };
  });
}

const escapePointer = (segment) => segment.replace(/~/g, "~0").replace(/\//g, "~1");

/** A result for an operation that was deliberately not sent. `kind`: "write", "missing-input" or "unsupported". */
export function notRun(operation, kind, detail) {
  const reasons = {
    write: "not run: write operation",
    "missing-input": `not run: missing input ${detail ?? ""}`.trim(),
    unsupported: `not run: ${detail ?? "unsupported"}`,
  };
  return { ...operation, result: "not-run", notRun: kind, reason: reasons[kind] ?? `not run: ${kind}`, violations: [], requestViolations: [] };
}

/**
 * Classifies one answer.
 * - `path-exists`: a documented answer (any status the spec lists, body valid), documented P-code errors included;
 * - `path-unknown`: 404 without a P-code, i.e. the server's router does not know the path;
 * - `violates-spec`: the server answered (so the path exists) but the status or body breaks the spec;
 * - `inconclusive`: the answer says nothing about the path (401/403 without a P-code, 429, 5xx without a P-code,
 *   or Prism itself failed, e.g. the upstream was unreachable);
 * - `not-run`: a write operation, or `answer` missing.
 * `answer` is `{ status, body, violations }` (violations as from `parseViolations`).
 */
export function classify(operation, answer) {
  const method = String(operation.method).toLowerCase();
  if (method !== "get" && method !== "head") return notRun(operation, "write");
  if (!answer) return notRun(operation, "missing-input");
  const { status, body } = answer;
  const violations = (answer.violations ?? []).filter((v) => v.side === "response");
  const requestViolations = (answer.violations ?? []).filter((v) => v.side === "request");
  const errorCode = errorCodeOf(body);
  const base = { ...operation, status, violations, requestViolations, ...(errorCode ? { errorCode } : {}) };

  if (body && typeof body === "object" && typeof body.type === "string" && body.type.startsWith(PRISM_ERROR_TYPE) && !errorCode) {
    const what = [body.title, body.detail].filter(Boolean).join(": ");
    return { ...base, result: "inconclusive", reason: `Prism could not proxy the request (${what || `status ${status}`})` };
  }
  if (status === 404 && !errorCode) {
    return { ...base, result: "path-unknown", reason: "no P-code in the body: the server does not know this path" };
  }
  if (!errorCode && (status === 401 || status === 403)) {
    return { ...base, result: "inconclusive", reason: `access refused before routing (check P100_API_KEY, and the IP allow-list on production); says nothing about the path` };
  }
  if (!errorCode && (status === 429 || status >= 500)) {
    return { ...base, result: "inconclusive", reason: `the server could not answer now (rate limit or server error); re-run later` };
  }
  if (violations.length > 0) {
    return { ...base, result: "violates-spec", reason: `the server answered ${status}${errorCode ? ` ${errorCode}` : ""} but the response breaks the spec` };
  }
  return {
    ...base,
    result: "path-exists",
    reason: errorCode ? `documented error ${status} ${errorCode}: the server knows the path` : `documented ${status} answer`,
  };
}
