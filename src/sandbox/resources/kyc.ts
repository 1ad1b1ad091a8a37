// KYC (Method A files, Method B verification and its page, status, document data) and proof of address, with the
// outcomes set by simulate calls: approval activates the balances, assigns the IBAN and wallets, and emits the
// documented webhooks.
import { CURRENCIES } from "../currencies.js";
import type { SandboxCore } from "../core.js";
import { apiError, SandboxApiError, validationError } from "../errors.js";
import { IBAN_COUNTRIES } from "../options.js";
import { TextAnswer, type Handlers } from "../router.js";
import type { UserRecord } from "../state.js";

/** File types the POA page documents (P426 otherwise); applied to KYC files too (inferred). */
const FILE_TYPES = new Set(["image/jpeg", "image/jpg", "image/png", "application/pdf"]);
/** Largest file the POA page documents (P440 otherwise); applied to KYC files too (inferred). */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
const MAX_FILES = 3;

function checkFiles(files: readonly File[]): void {
  if (files.length > MAX_FILES) throw validationError(`body.files must NOT have more than ${MAX_FILES} items`);
  for (const file of files) {
    if (!FILE_TYPES.has(file.type.toLowerCase())) throw apiError("P426");
    if (file.size > MAX_FILE_BYTES) throw apiError("P440");
  }
}

function kycWebhook(core: SandboxCore, user: UserRecord): void {
  core.emit("kycVerificationStatus", {
    externalUserId: user.externalUserId,
    verificationStatus: user.kyc.verificationStatus,
    attemptStatus: user.kyc.attemptStatus ?? "PENDING",
    ...(user.kyc.rejectionReason ? { rejectionReason: user.kyc.rejectionReason } : {}),
  });
}

/** Handlers of the onboarding (KYC and POA) operations. */
export const kycHandlers: Handlers = {
  addKycFile(core, { params, files }) {
    const user = core.user(params.externalUserId);
    try {
      checkFiles(files);
    } catch (error) {
      if (error instanceof SandboxApiError) core.emit("kycFileAdded", { externalUserId: user.externalUserId, status: "ERROR" });
      throw error;
    }
    user.kyc.files += files.length;
    core.emit("kycFileAdded", { externalUserId: user.externalUserId, status: "ADDED" });
    return {};
  },

  createKycVerification(core, { body }) {
    const user = core.user(body?.externalUserId);
    const verificationId = core.id();
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
    // Documented answers of this page are P403 and P412 only: an unknown verification is a validation error.
    if (!user.kyc.verificationIds.includes(params.verificationId as string)) throw apiError("P403", "verificationId does not exist");
    const html =
      "<!DOCTYPE html><html><head><title>Verification (P100 partner SDK sandbox)</title></head><body>" +
      "<p>Sandbox verification page: this is not P100. Outcomes are set with sandbox.simulate.kycApproved / kycRejected.</p></body></html>";
    return new TextAnswer(html, "text/html; charset=utf-8");
  },

  getKycStatus(core, { params }) {
    const user = core.user(params.externalUserId);
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
    user.kyc.documents.push({ documentType: String(body?.documentType), documentNumber: String(body?.documentNumber) });
    if (user.kyc.attemptStatus === null) user.kyc.attemptStatus = "PENDING";
    return {};
  },

  addPoaFile(core, { params, files }) {
    const user = core.user(params.externalUserId);
    if (user.poaStatus === "APPROVED") throw apiError("P447");
    if (user.poaStatus === "WAITING") throw apiError("P211");
    checkFiles(files);
    user.poaStatus = "WAITING";
    core.emit("poaVerificationStatus", { externalUserId: user.externalUserId, status: "WAITING" });
    return {};
  },
};

/** Approves a user's KYC: VERIFIED, balances ACTIVE, IBAN and wallets assigned, with their webhooks. */
export function approveKyc(core: SandboxCore, externalUserId: string): void {
  const user = core.user(externalUserId);
  user.kyc.verificationStatus = "VERIFIED";
  user.kyc.attemptStatus = "SUCCESSFUL";
  user.kyc.rejectionReason = null;
  kycWebhook(core, user);
  if (user.account.status === "ACTIVE") return;
  user.account.status = "ACTIVE";
  const country = String(user.profile.country ?? "").toUpperCase();
  if (IBAN_COUNTRIES.includes(country)) {
    user.account.iban = core.newIban();
    core.emit("ibanStatus", { externalUserId, iban: user.account.iban, status: "APPROVED" });
  }
  const wallets: { currency: string; wallet: string }[] = [];
  for (const c of CURRENCIES) {
    const record = user.account.balances[c.code];
    if (c.kind !== "crypto" || !record) continue;
    record.wallet ??= core.walletAddress();
    wallets.push({ currency: c.code, wallet: record.wallet });
  }
  core.emit("createWallet", { externalUserId, status: "CREATED", wallets });
  core.emit("userBalanceGeneration", { externalUserId, status: "ACTIVE" });
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
export function decidePoa(core: SandboxCore, externalUserId: string, status: "APPROVED" | "REJECTED" | "QUESTIONED"): void {
  const user = core.user(externalUserId);
  if (user.poaStatus === "NONE") throw apiError("P460");
  user.poaStatus = status;
  core.emit("poaVerificationStatus", { externalUserId, status });
}
