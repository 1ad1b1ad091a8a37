// Contract tests of the "User: Onboarding & KYC Flow" tag against the Prism mock.
import { describe, expect, expectTypeOf, inject, it } from "vitest";
import { P100AuthenticationError, P100ValidationError, type SchemaCreateUserRequest } from "../../src/index.js";
import { describeOperation, mockClient } from "../support/contract.js";

const createUserBody = {
  externalUserId: "f47ac10b-58cc-4372-a567-0e02b2c3d479",
  email: "jan.kowalski@example.pl",
  phone: "48601234567",
  firstName: "Jan",
  lastName: "Kowalski",
  street: "ul. Marszałkowska",
  number: "123/5",
  city: "Warszawa",
  postCode: "00-001",
  country: "PL",
  citizenship: "PL",
  nationality: "PL",
  birthCountry: "PL",
  birthDate: "1990-05-15",
} satisfies SchemaCreateUserRequest;

describeOperation("createUser", (p100) => p100.createUser({ body: createUserBody }));

describe("createUser: beyond the documented examples", () => {
  it("createUser: the optional fields of the alternate newest capture are accepted", async () => {
    const result = await mockClient().createUser({
      body: { ...createUserBody, hasAcceptedP100Tc: true, userIdentificationNumber: "123456789" },
    });
    expect(result.userId).toBe("f63064b1-c26b-4c9e-af22-0b483262751f");
  });

  it("createUser: a body that breaks the schema is refused by the mock with a P403", async () => {
    const broken = { ...createUserBody, country: "Poland", email: 42 } as unknown as SchemaCreateUserRequest;
    const error = await mockClient().createUser({ body: broken }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100ValidationError);
    expect((error as P100ValidationError).headers.get("sl-violations")).toContain("country");
  });

  it("createUser: an unknown field is refused (request objects are closed)", async () => {
    const withTypo = { ...createUserBody, emial: "x@example.com" } as unknown as SchemaCreateUserRequest;
    await expect(mockClient().createUser({ body: withTypo })).rejects.toBeInstanceOf(P100ValidationError);
  });

  it("createUser: a call without an API key gets 401 Access Denied", async () => {
    const response = await fetch(`${inject("mockUrl")}/v1/user/balances/crypto-and-fiat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(createUserBody),
    });
    expect(response.status).toBe(401);
  });

  it("createUser: the x-api-key header reaches the server", async () => {
    let seen: string | null = null;
    const { createP100Client } = await import("../../src/index.js");
    const p100 = createP100Client({
      apiKey: "key-abc",
      baseUrl: inject("mockUrl"),
      fetch: (request) => {
        seen = request.headers.get("x-api-key");
        return fetch(request);
      },
    });
    await p100.createUser({ body: createUserBody });
    expect(seen).toBe("key-abc");
  });

  it("createUser: a forced 401 xo3 explains the IP allow-list", async () => {
    const error = await mockClient("code=401, example=xo3")
      .createUser({ body: createUserBody })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100AuthenticationError);
    expect((error as P100AuthenticationError).reasonDescription).toMatch(/allow-listed/);
  });
});

describe("createUser: types", () => {
  it("createUser: the result and the body are typed from the spec", () => {
    type Result = Awaited<ReturnType<ReturnType<typeof mockClient>["createUser"]>>;
    expectTypeOf<Result["userId"]>().toEqualTypeOf<string>();
    expectTypeOf<Result["poaRequiredForExtended"]>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<SchemaCreateUserRequest["country"]>().toEqualTypeOf<string>();
    // @ts-expect-error body is required
    void (() => mockClient().createUser());
    // @ts-expect-error unknown fields are rejected by the types
    void (() => mockClient().createUser({ body: { ...createUserBody, emial: "x" } }));
  });
});
