// Orders (a payer settles an EUR amount in crypto to the partner): indicative rates, a rate lock, the order and its
// status lifecycle on the virtual clock: WAITING_FOR_WALLET_ADDRESS (documented) -> WAITING_FOR_PAYMENT (inferred)
// -> WAITING_FOR_CONFIRMATION (documented, after simulate.orderPayment) -> COMPLETED (inferred, 3 confirmations),
// with the Order Status webhook at each step; COMPLETED credits the partner's EUR balance.
import type { SandboxCore } from "../core.js";
import { validationError } from "../errors.js";
import { divCeil, formatMinor, formatPlain, toMinor, wireNumber } from "../money.js";
import type { Handlers } from "../router.js";

/** Virtual delays of the order lifecycle (not documented; inferred). */
export const ORDER_TIMING = {
  walletAfterMs: 5_000,
  paymentWindowMs: 30 * 60_000,
  confirmationEveryMs: 20_000,
  requiredConfirmations: 3,
} as const;

function orderQuote(core: SandboxCore, input: Record<string, unknown>) {
  core.cite("SBX-ORD-1");
  const crypto = core.currency(input.currency ?? "usdc", "crypto");
  const eur = core.currency("eur");
  const network = input.network === undefined ? crypto.networks[0]?.key : String(input.network).toLowerCase();
  if (!crypto.networks.some((n) => n.key === network))
    throw validationError(
      `network must be one of the following values: ${crypto.networks.map((n) => n.key).join(", ")}`,
    );
  const eurAmount = core.amount(input.amount ?? "100", eur);
  const price = core.eurPrice(crypto);
  // The payer pays enough crypto to cover the EUR amount: round the crypto amount up.
  const cryptoAmount = divCeil(eurAmount * 10n ** BigInt(crypto.scale) * 10n ** 12n, 10n ** BigInt(eur.scale) * price);
  return {
    amount: formatMinor(cryptoAmount, crypto.scale),
    rate: formatPlain(price, 12),
    currency: crypto.code,
    destinationCurrency: eur.code,
    network: network as string,
    eurAmount: formatMinor(eurAmount, eur.scale),
  };
}

function orderView(record: Record<string, unknown>) {
  const { eurAmount: _eur, ...view } = record;
  return view;
}

function setStatus(core: SandboxCore, order: Record<string, unknown>, status: string): void {
  order.status = status;
  core.emit("orderStatus", { orderId: String(order.orderId), status }, ["SBX-ORD-1"]);
}

/** Installs the order lifecycle steps on the clock. */
export function installOrderTimers(core: SandboxCore): void {
  core.onTimer("order.wallet", (engine, id) => {
    const order = engine.state.orders.get(id);
    if (!order || order.status !== "WAITING_FOR_WALLET_ADDRESS") return;
    order.walletAddress = engine.walletAddress();
    order.expiresAt = new Date(engine.state.now + ORDER_TIMING.paymentWindowMs).toISOString();
    setStatus(engine, order, "WAITING_FOR_PAYMENT");
    engine.schedule(ORDER_TIMING.paymentWindowMs, "order.expire", id);
  });
  core.onTimer("order.expire", (engine, id) => {
    const order = engine.state.orders.get(id);
    if (order?.status === "WAITING_FOR_PAYMENT") setStatus(engine, order, "EXPIRED");
  });
  core.onTimer("order.confirm", (engine, id) => {
    const order = engine.state.orders.get(id);
    if (!order || order.status !== "WAITING_FOR_CONFIRMATION") return;
    order.confirmations = Number(order.confirmations) + 1;
    if (Number(order.confirmations) < ORDER_TIMING.requiredConfirmations) {
      engine.schedule(ORDER_TIMING.confirmationEveryMs, "order.confirm", id);
      return;
    }
    const crypto = engine.currency(order.cryptocurrency);
    const paidInFull =
      toMinor(String(order.receivedAmount), crypto.scale) >= toMinor(String(order.totalAmountRequired), crypto.scale);
    if (!paidInFull) return setStatus(engine, order, "UNDERPAID");
    engine.move([{ owner: "partner", currency: "eur", delta: toMinor(String(order.eurAmount), 2) }], "order", id);
    setStatus(engine, order, "COMPLETED");
  });
}

/** Handlers of the order operations. */
export const orderHandlers = {
  getOrderRates(core, { query }) {
    const { eurAmount: _eur, ...quote } = orderQuote(core, query);
    return quote;
  },
  lockOrderRate(core, { body }) {
    const quote = orderQuote(core, body as Record<string, unknown>);
    const lockId = core.id();
    const expiresAt = new Date(core.state.now + core.settings.lockLifetimeMs).toISOString();
    core.put("orderLocks", lockId, { lockId, ...quote, expiresAt, used: false });
    const { eurAmount: _eur, ...shown } = quote;
    // The newest page's example sends the amount to pay as a number (412.607142).
    return { lockId, ...shown, amount: wireNumber(quote.amount), expiresAt };
  },
  createOrder(core, { body }) {
    const lock = core.state.orderLocks.get(String(body?.lockId));
    core.cite("SBX-ORD-1");
    if (!lock) throw validationError("lockId does not exist");
    if (lock.used) throw validationError("lockId has already been used");
    if (Date.parse(String(lock.expiresAt)) <= core.state.now) throw validationError("lockId has expired");
    lock.used = true;
    const orderId = core.id();
    const order: Record<string, unknown> = {
      orderId,
      lockId: lock.lockId,
      status: "WAITING_FOR_WALLET_ADDRESS",
      createdAt: core.nowIso(),
      expiresAt: null,
      confirmations: 0,
      requiredConfirmations: ORDER_TIMING.requiredConfirmations,
      receivedAmount: "0",
      totalAmountRequired: lock.amount,
      cryptocurrency: lock.currency,
      walletAddress: null,
      transactionHash: null,
      network: String(lock.network).toUpperCase(),
      eurAmount: lock.eurAmount,
    };
    core.put("orders", orderId, order);
    core.cite("SBX-ORD-1");
    core.emit("orderStatus", { orderId, status: String(order.status) }, ["SBX-ORD-1"]);
    core.schedule(ORDER_TIMING.walletAfterMs, "order.wallet", orderId);
    return { orderId };
  },
  getOrderDetails(core, { params }) {
    const order = core.state.orders.get(params.orderId as string);
    core.cite("SBX-ORD-1", "SBX-ID-2");
    if (!order) throw validationError("orderId does not exist");
    return orderView(order);
  },
} satisfies Handlers;

/** The payer's transfer to an order's wallet was seen on chain: WAITING_FOR_CONFIRMATION, then confirmations. */
export function simulateOrderPayment(core: SandboxCore, orderId: string, amount?: string | number): void {
  const order = core.state.orders.get(orderId);
  if (!order) throw validationError("orderId does not exist");
  if (order.status !== "WAITING_FOR_PAYMENT")
    throw new Error(`order ${orderId} is ${String(order.status)}: advance the clock until it has a wallet`);
  const crypto = core.currency(order.cryptocurrency);
  order.receivedAmount = formatMinor(core.amount(amount ?? String(order.totalAmountRequired), crypto), crypto.scale);
  order.transactionHash = `0x${core.hex(64)}`;
  setStatus(core, order, "WAITING_FOR_CONFIRMATION");
  core.schedule(ORDER_TIMING.confirmationEveryMs, "order.confirm", orderId);
}
