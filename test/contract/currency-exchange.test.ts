// Contract tests of the "Partner: Currency Exchange" and "User: Currency Exchange" tags against the Prism mock.
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  P100ValidationError,
  type SchemaExchangeCreateRequest,
  type SchemaExchangeCreateUserRequest,
  type SchemaExchangeStatus,
} from "../../src/index.js";
import { describeOperation, mockClient } from "../support/contract.js";

const externalUserId = "f47ac10b-58cc-4372-a567-0e02b2c3d479";
const exchangeId = "3f0aeaa7-1177-4d77-9985-0cb987809801";

const partnerExchangeBody = {
  amount: "10",
  currencyFrom: "eth",
  currencyTo: "eur",
  lockId: "ee7b2f0f-0ffb-4fce-8fb3-66db2ca1f461",
} satisfies SchemaExchangeCreateRequest;

const userExchangeBody = { externalUserId, ...partnerExchangeBody } satisfies SchemaExchangeCreateUserRequest;

describeOperation("getPartnerExchangeRate", (p100) =>
  p100.getPartnerExchangeRate({ currencyFrom: "eth", currencyTo: "eur" }),
);

describeOperation("lockPartnerExchangeRate", (p100) =>
  p100.lockPartnerExchangeRate({ currencyFrom: "eth", currencyTo: "eur", amount: "10" }),
);

describeOperation("createPartnerExchange", (p100) => p100.createPartnerExchange(partnerExchangeBody));

describeOperation("getPartnerExchangeDetails", (p100) => p100.getPartnerExchangeDetails({ exchangeId }));

describeOperation("getUserExchangeRate", (p100) =>
  p100.getUserExchangeRate({ externalUserId, currencyFrom: "eth", currencyTo: "eur" }),
);

describeOperation("lockUserExchangeRate", (p100) =>
  p100.lockUserExchangeRate({ externalUserId, currencyFrom: "eth", currencyTo: "eur", amount: "10" }),
);

describeOperation("createUserExchange", (p100) => p100.createUserExchange(userExchangeBody));

describeOperation("getUserExchangeDetails", (p100) => p100.getUserExchangeDetails({ exchangeId, externalUserId }));

describe("currency exchange: beyond the documented examples", () => {
  it("lockPartnerExchangeRate -> createPartnerExchange: the lock's lockId feeds the exchange", async () => {
    const p100 = mockClient();
    const lock = await p100.lockPartnerExchangeRate({ currencyFrom: "eth", currencyTo: "eur" });
    const { exchangeId: id } = await p100.createPartnerExchange({ ...partnerExchangeBody, lockId: lock.lockId });
    const details = await p100.getPartnerExchangeDetails({ exchangeId: id });
    expect(details.status).toBe("COMPLETED");
  });

  it("createPartnerExchange: an exchange without lockId is refused with a P403", async () => {
    const { lockId: _lockId, ...withoutLock } = partnerExchangeBody;
    const error = await mockClient()
      .createPartnerExchange(withoutLock as unknown as SchemaExchangeCreateRequest)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100ValidationError);
    expect((error as P100ValidationError).headers.get("sl-violations")).toContain("lockId");
  });

  it("createPartnerExchange: the older prose name rateLockId instead of lockId is refused (lockId is required)", async () => {
    const { lockId, ...rest } = partnerExchangeBody;
    const oldName = { ...rest, rateLockId: lockId } as unknown as SchemaExchangeCreateRequest;
    await expect(mockClient().createPartnerExchange(oldName)).rejects.toBeInstanceOf(P100ValidationError);
  });

  it("createPartnerExchange: the documented numeric amount is accepted", async () => {
    const numeric: SchemaExchangeCreateRequest = { ...partnerExchangeBody, amount: 10 };
    await expect(mockClient().createPartnerExchange(numeric)).resolves.toBeDefined();
  });

  it("createUserExchange: an exchange without the user is refused with a P403", async () => {
    await expect(
      mockClient().createUserExchange(partnerExchangeBody as unknown as SchemaExchangeCreateUserRequest),
    ).rejects.toBeInstanceOf(P100ValidationError);
  });
});

describe("currency exchange: types", () => {
  it("getPartnerExchangeDetails: the status is the documented enum", () => {
    expectTypeOf<SchemaExchangeStatus>().toEqualTypeOf<"COMPLETED" | "FAILED" | (string & {})>();
    type Lock = Awaited<ReturnType<ReturnType<typeof mockClient>["lockPartnerExchangeRate"]>>;
    expectTypeOf<Lock["lockId"]>().toEqualTypeOf<string>();
    expectTypeOf<SchemaExchangeCreateRequest["amount"]>().toEqualTypeOf<string | number>();
    // @ts-expect-error the user variant needs externalUserId
    void (() => mockClient().getUserExchangeRate({ currencyFrom: "eth", currencyTo: "eur" }));
    // @ts-expect-error unknown fields are rejected by the types
    void (() => mockClient().createPartnerExchange({ ...partnerExchangeBody, rateLockId: "x" }));
  });
});
