// Deliveries that carry the right token but cannot be typed (not JSON, not sent as JSON, or breaking the payload
// schema): what onInvalidPayload receives, so that no authenticated event is dropped silently.
import type { WebhookKind } from "../../generated/webhooks.js";
import {
  P100WebhookError,
  P100WebhookPayloadError,
  P100WebhookRequestError,
  type WebhookPayloadIssue,
} from "./errors.js";
import { decodeWebhookBody } from "./parse.js";

/** Why an authenticated delivery could not be turned into the typed payload of its kind. */
export type UnprocessableReason = "unsupported_media_type" | "invalid_json" | "invalid_payload";

/** An authenticated delivery that does not fit its kind's schema, as `onInvalidPayload` receives it. */
export interface InvalidWebhookDelivery {
  /** The webhook kind the delivery was routed to. */
  readonly kind: WebhookKind;
  /** What failed: the Content-Type, the JSON syntax, or the payload schema. */
  readonly reason: UnprocessableReason;
  /** The body as received (decoded as UTF-8, invalid bytes replaced). */
  readonly rawBody: string;
  /** The parsed JSON when the body is JSON, otherwise undefined. */
  readonly payload: unknown;
  /** What is wrong, one entry per problem (pointer into the payload, keyword, message). */
  readonly problems: readonly WebhookPayloadIssue[];
}

/** The reason an authenticated delivery is handed to onInvalidPayload, or undefined for any other failure. */
export function unprocessableReason(error: unknown): UnprocessableReason | undefined {
  if (error instanceof P100WebhookPayloadError) return "invalid_payload";
  if (
    error instanceof P100WebhookRequestError &&
    (error.code === "invalid_json" || error.code === "unsupported_media_type")
  )
    return error.code;
  return undefined;
}

/** One problem describing a failure that is not a schema violation (not JSON, wrong Content-Type). */
export function issueOf(error: P100WebhookError): WebhookPayloadIssue {
  return { pointer: "", field: undefined, keyword: error.code, message: error.message };
}

/**
 * The body as text. Invalid UTF-8 is refused (invalid_json); when a hook will receive the refusal, the body is also
 * decoded with replacement characters so that the hook still sees what arrived.
 */
export function readableBody(
  raw: string | Uint8Array,
  maxBodyBytes: number,
  lenient: boolean,
): { rawBody: string; error?: P100WebhookRequestError } {
  try {
    return { rawBody: decodeWebhookBody(raw, maxBodyBytes) };
  } catch (error) {
    if (
      !lenient ||
      !(error instanceof P100WebhookRequestError) ||
      error.code !== "invalid_json" ||
      typeof raw === "string"
    )
      throw error;
    return { rawBody: new TextDecoder().decode(raw), error };
  }
}
