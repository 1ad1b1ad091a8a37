// One pass through every flow of the sandbox, so that each of the 18 webhook kinds is produced at least once.
import { expect } from "vitest";
import { type Harness, OWN_IBAN, userBody } from "./support.js";

/** A small valid PDF-typed upload. */
export function pdfForm(bytes = 64, type = "application/pdf"): FormData {
  const form = new FormData();
  form.append("files", new File([new Uint8Array(bytes)], "document.pdf", { type }));
  return form;
}

/** Runs every flow once for user `id`; returns the ids it created. */
export async function tour(h: Harness, id = "u-tour") {
  const s = h.sandbox;
  await h.ok("createUser", { body: userBody(id) });
  await h.ok("addKycFile", { params: { externalUserId: id }, form: pdfForm() });
  const { verificationId } = await h.ok("createKycVerification", {
    body: {
      externalUserId: id,
      documentType: "ID_CARD",
      country: "PL",
      incomeSource: "SALARY",
      openAccountReason: "DAILY_USE",
    },
  });
  expect(typeof (await h.ok("getKycRedirectPage", { params: { externalUserId: id, verificationId } }))).toBe("string");
  await h.ok("addUserVerification", {
    body: { externalUserId: id, documentType: "ID_CARD", documentNumber: "CEV12630" },
  });
  await h.ok("addPoaFile", { params: { externalUserId: id }, form: pdfForm() });
  s.simulate.poaDecided(id, "APPROVED");
  s.simulate.kycApproved(id);
  await h.ok("createPartnerWallet", { body: { currency: "usdc", network: "polygon" } });
  s.simulate.sepaDeposit({ externalUserId: id, amount: "5000", senderName: "Jan Kowalski", senderIban: OWN_IBAN });
  s.simulate.sepaDeposit({ amount: "250.00", senderIban: OWN_IBAN });
  const { transferId } = await h.ok("createTransfer", {
    body: { destinationExternalUserId: id, amount: "10.00", currency: "eur" },
  });
  // Payout level 1 (closed loop): each pays out to the account it deposited from.
  await h.ok("createPartnerSepaTransfer", {
    body: { amount: "100.00", currency: "eur", destinationIban: OWN_IBAN, transferTitle: "Payout" },
  });
  const { transferId: userTransferId } = await h.ok("createUserSepaTransfer", {
    body: {
      sourceExternalUserId: id,
      currency: "eur",
      amount: "100",
      destinationIban: OWN_IBAN,
      transferTitle: "Rent",
    },
  });
  const lock = await h.ok("lockUserExchangeRate", {
    query: { externalUserId: id, currencyFrom: "eur", currencyTo: "usdc", amount: "1000" },
  });
  const { exchangeId } = await h.ok("createUserExchange", {
    body: { externalUserId: id, amount: "1000", currencyFrom: "eur", currencyTo: "usdc", lockId: lock.lockId },
  });
  await s.advance(5_000); // the exchange completes: the USDC is there to withdraw
  const deposit = s.simulate.cryptoDeposit({
    externalUserId: id,
    currency: "usdc",
    amount: "100",
    network: "polygon",
    travelRule: true,
  });
  await h.ok("updateTravelRule", {
    params: { cryptoDepositId: deposit.cryptoDepositId },
    body: { walletType: "SELF_CUSTODY", externalUserId: id, details: { iAmOwnerOfWallet: true } },
  });
  const { withdrawalId } = await h.ok("createUserCryptoWithdrawal", {
    body: {
      sourceExternalUserId: id,
      currency: "usdc",
      amount: "20",
      walletAddress: "0x8ba1f109551bD432803012645Ac136ddd64DBA72",
      network: "polygon",
      name: "Jan Kowalski",
      walletType: "CUSTODIAL",
      receiverType: "NATURAL",
    },
  });
  const card = await h.ok("createVirtualCard", { body: { externalUserId: id, label: "Shopping", pin: "1234" } });
  s.simulate.cardTransaction({ externalUserId: id, cardId: card.cardId, amount: "12.34", merchant: "Coffee" });
  s.simulate.card3dsCode(id, card.cardId);
  s.simulate.cardActivationCode(id, card.cardId);
  const orderLock = await h.ok("lockOrderRate", { body: { currency: "usdc", amount: "100.00", network: "polygon" } });
  const { orderId } = await h.ok("createOrder", { body: { lockId: orderLock.lockId } });
  const link = await h.ok("createPaymentLink", { body: { amount: "150.00" } });
  s.simulate.paymentLinkPaid(link.paymentLinkId);
  // Lifecycle steps on the clock: withdrawal settles, travel rule verified, order gets a wallet.
  await s.advance(60_000);
  s.simulate.orderPayment(orderId);
  await s.advance(60_000);
  return {
    transferId,
    userTransferId,
    exchangeId,
    withdrawalId,
    cardId: card.cardId as string,
    orderId,
    paymentLinkId: link.paymentLinkId as string,
    cryptoDepositId: deposit.cryptoDepositId,
  };
}
