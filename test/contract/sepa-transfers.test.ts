// Contract tests of the "Partner: SEPA Transfers" and "User: SEPA Transfers" tags against the Prism mock.
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  P100NotFoundError,
  P100ValidationError,
  type SchemaReceiverType,
  type SchemaSepaPartnerTransferRequest,
  type SchemaSepaTransferStatus,
  type SchemaSepaUserTransferRequest,
} from "../../src/index.js";
import { describeOperation, mockClient } from "../support/contract.js";

const partnerStandardBody = {
  amount: "100.00",
  currency: "eur",
  destinationIban: "PL09102044050000210205531111",
  transferTitle: "Bank Transfer",
} satisfies SchemaSepaPartnerTransferRequest;

const userLegacyNaturalBody = {
  sourceExternalUserId: "bca65c48-df49-4831-a7b2-de7903321581",
  currency: "eur",
  amount: 100,
  receiverType: "NATURAL",
  receiverFirstName: "John",
  receiverLastName: "Doe",
  destinationIban: "LT601010012345678901",
  transferTitle: "Bank transfer",
} satisfies SchemaSepaUserTransferRequest;

// `({})`: the runtime's OperationMethods type still demands an argument for operations without params or body.
describeOperation("getPartnerSepaDepositInfo", (p100) => p100.getPartnerSepaDepositInfo({}));

describeOperation("listPartnerSepaDepositContacts", (p100) => p100.listPartnerSepaDepositContacts({}));

describeOperation("createPartnerSepaTransfer", (p100) => p100.createPartnerSepaTransfer(partnerStandardBody));

describeOperation("getSepaTransferDetails", (p100) =>
  p100.getSepaTransferDetails({ transferId: "aa816af7-bb28-448d-a5da-502d76471f41" }),
);

describeOperation("getUserSepaDepositInfo", (p100) =>
  p100.getUserSepaDepositInfo({ externalUserId: "f47ac10b-58cc-4372-a567-0e02b2c3d479" }),
);

describeOperation("listUserSepaDepositContacts", (p100) =>
  p100.listUserSepaDepositContacts({ externalUserId: "f47ac10b-58cc-4372-a567-0e02b2c3d479" }),
);

describeOperation("createUserSepaTransfer", (p100) => p100.createUserSepaTransfer(userLegacyNaturalBody));

describe("createPartnerSepaTransfer: integration levels", () => {
  it("createPartnerSepaTransfer: a Level 2 transfer to an individual is accepted", async () => {
    const result = await mockClient().createPartnerSepaTransfer({
      ...partnerStandardBody,
      receiverType: "NATURAL",
      receiverFirstName: "John",
      receiverLastName: "Doe",
    });
    expect(result.transferId).toBe("45e69696-98bb-44f6-9996-9bb28834a538");
  });

  it("createPartnerSepaTransfer: a Level 2 transfer to a company is accepted", async () => {
    const result = await mockClient().createPartnerSepaTransfer({
      ...partnerStandardBody,
      receiverType: "LEGAL",
      companyName: "Acme Sp. z o.o.",
    });
    expect(result.transferId).toBeTypeOf("string");
  });

  it("createPartnerSepaTransfer: receiver names without receiverType are refused with a P403", async () => {
    const mixed = { ...partnerStandardBody, receiverFirstName: "John" } as unknown as SchemaSepaPartnerTransferRequest;
    await expect(mockClient().createPartnerSepaTransfer(mixed)).rejects.toBeInstanceOf(P100ValidationError);
  });

  it("createPartnerSepaTransfer: a NATURAL receiver with a companyName is refused with a P403", async () => {
    const wrong = {
      ...partnerStandardBody,
      receiverType: "NATURAL",
      receiverFirstName: "John",
      receiverLastName: "Doe",
      companyName: "Acme",
    } as unknown as SchemaSepaPartnerTransferRequest;
    await expect(mockClient().createPartnerSepaTransfer(wrong)).rejects.toBeInstanceOf(P100ValidationError);
  });

  it("createPartnerSepaTransfer: a numeric amount is refused (the partner page shows no amount; the user variant's table types it as a string)", async () => {
    const numeric = { ...partnerStandardBody, amount: 100 } as unknown as SchemaSepaPartnerTransferRequest;
    const error = await mockClient()
      .createPartnerSepaTransfer(numeric)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100ValidationError);
    expect((error as P100ValidationError).headers.get("sl-violations")).toContain("amount");
  });
});

describe("createUserSepaTransfer: beyond the documented example", () => {
  it("createUserSepaTransfer: a Level 1 transfer (no receiver fields) is accepted", async () => {
    const { receiverType, receiverFirstName, receiverLastName, ...standard } = userLegacyNaturalBody;
    void [receiverType, receiverFirstName, receiverLastName];
    const result = await mockClient().createUserSepaTransfer(standard);
    expect(result.transferId).toBe("7fb02323-969a-4936-94ea-86b8773ff1a2");
  });

  it("createUserSepaTransfer: the oldest example's externalUserId field is refused (sourceExternalUserId is the name)", async () => {
    const { sourceExternalUserId, ...rest } = userLegacyNaturalBody;
    const oldest = { ...rest, externalUserId: sourceExternalUserId } as unknown as SchemaSepaUserTransferRequest;
    await expect(mockClient().createUserSepaTransfer(oldest)).rejects.toBeInstanceOf(P100ValidationError);
  });

  it("createUserSepaTransfer: a forced 400 P433 reports insufficient funds", async () => {
    const error = await mockClient("code=400, example=P433")
      .createUserSepaTransfer(userLegacyNaturalBody)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ errorCode: "P433", errorName: "insufficient-funds" });
  });
});

describe("getSepaTransferDetails: beyond the documented example", () => {
  it("getSepaTransferDetails: 404 P428 is a P100NotFoundError", async () => {
    const error = await mockClient("code=404, example=P428")
      .getSepaTransferDetails({ transferId: "unknown" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100NotFoundError);
    expect((error as P100NotFoundError).errorName).toBe("sepa-transfer-not-found");
  });

  it("getSepaTransferDetails: the oldest site's numeric amount is served as documented", async () => {
    const result = await mockClient("code=200, example=oldestSite").getSepaTransferDetails({
      transferId: "7fb02323-969a-4936-94ea-86b8773ff1a2",
    });
    expect(result.amount).toBe(100);
    expect(result.fee).toBe(10);
  });

  it("getSepaTransferDetails: a partner transfer has no user object", async () => {
    const result = await mockClient("code=200, example=partnerTransfer").getSepaTransferDetails({
      transferId: "45e69696-98bb-44f6-9996-9bb28834a538",
    });
    expect(result.user).toBeUndefined();
    expect(result.amount).toBe("16.02");
  });
});

describe("SEPA transfers: types", () => {
  it("SEPA transfers: statuses, receiver types and amounts are typed from the spec", () => {
    expectTypeOf<SchemaSepaTransferStatus>().toEqualTypeOf<"SUCCESSFUL" | "FAILED" | (string & {})>();
    expectTypeOf<SchemaReceiverType>().toEqualTypeOf<"NATURAL" | "LEGAL">();
    type Details = Awaited<ReturnType<ReturnType<typeof mockClient>["getSepaTransferDetails"]>>;
    expectTypeOf<Details["amount"]>().toEqualTypeOf<string | number>();
    expectTypeOf<SchemaSepaTransferStatus>().toExtend<Details["status"]>();
    type Contacts = Awaited<ReturnType<ReturnType<typeof mockClient>["listUserSepaDepositContacts"]>>;
    expectTypeOf<Contacts[number]["iban"]>().toEqualTypeOf<string>();
    // @ts-expect-error the user's SEPA transfer needs sourceExternalUserId
    void (() => mockClient().createUserSepaTransfer(partnerStandardBody));
    // @ts-expect-error a LEGAL receiver needs companyName
    void (() => mockClient().createPartnerSepaTransfer({ ...partnerStandardBody, receiverType: "LEGAL" }));
    // @ts-expect-error receiver fields are forbidden on a Level 1 transfer
    void (() => mockClient().createPartnerSepaTransfer({ ...partnerStandardBody, receiverFirstName: "John" }));
    // @ts-expect-error the user path needs externalUserId
    void (() => mockClient().getUserSepaDepositInfo());
  });
});
