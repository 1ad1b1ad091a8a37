// Internal transfers between the partner's balance and a user's: "Create a Transfer" sets exactly one side
// (destination: partner -> user, a top-up; source: user -> partner, e.g. collecting fees; newest FAQ), with the P2P
// Transfer webhook. Neither side is P424 (Error Handling page); both sides are refused, as the API moves money only
// between the partner and one user.
import { userOwner, type Owner } from "../core.js";
import { apiError, validationError } from "../errors.js";
import { formatMinor, wireNumber } from "../money.js";
import type { Handlers, Prechecks } from "../router.js";

/** Checks before schema validation: no side at all is P424 (Error Handling page), not the spec's anyOf P403. */
export const transferPrechecks = {
  createTransfer(core, body) {
    // No body is refused by schema validation (the body is required).
    if (body === undefined) return;
    if (
      (body.sourceExternalUserId ?? undefined) === undefined &&
      (body.destinationExternalUserId ?? undefined) === undefined
    ) {
      core.cite("SBX-TRF-1");
      throw apiError("P424");
    }
  },
} satisfies Prechecks;

/** Handlers of the internal transfer operations. */
export const transferHandlers = {
  createTransfer(core, { body }) {
    const source = body?.sourceExternalUserId ?? undefined;
    const destination = body?.destinationExternalUserId ?? undefined;
    core.cite("SBX-TRF-1");
    // Neither side was refused (P424) by transferPrechecks, before schema validation; a missing body by validation.
    if (source !== undefined && destination !== undefined) {
      throw validationError(
        "set exactly one of sourceExternalUserId (user to partner) and destinationExternalUserId (partner to user), not both",
      );
    }
    const user = core.moneyUser(source ?? destination);
    const currency = core.currency(body?.currency);
    const amount = core.amount(body?.amount, currency);
    const own = userOwner(user.externalUserId);
    const [from, to]: [Owner, Owner] = source !== undefined ? [own, "partner"] : ["partner", own];
    core.cite("SBX-TRF-2");
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
      sourceExternalUserId: source === undefined ? null : user.externalUserId,
      destinationExternalUserId: destination === undefined ? null : user.externalUserId,
      amount: formatMinor(amount, currency.scale),
      currency: currency.code,
      status: "SUCCESSFUL",
      createdAt: core.nowIso(),
    };
    core.put("transfers", id, record);
    // The documented P2P Transfer example sends the amount as a number.
    core.emit("p2pTransfer", { ...record, amount: wireNumber(record.amount) }, ["SBX-TRF-1"]);
    return { transferId: id };
  },

  getTransferDetails(core, { params }) {
    const record = core.state.transfers.get(params.transferId as string);
    core.cite("SBX-TRF-1", "SBX-ID-2");
    if (!record) throw apiError("P403", "transferId does not exist");
    return record;
  },
} satisfies Handlers;
