// Crypto: network fee, withdrawals of the partner and of users (service fee and minimum from networkConfig, as the
// Fees page says; PENDING, then SUCCESSFUL after a virtual delay, with the webhook), and simulated deposits with the
// travel rule step (WAITING_FOR_TR_DATA until Update Travel Rule, then WAITING_FOR_VERIFICATION, then SUCCESSFUL).
import { findNetwork, type CurrencySpec } from "../currencies.js";
import type { Owner, SandboxCore } from "../core.js";
import { apiError, validationError } from "../errors.js";
import { formatMinor, toMinor } from "../money.js";
import type { Handlers } from "../router.js";

/** Virtual time from a withdrawal's creation to its confirmation on chain (inferred). */
export const WITHDRAWAL_SETTLE_MS = 30_000;
/** Virtual time the travel rule verification takes after the data arrives (inferred). */
export const TRAVEL_RULE_VERIFY_MS = 10_000;

function network(currency: CurrencySpec, key: unknown) {
  const found = findNetwork(currency, key);
  if (!found) throw validationError(`network must be one of the following values: ${currency.networks.map((n) => n.key).join(", ")}`);
  return found;
}

function withdraw(core: SandboxCore, owner: Owner, body: Record<string, unknown>) {
  const currency = core.currency(body.currency, "crypto");
  const net = network(currency, body.network);
  const amount = core.amount(body.amount, currency);
  const min = toMinor(net.minWithdrawal, currency.scale);
  if (amount < min) throw validationError(`amount must not be less than ${net.minWithdrawal} (minimum withdrawal of ${currency.code} on ${net.key})`);
  const fee = toMinor(net.feeWithdrawal, currency.scale);
  const id = core.id();
  core.move([{ owner, currency: currency.code, delta: -(amount + fee) }], "cryptoWithdrawal", id);
  core.put("withdrawals", id, {
    id,
    owner,
    amount: formatMinor(amount, currency.scale),
    fee: formatMinor(fee, currency.scale),
    currency: currency.code,
    network: net.key,
    destination: body.walletAddress,
    status: "PENDING",
    createdAt: core.nowIso(),
  });
  core.schedule(WITHDRAWAL_SETTLE_MS, "cryptoWithdrawal.settle", id);
  return { withdrawalId: id };
}

function withdrawalView(record: Record<string, unknown>) {
  return { id: record.id, amount: record.amount, fee: record.fee, destination: record.destination, status: record.status };
}

/** Installs the lifecycle steps of withdrawals and deposits on the clock. */
export function installCryptoTimers(core: SandboxCore): void {
  core.onTimer("cryptoWithdrawal.settle", (engine, id) => {
    const record = engine.state.withdrawals.get(id);
    if (!record || record.status !== "PENDING") return;
    record.status = "SUCCESSFUL";
    engine.emit("cryptoWithdrawal", withdrawalView(record));
  });
  core.onTimer("cryptoDeposit.verify", (engine, id) => {
    const record = engine.state.deposits.get(id);
    if (!record || record.status !== "WAITING_FOR_VERIFICATION") return;
    creditDeposit(engine, record);
  });
}

function depositPayload(record: Record<string, unknown>) {
  const { owner, network: _network, travelRule: _travelRule, ...payload } = record;
  return owner === "partner" ? payload : { externalUserId: owner, ...payload };
}

function creditDeposit(core: SandboxCore, record: Record<string, unknown>): void {
  const currency = core.currency(record.currency);
  core.move([{ owner: String(record.owner), currency: currency.code, delta: toMinor(String(record.amount), currency.scale) }], "cryptoDeposit", String(record.cryptoDepositId));
  record.status = "SUCCESSFUL";
  core.emit("cryptoDeposit", depositPayload(record));
}

/** Handlers of the crypto operations. */
export const cryptoHandlers: Handlers = {
  getNetworkFee(core, { query }) {
    const currency = core.currency(query.currency, "crypto", "P410");
    network(currency, query.network);
    // The sandbox has no chain: the network fee is zero (the real one varies with the chain's load).
    return { networkFee: formatMinor(0n, currency.scale) };
  },
  createPartnerCryptoWithdrawal: (core, { body }) => withdraw(core, "partner", body as Record<string, unknown>),
  createUserCryptoWithdrawal(core, { body }) {
    const user = core.moneyUser(body?.sourceExternalUserId);
    return withdraw(core, user.externalUserId, body as Record<string, unknown>);
  },
  getCryptoWithdrawalDetails(core, { params }) {
    const record = core.state.withdrawals.get(params.withdrawalId as string);
    if (!record) throw apiError("P403", "withdrawalId does not exist");
    return withdrawalView(record);
  },
  updateTravelRule(core, { params, body }) {
    const record = core.state.deposits.get(params.cryptoDepositId as string);
    const owner = body?.externalUserId ?? "partner";
    if (body?.externalUserId !== undefined) core.user(body.externalUserId);
    if (!record || record.owner !== owner) throw apiError("P403", "cryptoDepositId does not exist");
    if (record.status !== "WAITING_FOR_TR_DATA") throw apiError("P403", "the deposit is not waiting for travel rule data");
    record.status = "WAITING_FOR_VERIFICATION";
    core.emit("cryptoDeposit", depositPayload(record));
    core.schedule(TRAVEL_RULE_VERIFY_MS, "cryptoDeposit.verify", String(record.cryptoDepositId));
    return { message: "Travel rule data updated" };
  },
};

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
export function simulateCryptoDeposit(core: SandboxCore, deposit: SimulatedCryptoDeposit): { cryptoDepositId: string; status: string } {
  const currency = core.currency(deposit.currency, "crypto");
  const net = network(currency, deposit.network);
  const amount = core.amount(deposit.amount, currency);
  const owner = deposit.externalUserId === undefined ? "partner" : core.user(deposit.externalUserId).externalUserId;
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
  if (amount < toMinor(net.minDeposit, currency.scale)) {
    record.status = "UNSUCCESSFUL";
    core.emit("cryptoDeposit", depositPayload(record));
  } else if (deposit.travelRule) {
    core.emit("cryptoDeposit", depositPayload(record));
  } else {
    creditDeposit(core, record);
  }
  return { cryptoDepositId, status: String(record.status) };
}

/** Marks a pending withdrawal FAILED (e.g. rejected on chain): refunds amount and fee, emits the webhook. */
export function failCryptoWithdrawal(core: SandboxCore, withdrawalId: string): void {
  const record = core.state.withdrawals.get(withdrawalId);
  if (!record) throw apiError("P403", "withdrawalId does not exist");
  if (record.status !== "PENDING") throw new Error(`withdrawal ${withdrawalId} is ${String(record.status)}, not PENDING`);
  const currency = core.currency(record.currency);
  const refund = toMinor(String(record.amount), currency.scale) + toMinor(String(record.fee), currency.scale);
  core.move([{ owner: String(record.owner), currency: currency.code, delta: refund }], "cryptoWithdrawalRefund", withdrawalId);
  record.status = "FAILED";
  core.emit("cryptoWithdrawal", withdrawalView(record));
}
