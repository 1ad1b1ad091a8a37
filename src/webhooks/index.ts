// p100-partner-sdk/webhooks: receive P100's webhooks, authenticated, parsed and typed. Imports nothing from the
// API client, so a receiver-only bundle stays small.
export { webhookTable, webhookKinds } from "../../generated/webhooks.js";
export type { WebhookKind, WebhookPayloads } from "../../generated/webhooks.js";
export {
  P100WebhookError,
  P100WebhookUnauthorizedError,
  P100WebhookRequestError,
  P100WebhookPayloadError,
  P100WebhookDeliveryError,
  P100WebhookConfigurationError,
  isP100WebhookError,
} from "./errors.js";
export type { WebhookErrorCode, WebhookPayloadIssue } from "./errors.js";
export { verifyWebhookToken, timingSafeEqualStrings } from "./verify.js";
export { parseWebhook, verifyWebhook, validateWebhookPayload, isWebhookKind, DEFAULT_MAX_BODY_BYTES } from "./parse.js";
export type { WebhookPayload, RawWebhookBody, ParseWebhookOptions, VerifyWebhookOptions } from "./parse.js";
export { defaultWebhookPath } from "./dispatch.js";
export type { InvalidWebhookDelivery, UnprocessableReason } from "./unprocessable.js";
export type {
  WebhookCallback,
  WebhookCallbacks,
  WebhookContext,
  WebhookHandlerOptions,
  UnhandledWebhookDelivery,
} from "./dispatch.js";
export { createFetchWebhookHandler } from "./fetch-handler.js";
export type { FetchWebhookHandler } from "./fetch-handler.js";
export { createNodeWebhookHandler } from "./node-handler.js";
export type { NodeWebhookHandler, NodeWebhookRequest, NodeWebhookResponse } from "./node-handler.js";
export type { WebhookAdapterOptions } from "./mount.js";
export { createMemoryIdempotencyStore, webhookIdempotencyKey } from "./idempotency.js";
export type { IdempotencyState, MemoryIdempotencyStoreOptions, WebhookIdempotencyStore } from "./idempotency.js";
export { buildTestWebhook, createTestWebhookRequest, sendTestWebhook, webhookExampleNames } from "./testing.js";
export type { SendTestWebhookOptions, TestWebhook, TestWebhookOptions } from "./testing.js";
