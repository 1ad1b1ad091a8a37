// Contract tests of the "User: Internal Transfers" tag against the Prism mock.
import { describe, expect, expectTypeOf, it } from "vitest";
import { P100ValidationError, type SchemaInternalTransferRequest, type SchemaTransferStatus } from "../../src/index.js";
import { describeOperation, mockClient } from "../support/contract.js";

const fundingBody = {
  destinationExternalUserId: "bca65c48-df49-4831-a7b2-de7903321581",
  amount: "10.00",
  currency: "eur",
} satisfies SchemaInternalTransferRequest;

describeOperation("createTransfer", (p100) => p100.createTransfer(fundingBody));

describeOperation("getTransferDetails", (p100) =>
  p100.getTransferDetails({ transferId: "8c394557-ba48-4ab4-9349-84d396b4a7f7" }),
);

describe("createTransfer: exactly one side", () => {
  it("createTransfer: a collection (source only) is accepted", async () => {
    const result = await mockClient().createTransfer({
      sourceExternalUserId: "bca65c48-df49-4831-a7b2-de7903321581",
      amount: "10.00",
      currency: "eur",
    });
    expect(result.transferId).toBe("8c394557-ba48-4ab4-9349-84d396b4a7f7");
  });

  it("createTransfer: neither side is refused (the API answers P424; the mock P403)", async () => {
    const neither = { amount: "10.00", currency: "eur" } as unknown as SchemaInternalTransferRequest;
    await expect(mockClient().createTransfer(neither)).rejects.toBeInstanceOf(P100ValidationError);
  });

  it("createTransfer: both sides at once are not refused (the guide asks for one or the other, not exactly one)", async () => {
    const both: SchemaInternalTransferRequest = {
      ...fundingBody,
      sourceExternalUserId: "f47ac10b-58cc-4372-a567-0e02b2c3d479",
    };
    await expect(mockClient().createTransfer(both)).resolves.toBeDefined();
  });

  it("createTransfer: a forced 400 P424 carries the documented errorName", async () => {
    const error = await mockClient("code=400, example=P424")
      .createTransfer(fundingBody)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ errorCode: "P424", errorName: "source-or-destination-required" });
  });
});

describe("internal transfers: types", () => {
  it("internal transfers: the body is a funding or a collection, the status an enum", () => {
    expectTypeOf<SchemaTransferStatus>().toEqualTypeOf<"SUCCESSFUL" | "FAILED" | (string & {})>();
    type Details = Awaited<ReturnType<ReturnType<typeof mockClient>["getTransferDetails"]>>;
    expectTypeOf<SchemaTransferStatus>().toExtend<Details["status"]>();
    expectTypeOf<Details["sourceExternalUserId"]>().toEqualTypeOf<string | null | undefined>();
    // @ts-expect-error one user id is required
    void (() => mockClient().createTransfer({ amount: "10.00", currency: "eur" }));
  });
});
