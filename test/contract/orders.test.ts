// Contract tests of the "Partner: Orders" tag against the Prism mock.
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  P100ValidationError,
  type SchemaOrderCreateRequest,
  type SchemaOrderLockRequest,
  type SchemaOrderStatus,
} from "../../src/index.js";
import { describeOperation, mockClient } from "../support/contract.js";

describeOperation("getOrderRates", (p100) =>
  p100.getOrderRates({ currency: "usdc", amount: "346.59", network: "polygon" }),
);

describeOperation("lockOrderRate", (p100) =>
  p100.lockOrderRate({ currency: "usdc", amount: "346.59", network: "polygon" }),
);

describeOperation("createOrder", (p100) => p100.createOrder({ lockId: "36e19a53-a1b4-499c-99f7-b7bfc6be87e4" }));

describeOperation("getOrderDetails", (p100) =>
  p100.getOrderDetails({ orderId: "a44a0805-dd40-4dc4-80d7-8bc81783ec42" }),
);

describe("orders: beyond the documented examples", () => {
  it("getOrderRates: every query parameter is optional (inferred)", async () => {
    const result = await mockClient().getOrderRates();
    expect(result.rate).toBe("0.84");
  });

  it("lockOrderRate: the older response shape (cryptocurrency, numeric rate) still parses", async () => {
    const result = await mockClient("code=200, example=lockOrderRateOlder").lockOrderRate({
      currency: "usdc",
      amount: "346.59",
      network: "polygon",
    });
    expect(result.rate).toBe(0.9245);
    expect(result.cryptocurrency).toBe("usdc");
    expect(result.currency).toBeUndefined();
  });

  it("lockOrderRate: a numeric amount is refused with P403 (the newest page's example sends a decimal string)", async () => {
    const numeric = { currency: "usdc", amount: 346.59 } as unknown as SchemaOrderLockRequest;
    await expect(mockClient().lockOrderRate(numeric)).rejects.toBeInstanceOf(P100ValidationError);
  });

  it("createOrder: a body without lockId is refused with P403", async () => {
    const empty = {} as unknown as SchemaOrderCreateRequest;
    await expect(mockClient().createOrder(empty)).rejects.toBeInstanceOf(P100ValidationError);
  });

  it("getOrderDetails: a new order has no wallet address yet", async () => {
    const result = await mockClient("code=200, example=getOrderDetailsWaitingForWalletAddress").getOrderDetails({
      orderId: "663318af-7ea1-4c5a-8545-e433a2d43d5c",
    });
    expect(result.status).toBe("WAITING_FOR_WALLET_ADDRESS");
    expect(result.walletAddress).toBeNull();
  });
});

describe("orders: types", () => {
  it("getOrderDetails: the status stays an open string (the full list is unknown)", () => {
    expectTypeOf<SchemaOrderStatus>().toEqualTypeOf<
      "WAITING_FOR_WALLET_ADDRESS" | "WAITING_FOR_CONFIRMATION" | (string & {})
    >();
    expectTypeOf<"WAITING_FOR_CONFIRMATION">().toExtend<SchemaOrderStatus>();
    expectTypeOf<"SOME_FUTURE_STATUS">().toExtend<SchemaOrderStatus>();
    type Details = Awaited<ReturnType<ReturnType<typeof mockClient>["getOrderDetails"]>>;
    expectTypeOf<Details["walletAddress"]>().toEqualTypeOf<string | null | undefined>();
    type Lock = Awaited<ReturnType<ReturnType<typeof mockClient>["lockOrderRate"]>>;
    expectTypeOf<Lock["rate"]>().toEqualTypeOf<string | number>();
    // @ts-expect-error lockId is required
    void (() => mockClient().createOrder());
  });
});
