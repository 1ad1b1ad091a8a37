// The options of createSandbox, and their defaults.
import type { SandboxStateJson } from "./state.js";

/** A fetch-style receiver given directly; deliveries then carry the token DEFAULTS.webhookToken. */
export type SandboxWebhookHandler = (request: Request) => Promise<Response> | Response;

/**
 * Where the sandbox delivers webhooks: a URL (plain HTTP POST with `fetch`), an in-process fetch-style handler with
 * its token, or just a handler (token "sandbox-webhook-token").
 */
export type SandboxWebhookTarget =
  | SandboxWebhookHandler
  | {
      /** Base URL of the partner's receiver; each kind is POSTed to this URL plus the kind's path. */
      readonly url: string;
      /** The Webhook Security Token sent in the `Authorization` header. */
      readonly token: string;
      /** Path per kind, overriding the default (generated/webhooks.ts defaultPath). */
      readonly paths?: Readonly<Record<string, string>>;
    }
  | {
      /** A fetch-style receiver, e.g. createFetchWebhookHandler from p100-partner-sdk/webhooks. */
      readonly handler: (request: Request) => Promise<Response> | Response;
      /** The Webhook Security Token sent in the `Authorization` header. */
      readonly token: string;
      /** Path per kind, overriding the default (generated/webhooks.ts defaultPath). */
      readonly paths?: Readonly<Record<string, string>>;
    };

/** Options of createSandbox. */
export interface SandboxOptions {
  /** The API key the sandbox accepts in `x-api-key` (default "sandbox-api-key"); none gets 401 xo1, another xo2. */
  readonly apiKey?: string;
  /** Where webhooks go; without it events are recorded (sandbox.events) but not delivered. */
  readonly webhooks?: SandboxWebhookTarget;
  /** Start of the virtual clock (default: the current time). Only `advance` moves it. */
  readonly startTime?: Date | string | number;
  /** Seed of the deterministic ids (default 100). */
  readonly seed?: string | number;
  /** EUR price of one unit per currency, overriding the defaults (e.g. `{ eth: "3000" }`). */
  readonly rates?: Readonly<Record<string, string | number>>;
  /** Opening partner balances (default `{ eur: "10000" }`); each opening amount is a ledger entry. */
  readonly partnerBalances?: Readonly<Record<string, string | number>>;
  /** A state exported by `sandbox.state()` (or a `--state` file) to continue from; other state options are ignored. */
  readonly initialState?: SandboxStateJson;
  /** Most users kept; creating one more forgets the oldest user (default 10 000). Bounds memory. */
  readonly maxUsers?: number;
  /** Most records kept per resource kind, ledger entries, events and deliveries (default 20 000 each). */
  readonly maxRecords?: number;
  /** Lifetime of exchange and order rate locks in virtual ms (default 60 000; not documented, inferred). */
  readonly lockLifetimeMs?: number;
  /** Country codes refused by Create User Account with P431 (default: KP, IR, SY, CU; inferred). */
  readonly forbiddenCountries?: readonly string[];
  /** Largest accepted request body in bytes (default 1 MiB for JSON, 16 MiB for file uploads). */
  readonly maxBodyBytes?: number;
  /**
   * SEPA payout level of the partner (Create a SEPA Transfer page): 1 "Standard (Closed Loop)", the default for new
   * integrations, pays out only to the account holder's own bank account (in the sandbox: an IBAN on the account's
   * deposit contact list, whitelisted by an approved first-party deposit); 2 "Legacy (Open Loop)" allows third-party
   * payees. How P100 refuses a level 1 payout to another IBAN is not documented: the sandbox accepts it and then
   * reports it FAILED (inferred, rule SBX-SEPA-7).
   */
  readonly payoutLevel?: 1 | 2;
  /** Card issuance limits per user (default: the documented 5 per 24 h, 10 per 30 days, 20 per year; 10 held at once). */
  readonly cardIssuanceLimits?: Partial<CardIssuanceLimits>;
  /**
   * Fees (default: the Fees page's standard rates, which partners negotiate: SEPA 0.1 % with a minimum of EUR 1.00,
   * exchange 1.49 %, EUR 0.25 per active card per month). The KYC verification fee is billed to the partner when a
   * Method B verification is created, as the Fees page says; its amount is not documented, so it defaults to 0
   * (invented: set your agreement's figure).
   */
  readonly fees?: Partial<SandboxFees>;
  /** Called once per handled call, for logging (the CLI prints one line per call). */
  readonly onCall?: (call: SandboxCallLog) => void;
  /** Called once per webhook delivery attempt, for logging. */
  readonly onDelivery?: (delivery: import("./state.js").DeliveryRecord) => void;
}

/** Card issuance limits per user (rolling windows). */
export interface CardIssuanceLimits {
  /** Most cards created in any 24 hours (documented: 5). */
  readonly per24Hours: number;
  /** Most cards created in any 30 days (documented: 10). */
  readonly per30Days: number;
  /** Most cards created in any 365 days (documented: 20). */
  readonly perYear: number;
  /** Most cards held at once that are not deleted (OLDEST card page: 10). */
  readonly held: number;
}

/** Fees as decimal strings: percentages ("0.1" is 0.1 %) and EUR amounts. */
export interface SandboxFees {
  /** SEPA payout fee in percent of the amount (Fees page: 0.1). */
  readonly sepaTransferPercent: string;
  /** Smallest SEPA payout fee in EUR (Fees page: 1.00). */
  readonly sepaTransferMinimum: string;
  /** Exchange fee in percent of the converted amount (Fees page: 1.49). */
  readonly exchangePercent: string;
  /** Monthly fee per active card in EUR, debited from the partner (Fees page: 0.25). */
  readonly cardMonthly: string;
  /** Fee per Method B KYC verification in EUR, debited from the partner (amount not documented: default 0, invented). */
  readonly kycVerification: string;
}

/** The partner settings the engine reads, resolved from the options. */
export interface SandboxSettings {
  readonly payoutLevel: 1 | 2;
  readonly cardIssuanceLimits: CardIssuanceLimits;
  readonly fees: SandboxFees;
}

/** One handled call, as `onCall` receives it. */
export interface SandboxCallLog {
  readonly method: string;
  readonly path: string;
  readonly operationId: string | undefined;
  readonly status: number;
  readonly errorCode: string | undefined;
}

/** Defaults of the numeric options. */
export const DEFAULTS = {
  apiKey: "sandbox-api-key",
  seed: 100,
  maxUsers: 10_000,
  maxRecords: 20_000,
  lockLifetimeMs: 60_000,
  maxJsonBodyBytes: 1024 * 1024,
  maxUploadBodyBytes: 16 * 1024 * 1024,
  forbiddenCountries: ["KP", "IR", "SY", "CU"],
  webhookToken: "sandbox-webhook-token",
  partnerBalances: { eur: "10000" },
  payoutLevel: 1,
  cardIssuanceLimits: { per24Hours: 5, per30Days: 10, perYear: 20, held: 10 },
  fees: {
    sepaTransferPercent: "0.1",
    sepaTransferMinimum: "1.00",
    exchangePercent: "1.49",
    cardMonthly: "0.25",
    kycVerification: "0",
  },
  /** Retry-After of simulate.rateLimited in seconds (the Rate Limiting page was never captured: inferred). */
  retryAfterSeconds: 1,
} as const;

/** Countries whose users can hold a card (OLDEST card page; older-docs): others get P451. */
export const CARD_COUNTRIES: readonly string[] =
  "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split(" ");

/** Countries where a user IBAN is generated (legacy list, older-docs). */
export const IBAN_COUNTRIES: readonly string[] =
  "AM AT AZ BE BG CH CY CZ DE DK EE ES FI FR GB GE GR HR HU IE IL IN IS IT LI LT LU LV MD MT NL NO PL PT RO SE SI SK UA".split(
    " ",
  );

/** Citizenships for which POA was required (legacy rule, older-docs): poaRequiredForExtended is true for them (the POA requirement itself is suspended, so nothing is gated on it). */
export const POA_CITIZENSHIPS: readonly string[] = ["AM", "AR", "AZ", "GE", "IL", "MD", "UA"];
