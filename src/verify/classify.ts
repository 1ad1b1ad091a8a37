// What one answer says about one operation of the spec. Pure: the operation, the answer and the spec in, a verdict
// with its reason and field differences out. A P-code in the body is the API's own error format (facts README), so
// a server that sends one knows the path; a 404 without one is the framework's "no such route".
import { compareWithSchema, type Difference } from "./compare.js";
import { documentedResponse, isObject, jsonSchemaOf, type Spec, type SpecOperation } from "./spec.js";

/** Every verdict, in the order the report lists them. */
export const VERDICTS = ["differs", "not-found", "confirmed", "auth-refused", "inconclusive", "not-run"] as const;

/** How an operation fared: path confirmed, answer differs from the spec, path not found, auth refused, ... */
export type Verdict = (typeof VERDICTS)[number];

/** An HTTP answer as verify read it. */
export interface Answer {
  readonly status: number;
  /** The parsed JSON body, the text of a non-JSON body, or undefined when empty. */
  readonly body: unknown;
  readonly contentType: string;
}

/** The classification of one answer. */
export interface Classification {
  readonly verdict: Exclude<Verdict, "not-run">;
  readonly reason: string;
  readonly errorCode?: string;
  readonly differences: readonly Difference[];
}

const P_CODE = /^P\d{3}$/;

/** The P100 error code of a body (`{"errorCode":"P412",...}`), or undefined. */
export function errorCodeOf(body: unknown): string | undefined {
  const code = isObject(body) ? body["errorCode"] : undefined;
  return typeof code === "string" && P_CODE.test(code) ? code : undefined;
}

/** Answers that say nothing about the path, whatever the method; undefined when the answer is about the path. */
function beforeRouting(status: number, errorCode: string | undefined): Classification | undefined {
  if (errorCode) return undefined;
  if (status === 404)
    return { verdict: "not-found", reason: "404 without a P-code: the server has no such path", differences: [] };
  if (status === 401 || status === 403) {
    return {
      verdict: "auth-refused",
      reason: `${status} without a P-code: the key was refused before routing (check P100_API_KEY); says nothing about the path`,
      differences: [],
    };
  }
  if (status === 429 || status >= 500)
    return {
      verdict: "inconclusive",
      reason: `${status}: the server could not answer now; run again later`,
      differences: [],
    };
  if (status >= 300 && status < 400)
    return {
      verdict: "inconclusive",
      reason: `${status}: a redirect (not followed, it would carry the key elsewhere)`,
      differences: [],
    };
  return undefined;
}

/** Classifies the answer to a read (GET): its status and body against what the spec documents. */
export function classifyRead(spec: Spec, operation: SpecOperation, answer: Answer): Classification {
  const errorCode = errorCodeOf(answer.body);
  const code = errorCode ? { errorCode } : {};
  const early = beforeRouting(answer.status, errorCode);
  if (early) return early;
  const response = documentedResponse(operation, answer.status);
  const documented = Object.keys(operation.responses).join(", ");
  const statusDifference: Difference[] = response
    ? []
    : [{ kind: "status", field: "", expected: documented, actual: String(answer.status) }];
  if (answer.status >= 400) {
    if (!errorCode)
      return {
        verdict: "inconclusive",
        reason: `${answer.status} without a P-code: not an answer of the API's own error format`,
        differences: [],
      };
    const reason = `documented error format (${answer.status} ${errorCode}): the server knows the path`;
    return statusDifference.length
      ? {
          verdict: "differs",
          reason: `${reason}, but the spec does not list status ${answer.status}`,
          ...code,
          differences: statusDifference,
        }
      : { verdict: "confirmed", reason, ...code, differences: [] };
  }
  const schema = jsonSchemaOf(spec, response);
  const json = /json/i.test(answer.contentType);
  const differences = [...statusDifference, ...(schema && json ? compareWithSchema(spec, schema, answer.body) : [])];
  if (differences.length)
    return {
      verdict: "differs",
      reason: `${answer.status}: the path exists, but the answer differs from the spec`,
      differences,
    };
  return {
    verdict: "confirmed",
    reason: `${answer.status}: the path exists and the answer matches the spec`,
    differences: [],
  };
}

/**
 * Classifies the answer to a write probe (an empty JSON body): a refusal in the API's error format proves the path,
 * since the router found a handler that validated the body.
 */
export function classifyProbe(answer: Answer): Classification {
  const errorCode = errorCodeOf(answer.body);
  const early = beforeRouting(answer.status, errorCode);
  if (early) return early;
  if (errorCode)
    return {
      verdict: "confirmed",
      reason: `the empty body was refused with ${answer.status} ${errorCode}: the path exists`,
      errorCode,
      differences: [],
    };
  if (answer.status >= 200 && answer.status < 300) {
    return {
      verdict: "confirmed",
      reason: `${answer.status}: the path exists, and it ACCEPTED an empty body (check what it did on staging)`,
      differences: [],
    };
  }
  return {
    verdict: "inconclusive",
    reason: `${answer.status} without a P-code: not an answer of the API's own error format`,
    differences: [],
  };
}
