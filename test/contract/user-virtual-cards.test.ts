// Contract tests of the "User: Virtual Cards" tag against the Prism mock.
import { describe, expect, expectTypeOf, inject, it } from "vitest";
import {
  createP100Client,
  P100ValidationError,
  type SchemaCardLimitsUpdateRequest,
  type SchemaCardStatus,
  type SchemaCreateVirtualCardRequest,
} from "../../src/index.js";
import { describeOperation, mockClient, TEST_API_KEY } from "../support/contract.js";

const externalUserId = "bca65c48-df49-4831-a7b2-de7903321581";
const cardId = "7018ac87-455f-4bf4-851a-0f6bcf82b84d";

const createVirtualCardBody = {
  externalUserId,
  label: "Shopping",
  pin: "1234",
} satisfies SchemaCreateVirtualCardRequest;

const updateCardLimitsBody = {
  externalUserId,
  cardId,
  monthlyTrxAll: 5000,
  dailyTrxAll: 1000,
  monthlyTrxAtm: 1000,
  dailyTrxAtm: 200,
  monthlyTrxEcom: 3000,
  dailyTrxEcom: 500,
} satisfies SchemaCardLimitsUpdateRequest;

describeOperation("createVirtualCard", (p100) => p100.createVirtualCard(createVirtualCardBody));
describeOperation("listUserCards", (p100) => p100.listUserCards({ externalUserId }));
describeOperation("getCardDetails", (p100) => p100.getCardDetails({ externalUserId, cardId }));
describeOperation("updateCardPin", (p100) => p100.updateCardPin({ externalUserId, cardId, pin: "1234" }));
describeOperation("blockCard", (p100) => p100.blockCard({ externalUserId, cardId }));
describeOperation("unblockCard", (p100) => p100.unblockCard({ externalUserId, cardId }));
describeOperation("getCardLimits", (p100) => p100.getCardLimits({ externalUserId, cardId }));
describeOperation("updateCardLimits", (p100) => p100.updateCardLimits(updateCardLimitsBody));
describeOperation("deleteCard", (p100) => p100.deleteCard({ externalUserId, cardId }));

describe("virtual cards: beyond the documented examples", () => {
  it("createVirtualCard: a PIN that is not 4 digits is refused by the mock with a P403", async () => {
    const broken = { ...createVirtualCardBody, pin: "12a" };
    const error = await mockClient()
      .createVirtualCard(broken)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100ValidationError);
    expect((error as P100ValidationError).headers.get("sl-violations")).toContain("pin");
  });

  it("createVirtualCard: a label shorter than 3 characters is refused with a P403", async () => {
    const broken = { ...createVirtualCardBody, label: "ab" };
    await expect(mockClient().createVirtualCard(broken)).rejects.toBeInstanceOf(P100ValidationError);
  });

  it("createVirtualCard: an unknown field is refused (request objects are closed)", async () => {
    const withTypo = { ...createVirtualCardBody, lable: "Shopping" } as unknown as SchemaCreateVirtualCardRequest;
    await expect(mockClient().createVirtualCard(withTypo)).rejects.toBeInstanceOf(P100ValidationError);
  });

  it("createVirtualCard: a failed card creation is not retried (it could issue a second card)", async () => {
    let calls = 0;
    const p100 = createP100Client({
      apiKey: TEST_API_KEY,
      baseUrl: inject("mockUrl"),
      maxRetries: 3,
      fetch: (request) => {
        calls++;
        request.headers.set("Prefer", "code=400, example=P501");
        return fetch(request);
      },
    });
    await expect(p100.createVirtualCard(createVirtualCardBody)).rejects.toMatchObject({ errorCode: "P501" });
    expect(calls).toBe(1);
  });

  it("listUserCards: every listed status is a known CardStatus", async () => {
    const { cards } = await mockClient().listUserCards({ externalUserId });
    expect(cards.map((card) => card.status)).toEqual(["ACTIVE", "LOCKED_BY_USER"]);
  });

  it("deleteCard: the card is identified by a JSON body on DELETE", async () => {
    let seen: { method: string; body: unknown } | undefined;
    const p100 = createP100Client({
      apiKey: TEST_API_KEY,
      baseUrl: inject("mockUrl"),
      fetch: async (request) => {
        seen = { method: request.method, body: await request.clone().json() };
        return fetch(request);
      },
    });
    await p100.deleteCard({ externalUserId, cardId });
    expect(seen).toEqual({ method: "DELETE", body: { externalUserId, cardId } });
  });

  it("deleteCard: a body without cardId is refused with a P403", async () => {
    const broken = { externalUserId } as unknown as { externalUserId: string; cardId: string };
    await expect(mockClient().deleteCard(broken)).rejects.toBeInstanceOf(P100ValidationError);
  });

  it("updateCardLimits: limits may also be sent as decimal strings", async () => {
    const result = await mockClient().updateCardLimits({
      ...updateCardLimitsBody,
      dailyTrxAll: "1000.00",
      monthlyTrxAll: "5000",
    });
    expect(result).toEqual({ message: "Limits updated" });
  });

  it("updateCardLimits: no bound is documented, so the mock does not refuse a negative limit", async () => {
    await expect(mockClient().updateCardLimits({ ...updateCardLimitsBody, dailyTrxAtm: -1 })).resolves.toBeDefined();
  });
});

describe("virtual cards: types", () => {
  it("CardStatus: the union of documented and third-party values", () => {
    expectTypeOf<SchemaCardStatus>().toEqualTypeOf<
      "ACTIVE" | "LOCKED_BY_USER" | "BLOCKED" | "SUSPENDED" | "DELETED" | (string & {})
    >();
    type Listed = Awaited<ReturnType<ReturnType<typeof mockClient>["listUserCards"]>>["cards"][number];
    expectTypeOf<SchemaCardStatus>().toExtend<Listed["status"]>();
    expectTypeOf<Listed["cardId"]>().toEqualTypeOf<string>();
  });

  it("createVirtualCard: the body and the result are typed from the spec", () => {
    type Result = Awaited<ReturnType<ReturnType<typeof mockClient>["createVirtualCard"]>>;
    expectTypeOf<Result["cardId"]>().toEqualTypeOf<string>();
    expectTypeOf<Result["cardNumber"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<SchemaCreateVirtualCardRequest["pin"]>().toEqualTypeOf<string>();
    // @ts-expect-error body is required
    void (() => mockClient().createVirtualCard());
    // @ts-expect-error the PIN is a string (keeps leading zeros), not a number
    void (() => mockClient().createVirtualCard({ ...createVirtualCardBody, pin: 1234 }));
  });

  it("getCardDetails: both path parameters are required", () => {
    // @ts-expect-error cardId is missing
    void (() => mockClient().getCardDetails({ externalUserId }));
  });

  it("updateCardLimits: limits accept numbers and decimal strings", () => {
    expectTypeOf<SchemaCardLimitsUpdateRequest["dailyTrxAll"]>().toEqualTypeOf<string | number | undefined>();
  });
});
