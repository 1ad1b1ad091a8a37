// p100-partner-sdk/sandbox: a stateful, in-memory stand-in for the P100 Partner API with webhooks and a virtual
// clock, for testing whole integrations offline. It is not P100: every answer carries `x-p100-sandbox: true`.
export { createSandbox } from "./sandbox.js";
export type { Sandbox } from "./sandbox.js";
export type { SandboxOptions, SandboxWebhookTarget, SandboxWebhookHandler, SandboxCallLog } from "./options.js";
export type { SandboxSimulate } from "./simulate.js";
export type { SimulatedSepaDeposit, SepaDepositOutcome } from "./resources/sepa.js";
export type { SimulatedCryptoDeposit } from "./resources/crypto.js";
export type { SimulatedCardTransaction } from "./resources/cards.js";
export type { ListenOptions } from "./http.js";
export type { SandboxStateJson, DeliveryRecord, LedgerEntry, WebhookEventRecord } from "./state.js";
export { RETRY_DELAYS_MS } from "./webhooks.js";
export { connectSandbox, SandboxControlError } from "./connect.js";
export type { ConnectSandboxOptions } from "./connect.js";
export type { SandboxControl, RemoteSandbox, Promisified } from "./control.js";
