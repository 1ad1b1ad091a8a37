// SEPA: deposit details and contact lists, outgoing transfers of the partner and of users (accepted PENDING with the
// amount and the fee held, final on the virtual clock with the webhook; the payout level's closed loop and
// insufficient funds surface as FAILED, as the newer pages say business checks come later), transfer details, and
// simulated incoming deposits with the first-party name check of the IBAN Status webhook.
import { userOwner, type EmittedPayload, type Owner, type SandboxCore } from "../core.js";
import { apiError } from "../errors.js";
import { formatMinor, toMinor, wireNumber } from "../money.js";
import { DEFAULTS, type SandboxFees } from "../options.js";
import type { Handlers } from "../router.js";
import type { RuleId } from "../rules.js";
import { assertPending, hold, PENDING, percentOf, release, SETTLEMENT_MS, type HeldChange } from "../settlement.js";

/** SEPA transfer fee of the partner settings (default the Fees page: 0.1 %, minimum EUR 1.00), in cents. */
export function sepaFee(
  amountCents: bigint,
  fees: Pick<SandboxFees, "sepaTransferPercent" | "sepaTransferMinimum"> = DEFAULTS.fees,
): bigint {
  const fee = percentOf(amountCents, fees.sepaTransferPercent);
  const minimum = toMinor(fees.sepaTransferMinimum, 2);
  return fee < minimum ? minimum : fee;
}

function depositInfo(title: string, iban: string) {
  return {
    title,
    iban,
    swift: "SBOXLT22",
    accountHolder: "P100 partner SDK sandbox (not P100)",
    address: "Sandbox, no real account",
  };
}

/** Why a payout breaks the partner's payout level, if it does (level 1: only to the holder's own whitelisted IBAN). */
function closedLoopFailure(core: SandboxCore, owner: Owner, destinationIban: unknown): string | undefined {
  if (core.settings.payoutLevel === 2) return undefined;
  core.cite("SBX-SEPA-7");
  const normalise = (iban: unknown) => String(iban).replace(/\s+/g, "").toUpperCase();
  const own = core.account(owner).contacts.some((c) => normalise(c.iban) === normalise(destinationIban));
  return own
    ? undefined
    : "Closed loop (payout level 1): the destination IBAN is not the account holder's own verified account";
}

function transfer(core: SandboxCore, owner: Owner, body: Record<string, unknown>) {
  const eur = core.currency(body.currency, "fiat");
  const amount = core.amount(body.amount, eur);
  const fee = sepaFee(amount, core.settings.fees);
  const id = core.id();
  core.cite("SBX-SEPA-5", "SBX-FEE-1");
  // Business checks happen after acceptance: a refused payout is reported FAILED when it settles, never answered.
  const refusal = closedLoopFailure(core, owner, body.destinationIban);
  const held = refusal
    ? { failure: refusal }
    : hold(
        core,
        [
          { owner, currency: eur.code, delta: -amount, reason: "sepaTransfer" },
          { owner, currency: eur.code, delta: -fee, reason: "sepaTransferFee" },
        ],
        id,
      );
  if ("failure" in held) core.cite("SBX-SEPA-6");
  const record: Record<string, unknown> = {
    id,
    type: "external",
    amount: formatMinor(amount, eur.scale),
    transferTitle: body.transferTitle,
    destinationIban: body.destinationIban,
    receiverFirstName: body.receiverFirstName ?? null,
    receiverLastName: body.receiverLastName ?? null,
    status: PENDING,
    currency: eur.code,
    fee: formatMinor(fee, eur.scale),
    createdAt: core.nowIso(),
    owner,
    held: "held" in held ? held.held : [],
    failure: "failure" in held ? held.failure : null,
  };
  core.put("sepaTransfers", id, record);
  core.schedule(SETTLEMENT_MS.sepaTransfer, "sepaTransfer.settle", id);
  return { transferId: id };
}

/** The transfer as its webhook reports it (the user's id on user transfers). */
function transferWebhook(core: SandboxCore, record: Record<string, unknown>, rules: RuleId[]): void {
  const { owner, held: _held, failure: _failure, ...fields } = record;
  // As in the documented example: amount a string, fee a number.
  const typed = { ...fields, fee: wireNumber(String(record.fee)) } as EmittedPayload<"partnerSepaTransfer">;
  if (owner === "partner") core.emit("partnerSepaTransfer", typed, rules);
  else core.emit("userSepaTransfer", { ...typed, externalUserId: (owner as { user: string }).user }, rules);
}

/** Ends a pending transfer FAILED: what was held goes back (amount and fee), the webhook carries the cause. */
function failTransfer(core: SandboxCore, record: Record<string, unknown>, description: string, rules: RuleId[]): void {
  release(core, record.held as HeldChange[], String(record.id));
  record.held = [];
  record.status = "FAILED";
  record.error = { description, status: "FAILED" };
  transferWebhook(core, record, rules);
}

/** Installs the settlement of SEPA payouts on the clock. */
export function installSepaTimers(core: SandboxCore): void {
  core.onTimer("sepaTransfer.settle", (engine, id) => {
    const record = engine.state.sepaTransfers.get(id);
    if (!record || record.status !== PENDING) return;
    if (typeof record.failure === "string")
      return failTransfer(engine, record, record.failure, ["SBX-SEPA-5", "SBX-SEPA-6"]);
    record.status = "SUCCESSFUL";
    record.held = [];
    transferWebhook(engine, record, ["SBX-SEPA-5", "SBX-FEE-1"]);
  });
}

/** Handlers of the SEPA operations. */
export const sepaHandlers = {
  getPartnerSepaDepositInfo(core) {
    core.cite("SBX-SEPA-4");
    const partner = core.state.partner;
    return depositInfo((partner.balances.eur as { id: string }).id, partner.iban as string);
  },
  listPartnerSepaDepositContacts(core) {
    core.cite("SBX-SEPA-4");
    return core.state.partner.contacts;
  },
  getUserSepaDepositInfo(core, { params }) {
    const user = core.user(params.externalUserId);
    core.cite("SBX-SEPA-4");
    if (!user.account.iban) throw apiError("P459");
    return depositInfo((user.account.balances.eur as { id: string }).id, user.account.iban);
  },
  listUserSepaDepositContacts(core, { params }) {
    const user = core.user(params.externalUserId);
    core.cite("SBX-SEPA-4");
    return user.account.contacts;
  },
  createPartnerSepaTransfer: (core, { body }) => transfer(core, "partner", body as Record<string, unknown>),
  createUserSepaTransfer(core, { body }) {
    const user = core.moneyUser(body?.sourceExternalUserId);
    return transfer(core, userOwner(user.externalUserId), body as Record<string, unknown>);
  },
  getSepaTransferDetails(core, { params }) {
    const record = core.state.sepaTransfers.get(params.transferId as string);
    core.cite("SBX-SEPA-5", "SBX-ID-2");
    if (!record) throw apiError("P428");
    const { owner, held: _held, failure: _failure, ...fields } = record;
    // Documented: amount a decimal string (newer docs), fee a number.
    const details = { ...fields, fee: wireNumber(String(record.fee)) };
    if (owner === "partner") return { ...details, user: null };
    const externalUserId = (owner as { user: string }).user;
    const user = core.state.users.get(externalUserId);
    const p = user?.profile ?? {};
    const text = (v: unknown) => (typeof v === "string" ? v : null);
    return {
      ...details,
      user: {
        externalUserId,
        email: text(p.email),
        firstName: text(p.firstName),
        lastName: text(p.lastName),
        address: [p.street, p.number].filter((v) => typeof v === "string").join(" ") || text(p.address),
        city: text(p.city),
        country: text(p.country),
        documentType: null,
        documentNumber: null,
        pesel: null,
        birthCountry: text(p.birthCountry),
        birthDate: text(p.birthDate),
      },
    };
  },
} satisfies Handlers;

/** What a simulated incoming SEPA transfer carries. */
export interface SimulatedSepaDeposit {
  /** The receiving user; omit for a deposit to the partner's own account. */
  readonly externalUserId?: string;
  /** Amount in EUR (decimal string or number). */
  readonly amount: string | number;
  /** Sender's IBAN (default: a fixed sandbox IBAN). */
  readonly senderIban?: string;
  /** Sender's name; for a user deposit it must be the user's own name to pass the first-party check. */
  readonly senderName?: string;
}

/** The outcome of a simulated deposit. */
export interface SepaDepositOutcome {
  readonly status: "APPROVED" | "REJECTED";
  readonly amount: string;
  /** Why a REJECTED deposit was returned to the sender. */
  readonly reason?: string;
}

/**
 * An incoming SEPA transfer: credited at once to the partner or from a whitelisted sender, after the first-party
 * name check (IBAN Status webhook) from a new sender, and returned to the sender when the user is suspended.
 */
export function simulateSepaDeposit(core: SandboxCore, deposit: SimulatedSepaDeposit): SepaDepositOutcome {
  const eur = core.currency("eur");
  const amount = core.amount(deposit.amount, eur);
  const senderIban = deposit.senderIban ?? "DE89370400440532013000";
  const ref = core.id();
  const shown = formatMinor(amount, eur.scale);
  if (deposit.externalUserId === undefined) {
    core.move([{ owner: "partner", currency: "eur", delta: amount }], "sepaDeposit", ref);
    const partner = core.state.partner;
    // The partner's own sending accounts are whitelisted too (Get SEPA Deposit Info: matched deposits add the sender).
    if (!partner.contacts.some((c) => c.iban === senderIban))
      partner.contacts.push({ iban: senderIban, name: deposit.senderName ?? "Partner" });
    core.emit("sepaDeposit", { amount: shown, currency: "eur" }, ["SBX-SEPA-2"]);
    return { status: "APPROVED", amount: shown };
  }
  const user = core.user(deposit.externalUserId);
  if (!user.account.iban)
    throw new Error(
      `user ${user.externalUserId} has no IBAN yet: approve their KYC and call Add User Verification first`,
    );
  // A frozen account takes no deposits ("Frozen - no deposits"): the money goes back to the sender, nothing is credited.
  if (user.suspended)
    return {
      status: "REJECTED",
      amount: shown,
      reason: "the user is suspended: the deposit is returned to the sender",
    };
  const known = user.account.contacts.some((c) => c.iban === senderIban);
  if (!known) {
    const check = (status: "PENDING" | "APPROVED" | "REJECTED") =>
      core.emit("ibanStatus", { externalUserId: user.externalUserId, iban: senderIban, status }, ["SBX-SEPA-1"]);
    check("PENDING");
    const ownName = `${String(user.profile.firstName ?? "")} ${String(user.profile.lastName ?? "")}`
      .trim()
      .toLowerCase();
    const senderName = (deposit.senderName ?? ownName).trim().toLowerCase();
    if (senderName !== ownName) {
      check("REJECTED");
      return {
        status: "REJECTED",
        amount: shown,
        reason: "the sender's name is not the user's own (first-party check): refunded to the sender",
      };
    }
    user.account.contacts.push({
      iban: senderIban,
      name: `${String(user.profile.firstName ?? "")} ${String(user.profile.lastName ?? "")}`.trim(),
    });
    check("APPROVED");
  }
  core.move([{ owner: userOwner(user.externalUserId), currency: "eur", delta: amount }], "sepaDeposit", ref);
  core.emit("sepaDeposit", { externalUserId: user.externalUserId, amount: shown, currency: "eur" }, ["SBX-SEPA-1"]);
  return { status: "APPROVED", amount: shown };
}

/** Marks a PENDING SEPA transfer FAILED (e.g. the receiving bank refused it): refunds amount and fee, emits the webhook. */
export function failSepaTransfer(core: SandboxCore, transferId: string): void {
  const record = core.state.sepaTransfers.get(transferId);
  if (!record) throw apiError("P428");
  assertPending(record, "SEPA transfer", transferId);
  failTransfer(core, record, "Rejected by the receiving bank (sandbox simulation)", ["SBX-SEPA-8"]);
}
