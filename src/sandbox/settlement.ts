// Money movements the API processes asynchronously (SEPA payouts, exchanges, crypto withdrawals): accepted at once as
// PENDING with the money held, then final (SUCCESSFUL / COMPLETED or FAILED) when the virtual clock reaches their
// settlement time, with the webhook of the final state. Business failures such as insufficient funds are not
// answered at once (the newer SEPA pages: "not checked at this stage"): the movement is accepted and fails later.
import type { BalanceChange, Owner, SandboxCore } from "./core.js";
import { SandboxApiError } from "./errors.js";
import { percentFee, toMinor } from "./money.js";

/** Virtual time from acceptance to the final state (not documented: inferred). */
export const SETTLEMENT_MS = { sepaTransfer: 60_000, exchange: 5_000, cryptoWithdrawal: 30_000 } as const;

/** Why a movement that was accepted will fail when it settles. */
export const INSUFFICIENT_FUNDS = "Insufficient funds";

/** A held balance change as a record keeps it (JSON: the delta as an integer string of minor units). */
export interface HeldChange {
  readonly owner: Owner;
  readonly currency: string;
  readonly delta: string;
  readonly reason: string;
}

/**
 * Holds the money of an accepted movement (each change with its ledger entry) and returns what was held; when a
 * balance is too low nothing is held and the failure reason is returned instead, for the movement to fail when it
 * settles.
 */
export function hold(
  core: SandboxCore,
  changes: readonly (BalanceChange & { reason: string })[],
  ref: string,
): { held: HeldChange[] } | { failure: string } {
  // All or nothing: check the whole set first, then write one ledger entry per change with its own reason.
  try {
    core.move(changes, "check", ref, { dryRun: true });
  } catch (error) {
    if (error instanceof SandboxApiError && error.body.errorCode === "P433") return { failure: INSUFFICIENT_FUNDS };
    throw error;
  }
  for (const change of changes) core.move([change], change.reason, ref);
  return {
    held: changes.map((c) => ({ owner: c.owner, currency: c.currency, delta: c.delta.toString(), reason: c.reason })),
  };
}

/** Gives back what `hold` took, with a ledger entry each (reason: the held reason plus "Refund"). */
export function release(core: SandboxCore, held: readonly HeldChange[], ref: string): void {
  for (const c of held)
    core.move([{ owner: c.owner, currency: c.currency, delta: -BigInt(c.delta) }], `${c.reason}Refund`, ref);
}

/** A percentage fee given as a decimal string ("0.1" is 0.1 %) of an amount in minor units, rounded up. */
export function percentOf(minor: bigint, percent: string): bigint {
  return percentFee(minor, toMinor(percent, 2));
}

/** A movement's status that can still change. */
export const PENDING = "PENDING";

/** Refuses to change a final movement: a simulated failure acts on a pending one only. */
export function assertPending(record: Record<string, unknown>, what: string, id: string): void {
  if (record.status !== PENDING)
    throw new Error(
      `${what} ${id} is ${String(record.status)}: a final status never changes (simulate a failure while it is PENDING)`,
    );
}
