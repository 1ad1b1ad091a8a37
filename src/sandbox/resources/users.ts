// Users: Create User Account (and the legacy create without KYC), update, suspend, unsuspend, delete.
import { CURRENCIES } from "../currencies.js";
import type { SandboxCore } from "../core.js";
import { apiError } from "../errors.js";
import { POA_CITIZENSHIPS } from "../options.js";
import type { Handlers } from "../router.js";
import type { UserRecord } from "../state.js";
import { balanceView } from "./balances.js";

const upper = (value: unknown) => (typeof value === "string" ? value.toUpperCase() : undefined);

/** P464/P465 when another user already has this phone or email (emails compared case-insensitively). */
function assertUniqueContact(core: SandboxCore, body: Record<string, unknown>, self?: string): void {
  const taken = core.contactTaken(body.phone, body.email, self);
  if (taken === "phone") throw apiError("P464");
  if (taken === "email") throw apiError("P465");
}

function newUser(core: SandboxCore, body: Record<string, unknown>, kycRequired: boolean): UserRecord {
  const externalUserId = body.externalUserId as string;
  if (core.state.users.has(externalUserId)) throw apiError("P411");
  assertUniqueContact(core, body);
  if (core.settings.forbiddenCountries.has(upper(body.country) ?? "")) throw apiError("P431");
  const citizenship = upper(body.citizenship ?? body.country) ?? "";
  return {
    externalUserId,
    userId: core.id(),
    createdAt: core.nowIso(),
    profile: { ...body },
    kycRequired,
    kyc: { verificationStatus: "NOT_VERIFIED", attemptStatus: null, rejectionReason: null, verificationIds: [], files: 0, documents: [] },
    poaRequiredForExtended: kycRequired && POA_CITIZENSHIPS.includes(citizenship),
    poaStatus: "NONE",
    suspended: false,
    account: core.newAccount(kycRequired ? "WAITING_TO_BE_ACTIVATED" : "ACTIVE"),
  };
}

/** Handlers of the user account operations. */
export const userHandlers: Handlers = {
  createUser(core, { body }) {
    const user = newUser(core, body as Record<string, unknown>, true);
    core.addUser(user);
    return { userId: user.userId, poaRequiredForExtended: user.poaRequiredForExtended };
  },

  createUserWithoutKyc(core, { body }) {
    const user = newUser(core, body as Record<string, unknown>, false);
    // The legacy non-KYC account held crypto balances only; wallets exist at once.
    for (const c of CURRENCIES) if (c.kind === "crypto") (user.account.balances[c.code] as { wallet: string | null }).wallet = core.walletAddress();
    core.addUser(user);
    core.emit("userBalanceGeneration", { externalUserId: user.externalUserId, status: "ACTIVE" });
    const view = balanceView(core, user.account);
    return { userId: user.userId, balances: view.cryptoBalances };
  },

  updateUser(core, { params, body }) {
    const user = core.user(params.externalUserId);
    const changes = body ?? {};
    assertUniqueContact(core, changes, user.externalUserId);
    core.updateProfile(user, changes);
    return {};
  },

  suspendUser(core, { params }) {
    const user = core.user(params.externalUserId);
    const activeCards = [...core.state.cards.values()].some((c) => c.externalUserId === user.externalUserId && c.status === "ACTIVE");
    if (activeCards) throw apiError("P454");
    user.suspended = true;
    return {};
  },

  unsuspendUser(core, { params }) {
    core.user(params.externalUserId).suspended = false;
    return {};
  },

  deleteUser(core, { params }) {
    const user = core.user(params.externalUserId);
    for (const card of core.state.cards.values()) if (card.externalUserId === user.externalUserId) card.status = "DELETED";
    core.removeUser(user.externalUserId);
    return {};
  },
};
