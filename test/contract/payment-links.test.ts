// Contract tests of the "Partner: Payment link & Checkout Link" tag against the Prism mock.
import { describe, expect, expectTypeOf, it } from "vitest";
import { P100ValidationError, type SchemaPaymentLinkCreateRequest } from "../../src/index.js";
import { describeOperation, mockClient } from "../support/contract.js";

describeOperation("createPaymentLink", (p100) => p100.createPaymentLink({ amount: "150.00" }));

describeOperation("createHostedCheckout", (p100) => p100.createHostedCheckout({ amount: "150.00" }));

describeOperation("getPaymentLinkDetails", (p100) =>
  p100.getPaymentLinkDetails({ paymentLinkId: "7c9e6679-7425-40de-944b-e07fc1f90ae7" }),
);

describe("payment links: beyond the documented examples", () => {
  it("createPaymentLink: a numeric amount is refused with P403 (amounts are decimal strings)", async () => {
    const numeric = { amount: 150 } as unknown as SchemaPaymentLinkCreateRequest;
    await expect(mockClient().createPaymentLink(numeric)).rejects.toBeInstanceOf(P100ValidationError);
  });

  it("createPaymentLink: the created link's id reads back with Get Payment Link Details", async () => {
    const link = await mockClient().createPaymentLink({ amount: "150.00" });
    const details = await mockClient().getPaymentLinkDetails({ paymentLinkId: link.paymentLinkId });
    expect(details.paymentLinkId).toBe(link.paymentLinkId);
  });
});

describe("payment links: types", () => {
  it("createPaymentLink: the body and the result are typed from the spec", () => {
    type Created = Awaited<ReturnType<ReturnType<typeof mockClient>["createPaymentLink"]>>;
    expectTypeOf<Created["paymentLinkId"]>().toEqualTypeOf<string>();
    expectTypeOf<Created["url"]>().toEqualTypeOf<string | undefined>();
    // @ts-expect-error amounts are decimal strings
    void (() => mockClient().createPaymentLink({ amount: 150 }));
  });
});
