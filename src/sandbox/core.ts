// The sandbox's engine shared by every resource handler: the state, the virtual clock and its timers, ids, users,
// currencies and the one place balances change (with a ledger entry for every change).
import { apiError, validationError } from "./errors.js";
import { CURRENCIES, findCurrency, type CurrencySpec } from "./currencies.js";
import { digitsFrom, hexFrom, uuidFrom } from "./ids.js";
import { AmountError, crossRate, formatMinor, toMinor, toRate } from "./money.js";
import type { WebhookKind, WebhookPayloads } from "../../generated/webhooks.js";
import type { RuleId } from "./rules.js";
import type { SandboxSettings } from "./options.js";
import type { AccountRecord, ResourceMaps, SandboxState, TimerRecord, UserRecord } from "./state.js";

/**
 * The owner of an account: the partner, or a user as `{ user: externalUserId }`. A tagged form, so that no
 * externalUserId (not even "partner") can ever name the partner's own account.
 */
export type Owner = "partner" | { readonly user: string };

/** The owner of a user's account. */
export const userOwner = (externalUserId: string): Owner => ({ user: externalUserId });

/** A readable name of an owner for messages: "partner" or "user <externalUserId>". */
export function ownerName(owner: Owner): string {
  return owner === "partner" ? "partner" : `user ${owner.user}`;
}

/** Whether two owners are the same account. */
export function sameOwner(a: Owner, b: Owner): boolean {
  return a === "partner" || b === "partner" ? a === b : a.user === b.user;
}

/** One balance change of a movement; negative deltas are debits. */
export interface BalanceChange {
  readonly owner: Owner;
  readonly currency: string;
  readonly delta: bigint;
}

/** Settings the engine reads (resolved options). */
export interface CoreSettings extends SandboxSettings {
  readonly maxUsers: number;
  readonly maxRecords: number;
  readonly lockLifetimeMs: number;
  readonly forbiddenCountries: ReadonlySet<string>;
}

/** A webhook payload as the sandbox emits it: the kind's spec type, open to the extra fields the sandbox sends. */
export type EmittedPayload<K extends WebhookKind> = WebhookPayloads[K] & Record<string, unknown>;

/** What the outbox does with an emitted event. */
export type Emitter = <K extends WebhookKind>(kind: K, payload: EmittedPayload<K>, rules: readonly RuleId[]) => void;

/** A timer handler: runs a due lifecycle step; may return a promise (a webhook delivery). */
export type TimerHandler = (core: SandboxCore, ref: string) => void | Promise<void>;

/** The engine. Handlers get it as their first argument. */
export class SandboxCore {
  private readonly timerHandlers = new Map<string, TimerHandler>();
  /** Deliveries and other asynchronous work still running. */
  readonly pending = new Set<Promise<void>>();
  /** Unexpected exceptions of handlers (answered as P500), kept for debugging; tests expect none. */
  readonly internalErrors: unknown[] = [];
  /** Calls still to be refused with P501 (set by simulate.serviceUnavailable). */
  unavailableCalls = 0;
  /** Calls still to be refused with 429 (set by simulate.rateLimited), and the Retry-After they carry. */
  rateLimitedCalls = 0;
  retryAfterSeconds = 1;
  /** Emits a webhook event naming the rules that caused it (set by the outbox). */
  emit: Emitter = () => undefined;
  /** The rules cited while the current call (or simulate call) runs; the router names them in its answer. */
  readonly cited = new Set<RuleId>();

  /** Owner of each phone number and (lower-cased) email, so uniqueness checks do not scan every user. */
  private readonly phones = new Map<string, string>();
  private readonly emails = new Map<string, string>();

  constructor(
    readonly state: SandboxState,
    readonly settings: CoreSettings,
  ) {
    for (const user of state.users.values()) this.indexContact(user);
  }

  /** Records that a rule decided the current answer. */
  cite(...rules: RuleId[]): void {
    for (const rule of rules) this.cited.add(rule);
  }

  /** The virtual time as an ISO string. */
  nowIso(): string {
    return new Date(this.state.now).toISOString();
  }

  /** A new deterministic UUID. */
  id(): string {
    return uuidFrom(this.state.seed, this.state.counter++);
  }

  /** New deterministic decimal digits. */
  digits(length: number): string {
    return digitsFrom(this.state.seed, this.state.counter++, length);
  }

  /** New deterministic hexadecimal characters. */
  hex(length: number): string {
    return hexFrom(this.state.seed, this.state.counter++, length);
  }

  // ---- records ----------------------------------------------------------------------------------------------

  /** Stores a record, forgetting the oldest of its kind past maxRecords (bounded memory). */
  put(kind: keyof ResourceMaps, id: string, record: Record<string, unknown>): void {
    const map = this.state[kind];
    map.set(id, record);
    if (map.size > this.settings.maxRecords) map.delete(map.keys().next().value as string);
  }

  // ---- users --------------------------------------------------------------------------------------------------

  /** The user, or P412 (the API's answer for an unknown externalUserId). */
  user(externalUserId: unknown): UserRecord {
    const user = typeof externalUserId === "string" ? this.state.users.get(externalUserId) : undefined;
    if (!user) {
      this.cite("SBX-ID-1");
      throw apiError("P412");
    }
    return user;
  }

  /**
   * The user for an operation that moves money: exists (P412), not suspended (P455), onboarded (P459: KYC verified
   * and balances generated by Add User Verification).
   */
  moneyUser(externalUserId: unknown): UserRecord {
    const user = this.user(externalUserId);
    if (user.suspended) {
      this.cite("SBX-USR-9");
      throw apiError("P455");
    }
    if (user.account.status !== "ACTIVE") {
      this.cite("SBX-USR-10");
      throw apiError("P459");
    }
    return user;
  }

  /**
   * Stores a new user. Past maxUsers the oldest user that holds no money is forgotten (a memory bound that must not
   * make money vanish); when every user holds money, the new user is refused.
   */
  addUser(user: UserRecord): void {
    if (this.state.users.size >= this.settings.maxUsers) {
      const idle = [...this.state.users.values()].find(
        (u) => !this.holdsMoney(u.account) && !this.hasPendingMovement(u.externalUserId),
      );
      if (!idle)
        throw validationError(
          `the sandbox keeps at most ${this.settings.maxUsers} users (option maxUsers) and every one of them holds money`,
        );
      this.removeUser(idle.externalUserId);
    }
    this.state.users.set(user.externalUserId, user);
    this.indexContact(user);
  }

  /** Forgets a user (Delete User, or the maxUsers cap). */
  removeUser(externalUserId: string): void {
    const user = this.state.users.get(externalUserId);
    if (!user) return;
    this.unindexContact(user);
    this.state.users.delete(externalUserId);
  }

  /** The user that has this phone or email, other than `self` ("phone" -> P464, "email" -> P465 for the caller). */
  contactTaken(phone: unknown, email: unknown, self?: string): "phone" | "email" | undefined {
    const phoneOwner = typeof phone === "string" ? this.phones.get(phone) : undefined;
    if (phoneOwner !== undefined && phoneOwner !== self) return "phone";
    const emailOwner = typeof email === "string" ? this.emails.get(email.toLowerCase()) : undefined;
    if (emailOwner !== undefined && emailOwner !== self) return "email";
    return undefined;
  }

  /** Changes a user's profile, keeping the contact index current. */
  updateProfile(user: UserRecord, changes: Record<string, unknown>): void {
    this.unindexContact(user);
    Object.assign(user.profile, changes);
    this.indexContact(user);
  }

  private indexContact(user: UserRecord): void {
    if (typeof user.profile.phone === "string") this.phones.set(user.profile.phone, user.externalUserId);
    if (typeof user.profile.email === "string") this.emails.set(user.profile.email.toLowerCase(), user.externalUserId);
  }

  private unindexContact(user: UserRecord): void {
    if (typeof user.profile.phone === "string" && this.phones.get(user.profile.phone) === user.externalUserId)
      this.phones.delete(user.profile.phone);
    const email = typeof user.profile.email === "string" ? user.profile.email.toLowerCase() : undefined;
    if (email !== undefined && this.emails.get(email) === user.externalUserId) this.emails.delete(email);
  }

  /** The account of an owner (P412 for an unknown user). */
  account(owner: Owner): AccountRecord {
    return owner === "partner" ? this.state.partner : this.user(owner.user).account;
  }

  /** Whether a money movement of the user is not final yet (it may still give money back to the account). */
  hasPendingMovement(externalUserId: string): boolean {
    const mine = (record: Record<string, unknown>) => {
      const owner = record.owner as { user?: string } | undefined;
      return typeof owner === "object" && owner?.user === externalUserId && record.status === "PENDING";
    };
    return [this.state.sepaTransfers, this.state.exchanges, this.state.withdrawals].some((map) =>
      [...map.values()].some(mine),
    );
  }

  /** Whether any balance of the account is not zero. */
  holdsMoney(account: AccountRecord): boolean {
    return Object.entries(account.balances).some(([code, record]) => {
      const currency = findCurrency(code);
      return currency !== undefined && toMinor(record.amount, currency.scale) !== 0n;
    });
  }

  /** A fresh account: one zero balance per currency, no IBAN or wallets yet. */
  newAccount(status: AccountRecord["status"]): AccountRecord {
    const account: AccountRecord = { balances: {}, iban: null, status, contacts: [] };
    this.generateBalances(account);
    return account;
  }

  /** Gives an account one zero balance per currency it does not hold yet. */
  generateBalances(account: AccountRecord): void {
    for (const c of CURRENCIES)
      account.balances[c.code] ??= { id: this.id(), amount: formatMinor(0n, c.scale), wallet: null };
  }

  /** A crypto wallet address in the usual 0x form (deterministic). */
  walletAddress(): string {
    return `0x${this.hex(40)}`;
  }

  /** An IBAN-shaped account number (LT, as P100's own accounts; deterministic). */
  newIban(): string {
    return `LT${this.digits(2)}3130${this.digits(12)}`;
  }

  // ---- currencies and amounts -------------------------------------------------------------------------------

  /** The currency of a code in any case, or P403 naming the supported ones (P410 where `code` says so). */
  currency(code: unknown, kind?: CurrencySpec["kind"], unknownCode = "P403"): CurrencySpec {
    const currency = findCurrency(code);
    if (!currency || (kind && currency.kind !== kind)) {
      const allowed = CURRENCIES.filter((c) => !kind || c.kind === kind).map((c) => c.code);
      if (unknownCode !== "P403") throw apiError(unknownCode);
      throw validationError(`currency must be one of the following values: ${allowed.join(", ")}`);
    }
    return currency;
  }

  /** A positive amount in minor units of the currency, or P403 (too many decimals, not a number, zero). */
  amount(value: unknown, currency: CurrencySpec, field = "amount"): bigint {
    if (typeof value !== "string" && typeof value !== "number")
      throw validationError(`${field} must be a decimal number`);
    let minor: bigint;
    try {
      minor = toMinor(value, currency.scale);
    } catch (error) {
      throw validationError(error instanceof AmountError ? error.message : `${field} must be a decimal number`);
    }
    if (minor <= 0n) throw validationError(`${field} must be a positive number`);
    return minor;
  }

  /** The price of one unit of a currency in EUR (10^-12 units). */
  eurPrice(currency: CurrencySpec): bigint {
    return toRate(this.state.rates[currency.code] ?? currency.eurPrice);
  }

  /** The rate of `from` in units of `to` (10^-12 units). */
  rate(from: CurrencySpec, to: CurrencySpec): bigint {
    return crossRate(this.eurPrice(from), this.eurPrice(to));
  }

  // ---- balances -------------------------------------------------------------------------------------------------

  /** The balance of an owner in a currency, in minor units. */
  balance(owner: Owner, currency: CurrencySpec): bigint {
    const record = this.account(owner).balances[currency.code];
    return record ? toMinor(record.amount, currency.scale) : 0n;
  }

  /**
   * Applies a set of balance changes atomically: either every change is applied (each with a ledger entry) or none,
   * with P433 when a debit exceeds its balance. Balances never go negative.
   */
  move(
    changes: readonly BalanceChange[],
    reason: string,
    ref: string,
    options: { readonly dryRun?: boolean } = {},
  ): void {
    const after = changes.map((change) => {
      const currency = this.currency(change.currency);
      const record = this.account(change.owner).balances[currency.code];
      if (!record) throw new Error(`${ownerName(change.owner)} has no ${currency.code} balance`);
      return { change, currency, record };
    });
    // Sum per balance first: two changes of one balance in a movement must be checked together.
    const totals = new Map<object, bigint>();
    for (const { change, currency, record } of after) {
      const current = totals.get(record) ?? toMinor(record.amount, currency.scale);
      totals.set(record, current + change.delta);
    }
    this.cite("SBX-BAL-2");
    for (const total of totals.values()) if (total < 0n) throw apiError("P433");
    if (options.dryRun) return;
    for (const { change, currency, record } of after) {
      if (change.delta === 0n) continue;
      record.amount = formatMinor(toMinor(record.amount, currency.scale) + change.delta, currency.scale);
      this.state.ledger.push({
        id: this.id(),
        at: this.nowIso(),
        account: change.owner === "partner" ? "partner" : change.owner.user,
        party: change.owner === "partner" ? "partner" : "user",
        currency: currency.code,
        delta: formatMinor(change.delta, currency.scale),
        reason,
        ref,
      });
    }
    const cap = this.settings.maxRecords;
    if (this.state.ledger.length > 2 * cap) this.state.ledger.splice(0, this.state.ledger.length - cap);
  }

  // ---- the virtual clock --------------------------------------------------------------------------------------

  /** Registers what a timer type does when due. */
  onTimer(type: string, handler: TimerHandler): void {
    this.timerHandlers.set(type, handler);
  }

  /** Schedules a timer `delayMs` of virtual time from now. */
  schedule(delayMs: number, type: string, ref: string): void {
    const timer: TimerRecord = { id: this.id(), at: this.state.now + Math.max(0, delayMs), type, ref };
    const timers = this.state.timers;
    // Keep the list sorted by due time (stable for equal times) with a binary search.
    let low = 0;
    let high = timers.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((timers[mid] as TimerRecord).at <= timer.at) low = mid + 1;
      else high = mid;
    }
    timers.splice(low, 0, timer);
  }

  /** Runs every timer due at or before the current virtual time, in due order. */
  runDue(): void {
    const timers = this.state.timers;
    while (timers.length > 0 && (timers[0] as TimerRecord).at <= this.state.now) {
      const timer = timers.shift() as TimerRecord;
      const handler = this.timerHandlers.get(timer.type);
      if (!handler) continue;
      const result = handler(this, timer.ref);
      if (result) this.track(result);
    }
  }

  /** Tracks asynchronous work so `settle()` can wait for it. */
  track(work: Promise<void>): void {
    const tracked = work.catch(() => undefined).finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  /** Waits until no delivery (or work it started) is running. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Moves the virtual clock forward by `ms`, running each timer at its due time and waiting for its deliveries. */
  async advance(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError("advance(ms) needs a finite, non-negative number of ms");
    const target = this.state.now + ms;
    await this.settle();
    for (;;) {
      const next = this.state.timers[0];
      if (!next || next.at > target) break;
      this.state.now = Math.max(this.state.now, next.at);
      this.runDue();
      await this.settle();
    }
    this.state.now = target;
  }
}
