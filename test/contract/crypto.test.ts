// Contract tests of the "Partner/User: Crypto Withdrawal" and "Partner/User: Crypto Deposits" tags against the Prism mock.
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  P100ValidationError,
  type SchemaCryptoWithdrawalPartnerRequest,
  type SchemaCryptoWithdrawalUserRequest,
  type SchemaTravelRuleUpdateRequest,
  type SchemaTravelRuleWalletType,
  type SchemaWalletType,
} from "../../src/index.js";
import { describeOperation, mockClient } from "../support/contract.js";

const partnerWithdrawal = {
  currency: "usdc",
  amount: "250.00",
  walletAddress: "0x8ba1f109551bD432803012645Ac136ddd64DBA72",
  network: "polygon",
  name: "Nordwind Trading GmbH",
  walletType: "CUSTODIAL",
  receiverType: "LEGAL",
} satisfies SchemaCryptoWithdrawalPartnerRequest;

const userWithdrawal = {
  sourceExternalUserId: "bca65c48-df49-4831-a7b2-de7903321581",
  currency: "btc",
  amount: "0.005",
  walletAddress: "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh",
  name: "Jan Kowalski",
  walletType: "NON_CUSTODIAL",
  receiverType: "NATURAL",
} satisfies SchemaCryptoWithdrawalUserRequest;

const userTravelRule = {
  walletType: "CUSTODIAL",
  externalUserId: "8bdd8c8a-e9b7-475e-9690-8a34e8b78dab",
  details: {
    iAmOwnerOfWallet: false,
    firstName: "Anna",
    lastName: "Nowak",
    street: "ul. Piękna 7",
    city: "Kraków",
    postCode: "30-001",
    country: "PL",
  },
} satisfies SchemaTravelRuleUpdateRequest;

describeOperation("getNetworkFee", (p100) => p100.getNetworkFee({ currency: "usdt", network: "polygon" }));

describeOperation("createPartnerCryptoWithdrawal", (p100) => p100.createPartnerCryptoWithdrawal(partnerWithdrawal));

describeOperation("createUserCryptoWithdrawal", (p100) => p100.createUserCryptoWithdrawal(userWithdrawal));

describeOperation("getCryptoWithdrawalDetails", (p100) =>
  p100.getCryptoWithdrawalDetails({ withdrawalId: "5b2f7c1e-8d4a-4e6b-9f3a-2c1d0e9b8a71" }),
);

describeOperation("updateTravelRule", (p100) =>
  p100.updateTravelRule({ cryptoDepositId: "facc5951-bdc8-46bc-a01c-9b36f25be6af", ...userTravelRule }),
);

describe("crypto: beyond the documented examples", () => {
  it("getNetworkFee: network is optional (default network ethereum)", async () => {
    const result = await mockClient().getNetworkFee({ currency: "btc" });
    expect(result.networkFee).toBe(0.000469);
  });

  it("getNetworkFee: an upper-case currency is refused with P403 (slugs are lower case)", async () => {
    const error = await mockClient()
      .getNetworkFee({ currency: "USDT" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100ValidationError);
  });

  it("createUserCryptoWithdrawal: the documented numeric amount is accepted", async () => {
    const legacy: SchemaCryptoWithdrawalUserRequest = { ...userWithdrawal, amount: 0.005 };
    await expect(mockClient().createUserCryptoWithdrawal(legacy)).resolves.toBeDefined();
  });

  it("createUserCryptoWithdrawal: the travel-rule fields are mandatory", async () => {
    const { name: _name, walletType: _walletType, ...withoutTravelRule } = userWithdrawal;
    const broken = withoutTravelRule as unknown as SchemaCryptoWithdrawalUserRequest;
    await expect(mockClient().createUserCryptoWithdrawal(broken)).rejects.toBeInstanceOf(P100ValidationError);
  });

  it("createPartnerCryptoWithdrawal: the partner body is not documented, so the mock passes an extra field the types do not offer", async () => {
    // @ts-expect-error sourceExternalUserId belongs to the user variant
    const withUser: SchemaCryptoWithdrawalPartnerRequest = { ...partnerWithdrawal, sourceExternalUserId: "x" };
    await expect(mockClient().createPartnerCryptoWithdrawal(withUser)).resolves.toBeDefined();
  });

  it("createPartnerCryptoWithdrawal: memo, no network (btc)", async () => {
    const result = await mockClient().createPartnerCryptoWithdrawal({
      currency: "btc",
      amount: "0.005",
      walletAddress: "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh",
      memo: "Settlement March",
      name: "Jan Kowalski",
      walletType: "NON_CUSTODIAL",
      receiverType: "NATURAL",
    });
    expect(result.withdrawalId).toBe("5b2f7c1e-8d4a-4e6b-9f3a-2c1d0e9b8a71");
  });

  it("updateTravelRule: a partner deposit needs no externalUserId", async () => {
    const result = await mockClient().updateTravelRule({
      cryptoDepositId: "facc5951-bdc8-46bc-a01c-9b36f25be6af",
      walletType: "SELF_CUSTODY",
      details: { iAmOwnerOfWallet: true },
    });
    expect(result.message).toBe("Travel rule data updated");
  });

  it("updateTravelRule: the withdrawal's wallet types are not accepted here", async () => {
    const wrong = { ...userTravelRule, walletType: "NON_CUSTODIAL" } as unknown as SchemaTravelRuleUpdateRequest;
    const error = await mockClient()
      .updateTravelRule({ cryptoDepositId: "facc5951-bdc8-46bc-a01c-9b36f25be6af", ...wrong })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100ValidationError);
    expect((error as P100ValidationError).headers.get("sl-violations")).toContain("walletType");
  });
});

describe("crypto: types", () => {
  it("crypto: the two wallet-type lists stay distinct; the documented request list is closed, the third-party one open", () => {
    expectTypeOf<SchemaWalletType>().toEqualTypeOf<"CUSTODIAL" | "NON_CUSTODIAL" | "OTHER">();
    expectTypeOf<SchemaTravelRuleWalletType>().toEqualTypeOf<"CUSTODIAL" | "SELF_CUSTODY" | (string & {})>();
    expectTypeOf<SchemaCryptoWithdrawalUserRequest["amount"]>().toEqualTypeOf<string | number>();
    type Fee = Awaited<ReturnType<ReturnType<typeof mockClient>["getNetworkFee"]>>;
    expectTypeOf<Fee["networkFee"]>().toEqualTypeOf<string | number>();
    // @ts-expect-error currency is a required query parameter
    void (() => mockClient().getNetworkFee());
    // @ts-expect-error the partner variant has no sourceExternalUserId
    void (() => mockClient().createPartnerCryptoWithdrawal({ ...partnerWithdrawal, sourceExternalUserId: "x" }));
  });
});
