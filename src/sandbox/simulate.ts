// `sandbox.simulate.*`: the events that happen outside the API (a KYC decision, an incoming transfer, a card payment,
// a payer paying a link or an order). Each changes the state as P100 would and emits the documented webhooks.
import type { SandboxCore } from "./core.js";
import { DEFAULTS } from "./options.js";
import { approveKyc, decidePoa, rejectKyc } from "./resources/kyc.js";
import {
  simulateCard3dsCode,
  simulateCardActivationCode,
  simulateCardTransaction,
  type SimulatedCardTransaction,
} from "./resources/cards.js";
import { failCryptoWithdrawal, simulateCryptoDeposit, type SimulatedCryptoDeposit } from "./resources/crypto.js";
import { simulateOrderPayment } from "./resources/orders.js";
import { simulatePaymentLinkExpired, simulatePaymentLinkPaid } from "./resources/payment-links.js";
import {
  failSepaTransfer,
  simulateSepaDeposit,
  type SepaDepositOutcome,
  type SimulatedSepaDeposit,
} from "./resources/sepa.js";

/** The simulate API of a sandbox. */
export interface SandboxSimulate {
  /**
   * KYC approved: VERIFIED / SUCCESSFUL (kycVerificationStatus). It generates no balances by itself: Add User
   * Verification does (userBalanceGeneration), at once if it was already called.
   */
  kycApproved(externalUserId: string): void;
  /** KYC attempt rejected by the provider (kycVerificationStatus REJECTED_BY_PROVIDER). */
  kycRejected(externalUserId: string, reason?: string): void;
  /** Proof of address decided (poaVerificationStatus). */
  poaDecided(externalUserId: string, status: "APPROVED" | "REJECTED" | "QUESTIONED"): void;
  /** An incoming SEPA transfer to a user or the partner (ibanStatus for a new sender, sepaDeposit when credited; REJECTED for a suspended user). */
  sepaDeposit(deposit: SimulatedSepaDeposit): SepaDepositOutcome;
  /** A PENDING outgoing SEPA transfer failed: refunded (partnerSepaTransfer / userSepaTransfer FAILED); a final one throws. */
  sepaTransferFailed(transferId: string): void;
  /** An incoming crypto deposit (cryptoDeposit). */
  cryptoDeposit(deposit: SimulatedCryptoDeposit): { cryptoDepositId: string; status: string };
  /** A pending crypto withdrawal failed on chain: refunded (cryptoWithdrawal FAILED). */
  cryptoWithdrawalFailed(withdrawalId: string): void;
  /** A card payment (cardTransaction APPROVED or DECLINED). */
  cardTransaction(transaction: SimulatedCardTransaction): {
    transactionId: string;
    status: string;
    reason: string | null;
  };
  /** A 3DS code sent for a card (card3dsCode); returns the code. */
  card3dsCode(externalUserId: string, cardId: string): string;
  /** An activation code sent for a card (cardActivationCode); returns the code. */
  cardActivationCode(externalUserId: string, cardId: string): string;
  /** A payer paid a payment link or hosted checkout (paymentLink PAID). */
  paymentLinkPaid(paymentLinkId: string): void;
  /** A payment link expired unpaid (paymentLink EXPIRED). */
  paymentLinkExpired(paymentLinkId: string): void;
  /** P100 is temporarily unavailable: the next `calls` authenticated calls get P501 (documented as retryable). */
  serviceUnavailable(calls?: number): void;
  /**
   * The rate limit is reached: the next `calls` authenticated calls get 429 with `Retry-After: retryAfterSeconds`
   * (default 1), before any state changes. The Rate Limiting page was never captured: status and header inferred.
   */
  rateLimited(calls?: number, retryAfterSeconds?: number): void;
  /** The payer's crypto for an order arrived (orderStatus WAITING_FOR_CONFIRMATION, then COMPLETED as the clock runs). */
  orderPayment(orderId: string, amount?: string | number): void;
}

/** The simulate API bound to an engine; each call starts the deliveries it caused. */
export function createSimulate(core: SandboxCore): SandboxSimulate {
  const run =
    <A extends unknown[], R>(fn: (core: SandboxCore, ...args: A) => R) =>
    (...args: A): R => {
      const result = fn(core, ...args);
      core.runDue();
      return result;
    };
  return {
    kycApproved: run(approveKyc),
    kycRejected: run((c, id: string, reason = "NO_FACE_FOUND") => rejectKyc(c, id, reason)),
    poaDecided: run(decidePoa),
    sepaDeposit: run(simulateSepaDeposit),
    sepaTransferFailed: run(failSepaTransfer),
    cryptoDeposit: run(simulateCryptoDeposit),
    cryptoWithdrawalFailed: run(failCryptoWithdrawal),
    cardTransaction: run(simulateCardTransaction),
    card3dsCode: run(simulateCard3dsCode),
    cardActivationCode: run(simulateCardActivationCode),
    paymentLinkPaid: run(simulatePaymentLinkPaid),
    paymentLinkExpired: run(simulatePaymentLinkExpired),
    orderPayment: run(simulateOrderPayment),
    serviceUnavailable(calls = 1) {
      if (!Number.isSafeInteger(calls) || calls < 0) throw new RangeError("calls must be a non-negative integer");
      core.unavailableCalls = calls;
    },
    rateLimited(calls = 1, retryAfterSeconds = DEFAULTS.retryAfterSeconds) {
      if (!Number.isSafeInteger(calls) || calls < 0) throw new RangeError("calls must be a non-negative integer");
      if (!Number.isSafeInteger(retryAfterSeconds) || retryAfterSeconds < 0)
        throw new RangeError("retryAfterSeconds must be a non-negative integer");
      core.rateLimitedCalls = calls;
      core.retryAfterSeconds = retryAfterSeconds;
    },
  };
}
