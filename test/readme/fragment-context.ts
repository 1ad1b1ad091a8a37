// What the README's code fragments take from the text around them: the app's own functions, earlier snippets'
// variables and the SDK's functions. test/readme/code-blocks.test.ts imports from here every name a fragment uses
// but does not declare itself, so each fragment is type-checked as written. Declarations only: never run.
import type { Express } from "express";
import type { Hono } from "hono";
import type pg from "pg";
import type { CreateUserInput, P100Client, UpdateCardLimitsInput } from "p100-partner-sdk";
import type {
  FetchWebhookHandler,
  NodeWebhookHandler,
  WebhookCallbacks,
  WebhookIdempotencyStore,
  WebhookPayloads,
} from "p100-partner-sdk/webhooks";

export { createP100Client } from "p100-partner-sdk";
export { createFetchWebhookHandler, createNodeWebhookHandler } from "p100-partner-sdk/webhooks";
export { createServer } from "node:http";
export { readFile } from "node:fs/promises";

// The partner's own application.
export declare const queue: { push(job: Record<string, unknown>): Promise<void> };
export declare function markBalancesReady(externalUserId: string | undefined): Promise<void>;
export declare function settle(transferId: string | undefined, status: string | undefined): void;
export declare function creditDeposit(deposit: WebhookPayloads["cryptoDeposit"]): Promise<void>;
export declare const app: Express;
export declare const honoApp: Hono;
export declare const pool: pg.Pool;

// Variables of earlier snippets.
export declare const p100: P100Client;
export declare const token: string;
export declare const on: WebhookCallbacks;
export declare const webhooks: NodeWebhookHandler;
export declare const handler: FetchWebhookHandler;
export declare const idempotency: WebhookIdempotencyStore;
export declare const user: CreateUserInput;
export declare const limits: UpdateCardLimitsInput;
export declare const externalUserId: string;
export declare const exchangeId: string;
export declare const sourceExternalUserId: string;
export declare const destinationIban: string;
