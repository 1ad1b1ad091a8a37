// One test per fidelity finding of the sandbox review (issue 23, spec-audit-3 §4 S1-S12): each fails on the behaviour
// the review found and passes on the documented one.
import { describe, expect, it } from "vitest";
import { createP100Client } from "../../src/index.js";
import { fundedUser, harness, onboard, OWN_IBAN, userBody } from "./support.js";
import { pdfForm } from "./tour.js";

const FOREIGN_IBAN = "PL06109027500000000148911547";
const eurOf = async (h: ReturnType<typeof harness>, externalUserId: string) =>
  (await h.ok("getUserBalances", { params: { externalUserId } })).fiatBalances[0]?.amount as string | undefined;
const partnerEur = async (h: ReturnType<typeof harness>) =>
  (await h.ok("getPartnerBalances")).fiatBalances[0].amount as string;

describe("onboarding (S1): balances are generated at Add User Verification", () => {
  it("createUser creates no balances; simulate.kycApproved alone generates none; Add User Verification does, with userBalanceGeneration", async () => {
    const h = harness();
    await h.ok("createUser", { body: userBody("u-1") });
    await h.ok("addKycFile", { params: { externalUserId: "u-1" }, form: pdfForm() }); // Method A
    h.sandbox.simulate.kycApproved("u-1");
    await h.sandbox.settle();
    expect(await h.ok("getUserBalances", { params: { externalUserId: "u-1" } })).toEqual({
      fiatBalances: [],
      cryptoBalances: [],
    });
    expect(h.kinds("userBalanceGeneration")).toEqual([]);
    await h.fails("createUserSepaTransfer", "P459", {
      body: {
        sourceExternalUserId: "u-1",
        currency: "eur",
        amount: "1",
        destinationIban: OWN_IBAN,
        transferTitle: "x",
      },
    });
    await h.ok("addUserVerification", {
      body: { externalUserId: "u-1", documentType: "ID_CARD", documentNumber: "CEV12630" },
    });
    await h.sandbox.settle();
    expect(h.kinds("userBalanceGeneration")).toEqual([{ externalUserId: "u-1", status: "ACTIVE" }]);
    expect(await eurOf(h, "u-1")).toBe("0.00");
  });

  it("Add User Verification before the KYC decision: the balances come with the approval", async () => {
    const h = harness();
    await h.ok("createUser", { body: userBody("u-1") });
    await h.ok("addUserVerification", {
      body: { externalUserId: "u-1", documentType: "ID_CARD", documentNumber: "CEV12630" },
    });
    expect(await eurOf(h, "u-1")).toBeUndefined();
    h.sandbox.simulate.kycApproved("u-1");
    expect(await eurOf(h, "u-1")).toBe("0.00");
  });

  it("Add User Verification requires no field but the user it names (its body was never captured)", async () => {
    const h = harness();
    await h.ok("createUser", { body: userBody("u-1") });
    h.sandbox.simulate.kycApproved("u-1");
    await h.fails("addUserVerification", "P412", { body: {} });
    await h.ok("addUserVerification", { body: { externalUserId: "u-1" } });
    expect(await eurOf(h, "u-1")).toBe("0.00");
  });

  it("hasAcceptedP100Tc must be true (newest Create User page)", async () => {
    const h = harness();
    const body = await h.fails("createUser", "P403", { body: userBody("u-1", { hasAcceptedP100Tc: false }) });
    expect(body.errorMessage).toMatch(/hasAcceptedP100Tc must be true/);
    await h.fails("getUserBalances", "P412", { params: { externalUserId: "u-1" } });
  });
});

describe("webhooks (S5): IBAN Status only for the incoming-SEPA name check; no invented Create Wallet status", () => {
  it("onboarding sends no ibanStatus and no createWallet; the partner's Create Wallet sends createWallet without a status", async () => {
    const h = harness();
    await h.ok("createUser", { body: userBody("u-1") });
    await onboard(h, "u-1");
    await h.sandbox.settle();
    expect(h.received.map((r) => r.kind)).toEqual(["kycVerificationStatus", "userBalanceGeneration"]);
    h.sandbox.simulate.sepaDeposit({
      externalUserId: "u-1",
      amount: "10",
      senderName: "Jan Kowalski",
      senderIban: OWN_IBAN,
    });
    await h.ok("createPartnerWallet", { body: { currency: "usdc", network: "polygon" } });
    await h.sandbox.settle();
    expect(h.kinds("ibanStatus").map((p) => p.status)).toEqual(["PENDING", "APPROVED"]);
    expect(h.kinds("createWallet")).toHaveLength(1);
    expect(h.kinds("createWallet")[0]).not.toHaveProperty("status");
  });
});

describe("internal transfers (S4): exactly one side", () => {
  it("both sides set is refused and nothing moves; the partner is never credited for a user-to-user request", async () => {
    const h = harness();
    await fundedUser(h, "u-1", "100");
    await fundedUser(h, "u-2", "0.01");
    const partnerBefore = await partnerEur(h);
    const body = await h.fails("createTransfer", "P403", {
      body: { sourceExternalUserId: "u-1", destinationExternalUserId: "u-2", amount: "10", currency: "eur" },
    });
    expect(body.errorMessage).toMatch(/exactly one/);
    expect([await eurOf(h, "u-1"), await eurOf(h, "u-2"), await partnerEur(h)]).toEqual([
      "100.00",
      "0.01",
      partnerBefore,
    ]);
    await h.sandbox.settle();
    expect(h.kinds("p2pTransfer")).toEqual([]);
  });
});

describe("pending, then final (S3): payouts, exchanges and withdrawals", () => {
  it("a partner SEPA payout is PENDING, then SUCCESSFUL on the clock; its final status never changes", async () => {
    const h = harness();
    h.sandbox.simulate.sepaDeposit({ amount: "10", senderIban: OWN_IBAN });
    const { transferId } = await h.ok("createPartnerSepaTransfer", {
      body: { amount: "100.00", currency: "eur", destinationIban: OWN_IBAN, transferTitle: "Payout" },
    });
    expect((await h.ok("getSepaTransferDetails", { params: { transferId } })).status).toBe("PENDING");
    await h.sandbox.settle();
    expect(h.kinds("partnerSepaTransfer")).toEqual([]);
    await h.sandbox.advance(60_000);
    expect((await h.ok("getSepaTransferDetails", { params: { transferId } })).status).toBe("SUCCESSFUL");
    expect(h.kinds("partnerSepaTransfer").map((p) => p.status)).toEqual(["SUCCESSFUL"]);
    expect(() => h.sandbox.simulate.sepaTransferFailed(transferId)).toThrow(/final status never changes/);
    expect((await h.ok("getSepaTransferDetails", { params: { transferId } })).status).toBe("SUCCESSFUL");
  });

  it("insufficient funds are not answered at once (P433) on a SEPA payout: it is accepted and ends FAILED, nothing moves", async () => {
    const h = harness({ partnerBalances: { eur: "50" } });
    h.sandbox.simulate.sepaDeposit({ amount: "1", senderIban: OWN_IBAN });
    const { transferId } = await h.ok("createPartnerSepaTransfer", {
      body: { amount: "100.00", currency: "eur", destinationIban: OWN_IBAN, transferTitle: "Payout" },
    });
    await h.sandbox.advance(60_000);
    expect(await h.ok("getSepaTransferDetails", { params: { transferId } })).toMatchObject({
      status: "FAILED",
      error: { description: "Insufficient funds" },
    });
    expect(h.kinds("partnerSepaTransfer")).toEqual([expect.objectContaining({ id: transferId, status: "FAILED" })]);
    expect(await partnerEur(h)).toBe("51.00");
  });

  it("an exchange with too little money is accepted and ends FAILED (no P433 at once)", async () => {
    const h = harness();
    await fundedUser(h, "u-1", "10");
    const lock = await h.ok("lockUserExchangeRate", {
      query: { externalUserId: "u-1", currencyFrom: "eur", currencyTo: "usdc" },
    });
    const { exchangeId } = await h.ok("createUserExchange", {
      body: { externalUserId: "u-1", amount: "20", currencyFrom: "eur", currencyTo: "usdc", lockId: lock.lockId },
    });
    await h.sandbox.advance(5_000);
    expect(
      (await h.ok("getUserExchangeDetails", { params: { exchangeId }, query: { externalUserId: "u-1" } })).status,
    ).toBe("FAILED");
    expect(h.kinds("exchange")).toEqual([{ exchangeId, status: "FAILED" }]);
    expect(await eurOf(h, "u-1")).toBe("10.00");
  });

  it("a crypto withdrawal with too little money is accepted and ends FAILED; simulate.cryptoWithdrawalFailed refuses a final one", async () => {
    const h = harness({ partnerBalances: { eur: "10", usdc: "5" } });
    const body = {
      currency: "usdc",
      amount: "20",
      walletAddress: "0x8ba1f109551bD432803012645Ac136ddd64DBA72",
      network: "polygon",
      name: "P",
      walletType: "CUSTODIAL",
      receiverType: "LEGAL",
    };
    const { withdrawalId } = await h.ok("createPartnerCryptoWithdrawal", { body });
    expect((await h.ok("getCryptoWithdrawalDetails", { params: { withdrawalId } })).status).toBe("PENDING");
    await h.sandbox.advance(30_000);
    expect((await h.ok("getCryptoWithdrawalDetails", { params: { withdrawalId } })).status).toBe("FAILED");
    expect(() => h.sandbox.simulate.cryptoWithdrawalFailed(withdrawalId)).toThrow(/final status never changes/);
  });
});

describe("payout level (closed loop by default)", () => {
  it("level 1: a user payout to a foreign IBAN ends FAILED and is refunded; level 2 pays it", async () => {
    for (const [payoutLevel, status, eur] of [
      [1, "FAILED", "100.00"],
      [2, "SUCCESSFUL", "89.00"],
    ] as const) {
      const h = harness({ payoutLevel });
      await fundedUser(h, "u-1", "100");
      const { transferId } = await h.ok("createUserSepaTransfer", {
        body: {
          sourceExternalUserId: "u-1",
          currency: "eur",
          amount: "10",
          destinationIban: FOREIGN_IBAN,
          transferTitle: "x",
        },
      });
      await h.sandbox.advance(60_000);
      expect((await h.ok("getSepaTransferDetails", { params: { transferId } })).status, `level ${payoutLevel}`).toBe(
        status,
      );
      expect(await eurOf(h, "u-1")).toBe(eur);
    }
  });
});

describe("cards (S2, S9): documented issuance limits, no POA gate", () => {
  it("at most 5 cards per user in 24 hours, 10 in 30 days, 20 in a year", async () => {
    const h = harness({ cardIssuanceLimits: { held: 100 } });
    await fundedUser(h, "u-1");
    const create = () => h.call("createVirtualCard", { body: { externalUserId: "u-1", label: "Card", pin: "1234" } });
    const day = 24 * 60 * 60 * 1000;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await create()).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 400]);
    expect((await create()).body.errorMessage).toMatch(/5 cards .* 24 hours/);
    await h.sandbox.advance(day);
    for (let i = 0; i < 5; i++) expect((await create()).status).toBe(200);
    await h.sandbox.advance(day);
    expect((await create()).body.errorMessage).toMatch(/10 cards .* 30 days/);
    for (let month = 1; month <= 3; month++) {
      await h.sandbox.advance(30 * day);
      for (let i = 0; i < 5; i++) await create();
    }
    await h.sandbox.advance(30 * day);
    expect((await create()).body.errorMessage).toMatch(/20 cards .* a year/);
  });

  it("a user whose citizenship had POA required gets a card without POA (the requirement is suspended)", async () => {
    const h = harness();
    const created = await h.ok("createUser", { body: userBody("u-ua", { citizenship: "UA" }) });
    expect(created.poaRequiredForExtended).toBe(true);
    await onboard(h, "u-ua");
    const card = await h.ok("createVirtualCard", { body: { externalUserId: "u-ua", label: "Card", pin: "1234" } });
    expect(await h.ok("getCardDetails", { params: { externalUserId: "u-ua", cardId: card.cardId } })).toMatchObject({
      cardId: card.cardId,
    });
  });
});

describe("balances as documented (S7)", () => {
  it("networkConfig keys, the LTC minimum and the BTC and LTC prices are the documented examples", async () => {
    const h = harness();
    const { cryptoBalances } = await h.ok("getPartnerBalances");
    const btc = cryptoBalances.find((b: { name: string }) => b.name === "btc");
    const ltc = cryptoBalances.find((b: { name: string }) => b.name === "ltc");
    expect([btc.rate, Object.keys(btc.networkConfig), btc.networkConfig.btc.name]).toEqual([
      102178.03394219,
      ["btc"],
      "test",
    ]);
    expect([ltc.rate, Object.keys(ltc.networkConfig), ltc.networkConfig.ltc.withdrawal]).toEqual([
      103.62980236,
      ["ltc"],
      { feeWithdrawal: 0.002, minWithdrawal: 0.001 },
    ]);
  });
});

describe("wire types as documented (S6)", () => {
  it("numbers where every documented example has numbers: P2P amount, crypto deposit amount, withdrawal amount and fee, SEPA fee, network fee", async () => {
    const h = harness({ partnerBalances: { eur: "1000", usdc: "100" } });
    await fundedUser(h, "u-1", "10");
    await h.ok("createTransfer", { body: { destinationExternalUserId: "u-1", amount: "1.50", currency: "eur" } });
    h.sandbox.simulate.cryptoDeposit({ externalUserId: "u-1", currency: "usdc", amount: "12.5", network: "polygon" });
    const body = {
      currency: "usdc",
      amount: "20",
      walletAddress: "0x8ba1f109551bD432803012645Ac136ddd64DBA72",
      network: "polygon",
      name: "P",
      walletType: "CUSTODIAL",
      receiverType: "LEGAL",
    };
    await h.ok("createPartnerCryptoWithdrawal", { body });
    h.sandbox.simulate.sepaDeposit({ amount: "1", senderIban: OWN_IBAN });
    const { transferId } = await h.ok("createPartnerSepaTransfer", {
      body: { amount: "100.00", currency: "eur", destinationIban: OWN_IBAN, transferTitle: "x" },
    });
    await h.sandbox.advance(60_000);
    expect(h.kinds("p2pTransfer")[0].amount).toBe(1.5);
    expect(h.kinds("cryptoDeposit")[0].amount).toBe(12.5);
    expect(h.kinds("cryptoWithdrawal")[0]).toMatchObject({ amount: 20, fee: 0.5 });
    expect(h.kinds("partnerSepaTransfer")[0]).toMatchObject({ amount: "100.00", fee: 1 });
    expect((await h.ok("getSepaTransferDetails", { params: { transferId } })).fee).toBe(1);
    expect((await h.ok("getNetworkFee", { query: { currency: "usdc", network: "polygon" } })).networkFee).toBe(0);
  });
});

describe("card details (S9)", () => {
  it("Block Card sets LOCKED_BY_USER (the documented status); Update Card Limits changes only the limits it sends", async () => {
    const h = harness();
    await fundedUser(h, "u-1");
    const { cardId } = await h.ok("createVirtualCard", { body: { externalUserId: "u-1", label: "Card", pin: "1234" } });
    await h.ok("blockCard", { body: { externalUserId: "u-1", cardId } });
    expect((await h.ok("listUserCards", { params: { externalUserId: "u-1" } })).cards[0].status).toBe("LOCKED_BY_USER");
    await h.ok("unblockCard", { body: { externalUserId: "u-1", cardId } });
    const before = await h.ok("getCardLimits", { params: { externalUserId: "u-1", cardId } });
    await h.ok("updateCardLimits", { body: { externalUserId: "u-1", cardId, dailyTrxAtm: "150" } });
    expect(await h.ok("getCardLimits", { params: { externalUserId: "u-1", cardId } })).toEqual({
      ...before,
      dailyTrxAtm: "150.00",
    });
  });
});

describe("money never vanishes or appears (S11)", () => {
  it("deleting a user who holds money is refused with a typed error; the money stays", async () => {
    const h = harness();
    await fundedUser(h, "u-1", "75");
    const body = await h.fails("deleteUser", "P403", { params: { externalUserId: "u-1" } });
    expect(body.errorMessage).toMatch(/still holds money/);
    expect(await eurOf(h, "u-1")).toBe("75.00");
  });

  it("a deposit to a suspended user is not credited: SEPA returned to the sender, crypto UNSUCCESSFUL", async () => {
    const h = harness();
    await fundedUser(h, "u-1", "10");
    await h.ok("suspendUser", { params: { externalUserId: "u-1" } });
    const ledger = h.sandbox.ledger.length;
    expect(h.sandbox.simulate.sepaDeposit({ externalUserId: "u-1", amount: "50", senderIban: OWN_IBAN })).toMatchObject(
      { status: "REJECTED" },
    );
    expect(
      h.sandbox.simulate.cryptoDeposit({ externalUserId: "u-1", currency: "usdc", amount: "100", network: "polygon" })
        .status,
    ).toBe("UNSUCCESSFUL");
    expect(h.sandbox.ledger.length).toBe(ledger);
    expect(await eurOf(h, "u-1")).toBe("10.00");
  });

  it("a user whose externalUserId is 'partner' has an account of its own and cannot spend the partner's money", async () => {
    const h = harness();
    await h.ok("createUser", { body: userBody("partner") });
    await onboard(h, "partner");
    expect(await eurOf(h, "partner")).toBe("0.00");
    const before = await partnerEur(h);
    await h.fails("createTransfer", "P433", {
      body: { sourceExternalUserId: "partner", amount: "10", currency: "eur" },
    });
    await h.ok("createTransfer", { body: { destinationExternalUserId: "partner", amount: "10", currency: "eur" } });
    expect([await eurOf(h, "partner"), await partnerEur(h)]).toEqual(["10.00", (Number(before) - 10).toFixed(2)]);
    expect(h.sandbox.ledger.filter((e) => e.party === "user" && e.account === "partner").map((e) => e.delta)).toEqual([
      "10.00",
    ]);
  });
});

describe("partner settings", () => {
  it("fees come from the options (default: the Fees page), KYC verification billed to the partner at Method B creation", async () => {
    const h = harness({ fees: { sepaTransferPercent: "1", sepaTransferMinimum: "2.00", kycVerification: "1.50" } });
    await fundedUser(h, "u-1", "1000");
    await h.ok("createUserSepaTransfer", {
      body: {
        sourceExternalUserId: "u-1",
        currency: "eur",
        amount: "500",
        destinationIban: OWN_IBAN,
        transferTitle: "x",
      },
    });
    expect(await eurOf(h, "u-1")).toBe("495.00"); // 500 + 1 % of 500
    const before = await partnerEur(h);
    await h.ok("createKycVerification", {
      body: {
        externalUserId: "u-1",
        documentType: "ID_CARD",
        country: "PL",
        incomeSource: "SALARY",
        openAccountReason: "DAILY_USE",
      },
    });
    expect(await partnerEur(h)).toBe((Number(before) - 1.5).toFixed(2));
    expect(h.sandbox.ledger.at(-1)).toMatchObject({
      account: "partner",
      party: "partner",
      reason: "kycVerificationFee",
      delta: "-1.50",
    });
  });

  it("simulate.rateLimited(n): 429 with Retry-After before any state change; the client's retries get through", async () => {
    const h = harness();
    h.sandbox.simulate.rateLimited(1, 0);
    const limited = await h.sandbox.fetch(`${h.sandbox.baseUrl}/v1/partner/balances`, {
      headers: { "x-api-key": h.sandbox.apiKey },
    });
    expect([limited.status, limited.headers.get("retry-after")]).toEqual([429, "0"]);
    expect(limited.headers.get("x-p100-sandbox-rules")).toBe("SBX-API-1, SBX-API-8");
    h.sandbox.simulate.rateLimited(2, 0);
    const p100 = createP100Client({
      apiKey: h.sandbox.apiKey,
      baseUrl: h.sandbox.baseUrl,
      fetch: h.sandbox.fetch,
      maxRetries: 2,
    });
    const balances = await p100.getPartnerBalances();
    expect(balances.fiatBalances[0]?.amount).toBe("10000.00");
  });
});
