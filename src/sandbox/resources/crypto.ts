// Crypto: network fee, withdrawals of the partner and of users (service fee and minimum from networkConfig, as the
// Fees page says; accepted PENDING with amount and fee held, then SUCCESSFUL, or FAILED when the money was not there,
// on the virtual clock with the webhook), and simulated deposits with the travel rule step (WAITING_FOR_TR_DATA until
// Update Travel Rule, then WAITING_FOR_VERIFICATION, then SUCCESSFUL); a suspended user's deposit is UNSUCCESSFUL.
import { findNetwork, type CurrencySpec } from "../currencies.js";
import { sameOwner, userOwner, type Owner, type SandboxCore } from "../core.js";
import { apiError, validationError } from "../errors.js";
import { formatMinor, toMinor, wireNumber } from "../money.js";
import type { Handlers } from "../router.js";
import { assertPending, hold, PENDING, release, SETTLEMENT_MS, type HeldChange } from "../settlement.js";

/** Virtual time from a withdrawal's creation to its confirmation on chain (inferred). */
export const WITHDRAWAL_SETTLE_MS = SETTLEMENT_MS.cryptoWithdrawal;
/** Virtual time the travel rule verification takes after the data arrives (inferred). */
export const TRAVEL_RULE_VERIFY_MS = 10_000;

function network(currency: CurrencySpec, key: unknown) {
  const found = findNetwork(currency, key);
  if (!found)
    throw validationError(
      `network must be one of the following values: ${currency.networks.map((n) => n.key).join(", ")}`,
    );
  return found;
}

function withdraw(core: SandboxCore, owner: Owner, body: Record<string, unknown>) {
  const currency = core.currency(body.currency, "crypto");
  const net = network(currency, body.network);
  const amount = core.amount(body.amount, currency);
  const min = toMinor(net.minWithdrawal, currency.scale);
  if (amount < min)
    throw validationError(
      `amount must not be less than ${net.minWithdrawal} (minimum withdrawal of ${currency.code} on ${net.key})`,
    );
  const fee = toMinor(net.feeWithdrawal, currency.scale);
  const id = core.id();
  core.cite("SBX-CRY-1", "SBX-FEE-3");
  const held = hold(
    core,
    [
      { owner, currency: currency.code, delta: -amount, reason: "cryptoWithdrawal" },
      { owner, currency: currency.code, delta: -fee, reason: "cryptoWithdrawalFee" },
    ],
    id,
  );
  core.put("withdrawals", id, {
    id,
    owner,
    amount: formatMinor(amount, currency.scale),
    fee: formatMinor(fee, currency.scale),
    currency: currency.code,
    network: net.key,
    destination: body.walletAddress,
    status: PENDING,
    createdAt: core.nowIso(),
    held: "held" in held ? held.held : [],
    failure: "failure" in held ? held.failure : null,
  });
  core.schedule(WITHDRAWAL_SETTLE_MS, "cryptoWithdrawal.settle", id);
  return { withdrawalId: id };
}

/** The withdrawal as its webhook reports it: amount and fee as numbers, as in the documented example. */
function withdrawalWebhook(record: Record<string, unknown>) {
  return { ...withdrawalView(record), amount: wireNumber(String(record.amount)), fee: wireNumber(String(record.fee)) };
}

function withdrawalView(record: Record<string, unknown>) {
  return {
    id: String(record.id),
    amount: String(record.amount),
    fee: String(record.fee),
    destination: String(record.destination),
    status: String(record.status),
  };
}

/** Installs the lifecycle steps of withdrawals and deposits on the clock. */
export function installCryptoTimers(core: SandboxCore): void {
  core.onTimer("cryptoWithdrawal.settle", (engine, id) => {
    const record = engine.state.withdrawals.get(id);
    if (!record || record.status !== PENDING) return;
    if (typeof record.failure === "string") {
      record.status = "FAILED";
      engine.emit("cryptoWithdrawal", withdrawalWebhook(record), ["SBX-CRY-1", "SBX-BAL-2"]);
      return;
    }
    record.status = "SUCCESSFUL";
    record.held = [];
    engine.emit("cryptoWithdrawal", withdrawalWebhook(record), ["SBX-CRY-1", "SBX-FEE-3"]);
  });
  core.onTimer("cryptoDeposit.verify", (engine, id) => {
    const record = engine.state.deposits.get(id);
    if (!record || record.status !== "WAITING_FOR_VERIFICATION") return;
    creditDeposit(engine, record);
  });
}

function depositPayload(record: Record<string, unknown>) {
  const { owner, network: _network, travelRule: _travelRule, ...payload } = record;
  // The documented Crypto Deposit example sends the amount as a number.
  const typed = {
    ...payload,
    cryptoDepositId: String(record.cryptoDepositId),
    status: String(record.status),
    amount: wireNumber(String(record.amount)),
  };
  return owner === "partner" ? typed : { externalUserId: (owner as { user: string }).user, ...typed };
}

function creditDeposit(core: SandboxCore, record: Record<string, unknown>): void {
  const currency = core.currency(record.currency);
  core.move(
    [{ owner: record.owner as Owner, currency: currency.code, delta: toMinor(String(record.amount), currency.scale) }],
    "cryptoDeposit",
    String(record.cryptoDepositId),
  );
  record.status = "SUCCESSFUL";
  core.emit("cryptoDeposit", depositPayload(record), ["SBX-CRY-3"]);
}

/** Handlers of the crypto operations. */
export const cryptoHandlers = {
  getNetworkFee(core, { query }) {
    core.cite("SBX-CRY-2");
    const currency = core.currency(query.currency, "crypto", "P410");
    network(currency, query.network);
    // The sandbox has no chain: the network fee is zero (the real one varies with the chain's load).
    return { networkFee: 0 };
  },
  createPartnerCryptoWithdrawal: (core, { body }) => withdraw(core, "partner", body as Record<string, unknown>),
  createUserCryptoWithdrawal(core, { body }) {
    const user = core.moneyUser(body?.sourceExternalUserId);
    return withdraw(core, userOwner(user.externalUserId), body as Record<string, unknown>);
  },
  getCryptoWithdrawalDetails(core, { params }) {
    const record = core.state.withdrawals.get(params.withdrawalId as string);
    core.cite("SBX-CRY-1", "SBX-ID-2");
    if (!record) throw apiError("P403", "withdrawalId does not exist");
    return withdrawalView(record);
  },
  updateTravelRule(core, { params, body }) {
    const record = core.state.deposits.get(params.cryptoDepositId as string);
    const owner: Owner =
      body?.externalUserId === undefined ? "partner" : userOwner(core.user(body.externalUserId).externalUserId);
    core.cite("SBX-CRY-3", "SBX-ID-2");
    if (!record || !sameOwner(record.owner as Owner, owner)) throw apiError("P403", "cryptoDepositId does not exist");
    if (record.status !== "WAITING_FOR_TR_DATA")
      throw apiError("P403", "the deposit is not waiting for travel rule data");
    record.status = "WAITING_FOR_VERIFICATION";
    core.emit("cryptoDeposit", depositPayload(record), ["SBX-CRY-3"]);
    core.schedule(TRAVEL_RULE_VERIFY_MS, "cryptoDeposit.verify", String(record.cryptoDepositId));
    return { message: "Travel rule data updated" };
  },
} satisfies Handlers;

/** What a simulated incoming crypto transfer carries. */
export interface SimulatedCryptoDeposit {
  /** The receiving user; omit for the partner's own wallet. */
  readonly externalUserId?: string;
  readonly currency: string;
  readonly amount: string | number;
  readonly network?: string;
  /** Whether P100 asks for travel rule data first (status WAITING_FOR_TR_DATA until Update Travel Rule). */
  readonly travelRule?: boolean;
}

/** An incoming crypto deposit: UNSUCCESSFUL below the minimum, else credited (or held for travel rule data). */
export function simulateCryptoDeposit(
  core: SandboxCore,
  deposit: SimulatedCryptoDeposit,
): { cryptoDepositId: string; status: string } {
  const currency = core.currency(deposit.currency, "crypto");
  const net = network(currency, deposit.network);
  const amount = core.amount(deposit.amount, currency);
  const user = deposit.externalUserId === undefined ? undefined : core.user(deposit.externalUserId);
  if (user && user.account.status !== "ACTIVE")
    throw new Error(
      `user ${user.externalUserId} has no balances yet: approve their KYC and call Add User Verification first`,
    );
  const owner: Owner = user ? userOwner(user.externalUserId) : "partner";
  const cryptoDepositId = core.id();
  const record: Record<string, unknown> = {
    owner,
    cryptoDepositId,
    amount: formatMinor(amount, currency.scale),
    currency: currency.code,
    status: "WAITING_FOR_TR_DATA",
    transactionHash: `0x${core.hex(64)}`,
    createdAt: core.nowIso(),
    network: net.key,
  };
  core.put("deposits", cryptoDepositId, record);
  // Below the minimum, or to a frozen (suspended) account: not credited (the crypto stays with the sender: inferred).
  if (amount < toMinor(net.minDeposit, currency.scale) || user?.suspended) {
    record.status = "UNSUCCESSFUL";
    core.emit("cryptoDeposit", depositPayload(record), user?.suspended ? ["SBX-CRY-3", "SBX-SEPA-3"] : ["SBX-CRY-3"]);
  } else if (deposit.travelRule) {
    core.emit("cryptoDeposit", depositPayload(record), ["SBX-CRY-3"]);
  } else {
    creditDeposit(core, record);
  }
  return { cryptoDepositId, status: String(record.status) };
}

/** Marks a pending withdrawal FAILED (e.g. rejected on chain): refunds amount and fee, emits the webhook. */
export function failCryptoWithdrawal(core: SandboxCore, withdrawalId: string): void {
  const record = core.state.withdrawals.get(withdrawalId);
  if (!record) throw apiError("P403", "withdrawalId does not exist");
  assertPending(record, "crypto withdrawal", withdrawalId);
  release(core, record.held as HeldChange[], withdrawalId);
  record.held = [];
  record.status = "FAILED";
  core.emit("cryptoWithdrawal", withdrawalWebhook(record), ["SBX-CRY-4"]);
}
