// Internal transfers between the partner's balance and a user's: "Create a Transfer" sets one side (destination:
// partner -> user; source: user -> partner, e.g. collecting fees), with the P2P Transfer webhook.
import { apiError } from "../errors.js";
import { formatMinor } from "../money.js";
import type { Handlers } from "../router.js";

/** Handlers of the internal transfer operations. */
export const transferHandlers: Handlers = {
  createTransfer(core, { body }) {
    const source = body?.sourceExternalUserId;
    const destination = body?.destinationExternalUserId;
    // The spec's oneOf already asks for exactly one side; P424 stays for a spec that is more liberal.
    if (source === undefined && destination === undefined) throw apiError("P424");
    const user = core.moneyUser(source ?? destination);
    const currency = core.currency(body?.currency);
    const amount = core.amount(body?.amount, currency);
    const [from, to] = source !== undefined ? [user.externalUserId, "partner"] : ["partner", user.externalUserId];
    const id = core.id();
    core.move(
      [
        { owner: from, currency: currency.code, delta: -amount },
        { owner: to, currency: currency.code, delta: amount },
      ],
      "transfer",
      id,
    );
    const record = {
      id,
      sourceExternalUserId: source ?? null,
      destinationExternalUserId: destination ?? null,
      amount: formatMinor(amount, currency.scale),
      currency: currency.code,
      status: "SUCCESSFUL",
      createdAt: core.nowIso(),
    };
    core.put("transfers", id, record);
    core.emit("p2pTransfer", record);
    return { transferId: id };
  },

  getTransferDetails(core, { params }) {
    const record = core.state.transfers.get(params.transferId as string);
    if (!record) throw apiError("P403", "transferId does not exist");
    return record;
  },
};
