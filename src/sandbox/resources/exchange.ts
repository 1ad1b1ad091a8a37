// Currency exchange for the partner and for users: indicative rate, a rate lock that expires on the virtual clock,
// and execution: the exchange page says the API "validates, reserves funds and returns exchangeId at once; processing
// is asynchronous", so the amount sold is held at acceptance (PENDING) and the amount bought, less the fee of the
// partner settings (Fees page: 1.49 %, taken from the amount received: inferred), is credited when it COMPLETES on
// the virtual clock; too little money makes it FAILED then, never an immediate P433.
import type { CurrencySpec } from "../currencies.js";
import { sameOwner, userOwner, type Owner, type SandboxCore } from "../core.js";
import { validationError } from "../errors.js";
import { convertAtPrices, formatPlain, rateToNumber, toMinor, toRate } from "../money.js";
import type { Handlers } from "../router.js";
import { hold, PENDING, percentOf, SETTLEMENT_MS } from "../settlement.js";

function pair(core: SandboxCore, from: unknown, to: unknown): [CurrencySpec, CurrencySpec] {
  const currencyFrom = core.currency(from);
  const currencyTo = core.currency(to);
  if (currencyFrom.code === currencyTo.code) throw validationError("currencyFrom and currencyTo must differ");
  return [currencyFrom, currencyTo];
}

function quote(core: SandboxCore, query: Readonly<Record<string, string>>) {
  core.cite("SBX-EXC-1");
  const [from, to] = pair(core, query.currencyFrom, query.currencyTo);
  return { currencyFrom: from.code, currencyTo: to.code, rate: rateToNumber(core.rate(from, to)) };
}

function lock(core: SandboxCore, owner: Owner, query: Readonly<Record<string, string>>) {
  core.cite("SBX-EXC-1", "SBX-EXC-2");
  const [from, to] = pair(core, query.currencyFrom, query.currencyTo);
  const amount = query.amount === undefined ? undefined : formatPlain(core.amount(query.amount, from), from.scale);
  const lockId = core.id();
  const rate = core.rate(from, to);
  const expiresAt = new Date(core.state.now + core.settings.lockLifetimeMs).toISOString();
  // The lock keeps both EUR prices, so that execution converts at their exact ratio (the shown rate is rounded).
  const prices = { fromEur: core.eurPrice(from).toString(), toEur: core.eurPrice(to).toString() };
  core.put("exchangeLocks", lockId, {
    lockId,
    owner,
    currencyFrom: from.code,
    currencyTo: to.code,
    amount,
    rate: formatPlain(rate, 12),
    ...prices,
    expiresAt,
    used: false,
  });
  return {
    lockId,
    currencyFrom: from.code,
    currencyTo: to.code,
    ...(amount ? { amount } : {}),
    rate: rateToNumber(rate),
    expiresAt,
  };
}

function execute(core: SandboxCore, owner: Owner, body: Record<string, unknown>) {
  const [from, to] = pair(core, body.currencyFrom, body.currencyTo);
  const amount = core.amount(body.amount, from);
  const locked = core.state.exchangeLocks.get(String(body.lockId));
  core.cite("SBX-EXC-2", "SBX-EXC-3", "SBX-FEE-2");
  if (!locked || !sameOwner(locked.owner as Owner, owner)) throw validationError("lockId does not exist");
  if (locked.used) throw validationError("lockId has already been used");
  if (Date.parse(String(locked.expiresAt)) <= core.state.now) throw validationError("lockId has expired");
  if (locked.currencyFrom !== from.code || locked.currencyTo !== to.code)
    throw validationError("currencyFrom and currencyTo must match the lock");
  if (locked.amount !== undefined && locked.amount !== formatPlain(amount, from.scale))
    throw validationError("amount must match the lock");
  const gross = convertAtPrices(
    amount,
    from.scale,
    to.scale,
    BigInt(String(locked.fromEur)),
    BigInt(String(locked.toEur)),
  );
  const received = gross - percentOf(gross, core.settings.fees.exchangePercent);
  if (received <= 0n) throw validationError("amount is too small to exchange");
  const exchangeId = core.id();
  const held = hold(core, [{ owner, currency: from.code, delta: -amount, reason: "exchange" }], exchangeId);
  locked.used = true;
  core.put("exchanges", exchangeId, {
    exchangeId,
    owner,
    status: PENDING,
    amount: formatPlain(amount, from.scale),
    currencyFrom: from.code,
    currencyTo: to.code,
    rate: locked.rate,
    received: formatPlain(received, to.scale),
    held: "held" in held ? held.held : [],
    failure: "failure" in held ? held.failure : null,
  });
  core.schedule(SETTLEMENT_MS.exchange, "exchange.settle", exchangeId);
  return { exchangeId };
}

/** Installs the completion of exchanges on the clock. */
export function installExchangeTimers(core: SandboxCore): void {
  core.onTimer("exchange.settle", (engine, id) => {
    const exchange = engine.state.exchanges.get(id);
    if (!exchange || exchange.status !== PENDING) return;
    if (typeof exchange.failure === "string") {
      exchange.status = "FAILED";
      engine.emit("exchange", { exchangeId: id, status: "FAILED" }, ["SBX-EXC-3"]);
      return;
    }
    const to = engine.currency(exchange.currencyTo);
    engine.move(
      [{ owner: exchange.owner as Owner, currency: to.code, delta: toMinor(String(exchange.received), to.scale) }],
      "exchange",
      id,
    );
    exchange.status = "COMPLETED";
    exchange.held = [];
    engine.emit("exchange", { exchangeId: id, status: "COMPLETED" }, ["SBX-EXC-3", "SBX-FEE-2"]);
  });
}

function details(core: SandboxCore, owner: Owner, exchangeId: unknown) {
  const exchange = core.state.exchanges.get(String(exchangeId));
  core.cite("SBX-EXC-3", "SBX-ID-2");
  if (!exchange || !sameOwner(exchange.owner as Owner, owner)) throw validationError("exchangeId does not exist");
  const { owner: _owner, rate, received: _received, held: _held, failure: _failure, ...rest } = exchange;
  return { ...rest, rate: rateToNumber(toRate(String(rate))) };
}

/** Handlers of the partner and user exchange operations. */
export const exchangeHandlers = {
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
    return lock(core, userOwner(user.externalUserId), query);
  },
  createUserExchange(core, { body }) {
    const user = core.moneyUser(body?.externalUserId);
    return execute(core, userOwner(user.externalUserId), body as Record<string, unknown>);
  },
  getUserExchangeDetails(core, { params, query }) {
    const user = core.user(query.externalUserId);
    return details(core, userOwner(user.externalUserId), params.exchangeId);
  },
} satisfies Handlers;
