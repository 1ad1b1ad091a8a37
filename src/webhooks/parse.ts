// Parsing of a delivery's raw body into the typed payload of a webhook kind, validated against the spec's own
// schemas (generated/webhook-validators.js, compiled from openapi/ by scripts/generate.mjs).
import * as validators from "../../generated/webhook-validators.js";
import type { GeneratedValidationError, GeneratedValidator } from "../../generated/webhook-validators.js";
import { webhookTable, type WebhookKind, type WebhookPayloads } from "../../generated/webhooks.js";
import { P100WebhookPayloadError, P100WebhookRequestError, type WebhookPayloadIssue } from "./errors.js";
import { verifyWebhookToken } from "./verify.js";

/** The typed payload of a webhook kind, as the spec's schema describes it. */
export type WebhookPayload<K extends WebhookKind> = WebhookPayloads[K];

/** A raw request body: the exact bytes or text P100 sent. */
export type RawWebhookBody = string | Uint8Array | ArrayBuffer;

/** Default largest accepted body: 100 KiB (documented payloads are well under 1 KiB). */
export const DEFAULT_MAX_BODY_BYTES = 100 * 1024;

/** Options of parseWebhook. */
export interface ParseWebhookOptions {
  /** The request's Content-Type header; when given (even null), it must be application/json. */
  readonly contentType?: string | null | undefined;
  /** Largest accepted body in bytes (default 100 KiB). */
  readonly maxBodyBytes?: number | undefined;
}

/** Options of verifyWebhook: parseWebhook's, plus the Authorization header and the expected token. */
export interface VerifyWebhookOptions extends ParseWebhookOptions {
  /** The request's Authorization header as received. */
  readonly authorization: string | null | undefined;
  /** The Webhook Security Token issued by P100 (several during a rotation). */
  readonly token: string | readonly string[];
}

const validatorTable = validators as unknown as Record<string, GeneratedValidator | undefined>;
const encoder = new TextEncoder();

/** True when `kind` is a webhook of the spec. */
export function isWebhookKind(kind: unknown): kind is WebhookKind {
  return typeof kind === "string" && Object.hasOwn(webhookTable, kind);
}

/** Throws unknown_kind unless `kind` is a webhook of the spec. */
export function assertWebhookKind(kind: unknown): asserts kind is WebhookKind {
  if (!isWebhookKind(kind)) {
    throw new P100WebhookRequestError(
      "unknown_kind",
      `Unknown webhook kind ${JSON.stringify(String(kind)).slice(0, 80)}`,
    );
  }
}

/** Throws unsupported_media_type unless the Content-Type is application/json (charset, if any, UTF-8). */
export function assertJsonContentType(contentType: string | null | undefined): void {
  const [mediaType = "", ...params] = (contentType ?? "").split(";").map((part) => part.trim().toLowerCase());
  const charset = params
    .find((p) => p.startsWith("charset="))
    ?.slice("charset=".length)
    .replace(/^"|"$/g, "");
  if (mediaType !== "application/json" || (charset !== undefined && charset !== "utf-8" && charset !== "utf8")) {
    const got = contentType ? `"${contentType.slice(0, 100)}"` : "no Content-Type";
    throw new P100WebhookRequestError(
      "unsupported_media_type",
      `Webhook refused: expected Content-Type application/json, got ${got}`,
    );
  }
}

/** Throws payload_too_large when a body of `bytes` bytes exceeds `maxBodyBytes`. */
export function assertBodySize(bytes: number, maxBodyBytes: number): void {
  if (bytes > maxBodyBytes) {
    throw new P100WebhookRequestError(
      "payload_too_large",
      `Webhook refused: the body exceeds the limit of ${maxBodyBytes} bytes`,
    );
  }
}

/** Decodes a raw body as UTF-8 text (refusing invalid UTF-8) after checking its size. */
export function decodeWebhookBody(body: RawWebhookBody, maxBodyBytes: number = DEFAULT_MAX_BODY_BYTES): string {
  if (typeof body === "string") {
    // Cheap bound first: a UTF-8 encoding is at least as long as the string's length.
    assertBodySize(body.length, maxBodyBytes);
    assertBodySize(encoder.encode(body).length, maxBodyBytes);
    return body;
  }
  const bytes = body instanceof Uint8Array ? body : new Uint8Array(body);
  assertBodySize(bytes.length, maxBodyBytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    throw new P100WebhookRequestError("invalid_json", "Webhook refused: the body is not valid UTF-8", { cause: error });
  }
}

/** Parses JSON text; throws invalid_json (without echoing the body) when it is not JSON. */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message.slice(0, 120)}` : "";
    throw new P100WebhookRequestError("invalid_json", `Webhook refused: the body is not valid JSON${detail}`, {
      cause: error,
    });
  }
}

/** The envelope a kind may also arrive in (the spec's `x-p100-tolerated-envelope`), or undefined. */
interface ToleratedEnvelope {
  readonly eventTypeField: string;
  readonly eventTypePrefix: string;
  readonly dataField: string;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * The flat payload of a delivery: a delivery in the kind's tolerated envelope (e.g. the FAQ's
 * `{"event_type": "crypto_deposit.status_changed", "data": {...}}`) is unwrapped to the object in its data field; any
 * other value is returned as it is. A newer and an older documented form of one event both reach the callback, in the
 * form the spec types.
 */
export function normalizeWebhookPayload(kind: WebhookKind, value: unknown): unknown {
  const envelope = (webhookTable[kind] as { readonly envelope?: ToleratedEnvelope | undefined }).envelope;
  if (!envelope || !isPlainObject(value)) return value;
  const eventType = value[envelope.eventTypeField];
  const data = value[envelope.dataField];
  if (typeof eventType !== "string" || !eventType.startsWith(envelope.eventTypePrefix) || !isPlainObject(data))
    return value;
  return data;
}

/**
 * Validates an already-parsed value against the payload schema of `kind`, returning it typed. A delivery in the kind's
 * tolerated envelope is first unwrapped (see normalizeWebhookPayload).
 */
export function validateWebhookPayload<K extends WebhookKind>(kind: K, parsed: unknown): WebhookPayload<K> {
  assertWebhookKind(kind);
  const validate = validatorTable[kind];
  if (!validate) throw new P100WebhookRequestError("unknown_kind", `No validator for webhook kind ${kind}`);
  const value = normalizeWebhookPayload(kind, parsed);
  if (validate(value)) return value as WebhookPayload<K>;
  const issues = (validate.errors ?? []).map(toIssue);
  // Ajv lists the branches of a failed anyOf before the anyOf itself. Lead with the deepest field (a nullable object's
  // wrong member, not the object), and among issues at one depth with the last, most general one.
  const depth = (issue: WebhookPayloadIssue) => issue.pointer.split("/").length;
  const lead = issues.reduce<number>(
    (best, issue, index) => (best < 0 || depth(issue) >= depth(issues[best]!) ? index : best),
    -1,
  );
  const [first, ...rest] = lead < 0 ? [] : [issues[lead]!, ...issues.filter((_, index) => index !== lead)];
  throw new P100WebhookPayloadError(
    kind,
    first
      ? [first, ...rest]
      : [{ pointer: "", field: undefined, keyword: "schema", message: "does not match the schema" }],
  );
}

/**
 * Parses a raw body into the typed payload of `kind`: checks Content-Type (when given) and size, decodes UTF-8,
 * parses JSON and validates it against the spec's schema. Does NOT check the token: use verifyWebhook for that.
 */
export function parseWebhook<K extends WebhookKind>(
  kind: K,
  body: RawWebhookBody,
  options: ParseWebhookOptions = {},
): WebhookPayload<K> {
  assertWebhookKind(kind);
  if ("contentType" in options) assertJsonContentType(options.contentType);
  const text = decodeWebhookBody(body, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  return validateWebhookPayload(kind, parseJsonBody(text));
}

/**
 * Authenticates and parses a delivery in one call: the token is checked (in constant time) before the body is
 * looked at, then the body is parsed as in parseWebhook. Throws a P100WebhookError subclass on any failure.
 */
export function verifyWebhook<K extends WebhookKind>(
  kind: K,
  body: RawWebhookBody,
  options: VerifyWebhookOptions,
): WebhookPayload<K> {
  verifyWebhookToken(options.authorization, options.token);
  return parseWebhook(kind, body, options);
}

function toIssue(error: GeneratedValidationError): WebhookPayloadIssue {
  let pointer = error.instancePath;
  let message = error.message ?? "is invalid";
  if (error.keyword === "required" && typeof error.params["missingProperty"] === "string") {
    pointer = `${pointer}/${escapePointer(error.params["missingProperty"])}`;
    message = "is required";
  } else if (error.keyword === "enum" && Array.isArray(error.params["allowedValues"])) {
    message = `must be one of ${error.params["allowedValues"].map(String).join(", ")}`;
  } else if (error.keyword === "anyOf") {
    message = "does not match any of the allowed forms";
  }
  const last = pointer.split("/").pop();
  return {
    pointer,
    field: pointer === "" || last === undefined ? undefined : unescapePointer(last),
    keyword: error.keyword,
    message,
  };
}

const escapePointer = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");
const unescapePointer = (segment: string) => segment.replace(/~1/g, "/").replace(/~0/g, "~");
