// Currency exchange for the partner and for users: indicative rate, a rate lock that expires on the virtual clock,
// and execution moving both balances with the documented 1.49% fee (taken from the amount received: inferred).
import type { CurrencySpec } from "../currencies.js";
import type { Owner, SandboxCore } from "../core.js";
import { validationError } from "../errors.js";
import { convertAtPrices, formatPlain, percentFee, rateToNumber, toRate } from "../money.js";
import type { Handlers } from "../router.js";

/** The exchange fee of the Fees page: 1.49% of every conversion, in basis points. */
export const EXCHANGE_FEE_BASIS_POINTS = 149n;

function pair(core: SandboxCore, from: unknown, to: unknown): [CurrencySpec, CurrencySpec] {
  const currencyFrom = core.currency(from);
  const currencyTo = core.currency(to);
  if (currencyFrom.code === currencyTo.code) throw validationError("currencyFrom and currencyTo must differ");
  return [currencyFrom, currencyTo];
}

function quote(core: SandboxCore, query: Readonly<Record<string, string>>) {
  const [from, to] = pair(core, query.currencyFrom, query.currencyTo);
  return { currencyFrom: from.code, currencyTo: to.code, rate: rateToNumber(core.rate(from, to)) };
}

function lock(core: SandboxCore, owner: Owner, query: Readonly<Record<string, string>>) {
  const [from, to] = pair(core, query.currencyFrom, query.currencyTo);
  const amount = query.amount === undefined ? undefined : formatPlain(core.amount(query.amount, from), from.scale);
  const lockId = core.id();
  const rate = core.rate(from, to);
  const expiresAt = new Date(core.state.now + core.settings.lockLifetimeMs).toISOString();
  // The lock keeps both EUR prices, so that execution converts at their exact ratio (the shown rate is rounded).
  const prices = { fromEur: core.eurPrice(from).toString(), toEur: core.eurPrice(to).toString() };
  core.put("exchangeLocks", lockId, { lockId, owner, currencyFrom: from.code, currencyTo: to.code, amount, rate: formatPlain(rate, 12), ...prices, expiresAt, used: false });
  return { lockId, currencyFrom: from.code, currencyTo: to.code, ...(amount ? { amount } : {}), rate: rateToNumber(rate), expiresAt };
}

function execute(core: SandboxCore, owner: Owner, body: Record<string, unknown>) {
  const [from, to] = pair(core, body.currencyFrom, body.currencyTo);
  const amount = core.amount(body.amount, from);
  const locked = core.state.exchangeLocks.get(String(body.lockId));
  if (!locked || locked.owner !== owner) throw validationError("lockId does not exist");
  if (locked.used) throw validationError("lockId has already been used");
  if (Date.parse(String(locked.expiresAt)) <= core.state.now) throw validationError("lockId has expired");
  if (locked.currencyFrom !== from.code || locked.currencyTo !== to.code) throw validationError("currencyFrom and currencyTo must match the lock");
  if (locked.amount !== undefined && locked.amount !== formatPlain(amount, from.scale)) throw validationError("amount must match the lock");
  const gross = convertAtPrices(amount, from.scale, to.scale, BigInt(String(locked.fromEur)), BigInt(String(locked.toEur)));
  const received = gross - percentFee(gross, EXCHANGE_FEE_BASIS_POINTS);
  if (received <= 0n) throw validationError("amount is too small to exchange");
  const exchangeId = core.id();
  core.move(
    [
      { owner, currency: from.code, delta: -amount },
      { owner, currency: to.code, delta: received },
    ],
    "exchange",
    exchangeId,
  );
  locked.used = true;
  core.put("exchanges", exchangeId, {
    exchangeId,
    owner,
    status: "COMPLETED",
    amount: formatPlain(amount, from.scale),
    currencyFrom: from.code,
    currencyTo: to.code,
    rate: locked.rate,
  });
  core.emit("exchange", { exchangeId, status: "COMPLETED" });
  return { exchangeId };
}

function details(core: SandboxCore, owner: Owner, exchangeId: unknown) {
  const exchange = core.state.exchanges.get(String(exchangeId));
  if (!exchange || exchange.owner !== owner) throw validationError("exchangeId does not exist");
  const { owner: _owner, rate, ...rest } = exchange;
  return { ...rest, rate: rateToNumber(toRate(String(rate))) };
}

/** Handlers of the partner and user exchange operations. */
export const exchangeHandlers: Handlers = {
  getPartnerExchangeRate: (core, { query }) => quote(core, query),
  lockPartnerExchangeRate: (core, { query }) => lock(core, "partner", query),
  createPartnerExchange: (core, { body }) => execute(core, "partner", body as Record<string, unknown>),
  getPartnerExchangeDetails: (core, { params }) => details(core, "partner", params.exchangeId),
  getUserExchangeRate(core, { query }) {
    core.user(query.externalUserId);
    return quote(core, query);
  },
  lockUserExchangeRate(core, { query }) {
    const user = core.moneyUser(query.externalUserId);
    return lock(core, user.externalUserId, query);
  },
  createUserExchange(core, { body }) {
    const user = core.moneyUser(body?.externalUserId);
    return execute(core, user.externalUserId, body as Record<string, unknown>);
  },
  getUserExchangeDetails(core, { params, query }) {
    const user = core.user(query.externalUserId);
    return details(core, user.externalUserId, params.exchangeId);
  },
};
