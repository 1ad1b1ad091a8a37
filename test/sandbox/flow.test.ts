// The core flow of a partner, step by step against the sandbox: onboard a user, KYC, fund, exchange, pay out; every
// answer checked against the spec and every webhook against its generated validator (see support.ts).
import { describe, expect, it } from "vitest";
import { fundedUser, harness, onboard, OWN_IBAN, TEST_TOKEN, userBody } from "./support.js";

describe("sandbox: onboarding, funding, exchange and payout", () => {
  it("createUser stores the user without balances: they are generated at Add User Verification (seed page)", async () => {
    const h = harness();
    const created = await h.ok("createUser", { body: userBody("u-1") });
    expect(created.poaRequiredForExtended).toBe(false);
    expect(await h.ok("getUserBalances", { params: { externalUserId: "u-1" } })).toEqual({
      fiatBalances: [],
      cryptoBalances: [],
    });
  });

  it("KYC approval plus Add User Verification generate the balances with an IBAN and wallets (userBalanceGeneration)", async () => {
    const h = harness();
    await h.ok("createUser", { body: userBody("u-1") });
    h.sandbox.simulate.kycApproved("u-1");
    await h.sandbox.settle();
    expect(h.received.map((r) => r.kind)).toEqual(["kycVerificationStatus"]);
    expect(h.kinds("kycVerificationStatus")[0]).toEqual({
      externalUserId: "u-1",
      verificationStatus: "VERIFIED",
      attemptStatus: "SUCCESSFUL",
    });
    expect((await h.ok("getUserBalances", { params: { externalUserId: "u-1" } })).fiatBalances).toEqual([]);
    await h.ok("addUserVerification", {
      body: { externalUserId: "u-1", documentType: "ID_CARD", documentNumber: "CEV12630" },
    });
    await h.sandbox.settle();
    expect(h.received.map((r) => r.kind)).toEqual(["kycVerificationStatus", "userBalanceGeneration"]);
    expect(h.received.every((r) => r.authorization === TEST_TOKEN)).toBe(true);
    expect(h.kinds("userBalanceGeneration")[0]).toEqual({ externalUserId: "u-1", status: "ACTIVE" });
    const balances = await h.ok("getUserBalances", { params: { externalUserId: "u-1" } });
    expect(balances.fiatBalances).toEqual([
      expect.objectContaining({ name: "eur", amount: "0.00", status: "ACTIVE", iban: expect.stringMatching(/^LT/) }),
    ]);
    expect(balances.cryptoBalances.map((b: { name: string }) => b.name)).toEqual([
      "btc",
      "eth",
      "ltc",
      "doge",
      "pol",
      "usdc",
      "usdt",
    ]);
    expect(balances.cryptoBalances.every((b: { wallet: unknown }) => typeof b.wallet === "string")).toBe(true);
    expect(await h.ok("getKycStatus", { params: { externalUserId: "u-1" } })).toEqual({
      externalUserId: "u-1",
      verificationStatus: "VERIFIED",
      attemptStatus: "SUCCESSFUL",
    });
  });

  it("a SEPA deposit from the user's own name passes the first-party check, credits exactly and whitelists the sender", async () => {
    const h = harness();
    await h.ok("createUser", { body: userBody("u-1") });
    await onboard(h, "u-1");
    const outcome = h.sandbox.simulate.sepaDeposit({
      externalUserId: "u-1",
      amount: "1234.56",
      senderIban: "DE89370400440532013000",
      senderName: "jan kowalski",
    });
    expect(outcome).toEqual({ status: "APPROVED", amount: "1234.56" });
    await h.sandbox.settle();
    expect(h.kinds("ibanStatus").map((p) => p.status)).toEqual(["PENDING", "APPROVED"]);
    expect(h.kinds("sepaDeposit")).toEqual([{ externalUserId: "u-1", amount: "1234.56", currency: "eur" }]);
    const balances = await h.ok("getUserBalances", { params: { externalUserId: "u-1" } });
    expect(balances.fiatBalances[0].amount).toBe("1234.56");
    expect(await h.ok("listUserSepaDepositContacts", { params: { externalUserId: "u-1" } })).toEqual([
      { iban: "DE89370400440532013000", name: "Jan Kowalski" },
    ]);
  });

  it("a SEPA deposit from someone else's name is REJECTED and not credited", async () => {
    const h = harness();
    await h.ok("createUser", { body: userBody("u-1") });
    await onboard(h, "u-1");
    expect(
      h.sandbox.simulate.sepaDeposit({ externalUserId: "u-1", amount: "50", senderName: "Someone Else" }).status,
    ).toBe("REJECTED");
    await h.sandbox.settle();
    expect(h.kinds("ibanStatus").at(-1)?.status).toBe("REJECTED");
    expect(h.kinds("sepaDeposit")).toEqual([]);
    expect((await h.ok("getUserBalances", { params: { externalUserId: "u-1" } })).fiatBalances[0].amount).toBe("0.00");
  });

  it("exchange: lock, execute (PENDING, amount held), COMPLETED on the clock with the 1.49% fee taken from the amount received", async () => {
    const h = harness({ rates: { eth: "2000" } });
    await fundedUser(h, "u-1", "1000");
    const lock = await h.ok("lockUserExchangeRate", {
      query: { externalUserId: "u-1", currencyFrom: "EUR".toLowerCase(), currencyTo: "eth", amount: "500" },
    });
    expect(lock.rate).toBe(0.0005);
    const { exchangeId } = await h.ok("createUserExchange", {
      body: { externalUserId: "u-1", amount: "500", currencyFrom: "eur", currencyTo: "eth", lockId: lock.lockId },
    });
    const eth = async () =>
      (await h.ok("getUserBalances", { params: { externalUserId: "u-1" } })).cryptoBalances.find(
        (b: { name: string }) => b.name === "eth",
      ).amount;
    expect((await h.ok("getUserBalances", { params: { externalUserId: "u-1" } })).fiatBalances[0].amount).toBe(
      "500.00",
    );
    expect(await eth()).toBe("0.00000000");
    expect(
      await h.ok("getUserExchangeDetails", { params: { exchangeId }, query: { externalUserId: "u-1" } }),
    ).toMatchObject({ status: "PENDING" });
    await h.sandbox.advance(5_000);
    // 500 EUR at 0.0005 = 0.25 ETH; fee 1.49% = 0.003725; received 0.246275.
    expect(await eth()).toBe("0.24627500");
    expect(
      await h.ok("getUserExchangeDetails", { params: { exchangeId }, query: { externalUserId: "u-1" } }),
    ).toMatchObject({
      exchangeId,
      status: "COMPLETED",
      amount: "500",
      currencyFrom: "eur",
      currencyTo: "eth",
    });
    await h.sandbox.settle();
    expect(h.kinds("exchange")).toEqual([{ exchangeId, status: "COMPLETED" }]);
  });

  it("an exchange lock expires on the virtual clock (60 s) and cannot be used twice", async () => {
    const h = harness();
    await fundedUser(h, "u-1");
    const lockFor = () =>
      h.ok("lockUserExchangeRate", { query: { externalUserId: "u-1", currencyFrom: "eur", currencyTo: "usdc" } });
    const execute = (lockId: string) =>
      h.call("createUserExchange", {
        body: { externalUserId: "u-1", amount: "10", currencyFrom: "eur", currencyTo: "usdc", lockId },
      });
    const stale = await lockFor();
    await h.sandbox.advance(60_000);
    const expired = await execute(stale.lockId);
    expect(expired.body).toMatchObject({ errorCode: "P403", errorMessage: "lockId has expired" });
    const fresh = await lockFor();
    await h.sandbox.advance(59_999);
    expect((await execute(fresh.lockId)).status).toBe(200);
    expect((await execute(fresh.lockId)).body).toMatchObject({
      errorCode: "P403",
      errorMessage: "lockId has already been used",
    });
  });

  it("user SEPA payout: amount plus the 0.1% (min EUR 1.00) fee held, PENDING, then SUCCESSFUL with its webhook", async () => {
    const h = harness();
    await fundedUser(h, "u-1", "3000");
    const { transferId } = await h.ok("createUserSepaTransfer", {
      body: {
        sourceExternalUserId: "u-1",
        currency: "eur",
        amount: "2000",
        destinationIban: OWN_IBAN,
        transferTitle: "Rent",
      },
    });
    const eur = async () =>
      (await h.ok("getUserBalances", { params: { externalUserId: "u-1" } })).fiatBalances[0].amount;
    expect(await eur()).toBe("998.00");
    expect(await h.ok("getSepaTransferDetails", { params: { transferId } })).toMatchObject({
      id: transferId,
      amount: "2000.00",
      fee: 2,
      status: "PENDING",
      user: { externalUserId: "u-1" },
    });
    await h.sandbox.settle();
    expect(h.kinds("userSepaTransfer")).toEqual([]);
    await h.sandbox.advance(60_000);
    expect(await h.ok("getSepaTransferDetails", { params: { transferId } })).toMatchObject({ status: "SUCCESSFUL" });
    expect(h.kinds("userSepaTransfer")).toEqual([
      expect.objectContaining({
        id: transferId,
        externalUserId: "u-1",
        amount: "2000.00",
        fee: 2,
        status: "SUCCESSFUL",
      }),
    ]);
    // A final status never changes.
    expect(() => h.sandbox.simulate.sepaTransferFailed(transferId)).toThrow(/final status never changes/);
    expect(await eur()).toBe("998.00");
  });

  it("a PENDING payout that fails (simulate) gives back amount and fee, with the FAILED webhook", async () => {
    const h = harness();
    await fundedUser(h, "u-1", "3000");
    const { transferId } = await h.ok("createUserSepaTransfer", {
      body: {
        sourceExternalUserId: "u-1",
        currency: "eur",
        amount: "2000",
        destinationIban: OWN_IBAN,
        transferTitle: "Rent",
      },
    });
    h.sandbox.simulate.sepaTransferFailed(transferId);
    await h.sandbox.advance(60_000);
    expect(h.kinds("userSepaTransfer")).toEqual([
      expect.objectContaining({
        id: transferId,
        status: "FAILED",
        error: expect.objectContaining({ status: "FAILED" }),
      }),
    ]);
    expect((await h.ok("getUserBalances", { params: { externalUserId: "u-1" } })).fiatBalances[0].amount).toBe(
      "3000.00",
    );
  });

  it("update, suspend, unsuspend and delete change later reads", async () => {
    const h = harness();
    await fundedUser(h, "u-1", "100");
    await h.ok("updateUser", { params: { externalUserId: "u-1" }, body: { city: "Kraków" } });
    await h.ok("suspendUser", { params: { externalUserId: "u-1" } });
    await h.fails("createUserSepaTransfer", "P455", {
      body: {
        sourceExternalUserId: "u-1",
        currency: "eur",
        amount: "10",
        destinationIban: OWN_IBAN,
        transferTitle: "x",
      },
    });
    await h.ok("unsuspendUser", { params: { externalUserId: "u-1" } });
    await h.ok("createUserSepaTransfer", {
      body: {
        sourceExternalUserId: "u-1",
        currency: "eur",
        amount: "10",
        destinationIban: OWN_IBAN,
        transferTitle: "x",
      },
    });
    await h.sandbox.advance(60_000);
    // The rest (100 - 10 - the EUR 1.00 fee) goes to the partner, so that nothing vanishes with the user.
    await h.ok("createTransfer", { body: { sourceExternalUserId: "u-1", amount: "89.00", currency: "eur" } });
    await h.ok("deleteUser", { params: { externalUserId: "u-1" } });
    await h.fails("getUserBalances", "P412", { params: { externalUserId: "u-1" } });
    // The email and phone are free again once the user is deleted.
    await h.ok("createUser", { body: userBody("u-1") });
  });

  it("amounts are read as decimal strings or numbers and currencies in any letter case (normalised exactly)", async () => {
    const h = harness();
    await fundedUser(h, "u-1", "100");
    const s = h.sandbox;
    const send = (amount: unknown, currency: string) =>
      s.fetch(`${s.baseUrl}/v1/transfer`, {
        method: "POST",
        headers: { "x-api-key": s.apiKey, "content-type": "application/json" },
        body: JSON.stringify({ sourceExternalUserId: "u-1", amount, currency }),
      });
    const asString = await send("0.10", "eur");
    expect(asString.status).toBe(200);
    const ledger = s.ledger.filter((e) => e.account === "u-1" && e.reason === "transfer");
    expect(ledger.map((e) => e.delta)).toEqual(["-0.10"]);
    // Whether a number or an upper-case code is accepted is the spec's decision (request validation comes first).
    const asNumber = await send(0.2, "EUR");
    if (asNumber.status === 200)
      expect(s.ledger.filter((e) => e.account === "u-1" && e.reason === "transfer").map((e) => e.delta)).toEqual([
        "-0.10",
        "-0.20",
      ]);
    else expect(((await asNumber.json()) as { errorCode: string }).errorCode).toBe("P403");
  });
});
