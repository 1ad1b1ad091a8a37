// Balances and transaction history of the partner and of users, and partner wallet creation.
import { CURRENCIES, findNetwork } from "../currencies.js";
import { userOwner, type Owner, type SandboxCore } from "../core.js";
import { validationError } from "../errors.js";
import { rateToNumber } from "../money.js";
import type { Handlers } from "../router.js";
import type { AccountRecord } from "../state.js";

/** An account as Get Balances shows it: fiat balances with the IBAN, crypto balances with wallets and networkConfig. */
export function balanceView(core: SandboxCore, account: AccountRecord) {
  const fiatBalances = [];
  const cryptoBalances = [];
  for (const currency of CURRENCIES) {
    const record = account.balances[currency.code];
    if (!record) continue;
    const rate = rateToNumber(core.eurPrice(currency));
    if (currency.kind === "fiat") {
      fiatBalances.push({
        id: record.id,
        amount: record.amount,
        name: currency.code,
        rate,
        iban: account.iban,
        status: account.status,
      });
    } else {
      const networkConfig = Object.fromEntries(
        currency.networks.map((n) => [
          n.key,
          {
            mainnet: false,
            name: n.name,
            withdrawal: { feeWithdrawal: Number(n.feeWithdrawal), minWithdrawal: Number(n.minWithdrawal) },
            deposit: { minDeposit: Number(n.minDeposit) },
          },
        ]),
      );
      cryptoBalances.push({
        id: record.id,
        amount: record.amount,
        name: currency.code,
        wallet: record.wallet,
        rate,
        networkConfig,
      });
    }
  }
  return { fiatBalances, cryptoBalances };
}

/** The ledger entries of an owner as transaction history items. */
function history(core: SandboxCore, owner: Owner) {
  core.cite("SBX-BAL-4");
  const [party, account] = owner === "partner" ? ["partner", "partner"] : ["user", owner.user];
  return core.state.ledger
    .filter((entry) => entry.party === party && entry.account === account)
    .map((entry) => ({
      id: entry.id,
      amount: entry.delta,
      currency: entry.currency,
      status: "SUCCESSFUL",
      createdAt: entry.at,
    }));
}

/** Handlers of the balance and history operations. */
export const balanceHandlers = {
  getPartnerBalances: (core) => balanceView(core, core.state.partner),
  getUserBalances(core, { params }) {
    const user = core.user(params.externalUserId);
    // Before Add User Verification the user has no balances yet: both lists are empty (inferred shape).
    core.cite("SBX-KYC-4");
    return balanceView(core, user.account);
  },
  listPartnerTransactions: (core) => history(core, "partner"),
  listUserTransactions: (core, { params }) => history(core, userOwner(core.user(params.externalUserId).externalUserId)),

  createPartnerWallet(core, { body }) {
    const currency = core.currency(body?.currency ?? "usdc", "crypto");
    const network = findNetwork(currency, body?.network);
    if (!network)
      throw validationError(
        `network must be one of the following values: ${currency.networks.map((n) => n.key).join(", ")}`,
      );
    const record = core.state.partner.balances[currency.code];
    if (!record) throw validationError("currency has no balance");
    record.wallet ??= core.walletAddress();
    const walletId = core.id();
    core.cite("SBX-BAL-5");
    core.put("wallets", walletId, { walletId, currency: currency.code, network: network.key, wallet: record.wallet });
    // The Create Wallet webhook's payload was never captured: the sandbox sends what it knows and invents no status.
    core.emit("createWallet", { walletId, currency: currency.code, network: network.key, wallet: record.wallet }, [
      "SBX-BAL-5",
    ]);
    return { walletId };
  },
} satisfies Handlers;
