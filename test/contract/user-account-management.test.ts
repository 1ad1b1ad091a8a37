// Contract tests of the "User: Account Management" tag against the Prism mock.
import { describe, expect, expectTypeOf, it } from "vitest";
import { P100ValidationError, type SchemaUpdateUserRequest } from "../../src/index.js";
import { describeOperation, mockClient } from "../support/contract.js";

const user = { externalUserId: "f47ac10b-58cc-4372-a567-0e02b2c3d479" };

describeOperation("updateUser", (p100) =>
  p100.updateUser({
    ...user,
    email: "jan.kowalski@example.com",
    street: "ul. Puławska",
    number: "17/4",
    city: "Warszawa",
    postCode: "02-515",
  }),
);

describeOperation("deleteUser", (p100) => p100.deleteUser(user));

describeOperation("suspendUser", (p100) => p100.suspendUser(user));

describeOperation("unsuspendUser", (p100) => p100.unsuspendUser(user));

describe("account management: beyond the documented examples", () => {
  it("updateUser: a single changed field is a valid partial update", async () => {
    await expect(mockClient().updateUser({ ...user, phone: "48601765432" })).resolves.toEqual({});
  });

  it("updateUser: an empty update is not refused (no source says the API refuses one)", async () => {
    await expect(mockClient().updateUser(user)).resolves.toBeDefined();
  });

  it("updateUser: the country of residence cannot be changed", async () => {
    const body = { country: "DE" } as unknown as SchemaUpdateUserRequest;
    const error = await mockClient()
      .updateUser({ ...user, ...body })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100ValidationError);
  });
});

describe("account management: types", () => {
  it("updateUser: only contact and address fields are typed", () => {
    expectTypeOf<keyof SchemaUpdateUserRequest>().toEqualTypeOf<
      "email" | "phone" | "street" | "number" | "city" | "postCode" | "country"
    >();
    // The folder page says the country of residence cannot change: forbidden (never).
    expectTypeOf<SchemaUpdateUserRequest["country"]>().toEqualTypeOf<undefined>();
    // @ts-expect-error identity data is not changeable
    void (() => mockClient().updateUser({ ...user, firstName: "Janusz" }));
    // @ts-expect-error suspendUser needs the user id
    void (() => mockClient().suspendUser());
  });
});
