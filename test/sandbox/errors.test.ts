// Every error code the sandbox answers is reached by its condition (never by a header), with the documented status
// and body shape; 401 bodies are the documented plain-text messages.
import { describe, expect, it } from "vitest";
import { fundedUser, harness, onboard, userBody } from "./support.js";
import { pdfForm } from "./tour.js";

const payout = (id: string, amount: string) => ({
  body: {
    sourceExternalUserId: id,
    currency: "eur",
    amount,
    destinationIban: "PL06109027500000000148911547",
    transferTitle: "x",
  },
});

describe("sandbox error codes, each reached by its condition", () => {
  it("401 xo1 without a key, xo2 with a wrong key (plain text)", async () => {
    const h = harness();
    const none = await h.call("getPartnerBalances", { apiKey: null });
    expect([none.status, none.body]).toEqual([401, "Access Denied. xo1"]);
    const wrong = await h.call("getPartnerBalances", { apiKey: "not-the-key" });
    expect([wrong.status, wrong.body]).toEqual([401, "Access Denied. xo2"]);
  });

  it("P403: a request that breaks the spec, with the violations joined in one message", async () => {
    const h = harness();
    // Wrong types rather than missing fields: a more liberal spec may make fields optional, never numbers of these.
    const body = await h.fails("createUser", "P403", {
      body: { ...userBody("u-1"), externalUserId: 123, firstName: { a: 1 } },
    });
    expect(body.errorMessage).toContain("body.externalUserId must be string");
    expect(body.errorMessage).toContain("body.firstName must be string");
    expect(body.errorMessage).toMatch(/\. body\./);
    expect(body).not.toHaveProperty("errorName");
  });

  it("P403: more decimals than the currency has", async () => {
    const h = harness();
    await fundedUser(h, "u-1");
    const body = await h.fails("createTransfer", "P403", {
      body: { sourceExternalUserId: "u-1", amount: "1.001", currency: "eur" },
    });
    expect(body.errorMessage).toBe("Amount can have at most 2 decimal places.");
  });

  it("P410: network fee of an unknown currency", async () => {
    await harness().fails("getNetworkFee", "P410", { query: { currency: "xyz" } });
  });

  it("P411 repeat externalUserId, P464 duplicate phone, P465 duplicate email (any case), P431 forbidden country", async () => {
    const h = harness();
    await h.ok("createUser", { body: userBody("u-1") });
    await h.fails("createUser", "P411", {
      body: userBody("u-1", { email: "other@example.test", phone: "48111111111" }),
    });
    await h.fails("createUser", "P464", { body: userBody("u-2", { phone: userBody("u-1").phone }) });
    await h.fails("createUser", "P465", { body: userBody("u-2", { email: "U-1@EXAMPLE.TEST" }) });
    await h.fails("createUser", "P431", { body: userBody("u-3", { country: "KP" }) });
    // Update keeps phone and email unique too.
    await h.ok("createUser", { body: userBody("u-4") });
    await h.fails("updateUser", "P464", { params: { externalUserId: "u-4" }, body: { phone: userBody("u-1").phone } });
  });

  it("P412: an unknown user, everywhere a user is named", async () => {
    const h = harness();
    await h.fails("getUserBalances", "P412", { params: { externalUserId: "ghost" } });
    await h.fails("listUserCards", "P412", { params: { externalUserId: "ghost" } });
    await h.fails("suspendUser", "P412", { params: { externalUserId: "ghost" } });
    await h.fails("getKycStatus", "P412", { params: { externalUserId: "ghost" } });
    await h.fails("createUserSepaTransfer", "P412", payout("ghost", "1"));
  });

  it("P424: an internal transfer without a side, although the spec's schema also refuses it (P424 is the documented answer)", async () => {
    const h = harness();
    await h.fails("createTransfer", "P424", { body: { amount: "1", currency: "eur" } });
  });

  it("P426 wrong file type, P440 file over 5 MB, P211 while a POA is pending, P447 once approved", async () => {
    const h = harness();
    await h.ok("createUser", { body: userBody("u-1") });
    await h.fails("addPoaFile", "P426", { params: { externalUserId: "u-1" }, form: pdfForm(10, "text/plain") });
    await h.fails("addPoaFile", "P440", { params: { externalUserId: "u-1" }, form: pdfForm(5 * 1024 * 1024 + 1) });
    await h.ok("addPoaFile", { params: { externalUserId: "u-1" }, form: pdfForm() });
    const pending = await h.call("addPoaFile", { params: { externalUserId: "u-1" }, form: pdfForm() });
    expect([pending.status, pending.body.errorCode]).toEqual([202, "P211"]);
    h.sandbox.simulate.poaDecided("u-1", "APPROVED");
    await h.fails("addPoaFile", "P447", { params: { externalUserId: "u-1" }, form: pdfForm() });
    await h.sandbox.settle();
    expect(h.kinds("poaVerificationStatus").map((p) => p.status)).toEqual(["WAITING", "APPROVED"]);
  });

  it("P428: details of an unknown SEPA transfer (HTTP 404)", async () => {
    const body = await harness().fails("getSepaTransferDetails", "P428", { params: { transferId: "nope" } });
    expect(body.errorName).toBe("sepa-transfer-not-found");
  });

  it("P433: an internal transfer larger than the balance; nothing moves", async () => {
    const h = harness();
    await fundedUser(h, "u-1", "100");
    const before = h.sandbox.ledger.length;
    await h.fails("createTransfer", "P433", {
      body: { sourceExternalUserId: "u-1", amount: "100.01", currency: "eur" },
    });
    expect(h.sandbox.ledger.length).toBe(before);
  });

  it("P434 unknown card or another user's card; P445 KYC status before any verification", async () => {
    const h = harness();
    await fundedUser(h, "u-1");
    await fundedUser(h, "u-2");
    const card = await h.ok("createVirtualCard", { body: { externalUserId: "u-1", label: "Main", pin: "1234" } });
    await h.fails("getCardDetails", "P434", { params: { externalUserId: "u-2", cardId: card.cardId } });
    await h.fails("blockCard", "P434", { body: { externalUserId: "u-1", cardId: "nope" } });
    await h.ok("createUser", { body: userBody("u-3") });
    await h.fails("getKycStatus", "P445", { params: { externalUserId: "u-3" } });
  });

  it("P451 a country without cards, P459 payouts before onboarding, P455 suspended; no POA gate (POA is suspended)", async () => {
    const h = harness();
    const card = (id: string) => ({ body: { externalUserId: id, label: "Main", pin: "1234" } });
    await h.ok("createUser", { body: userBody("u-unverified") });
    await h.fails("createUserSepaTransfer", "P459", payout("u-unverified", "1"));
    await h.ok("createUser", { body: userBody("u-ch", { country: "CH" }) });
    await onboard(h, "u-ch");
    await h.fails("createVirtualCard", "P451", card("u-ch"));
    const ua = await h.ok("createUser", { body: userBody("u-ua", { citizenship: "UA" }) });
    expect(ua.poaRequiredForExtended).toBe(true);
    await onboard(h, "u-ua");
    await h.ok("createVirtualCard", card("u-ua"));
    await h.ok("createUser", { body: userBody("u-s") });
    await onboard(h, "u-s");
    await h.ok("suspendUser", { params: { externalUserId: "u-s" } });
    await h.fails("createVirtualCard", "P455", card("u-s"));
  });

  it("user money operations answer P459 and P455 themselves: the spec lists both there (inferred), so SBX-API-10 does not apply", async () => {
    const h = harness();
    await h.ok("createUser", { body: userBody("u-unverified") });
    const early = await h.call("createUserSepaTransfer", payout("u-unverified", "1"));
    expect(early.body.errorCode).toBe("P459");
    expect(early.response.headers.get("x-p100-sandbox-rules")).not.toContain("SBX-API-10");
    await fundedUser(h, "u-s");
    await h.ok("suspendUser", { params: { externalUserId: "u-s" } });
    const frozen = await h.call("createTransfer", {
      body: { sourceExternalUserId: "u-s", amount: "1", currency: "eur" },
    });
    expect(frozen.body.errorCode).toBe("P455");
    expect(frozen.response.headers.get("x-p100-sandbox-rules")).not.toContain("SBX-API-10");
  });

  it("P454: suspension refused while a card is active; allowed once it is blocked", async () => {
    const h = harness();
    await fundedUser(h, "u-1");
    const { cardId } = await h.ok("createVirtualCard", { body: { externalUserId: "u-1", label: "Main", pin: "1234" } });
    await h.fails("suspendUser", "P454", { params: { externalUserId: "u-1" } });
    await h.ok("blockCard", { body: { externalUserId: "u-1", cardId } });
    await h.ok("suspendUser", { params: { externalUserId: "u-1" } });
  });

  it("P501: during a simulated outage, then normal service (the SDK's retry can be tested against it)", async () => {
    const h = harness();
    h.sandbox.simulate.serviceUnavailable(2);
    await h.fails("getPartnerBalances", "P501");
    await h.fails("createPaymentLink", "P501", { body: { amount: "1.00" } });
    await h.ok("getPartnerBalances");
    expect(h.sandbox.state().resources.paymentLinks).toEqual([]);
  });

  it("P460: deciding a POA that was never filed (simulate) is refused", () => {
    const h = harness();
    return h.ok("createUser", { body: userBody("u-1") }).then(() => {
      expect(() => h.sandbox.simulate.poaDecided("u-1", "APPROVED")).toThrow(
        expect.objectContaining({ body: expect.objectContaining({ errorCode: "P460" }) }),
      );
    });
  });
});
