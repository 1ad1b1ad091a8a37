// Contract tests of the "Partner: Balances & Transaction History" and "User: Balances & Transaction History" tags
// against the Prism mock.
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  P100ValidationError,
  type SchemaBalanceStatus,
  type SchemaPartnerBalances,
  type SchemaUserBalances,
  type SchemaWalletCreateRequest,
} from "../../src/index.js";
import { describeOperation, mockClient } from "../support/contract.js";

const externalUserId = "f47ac10b-58cc-4372-a567-0e02b2c3d479";

// The runtime's method type still requires an argument for operations without parameters (see the report), hence `{}`.
describeOperation("getPartnerBalances", (p100) => p100.getPartnerBalances({}));

describeOperation("listPartnerTransactions", (p100) => p100.listPartnerTransactions({}));

describeOperation("createPartnerWallet", (p100) => p100.createPartnerWallet({ currency: "usdc", network: "polygon" }));

describeOperation("getUserBalances", (p100) => p100.getUserBalances({ externalUserId }));

describeOperation("listUserTransactions", (p100) => p100.listUserTransactions({ externalUserId }));

describe("balances: beyond the documented examples", () => {
  it("getPartnerBalances: amounts are decimal strings, rates numbers, networks keyed by name", async () => {
    const balances = await mockClient().getPartnerBalances({});
    const eur = balances.fiatBalances[0];
    expect(eur?.amount).toBe("0.00");
    expect(eur?.rate).toBe(1);
    const usdc = balances.cryptoBalances.find((b) => b.name === "usdc");
    expect(typeof usdc?.rate).toBe("number");
    expect(usdc?.networkConfig?.["polygon"]?.withdrawal?.feeWithdrawal).toBe(10);
  });

  it("getUserBalances: before activation the IBAN and the wallets are null", async () => {
    const balances = await mockClient().getUserBalances({ externalUserId });
    expect(balances.fiatBalances[0]?.status).toBe("WAITING_TO_BE_ACTIVATED");
    expect(balances.fiatBalances[0]?.iban).toBeNull();
    expect(balances.cryptoBalances.every((b) => b.wallet === null)).toBe(true);
  });

  it("createPartnerWallet: the request body is optional", async () => {
    const result = await mockClient().createPartnerWallet({});
    expect(result.walletId).toBe("5b0f2a8e-3c1d-4e7f-9a6b-2d8c4f1e0a93");
  });

  it("createPartnerWallet: an unknown field passes the mock (no source documents the body) but not the types", async () => {
    // @ts-expect-error the types still catch a misspelt field
    const typed: SchemaWalletCreateRequest = { currency: "usdc", netwrok: "polygon" };
    await expect(mockClient().createPartnerWallet(typed)).resolves.toBeDefined();
  });
});

describe("balances: types", () => {
  it("getPartnerBalances: balance objects are typed from the spec", () => {
    type Fiat = SchemaPartnerBalances["fiatBalances"][number];
    type Crypto = SchemaUserBalances["cryptoBalances"][number];
    expectTypeOf<SchemaBalanceStatus>().toEqualTypeOf<"ACTIVE" | "WAITING_TO_BE_ACTIVATED" | (string & {})>();
    expectTypeOf<Fiat["iban"]>().toEqualTypeOf<string | null>();
    expectTypeOf<Fiat["amount"]>().toEqualTypeOf<string | number>();
    expectTypeOf<Crypto["wallet"]>().toEqualTypeOf<string | null>();
    expectTypeOf<Crypto["rate"]>().toEqualTypeOf<number>();
    // @ts-expect-error the user is required
    void (() => mockClient().getUserBalances());
  });
});
