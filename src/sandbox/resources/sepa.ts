// SEPA: deposit details and contact lists, outgoing transfers of the partner and of users (debited with the Fees
// page's 0.1%, minimum EUR 1.00, plus a webhook), transfer details, and simulated incoming deposits with the
// first-party name check of the IBAN Status webhook (APPROVED credits and whitelists the sender, REJECTED refunds).
import type { Owner, SandboxCore } from "../core.js";
import { apiError } from "../errors.js";
import { formatMinor, percentFee, toMinor } from "../money.js";
import type { Handlers } from "../router.js";
import type { UserRecord } from "../state.js";

/** SEPA transfer fee of the Fees page: 0.1% with a minimum of EUR 1.00 (in cents). */
export function sepaFee(amountCents: bigint): bigint {
  const fee = percentFee(amountCents, 10n);
  return fee < 100n ? 100n : fee;
}

function depositInfo(title: string, iban: string) {
  return { title, iban, swift: "SBOXLT22", accountHolder: "P100 partner SDK sandbox (not P100)", address: "Sandbox, no real account" };
}

function transfer(core: SandboxCore, owner: Owner, body: Record<string, unknown>, user?: UserRecord) {
  const eur = core.currency(body.currency, "fiat");
  const amount = core.amount(body.amount, eur);
  const fee = sepaFee(amount);
  const id = core.id();
  core.move([{ owner, currency: eur.code, delta: -(amount + fee) }], "sepaTransfer", id);
  const record: Record<string, unknown> = {
    id,
    type: "external",
    amount: formatMinor(amount, eur.scale),
    transferTitle: body.transferTitle,
    destinationIban: body.destinationIban,
    receiverFirstName: body.receiverFirstName ?? null,
    receiverLastName: body.receiverLastName ?? null,
    status: "SUCCESSFUL",
    currency: eur.code,
    fee: formatMinor(fee, eur.scale),
    createdAt: core.nowIso(),
    owner,
  };
  core.put("sepaTransfers", id, record);
  const { owner: _owner, ...payload } = record;
  if (user) core.emit("userSepaTransfer", { ...payload, externalUserId: user.externalUserId });
  else core.emit("partnerSepaTransfer", payload);
  return { transferId: id };
}

/** Handlers of the SEPA operations. */
export const sepaHandlers: Handlers = {
  getPartnerSepaDepositInfo(core) {
    const partner = core.state.partner;
    return depositInfo((partner.balances.eur as { id: string }).id, partner.iban as string);
  },
  listPartnerSepaDepositContacts: (core) => core.state.partner.contacts,
  getUserSepaDepositInfo(core, { params }) {
    const user = core.user(params.externalUserId);
    if (!user.account.iban) throw apiError("P459");
    return depositInfo((user.account.balances.eur as { id: string }).id, user.account.iban);
  },
  listUserSepaDepositContacts: (core, { params }) => core.user(params.externalUserId).account.contacts,
  createPartnerSepaTransfer: (core, { body }) => transfer(core, "partner", body as Record<string, unknown>),
  createUserSepaTransfer(core, { body }) {
    const user = core.moneyUser(body?.sourceExternalUserId);
    return transfer(core, user.externalUserId, body as Record<string, unknown>, user);
  },
  getSepaTransferDetails(core, { params }) {
    const record = core.state.sepaTransfers.get(params.transferId as string);
    if (!record) throw apiError("P428");
    const { owner, ...details } = record;
    if (owner === "partner") return { ...details, user: null };
    const user = core.state.users.get(String(owner));
    const p = user?.profile ?? {};
    const text = (v: unknown) => (typeof v === "string" ? v : null);
    return {
      ...details,
      user: {
        externalUserId: String(owner),
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
};

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
}

/** An incoming SEPA transfer: credited at once (partner, or a whitelisted sender), or after the name check. */
export function simulateSepaDeposit(core: SandboxCore, deposit: SimulatedSepaDeposit): SepaDepositOutcome {
  const eur = core.currency("eur");
  const amount = core.amount(deposit.amount, eur);
  const senderIban = deposit.senderIban ?? "DE89370400440532013000";
  const ref = core.id();
  const shown = formatMinor(amount, eur.scale);
  if (deposit.externalUserId === undefined) {
    core.move([{ owner: "partner", currency: "eur", delta: amount }], "sepaDeposit", ref);
    core.emit("sepaDeposit", { amount: shown, currency: "eur" });
    return { status: "APPROVED", amount: shown };
  }
  const user = core.user(deposit.externalUserId);
  if (!user.account.iban) throw new Error(`user ${user.externalUserId} has no IBAN yet: approve their KYC first (simulate.kycApproved)`);
  const known = user.account.contacts.some((c) => c.iban === senderIban);
  if (!known) {
    core.emit("ibanStatus", { externalUserId: user.externalUserId, iban: senderIban, status: "PENDING" });
    const ownName = `${String(user.profile.firstName ?? "")} ${String(user.profile.lastName ?? "")}`.trim().toLowerCase();
    const senderName = (deposit.senderName ?? ownName).trim().toLowerCase();
    if (senderName !== ownName) {
      core.emit("ibanStatus", { externalUserId: user.externalUserId, iban: senderIban, status: "REJECTED" });
      return { status: "REJECTED", amount: shown };
    }
    user.account.contacts.push({ iban: senderIban, name: `${String(user.profile.firstName ?? "")} ${String(user.profile.lastName ?? "")}`.trim() });
    core.emit("ibanStatus", { externalUserId: user.externalUserId, iban: senderIban, status: "APPROVED" });
  }
  core.move([{ owner: user.externalUserId, currency: "eur", delta: amount }], "sepaDeposit", ref);
  core.emit("sepaDeposit", { externalUserId: user.externalUserId, amount: shown, currency: "eur" });
  return { status: "APPROVED", amount: shown };
}

/** Marks a SEPA transfer FAILED (e.g. the receiving bank refused it): refunds amount and fee, emits the webhook. */
export function failSepaTransfer(core: SandboxCore, transferId: string): void {
  const record = core.state.sepaTransfers.get(transferId);
  if (!record) throw apiError("P428");
  if (record.status === "FAILED") return;
  const refund = toMinor(String(record.amount), 2) + toMinor(String(record.fee), 2);
  core.move([{ owner: String(record.owner), currency: "eur", delta: refund }], "sepaTransferRefund", transferId);
  record.status = "FAILED";
  const error = { description: "Rejected by the receiving bank (sandbox simulation)", status: "FAILED" };
  record.error = error;
  const payload = { id: transferId, status: "FAILED", error };
  if (record.owner === "partner") core.emit("partnerSepaTransfer", payload);
  else core.emit("userSepaTransfer", { ...payload, externalUserId: record.owner });
}
