// The webhook receiver's errors: one base class with a machine-readable `code` and the HTTP status to answer.
// Messages never contain the expected token, the received Authorization header or payload values.

/** Why a delivery was refused or failed; each code maps to one HTTP status (see `P100WebhookError.status`). */
export type WebhookErrorCode =
  | "unauthorized"
  | "method_not_allowed"
  | "unknown_kind"
  | "unsupported_media_type"
  | "payload_too_large"
  | "invalid_json"
  | "invalid_payload"
  | "delivery_in_progress"
  | "handler_failed"
  | "internal_error"
  | "invalid_configuration";

const STATUS: Record<WebhookErrorCode, number> = {
  unauthorized: 401,
  method_not_allowed: 405,
  unknown_kind: 404,
  unsupported_media_type: 415,
  payload_too_large: 413,
  invalid_json: 400,
  invalid_payload: 422,
  // Not 2xx on purpose: P100 retries, and by then the first delivery has finished (or failed and been released).
  delivery_in_progress: 409,
  // 5xx so that P100 retries the delivery.
  handler_failed: 500,
  internal_error: 500,
  invalid_configuration: 500,
};

/** Base class of every error of p100-partner-sdk/webhooks; `status` is what the receiver answers P100. */
export class P100WebhookError extends Error {
  override name = "P100WebhookError";
  /** Machine-readable reason. */
  readonly code: WebhookErrorCode;
  /** HTTP status the receiver answers with. */
  readonly status: number;

  constructor(code: WebhookErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.status = STATUS[code];
  }

  /** The JSON body the receiver answers with (no secrets, no payload values). */
  toJSON(): Record<string, unknown> {
    return { error: this.code, message: this.message };
  }
}

/** Thrown when the Authorization header is missing or does not hold the Webhook Security Token. */
export class P100WebhookUnauthorizedError extends P100WebhookError {
  override name = "P100WebhookUnauthorizedError";
  /** Whether the header was absent (true) or present but wrong (false). */
  readonly missing: boolean;

  constructor(missing: boolean) {
    super(
      "unauthorized",
      missing
        ? "Webhook refused: no Authorization header"
        : "Webhook refused: the Authorization header does not hold the webhook token",
    );
    this.missing = missing;
  }
}

/** Thrown when a delivery cannot be read: wrong method, unknown route or kind, wrong content type, too large, not JSON. */
export class P100WebhookRequestError extends P100WebhookError {
  override name = "P100WebhookRequestError";
}

/** One way a payload breaks its schema: a JSON pointer into the payload and what is wrong there. */
export interface WebhookPayloadIssue {
  /** JSON pointer of the offending value, e.g. "/status" ("" for the payload itself). */
  readonly pointer: string;
  /** The offending field's name (the pointer's last segment), or undefined for the payload itself. */
  readonly field: string | undefined;
  /** The failed JSON Schema keyword, e.g. "required", "enum", "type". */
  readonly keyword: string;
  /** What is wrong, without the value itself. */
  readonly message: string;
}

/** Thrown when a delivery is valid JSON but does not match the webhook's payload schema; names the offending field. */
export class P100WebhookPayloadError extends P100WebhookError {
  override name = "P100WebhookPayloadError";
  /** The webhook kind whose schema was applied. */
  readonly kind: string;
  /** JSON pointer of the offending value, e.g. "/status". */
  readonly pointer: string;
  /** The offending field's name, e.g. "status" (undefined when the payload itself is wrong, e.g. not an object). */
  readonly field: string | undefined;
  /** Every issue found (the first one is in `pointer` / `field`). */
  readonly issues: readonly WebhookPayloadIssue[];

  constructor(kind: string, issues: readonly [WebhookPayloadIssue, ...WebhookPayloadIssue[]]) {
    const [first] = issues;
    super(
      "invalid_payload",
      `Invalid ${kind} webhook payload: ${first.pointer === "" ? "the payload" : first.pointer} ${first.message}`,
    );
    this.kind = kind;
    this.pointer = first.pointer;
    this.field = first.field;
    this.issues = issues;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), pointer: this.pointer, field: this.field };
  }
}

/** Thrown (and answered with a 5xx or 409) when a valid delivery could not be processed, so that P100 retries it. */
export class P100WebhookDeliveryError extends P100WebhookError {
  override name = "P100WebhookDeliveryError";
}

/** Thrown when the receiver is configured in a way that cannot work (no token, an unknown kind, two kinds on one path). */
export class P100WebhookConfigurationError extends P100WebhookError {
  override name = "P100WebhookConfigurationError";

  constructor(message: string) {
    super("invalid_configuration", message);
  }
}

/** True when `error` is one of this module's errors (optionally with the given code). */
export function isP100WebhookError(error: unknown, code?: WebhookErrorCode): error is P100WebhookError {
  return error instanceof P100WebhookError && (code === undefined || error.code === code);
}
