// Test kit of the sandbox suite: a sandbox whose every answer is checked against the spec (documented status, response
// schema compiled by Ajv from the bundled spec) and whose every webhook is checked by the generated validators.
import { Ajv2020 } from "ajv/dist/2020.js";
import { expect } from "vitest";
import { operationTable, type OperationId } from "../../generated/operations.js";
import * as webhookValidators from "../../generated/webhook-validators.js";
import { webhookTable, type WebhookKind } from "../../generated/webhooks.js";
import { createSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/index.js";
import { deref, findOperation, spec } from "../support/spec.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ ...spec, $id: "https://spec.invalid/openapi.json" });
const compiled = new Map<string, ReturnType<typeof ajv.compile>>();

/** Validates an answer of an operation against the spec: the status must be documented, the body must fit its schema. */
export function expectMatchesSpec(operationId: OperationId, status: number, body: unknown): void {
  const { op, path, method } = findOperation(operationId);
  const response = op.responses[String(status)];
  expect(
    response,
    `${operationId} (${method.toUpperCase()} ${path}) answered ${status}, which the spec does not document: ${JSON.stringify(body)}`,
  ).toBeDefined();
  const content = deref(response).content ?? {};
  const [mediaType, media] = Object.entries<Json>(content)[0] ?? [];
  if (!mediaType || !media?.schema) return;
  const key = `${operationId} ${status} ${mediaType}`;
  let validate = compiled.get(key);
  if (!validate) {
    const pointer = `#/paths/${path.replace(/~/g, "~0").replace(/\//g, "~1")}/${method}/responses/${status}`;
    const resolved = response.$ref
      ? `${response.$ref}/content/${mediaType.replace(/\//g, "~1")}/schema`
      : `${pointer}/content/${mediaType.replace(/\//g, "~1")}/schema`;
    validate = ajv.compile({ $ref: `https://spec.invalid/openapi.json${resolved}` });
    compiled.set(key, validate);
  }
  const ok = validate(body);
  expect(
    ok,
    `${operationId} ${status} body breaks the spec: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`,
  ).toBe(true);
}

/** The error codes the spec lists for an operation (its documented error examples, P211 included). */
export function specErrorCodes(operationId: OperationId): ReadonlySet<string> {
  const { op } = findOperation(operationId);
  const codes = new Set<string>();
  for (const response of Object.values<Json>(op.responses ?? {})) {
    for (const media of Object.values<Json>(deref(response).content ?? {})) {
      for (const [name, example] of Object.entries<Json>(media.examples ?? {})) {
        const code = deref(example).value?.errorCode;
        if (typeof code === "string") codes.add(code);
        else if (/^P\d{3}$/.test(name)) codes.add(name);
      }
    }
  }
  return codes;
}

/** Checks that an error answer's code is one the spec lists for the operation (the sandbox answers no other). */
export function expectListedCode(operationId: OperationId, body: unknown): void {
  const code = (body as { errorCode?: unknown } | null)?.errorCode;
  if (typeof code !== "string") return;
  expect(
    [...specErrorCodes(operationId)],
    `${operationId} answered ${code}, which its spec entry does not list`,
  ).toContain(code);
}

/** Validates a delivered webhook payload with the generated validator of its kind. */
export function expectValidWebhook(kind: string, payload: unknown): void {
  expect(Object.hasOwn(webhookTable, kind), `unknown webhook kind ${kind}`).toBe(true);
  const validate = (webhookValidators as Record<string, webhookValidators.GeneratedValidator>)[
    kind
  ] as webhookValidators.GeneratedValidator;
  const ok = validate(payload);
  expect(ok, `${kind} payload breaks its schema: ${JSON.stringify(validate.errors)}\n${JSON.stringify(payload)}`).toBe(
    true,
  );
}

/** A webhook as the test receiver got it. */
export interface Received {
  readonly kind: WebhookKind;
  readonly path: string;
  readonly authorization: string | null;
  /** The `x-p100-sandbox-rules` header of the delivery. */
  readonly rules: string | null;
  readonly payload: Json;
}

/** An answer as the harness got it: the operation, the status and the `x-p100-sandbox-rules` header. */
export interface Answered {
  readonly operationId: OperationId;
  readonly status: number;
  readonly rules: string | null;
}

/** The sandbox of a test, with its receiver's log and a call helper that checks every answer against the spec. */
export interface Harness {
  readonly sandbox: Sandbox;
  readonly received: Received[];
  /** Every answer of `call`, `ok` and `fails`, in order. */
  readonly answers: Answered[];
  /** Answer of an operation (params fill the path template, query and body as given); checked against the spec. */
  call(operationId: OperationId, input?: CallInput): Promise<{ status: number; body: Json; response: Response }>;
  /** Like `call`, expecting success; returns the body. */
  ok(operationId: OperationId, input?: CallInput): Promise<Json>;
  /**
   * Like `call`, expecting the API error `code`; returns the body. Where the operation's spec entry does not list
   * `code`, the sandbox answers P403 naming it (rule SBX-API-10), and that is what is expected then.
   */
  fails(operationId: OperationId, code: string, input?: CallInput): Promise<Json>;
  /** Webhooks received so far of one kind. */
  kinds(kind: WebhookKind): Json[];
}

/** What a call sends. */
export interface CallInput {
  readonly params?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly body?: unknown;
  readonly form?: FormData;
  readonly apiKey?: string | null;
}

export const TEST_TOKEN = "whsec-test-token";
export const START = "2026-01-05T09:00:00.000Z";

const kindByPath = new Map(
  Object.entries(webhookTable).map(([kind, row]) => [row.defaultPath as string, kind as WebhookKind]),
);

/** A sandbox with a recording receiver (answers 200 unless `answer` says otherwise) and spec-checked calls. */
export function harness(options: SandboxOptions & { answer?: (r: Received) => number } = {}): Harness {
  const received: Received[] = [];
  const answers: Answered[] = [];
  const { answer, ...rest } = options;
  const sandbox = createSandbox({
    startTime: START,
    seed: 7,
    webhooks: {
      token: TEST_TOKEN,
      handler: async (request) => {
        const path = new URL(request.url).pathname;
        const kind = kindByPath.get(path) as WebhookKind;
        const payload = await request.json();
        expect(request.method).toBe("POST");
        expect(request.headers.get("content-type")).toBe("application/json");
        expectValidWebhook(kind, payload);
        const entry = {
          kind,
          path,
          authorization: request.headers.get("authorization"),
          rules: request.headers.get("x-p100-sandbox-rules"),
          payload,
        };
        received.push(entry);
        return new Response("{}", { status: answer ? answer(entry) : 200 });
      },
    },
    ...rest,
  });

  async function call(operationId: OperationId, input: CallInput = {}) {
    const op = operationTable[operationId];
    const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(input.params?.[name] ?? ""));
    const url = new URL(`${sandbox.baseUrl}${path}`);
    for (const [k, v] of Object.entries(input.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = {};
    if (input.apiKey !== null) headers["x-api-key"] = input.apiKey ?? sandbox.apiKey;
    let body: BodyInit | undefined;
    if (input.form) body = input.form;
    else if (input.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(input.body);
    }
    const response = await sandbox.fetch(url, {
      method: op.method.toUpperCase(),
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    expect(response.headers.get("x-p100-sandbox")).toBe("true");
    answers.push({ operationId, status: response.status, rules: response.headers.get("x-p100-sandbox-rules") });
    const text = await response.clone().text();
    const parsed = (response.headers.get("content-type") ?? "").includes("json") ? JSON.parse(text) : text;
    expectMatchesSpec(operationId, response.status, parsed);
    expectListedCode(operationId, parsed);
    expect(sandbox.internalErrors).toEqual([]);
    return { status: response.status, body: parsed, response };
  }

  return {
    sandbox,
    received,
    answers,
    call,
    async ok(operationId, input) {
      const { status, body } = await call(operationId, input);
      expect(status, `${operationId} failed: ${JSON.stringify(body)}`).toBeLessThan(300);
      return body;
    },
    async fails(operationId, code, input) {
      const { status, body } = await call(operationId, input);
      expect(status).toBeGreaterThanOrEqual(202);
      const listed = code === "P403" || specErrorCodes(operationId).has(code);
      expect(body.errorCode, JSON.stringify(body)).toBe(listed ? code : "P403");
      if (!listed) expect(body.errorMessage).toMatch(new RegExp(`^${code}: `));
      return body;
    },
    kinds: (kind) => received.filter((r) => r.kind === kind).map((r) => r.payload),
  };
}

/** The documented Create User request of the spec, with another id, email and phone. */
export function userBody(externalUserId: string, overrides: Record<string, unknown> = {}): Json {
  const example = findOperation("createUser").op.requestBody.content["application/json"].examples.createUser.value;
  const n = [...externalUserId].reduce((sum, ch) => sum * 31 + ch.charCodeAt(0), 7) % 1_000_000_000;
  return {
    ...example,
    externalUserId,
    email: `${externalUserId}@example.test`,
    phone: String(48_600_000_000 + n),
    ...overrides,
  };
}

/** The IBAN the test users deposit from (their own account, whitelisted by the first-party check). */
export const OWN_IBAN = "DE89370400440532013000";

/** Finalises an existing user's onboarding: KYC approved, then Add User Verification (balances generated). */
export async function onboard(h: Harness, externalUserId: string): Promise<void> {
  h.sandbox.simulate.kycApproved(externalUserId);
  await h.ok("addUserVerification", { body: { externalUserId, documentType: "ID_CARD", documentNumber: "CEV12630" } });
}

/** Creates and onboards a user and credits their EUR balance by a SEPA deposit from their own name and IBAN. */
export async function fundedUser(h: Harness, externalUserId: string, eur = "1000"): Promise<void> {
  await h.ok("createUser", { body: userBody(externalUserId) });
  await onboard(h, externalUserId);
  h.sandbox.simulate.sepaDeposit({ externalUserId, amount: eur, senderName: "Jan Kowalski", senderIban: OWN_IBAN });
  await h.sandbox.settle();
}
