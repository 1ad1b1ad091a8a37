// The sandbox's whole state as plain data: what `sandbox.state()` exports and `initialState` imports. Every record
// is JSON (amounts as decimal strings), so a state survives a file round trip unchanged.

/** One currency balance of an account. */
export interface BalanceRecord {
  /** The balance id shown by Get Balances. */
  id: string;
  /** Decimal string at the currency's precision; never negative. */
  amount: string;
  /** Crypto deposit address, null until the wallet exists. */
  wallet: string | null;
}

/** The balances of the partner or of one user. */
export interface AccountRecord {
  balances: Record<string, BalanceRecord>;
  iban: string | null;
  /** WAITING_TO_BE_ACTIVATED until Add User Verification generates the balances (a user's `balances` is empty until then). */
  status: "ACTIVE" | "WAITING_TO_BE_ACTIVATED";
  /** Sender IBANs whitelisted by an approved first-party check (the SEPA deposit contact list). */
  contacts: { iban: string; name: string }[];
}

/** KYC state of a user: verificationStatus and attemptStatus as the API reports them. */
export interface KycRecord {
  verificationStatus: "NOT_VERIFIED" | "VERIFIED" | "EXPIRED";
  attemptStatus: "PENDING" | "VERIFICATION" | "REJECTED_BY_PROVIDER" | "SUCCESSFUL" | null;
  rejectionReason: string | null;
  /** Verification ids created by Method B. */
  verificationIds: string[];
  files: number;
  documents: { documentType: string | null; documentNumber: string | null }[];
}

/** A user as created by Create User Account and changed by later calls. */
export interface UserRecord {
  externalUserId: string;
  userId: string;
  createdAt: string;
  profile: Record<string, unknown>;
  /** Whether KYC is required at all (false for the legacy create-without-KYC). */
  kycRequired: boolean;
  kyc: KycRecord;
  poaRequiredForExtended: boolean;
  poaStatus: "NONE" | "WAITING" | "APPROVED" | "REJECTED" | "QUESTIONED";
  suspended: boolean;
  account: AccountRecord;
}

/** A balance change: every change of any balance has exactly one entry. */
export interface LedgerEntry {
  id: string;
  at: string;
  /** "partner" or an externalUserId (read with `party`: a user may be named "partner"). */
  account: string;
  /** Whether `account` is the partner's own account or a user's. */
  party: "partner" | "user";
  currency: string;
  /** Signed decimal string. */
  delta: string;
  /** What caused it: "sepaDeposit", "exchange", "sepaTransfer", "fee", ... */
  reason: string;
  /** Id of the record that caused it. */
  ref: string;
}

/** A task due at a virtual time: a lifecycle step or a webhook retry. */
export interface TimerRecord {
  id: string;
  at: number;
  type: string;
  ref: string;
}

/** A webhook event in the outbox. */
export interface WebhookEventRecord {
  id: string;
  kind: string;
  path: string;
  payload: Record<string, unknown>;
  /** The rule ids (docs/sandbox.md) that decided the event, as its deliveries name them in `x-p100-sandbox-rules`. */
  rules: string[];
  createdAt: string;
  attempts: number;
  state: "pending" | "delivered" | "failed" | "undeliverable";
}

/** One delivery attempt and its answer. */
export interface DeliveryRecord {
  eventId: string;
  kind: string;
  url: string;
  attempt: number;
  at: string;
  status: number | null;
  ok: boolean;
  error: string | null;
  payload: Record<string, unknown>;
}

/** Records of money movements and other resources, by kind; each map keyed by the record's id. */
export interface ResourceMaps {
  exchangeLocks: Map<string, Record<string, unknown>>;
  exchanges: Map<string, Record<string, unknown>>;
  sepaTransfers: Map<string, Record<string, unknown>>;
  transfers: Map<string, Record<string, unknown>>;
  withdrawals: Map<string, Record<string, unknown>>;
  deposits: Map<string, Record<string, unknown>>;
  orderLocks: Map<string, Record<string, unknown>>;
  orders: Map<string, Record<string, unknown>>;
  paymentLinks: Map<string, Record<string, unknown>>;
  cards: Map<string, Record<string, unknown>>;
  wallets: Map<string, Record<string, unknown>>;
}

/** The live state (Maps for speed); `exportState` turns it into JSON. */
export interface SandboxState extends ResourceMaps {
  now: number;
  seed: number;
  counter: number;
  rates: Record<string, string>;
  partner: AccountRecord;
  users: Map<string, UserRecord>;
  ledger: LedgerEntry[];
  timers: TimerRecord[];
  events: Map<string, WebhookEventRecord>;
  deliveries: DeliveryRecord[];
}

/** The JSON form of the state (what `--state file.json` holds). */
export interface SandboxStateJson {
  readonly format: "p100-sandbox-state";
  readonly version: 1;
  readonly now: string;
  readonly seed: number;
  readonly counter: number;
  readonly rates: Record<string, string>;
  readonly partner: AccountRecord;
  readonly users: UserRecord[];
  readonly resources: { readonly [K in keyof ResourceMaps]: Record<string, unknown>[] };
  readonly ledger: LedgerEntry[];
  readonly timers: TimerRecord[];
  readonly events: WebhookEventRecord[];
  readonly deliveries: DeliveryRecord[];
}

/** The names of the resource maps, in a fixed order. */
export const RESOURCE_KINDS: readonly (keyof ResourceMaps)[] = [
  "exchangeLocks",
  "exchanges",
  "sepaTransfers",
  "transfers",
  "withdrawals",
  "deposits",
  "orderLocks",
  "orders",
  "paymentLinks",
  "cards",
  "wallets",
];

/** The id field of each resource kind's records. */
const ID_FIELD: { readonly [K in keyof ResourceMaps]: string } = {
  exchangeLocks: "lockId",
  exchanges: "exchangeId",
  sepaTransfers: "id",
  transfers: "id",
  withdrawals: "id",
  deposits: "cryptoDepositId",
  orderLocks: "lockId",
  orders: "orderId",
  paymentLinks: "paymentLinkId",
  cards: "cardId",
  wallets: "walletId",
};

const clone = <T>(value: T): T => structuredClone(value);

/** The state as JSON-ready data (a deep copy: changing it does not change the sandbox). */
export function exportState(state: SandboxState): SandboxStateJson {
  const resources = Object.fromEntries(
    RESOURCE_KINDS.map((k) => [k, [...state[k].values()].map(clone)]),
  ) as SandboxStateJson["resources"];
  return {
    format: "p100-sandbox-state",
    version: 1,
    now: new Date(state.now).toISOString(),
    seed: state.seed,
    counter: state.counter,
    rates: { ...state.rates },
    partner: clone(state.partner),
    users: [...state.users.values()].map(clone),
    resources,
    ledger: clone(state.ledger),
    timers: clone(state.timers),
    events: [...state.events.values()].map(clone),
    deliveries: clone(state.deliveries),
  };
}

/** A record of a state saved before owners were tagged: a user's id becomes `{ user: id }` ("partner" stays). */
function withTaggedOwner(record: Record<string, unknown>): Record<string, unknown> {
  if (typeof record.owner === "string" && record.owner !== "partner") record.owner = { user: record.owner };
  return record;
}

/** The live state of exported JSON; throws on a file that is not a sandbox state. */
export function importState(json: SandboxStateJson): SandboxState {
  if (json?.format !== "p100-sandbox-state" || json.version !== 1)
    throw new Error("not a p100 sandbox state (format/version)");
  const now = Date.parse(json.now);
  if (!Number.isFinite(now)) throw new Error("sandbox state: invalid now");
  const state = {
    now,
    seed: json.seed,
    counter: json.counter,
    rates: { ...json.rates },
    partner: clone(json.partner),
    users: new Map(json.users.map((u) => [u.externalUserId, clone(u)])),
    // States saved before entries had a party: "partner" was the partner's account then.
    ledger: clone(json.ledger).map((e) => ({ ...e, party: e.party ?? (e.account === "partner" ? "partner" : "user") })),
    timers: clone(json.timers).sort((a, b) => a.at - b.at),
    events: new Map(json.events.map((e) => [e.id, { ...clone(e), rules: e.rules ?? ["SBX-WH-1"] }])),
    deliveries: clone(json.deliveries),
  } as SandboxState;
  for (const kind of RESOURCE_KINDS) {
    const field = ID_FIELD[kind];
    state[kind] = new Map((json.resources[kind] ?? []).map((r) => [String(r[field]), withTaggedOwner(clone(r))]));
  }
  return state;
}

/** An empty resource map of every kind. */
export function emptyResources(): ResourceMaps {
  return Object.fromEntries(RESOURCE_KINDS.map((k) => [k, new Map()])) as unknown as ResourceMaps;
}
