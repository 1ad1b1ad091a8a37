// Virtual cards: create (P412, P455, P451 for a country outside the card list; the documented issuance limits of 5
// per 24 h, 10 per 30 days, 20 per year; no POA gate, as the newest Create User page says the POA requirement is
// suspended), list, details, limits, PIN, block, unblock, delete; simulated card transactions (debit the user's EUR
// balance within the card's limits), 3DS and activation codes, each with its webhook; the monthly fee per active card
// of the partner settings (Fees page: EUR 0.25) is debited from the partner every 30 virtual days.
import { userOwner, type SandboxCore } from "../core.js";
import { apiError, validationError } from "../errors.js";
import { formatMinor, toMinor } from "../money.js";
import { CARD_COUNTRIES } from "../options.js";
import type { Handlers } from "../router.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const MONTH_MS = 30 * DAY_MS;
const YEAR_MS = 365 * DAY_MS;
const DEFAULT_LIMITS = {
  monthlyTrxAll: "5000",
  dailyTrxAll: "1000",
  monthlyTrxAtm: "1000",
  dailyTrxAtm: "200",
  monthlyTrxEcom: "3000",
  dailyTrxEcom: "500",
};
const LIMIT_FIELDS = Object.keys(DEFAULT_LIMITS);

/** The first issuance limit a new card of the user would break, if any (rolling windows of the creation times). */
function issuanceLimitBroken(core: SandboxCore, externalUserId: string): string | undefined {
  const limits = core.settings.cardIssuanceLimits;
  const mine = [...core.state.cards.values()].filter((c) => c.externalUserId === externalUserId);
  const createdWithin = (ms: number) => mine.filter((c) => Number(c.createdAtMs) > core.state.now - ms).length;
  if (mine.filter((c) => c.status !== "DELETED").length >= limits.held)
    return `a user can hold at most ${limits.held} cards`;
  if (createdWithin(DAY_MS) >= limits.per24Hours)
    return `at most ${limits.per24Hours} cards can be created per user in 24 hours`;
  if (createdWithin(MONTH_MS) >= limits.per30Days)
    return `at most ${limits.per30Days} cards can be created per user in 30 days`;
  if (createdWithin(YEAR_MS) >= limits.perYear)
    return `at most ${limits.perYear} cards can be created per user in a year`;
  return undefined;
}

/** A user's card, or P434 (unknown card, or another user's). */
export function findCard(core: SandboxCore, externalUserId: unknown, cardId: unknown): Record<string, unknown> {
  const user = core.user(externalUserId);
  const card = core.state.cards.get(String(cardId));
  core.cite("SBX-CARD-4");
  if (!card || card.externalUserId !== user.externalUserId || card.status === "DELETED") throw apiError("P434");
  return card;
}

/** A 16-digit card number with a valid Luhn check digit. */
function cardNumber(core: SandboxCore): string {
  const body = `4${core.digits(14)}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let digit = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return `${body}${(10 - (sum % 10)) % 10}`;
}

function setStatus(
  core: SandboxCore,
  body: Record<string, unknown> | undefined,
  from: readonly string[],
  to: string,
  message: string,
) {
  const card = findCard(core, body?.externalUserId, body?.cardId);
  core.cite("SBX-CARD-3");
  if (!from.includes(String(card.status))) throw validationError(`card is ${String(card.status)}`);
  card.status = to;
  return { message };
}

/** Handlers of the virtual card operations. */
export const cardHandlers = {
  createVirtualCard(core, { body }) {
    const user = core.user(body?.externalUserId);
    core.cite("SBX-CARD-1");
    if (user.suspended) throw apiError("P455");
    // P459 is not documented for this operation: a user not yet onboarded gets a validation error (inferred).
    if (user.account.status !== "ACTIVE")
      throw validationError("the user has not completed onboarding (KYC approved and Add User Verification)");
    if (!CARD_COUNTRIES.includes(String(user.profile.country ?? "").toUpperCase())) throw apiError("P451");
    core.cite("SBX-CARD-2", "SBX-KYC-5");
    const broken = issuanceLimitBroken(core, user.externalUserId);
    if (broken) throw validationError(broken);
    const cardId = core.id();
    const number = cardNumber(core);
    const expiry = new Date(core.state.now);
    const exp = `${String(expiry.getUTCMonth() + 1).padStart(2, "0")}/${String((expiry.getUTCFullYear() + 3) % 100).padStart(2, "0")}`;
    const card = {
      cardId,
      externalUserId: user.externalUserId,
      status: "ACTIVE",
      label: body?.label,
      cardNumber: number,
      cvv: core.digits(3),
      exp,
      pin: body?.pin,
      limits: { ...DEFAULT_LIMITS },
      spent: [] as { at: number; cents: string }[],
      createdAtMs: core.state.now,
    };
    core.put("cards", cardId, card);
    core.schedule(MONTH_MS, "card.monthlyFee", cardId);
    return { cardId, cardNumber: card.cardNumber, cvv: card.cvv, exp };
  },
  listUserCards(core, { params }) {
    const user = core.user(params.externalUserId);
    const cards = [...core.state.cards.values()]
      .filter((c) => c.externalUserId === user.externalUserId && c.status !== "DELETED")
      .map((c) => ({
        cardId: c.cardId,
        status: c.status,
        label: c.label,
        cardLastDigits: String(c.cardNumber).slice(-4),
      }));
    return { cards };
  },
  getCardDetails(core, { params }) {
    const user = core.user(params.externalUserId);
    core.cite("SBX-CARD-3");
    if (user.kyc.verificationStatus !== "VERIFIED") throw apiError("P459");
    const card = findCard(core, params.externalUserId, params.cardId);
    return {
      cardId: card.cardId,
      status: card.status,
      label: card.label,
      cardNumber: card.cardNumber,
      cvv: card.cvv,
      exp: card.exp,
    };
  },
  updateCardPin(core, { body }) {
    findCard(core, body?.externalUserId, body?.cardId).pin = body?.pin;
    return { message: "PIN updated" };
  },
  // Block sets LOCKED_BY_USER, the documented status of a card its holder locked (BLOCKED is a third-party value).
  blockCard: (core, { body }) => setStatus(core, body, ["ACTIVE"], "LOCKED_BY_USER", "Card blocked"),
  unblockCard: (core, { body }) => setStatus(core, body, ["BLOCKED", "LOCKED_BY_USER"], "ACTIVE", "Card unblocked"),
  getCardLimits(core, { params }) {
    const limits = findCard(core, params.externalUserId, params.cardId).limits as Record<string, string>;
    return Object.fromEntries(LIMIT_FIELDS.map((f) => [f, limits[f]]));
  },
  updateCardLimits(core, { body }) {
    const card = findCard(core, body?.externalUserId, body?.cardId);
    core.cite("SBX-CARD-3");
    const eur = core.currency("eur");
    // The spec requires none of the six limits: the ones sent change, the others stay.
    const limits: Record<string, string> = { ...(card.limits as Record<string, string>) };
    for (const field of LIMIT_FIELDS) {
      const value = body?.[field];
      if (value === undefined) continue;
      if (typeof value !== "string" && typeof value !== "number")
        throw validationError(`${field} must be a decimal number`);
      try {
        limits[field] = formatMinor(toMinor(value, eur.scale), eur.scale);
      } catch {
        throw validationError(`${field} can have at most 2 decimal places.`);
      }
      if ((limits[field] as string).startsWith("-")) throw validationError(`${field} must not be negative`);
    }
    card.limits = limits;
    return { message: "Limits updated" };
  },
  deleteCard: (core, { body }) =>
    setStatus(core, body, ["ACTIVE", "BLOCKED", "LOCKED_BY_USER"], "DELETED", "Card deleted"),
} satisfies Handlers;

/** Installs the monthly card fee on the clock. */
export function installCardTimers(core: SandboxCore): void {
  core.onTimer("card.monthlyFee", (engine, cardId) => {
    const card = engine.state.cards.get(cardId);
    if (!card || card.status === "DELETED") return;
    core.schedule(MONTH_MS, "card.monthlyFee", cardId);
    const fee = toMinor(engine.settings.fees.cardMonthly, 2);
    if (card.status !== "ACTIVE" || fee === 0n) return;
    try {
      engine.move([{ owner: "partner", currency: "eur", delta: -fee }], "cardFee", cardId);
    } catch {
      // An empty partner balance: the fee is not taken (how P100 collects it then is not documented).
    }
  });
}

/** A simulated card payment. */
export interface SimulatedCardTransaction {
  readonly externalUserId: string;
  readonly cardId: string;
  /** Amount in EUR. */
  readonly amount: string | number;
  readonly merchant?: string;
  /** Kind of payment for the limits: "ECOM" (default) or "ATM". */
  readonly channel?: "ECOM" | "ATM";
}

/** A card payment: APPROVED (debits the user's EUR) or DECLINED (card not active, user suspended, funds, limits). */
export function simulateCardTransaction(
  core: SandboxCore,
  trx: SimulatedCardTransaction,
): { transactionId: string; status: string; reason: string | null } {
  const card = findCard(core, trx.externalUserId, trx.cardId);
  const user = core.user(trx.externalUserId);
  const eur = core.currency("eur");
  const cents = core.amount(trx.amount, eur);
  const transactionId = core.id();
  const limits = card.limits as Record<string, string>;
  const spent = card.spent as { at: number; cents: string; channel: string }[];
  const since = (ms: number, channel?: string) =>
    spent
      .filter((s) => s.at > core.state.now - ms && (!channel || s.channel === channel))
      .reduce((sum, s) => sum + BigInt(s.cents), 0n);
  const channel = trx.channel ?? "ECOM";
  const day = 24 * 60 * 60 * 1000;
  const suffix = channel === "ATM" ? "Atm" : "Ecom";
  let reason: string | null = null;
  if (card.status !== "ACTIVE") reason = `CARD_${String(card.status)}`;
  else if (user.suspended) reason = "USER_SUSPENDED";
  else if (
    since(day) + cents > toMinor(limits.dailyTrxAll as string, 2) ||
    since(MONTH_MS) + cents > toMinor(limits.monthlyTrxAll as string, 2)
  )
    reason = "LIMIT_EXCEEDED";
  else if (
    since(day, channel) + cents > toMinor(limits[`dailyTrx${suffix}`] as string, 2) ||
    since(MONTH_MS, channel) + cents > toMinor(limits[`monthlyTrx${suffix}`] as string, 2)
  )
    reason = "LIMIT_EXCEEDED";
  else if (core.balance(userOwner(user.externalUserId), eur) < cents) reason = "INSUFFICIENT_FUNDS";
  if (reason === null) {
    core.move(
      [{ owner: userOwner(user.externalUserId), currency: "eur", delta: -cents }],
      "cardTransaction",
      transactionId,
    );
    spent.push({ at: core.state.now, cents: cents.toString(), channel });
    if (spent.length > 200) spent.splice(0, spent.length - 200);
  }
  const status = reason === null ? "APPROVED" : "DECLINED";
  core.emit(
    "cardTransaction",
    {
      transactionId,
      cardId: card.cardId,
      externalUserId: user.externalUserId,
      amount: formatMinor(cents, eur.scale),
      currency: eur.code,
      merchant: trx.merchant ?? "Sandbox merchant",
      channel,
      status,
      ...(reason ? { reason } : {}),
      createdAt: core.nowIso(),
    },
    ["SBX-CARD-5"],
  );
  return { transactionId, status, reason };
}

/** Sends a 3DS one-time code for a card (Card 3DS Code webhook). */
export function simulateCard3dsCode(core: SandboxCore, externalUserId: string, cardId: string): string {
  const card = findCard(core, externalUserId, cardId);
  const code = core.digits(6);
  core.emit("card3dsCode", { cardId: String(card.cardId), externalUserId, code }, ["SBX-CARD-6"]);
  return code;
}

/** Sends a card activation code (Card Activation Code webhook). */
export function simulateCardActivationCode(core: SandboxCore, externalUserId: string, cardId: string): string {
  const card = findCard(core, externalUserId, cardId);
  const code = core.digits(4);
  core.emit("cardActivationCode", { cardId: String(card.cardId), externalUserId, code }, ["SBX-CARD-6"]);
  return code;
}
