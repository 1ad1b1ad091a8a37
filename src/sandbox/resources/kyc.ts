// KYC (Method A files, Method B verification and its page, status, document data) and proof of address, with the
// outcomes set by simulate calls. As the seed page says, a user is finalised by Add User Verification: the balances
// (with the IBAN and wallets) are generated at that step once the KYC is approved, with the User Balance Generation
// webhook; a KYC approval alone generates nothing.
import { CURRENCIES } from "../currencies.js";
import type { SandboxCore } from "../core.js";
import { apiError, SandboxApiError, validationError } from "../errors.js";
import { IBAN_COUNTRIES } from "../options.js";
import { TextAnswer, type Handlers } from "../router.js";
import type { UserRecord } from "../state.js";
import { toMinor } from "../money.js";

/** File types the POA page documents (P426 otherwise); applied to KYC files too (inferred). */
const FILE_TYPES = new Set(["image/jpeg", "image/jpg", "image/png", "application/pdf"]);
/** Largest file the POA page documents (P440 otherwise); applied to KYC files too (inferred). */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
const MAX_FILES = 3;

function checkFiles(core: SandboxCore, files: readonly File[]): void {
  core.cite("SBX-KYC-1");
  if (files.length > MAX_FILES) throw validationError(`body.files must NOT have more than ${MAX_FILES} items`);
  for (const file of files) {
    if (!FILE_TYPES.has(file.type.toLowerCase())) throw apiError("P426");
    if (file.size > MAX_FILE_BYTES) throw apiError("P440");
  }
}

function kycWebhook(core: SandboxCore, user: UserRecord): void {
  core.emit(
    "kycVerificationStatus",
    {
      externalUserId: user.externalUserId,
      verificationStatus: user.kyc.verificationStatus,
      attemptStatus: user.kyc.attemptStatus ?? "PENDING",
      ...(user.kyc.rejectionReason ? { rejectionReason: user.kyc.rejectionReason } : {}),
    },
    ["SBX-KYC-3"],
  );
}

/**
 * Generates a user's balances (the last onboarding step): EUR with an IBAN for countries of the IBAN list, crypto
 * with wallets, all ACTIVE, and the User Balance Generation webhook. Runs once: when the KYC is approved and Add
 * User Verification was called, in either order.
 */
function generateBalances(core: SandboxCore, user: UserRecord): void {
  if (user.account.status === "ACTIVE" || user.kyc.verificationStatus !== "VERIFIED" || user.kyc.documents.length === 0)
    return;
  core.cite("SBX-KYC-4");
  core.generateBalances(user.account);
  user.account.status = "ACTIVE";
  if (IBAN_COUNTRIES.includes(String(user.profile.country ?? "").toUpperCase())) user.account.iban = core.newIban();
  for (const c of CURRENCIES) {
    const record = user.account.balances[c.code];
    if (c.kind === "crypto" && record) record.wallet ??= core.walletAddress();
  }
  core.emit("userBalanceGeneration", { externalUserId: user.externalUserId, status: "ACTIVE" }, ["SBX-KYC-4"]);
}

/** Handlers of the onboarding (KYC and POA) operations. */
export const kycHandlers = {
  addKycFile(core, { params, files }) {
    const user = core.user(params.externalUserId);
    try {
      checkFiles(core, files);
    } catch (error) {
      if (error instanceof SandboxApiError)
        core.emit("kycFileAdded", { externalUserId: user.externalUserId, status: "ERROR" }, ["SBX-KYC-1"]);
      throw error;
    }
    user.kyc.files += files.length;
    core.emit("kycFileAdded", { externalUserId: user.externalUserId, status: "ADDED" }, ["SBX-KYC-1"]);
    return {};
  },

  createKycVerification(core, { body }) {
    const user = core.user(body?.externalUserId);
    core.cite("SBX-KYC-2");
    const verificationId = core.id();
    billKycVerification(core, verificationId);
    user.kyc.verificationIds.push(verificationId);
    if (user.kyc.verificationStatus !== "VERIFIED") {
      user.kyc.attemptStatus = "PENDING";
      user.kyc.rejectionReason = null;
      kycWebhook(core, user);
    }
    return { verificationId };
  },

  getKycRedirectPage(core, { params }) {
    const user = core.user(params.externalUserId);
    core.cite("SBX-KYC-2", "SBX-ID-2");
    // The page documents P412 as its only error: an unknown verification of the user is answered as not found with
    // it (inferred; the docs name no verification-not-found code).
    if (!user.kyc.verificationIds.includes(params.verificationId as string))
      throw apiError("P412", "No such verification for this user");
    const html =
      "<!DOCTYPE html><html><head><title>Verification (P100 partner SDK sandbox)</title></head><body>" +
      "<p>Sandbox verification page: this is not P100. Outcomes are set with sandbox.simulate.kycApproved / kycRejected.</p></body></html>";
    return new TextAnswer(html, "text/html; charset=utf-8");
  },

  getKycStatus(core, { params }) {
    const user = core.user(params.externalUserId);
    core.cite("SBX-KYC-2");
    if (user.kyc.attemptStatus === null) throw apiError("P445");
    return {
      externalUserId: user.externalUserId,
      verificationStatus: user.kyc.verificationStatus,
      attemptStatus: user.kyc.attemptStatus,
      ...(user.kyc.rejectionReason ? { rejectionReason: user.kyc.rejectionReason } : {}),
    };
  },

  addUserVerification(core, { body }) {
    const user = core.user(body?.externalUserId);
    // No field of this body is required (it was never captured): keep what was sent, and nothing for what was not.
    user.kyc.documents.push({
      documentType: typeof body?.documentType === "string" ? body.documentType : null,
      documentNumber: typeof body?.documentNumber === "string" ? body.documentNumber : null,
    });
    if (user.kyc.attemptStatus === null) user.kyc.attemptStatus = "PENDING";
    core.cite("SBX-KYC-4");
    generateBalances(core, user);
    return {};
  },

  addPoaFile(core, { params, files }) {
    const user = core.user(params.externalUserId);
    core.cite("SBX-KYC-5");
    if (user.poaStatus === "APPROVED") throw apiError("P447");
    if (user.poaStatus === "WAITING") throw apiError("P211");
    checkFiles(core, files);
    user.poaStatus = "WAITING";
    core.emit("poaVerificationStatus", { externalUserId: user.externalUserId, status: "WAITING" }, ["SBX-KYC-5"]);
    return {};
  },
} satisfies Handlers;

/**
 * Approves a user's KYC: VERIFIED / SUCCESSFUL with the KYC Verification Status webhook. The balances are generated
 * only once Add User Verification has been called too (at once if it already was).
 */
export function approveKyc(core: SandboxCore, externalUserId: string): void {
  const user = core.user(externalUserId);
  user.kyc.verificationStatus = "VERIFIED";
  user.kyc.attemptStatus = "SUCCESSFUL";
  user.kyc.rejectionReason = null;
  kycWebhook(core, user);
  generateBalances(core, user);
}

/** Bills the KYC verification fee (Fees page: charged when a Method B verification is created) to the partner. */
function billKycVerification(core: SandboxCore, verificationId: string): void {
  const eur = core.currency("eur");
  const fee = toMinor(core.settings.fees.kycVerification, eur.scale);
  if (fee === 0n || core.balance("partner", eur) < fee) return;
  core.cite("SBX-FEE-5");
  core.move([{ owner: "partner", currency: eur.code, delta: -fee }], "kycVerificationFee", verificationId);
}

/** Rejects a user's KYC attempt (the provider's reason, e.g. NO_FACE_FOUND). */
export function rejectKyc(core: SandboxCore, externalUserId: string, reason: string): void {
  const user = core.user(externalUserId);
  user.kyc.verificationStatus = "NOT_VERIFIED";
  user.kyc.attemptStatus = "REJECTED_BY_PROVIDER";
  user.kyc.rejectionReason = reason;
  kycWebhook(core, user);
}

/** Sets the outcome of a user's proof of address. */
export function decidePoa(
  core: SandboxCore,
  externalUserId: string,
  status: "APPROVED" | "REJECTED" | "QUESTIONED",
): void {
  const user = core.user(externalUserId);
  if (user.poaStatus === "NONE") throw apiError("P460");
  user.poaStatus = status;
  core.emit("poaVerificationStatus", { externalUserId, status }, ["SBX-KYC-5"]);
}
