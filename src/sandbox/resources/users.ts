// Users: Create User Account (and the legacy create without KYC), update, suspend, unsuspend, delete.
import { CURRENCIES } from "../currencies.js";
import type { SandboxCore } from "../core.js";
import { apiError, validationError } from "../errors.js";
import { POA_CITIZENSHIPS } from "../options.js";
import type { Handlers } from "../router.js";
import type { UserRecord } from "../state.js";
import { balanceView } from "./balances.js";

const upper = (value: unknown) => (typeof value === "string" ? value.toUpperCase() : undefined);

/** P464/P465 when another user already has this phone or email (emails compared case-insensitively). */
function assertUniqueContact(core: SandboxCore, body: Record<string, unknown>, self?: string): void {
  core.cite("SBX-USR-2");
  const taken = core.contactTaken(body.phone, body.email, self);
  if (taken === "phone") throw apiError("P464");
  if (taken === "email") throw apiError("P465");
}

function newUser(core: SandboxCore, body: Record<string, unknown>, kycRequired: boolean): UserRecord {
  const externalUserId = body.externalUserId as string;
  core.cite("SBX-USR-2");
  if (core.state.users.has(externalUserId)) throw apiError("P411");
  assertUniqueContact(core, body);
  if (core.settings.forbiddenCountries.has(upper(body.country) ?? "")) {
    core.cite("SBX-USR-3");
    throw apiError("P431");
  }
  const citizenship = upper(body.citizenship ?? body.country) ?? "";
  // No "partner" special case: users and the partner's own account are told apart by kind (Owner), never by name.
  core.cite("SBX-USR-1", "SBX-USR-5", "SBX-KYC-6");
  const account = core.newAccount(kycRequired ? "WAITING_TO_BE_ACTIVATED" : "ACTIVE");
  // A KYC user's balances are generated at Add User Verification, not at creation (seed page).
  if (kycRequired) account.balances = {};
  return {
    externalUserId,
    userId: core.id(),
    createdAt: core.nowIso(),
    profile: { ...body },
    kycRequired,
    kyc: {
      verificationStatus: "NOT_VERIFIED",
      attemptStatus: null,
      rejectionReason: null,
      verificationIds: [],
      files: 0,
      documents: [],
    },
    poaRequiredForExtended: kycRequired && POA_CITIZENSHIPS.includes(citizenship),
    poaStatus: "NONE",
    suspended: false,
    account,
  };
}

/** Handlers of the user account operations. */
export const userHandlers = {
  createUser(core, { body }) {
    // The newest Create User page: every new user must accept P100's terms by sending it as true.
    core.cite("SBX-USR-4");
    if (body?.hasAcceptedP100Tc !== true)
      throw validationError("body.hasAcceptedP100Tc must be true (the user must accept P100's terms and conditions)");
    const user = newUser(core, body as Record<string, unknown>, true);
    core.addUser(user);
    return { userId: user.userId, poaRequiredForExtended: user.poaRequiredForExtended };
  },

  createUserWithoutKyc(core, { body }) {
    const user = newUser(core, body as Record<string, unknown>, false);
    // The legacy non-KYC account held crypto balances only; wallets exist at once.
    for (const c of CURRENCIES)
      if (c.kind === "crypto")
        (user.account.balances[c.code] as { wallet: string | null }).wallet = core.walletAddress();
    core.addUser(user);
    core.emit("userBalanceGeneration", { externalUserId: user.externalUserId, status: "ACTIVE" }, ["SBX-USR-1"]);
    const view = balanceView(core, user.account);
    return { userId: user.userId, balances: view.cryptoBalances };
  },

  updateUser(core, { params, body }) {
    const user = core.user(params.externalUserId);
    core.cite("SBX-USR-6");
    const changes = body ?? {};
    assertUniqueContact(core, changes, user.externalUserId);
    core.updateProfile(user, changes);
    return {};
  },

  suspendUser(core, { params }) {
    const user = core.user(params.externalUserId);
    const activeCards = [...core.state.cards.values()].some(
      (c) => c.externalUserId === user.externalUserId && c.status === "ACTIVE",
    );
    core.cite("SBX-USR-6", "SBX-USR-7");
    if (activeCards) throw apiError("P454");
    user.suspended = true;
    return {};
  },

  unsuspendUser(core, { params }) {
    core.user(params.externalUserId).suspended = false;
    core.cite("SBX-USR-6");
    return {};
  },

  deleteUser(core, { params }) {
    const user = core.user(params.externalUserId);
    // Deleting an account that holds money would make it vanish: refused until the partner moves it out (inferred).
    core.cite("SBX-USR-6", "SBX-USR-8");
    if (core.holdsMoney(user.account))
      throw validationError(
        "the user still holds money: move every balance to zero (e.g. a transfer to the partner) before deleting the user",
      );
    if (core.hasPendingMovement(user.externalUserId))
      throw validationError(
        "the user has a transfer, exchange or withdrawal still being processed: delete the user once it is final",
      );
    for (const card of core.state.cards.values())
      if (card.externalUserId === user.externalUserId) card.status = "DELETED";
    core.removeUser(user.externalUserId);
    return {};
  },
} satisfies Handlers;
