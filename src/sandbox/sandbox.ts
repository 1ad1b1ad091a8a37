// createSandbox: an in-memory, stateful stand-in for the P100 Partner API, for offline tests of whole flows.
import { CURRENCIES } from "./currencies.js";
import { SandboxCore } from "./core.js";
import { serve, type ListenOptions, type RunningServer } from "./http.js";
import { seedNumber } from "./ids.js";
import { toRate } from "./money.js";
import { DEFAULTS, type SandboxFees, type SandboxOptions, type SandboxSettings } from "./options.js";
import { balanceHandlers } from "./resources/balances.js";
import { cardHandlers, installCardTimers } from "./resources/cards.js";
import { cryptoHandlers, installCryptoTimers } from "./resources/crypto.js";
import { exchangeHandlers, installExchangeTimers } from "./resources/exchange.js";
import { kycHandlers } from "./resources/kyc.js";
import { installOrderTimers, orderHandlers } from "./resources/orders.js";
import { paymentLinkHandlers } from "./resources/payment-links.js";
import { installSepaTimers, sepaHandlers } from "./resources/sepa.js";
import { transferHandlers, transferPrechecks } from "./resources/transfers.js";
import { userHandlers } from "./resources/users.js";
import { createRouter, type OperationHandlers } from "./router.js";
import { createSimulate, type SandboxSimulate } from "./simulate.js";
import {
  emptyResources,
  exportState,
  importState,
  type DeliveryRecord,
  type LedgerEntry,
  type SandboxState,
  type SandboxStateJson,
  type WebhookEventRecord,
} from "./state.js";
import { installOutbox } from "./webhooks.js";

/** A running sandbox. */
export interface Sandbox {
  /** A fetch-compatible function answering like the API, in process (pass it to `createP100Client({ fetch })`). */
  readonly fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  /** The API key the sandbox accepts. */
  readonly apiKey: string;
  /** Base URL to use with `sandbox.fetch` (requests are never sent there). */
  readonly baseUrl: string;
  /** Serves the sandbox over HTTP on loopback; resolves to the base URL. */
  listen(options?: ListenOptions): Promise<string>;
  /** Stops the HTTP server (if any) and waits for running deliveries. */
  close(): Promise<void>;
  /** Moves the virtual clock forward, running lifecycle steps and webhook retries that fall due, in order. */
  advance(ms: number): Promise<void>;
  /** Waits until every webhook delivery started so far has been answered. */
  settle(): Promise<void>;
  /** The virtual time. */
  now(): Date;
  /** Events outside the API (KYC decisions, deposits, card payments, ...). */
  readonly simulate: SandboxSimulate;
  /** Every webhook delivery attempt and its answer, oldest first (a copy). */
  readonly deliveries: readonly DeliveryRecord[];
  /** Every webhook event emitted, with its delivery state (a copy). */
  readonly events: readonly WebhookEventRecord[];
  /** Every balance change, oldest first (a copy). */
  readonly ledger: readonly LedgerEntry[];
  /** The whole state as JSON data: pass it as `initialState` (or save it) to continue later. */
  state(): SandboxStateJson;
  /** Unexpected handler exceptions answered as P500 (should stay empty; kept for debugging). */
  readonly internalErrors: readonly unknown[];
}

function startTime(value: SandboxOptions["startTime"]): number {
  if (value === undefined) return Date.now();
  const time = value instanceof Date ? value.getTime() : typeof value === "number" ? value : Date.parse(value);
  if (!Number.isFinite(time)) throw new RangeError("startTime must be a valid date");
  return time;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  const result = value ?? fallback;
  if (!Number.isSafeInteger(result) || result <= 0) throw new RangeError(`${name} must be a positive integer`);
  return result;
}

/** Every operation's handler; `satisfies` makes `tsc` name any operation of the spec without one. */
export const handlers = {
  ...userHandlers,
  ...kycHandlers,
  ...balanceHandlers,
  ...exchangeHandlers,
  ...sepaHandlers,
  ...transferHandlers,
  ...cryptoHandlers,
  ...orderHandlers,
  ...paymentLinkHandlers,
  ...cardHandlers,
} satisfies OperationHandlers;

/** The partner settings of the options, checked, with the documented defaults. */
function settingsOf(options: SandboxOptions): SandboxSettings {
  const payoutLevel = options.payoutLevel ?? DEFAULTS.payoutLevel;
  if (payoutLevel !== 1 && payoutLevel !== 2) throw new RangeError("payoutLevel must be 1 or 2");
  const limits = { ...DEFAULTS.cardIssuanceLimits, ...options.cardIssuanceLimits };
  for (const [name, value] of Object.entries(limits)) positive(`cardIssuanceLimits.${name}`, value, 1);
  const fees: SandboxFees = { ...DEFAULTS.fees, ...options.fees };
  for (const [name, value] of Object.entries(fees)) {
    if (typeof value !== "string" || !/^\d+(\.\d+)?$/.test(value))
      throw new RangeError(`fees.${name} must be a non-negative decimal string`);
  }
  return { payoutLevel, cardIssuanceLimits: limits, fees };
}

function freshState(options: SandboxOptions): SandboxState {
  const rates: Record<string, string> = {};
  for (const c of CURRENCIES) {
    const custom = options.rates?.[c.code];
    rates[c.code] = custom === undefined ? c.eurPrice : String(custom);
    if (toRate(rates[c.code] as string) <= 0n) throw new RangeError(`rate of ${c.code} must be positive`);
  }
  return {
    now: startTime(options.startTime),
    seed: seedNumber(options.seed ?? DEFAULTS.seed),
    counter: 0,
    rates,
    partner: { balances: {}, iban: null, status: "ACTIVE", contacts: [] },
    users: new Map(),
    ledger: [],
    timers: [],
    events: new Map(),
    deliveries: [],
    ...emptyResources(),
  };
}

/** Creates an in-memory P100 sandbox (see docs/sandbox.md for every behaviour rule and its source). */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const apiKey = options.apiKey ?? DEFAULTS.apiKey;
  if (typeof apiKey !== "string" || apiKey.length === 0) throw new TypeError("apiKey must be a non-empty string");
  const fresh = options.initialState === undefined;
  const state = fresh ? freshState(options) : importState(options.initialState as SandboxStateJson);
  const core = new SandboxCore(state, {
    maxUsers: positive("maxUsers", options.maxUsers, DEFAULTS.maxUsers),
    maxRecords: positive("maxRecords", options.maxRecords, DEFAULTS.maxRecords),
    lockLifetimeMs: positive("lockLifetimeMs", options.lockLifetimeMs, DEFAULTS.lockLifetimeMs),
    forbiddenCountries: new Set(
      (options.forbiddenCountries ?? DEFAULTS.forbiddenCountries).map((c) => c.toUpperCase()),
    ),
    ...settingsOf(options),
  });
  const webhooks =
    typeof options.webhooks === "function"
      ? { handler: options.webhooks, token: DEFAULTS.webhookToken }
      : options.webhooks;
  installOutbox(core, webhooks, options.onDelivery);
  installCryptoTimers(core);
  installOrderTimers(core);
  installCardTimers(core);
  installSepaTimers(core);
  installExchangeTimers(core);

  if (fresh) {
    // The partner's own account exists and is active from the start, with an IBAN and wallets.
    const partner = core.newAccount("ACTIVE");
    partner.iban = core.newIban();
    for (const c of CURRENCIES)
      if (c.kind === "crypto") (partner.balances[c.code] as { wallet: string | null }).wallet = core.walletAddress();
    state.partner = partner;
    const opening = options.partnerBalances ?? DEFAULTS.partnerBalances;
    for (const [code, amount] of Object.entries(opening)) {
      const currency = core.currency(code);
      core.move(
        [{ owner: "partner", currency: currency.code, delta: core.amount(amount, currency) }],
        "opening",
        "opening",
      );
    }
  }

  const fetch = createRouter(
    core,
    handlers,
    transferPrechecks,
    {
      apiKey,
      maxJsonBodyBytes: options.maxBodyBytes ?? DEFAULTS.maxJsonBodyBytes,
      maxUploadBodyBytes: options.maxBodyBytes ?? DEFAULTS.maxUploadBodyBytes,
    },
    options.onCall,
  );
  let server: RunningServer | undefined;

  return {
    fetch,
    apiKey,
    baseUrl: "https://sandbox.p100-partner-sdk.invalid",
    async listen(listenOptions) {
      if (server) throw new Error("the sandbox is already listening");
      server = await serve((request) => fetch(request), listenOptions);
      return server.url;
    },
    async close() {
      const running = server;
      server = undefined;
      await running?.close();
      await core.settle();
    },
    advance: (ms) => core.advance(ms),
    settle: () => core.settle(),
    now: () => new Date(state.now),
    simulate: createSimulate(core),
    get deliveries() {
      return structuredClone(state.deliveries);
    },
    get events() {
      return [...state.events.values()].map((e) => structuredClone(e));
    },
    get ledger() {
      return structuredClone(state.ledger);
    },
    state: () => exportState(state),
    internalErrors: core.internalErrors,
  };
}
