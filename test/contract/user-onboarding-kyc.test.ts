// Contract tests of the "User: Onboarding & KYC Flow" tag against the Prism mock.
import { describe, expect, expectTypeOf, inject, it } from "vitest";
import {
  P100ApiError,
  P100AuthenticationError,
  P100ValidationError,
  type SchemaCreateUserRequest,
  type SchemaKycAttemptStatus,
  type SchemaKycVerificationStatus,
  type SchemaOpenAccountReason,
  type SchemaPoaFilesRequest,
} from "../../src/index.js";
import { describeOperation, mockClient } from "../support/contract.js";
import { exampleUser } from "../../examples/example-user.js";

/** The documented request of Create User Account. */
const createUserBody = exampleUser();

describeOperation("createUser", (p100) => p100.createUser(createUserBody));

describe("createUser: beyond the documented examples", () => {
  it("createUser: the optional fields of the alternate newest capture are accepted", async () => {
    const result = await mockClient().createUser({
      ...createUserBody,
      hasAcceptedP100Tc: true,
      userIdentificationNumber: "123456789",
    });
    expect(result.userId).toBe("f63064b1-c26b-4c9e-af22-0b483262751f");
  });

  it("createUser: a body that breaks the schema is refused by the mock with a P403", async () => {
    const broken = { ...createUserBody, country: "Poland", email: 42 } as unknown as SchemaCreateUserRequest;
    const error = await mockClient()
      .createUser(broken)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100ValidationError);
    expect((error as P100ValidationError).headers.get("sl-violations")).toContain("country");
  });

  it("createUser: an unknown field passes the mock (the field table was never recovered) but not the types", async () => {
    // @ts-expect-error the types still catch a misspelt field
    const typed: SchemaCreateUserRequest = { ...createUserBody, emial: "x@example.com" };
    await expect(mockClient().createUser(typed)).resolves.toBeDefined();
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
    await p100.createUser(createUserBody);
    expect(seen).toBe("key-abc");
  });

  it("createUser: a forced 401 xo3 explains the IP allow-list", async () => {
    const error = await mockClient("code=401, example=xo3")
      .createUser(createUserBody)
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
    expectTypeOf<SchemaCreateUserRequest["country"]>().toEqualTypeOf<string | undefined>();
    // @ts-expect-error body is required
    void (() => mockClient().createUser());
    // @ts-expect-error unknown fields are rejected by the types
    void (() => mockClient().createUser({ ...createUserBody, emial: "x" }));
  });
});

// --- KYC Method A, Method B, verification, proof of address ---

const png = (label: string) => new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47]), label], { type: "image/png" });
const pdf = new Blob(["%PDF-1.4\n%poa\n"], { type: "application/pdf" });

describeOperation("addKycFile", (p100) =>
  p100.addKycFile({
    externalUserId: "f47ac10b-58cc-4372-a567-0e02b2c3d479",
    files: [png("id-front"), png("id-back"), png("selfie")],
  }),
);

describeOperation("createKycVerification", (p100) =>
  p100.createKycVerification({
    externalUserId: "bca65c48-df49-4831-a7b2-de7903321581",
    documentType: "ID_CARD",
    country: "PL",
    incomeSource: "SALARY",
    openAccountReason: "INVESTMENTS_OR_CRYPTOCURRENCIE",
    occupation: "IT",
    additionalInfo: "I am a programmer",
  }),
);

describeOperation("getKycRedirectPage", (p100) =>
  p100.getKycRedirectPage({
    externalUserId: "bca65c48-df49-4831-a7b2-de7903321581",
    verificationId: "3f9c1e52-7a4b-4c7d-9e2f-5b8a6d1c0e47",
  }),
);

describeOperation("getKycStatus", (p100) =>
  p100.getKycStatus({ externalUserId: "1d3c8a13-a2bf-4f0a-9631-723dfe892675" }),
);

describeOperation("addUserVerification", (p100) =>
  p100.addUserVerification({
    externalUserId: "f47ac10b-58cc-4372-a567-0e02b2c3d479",
    documentType: "ID_CARD",
    documentNumber: "CEV12630",
  }),
);

describeOperation("addPoaFile", (p100) =>
  p100.addPoaFile({ externalUserId: "f47ac10b-58cc-4372-a567-0e02b2c3d479", files: [pdf] }),
);

describeOperation("createUserWithoutKyc", (p100) =>
  p100.createUserWithoutKyc({
    externalUserId: "bca65c48-df49-4831-a7b2-de79033219",
    email: "johndoe@gmail.com",
    firstName: "John",
    lastName: "Doe",
    address: "Adama Matuszczaka 51/4",
    city: "Rzeszów",
    country: "PL",
    documentType: "PASSPORT",
    documentNumber: "CEV124630",
    pesel: "12345678901",
    birthCountry: "PL",
    birthDate: "2000-01-01",
  }),
);

describe("KYC and POA: beyond the documented examples", () => {
  it("addPoaFile: every file travels as its own multipart part named files", async () => {
    let parts: FormDataEntryValue[] = [];
    let contentType = "";
    const { createP100Client } = await import("../../src/index.js");
    const p100 = createP100Client({
      apiKey: "key-abc",
      baseUrl: inject("mockUrl"),
      fetch: async (request) => {
        contentType = request.headers.get("content-type") ?? "";
        parts = (await request.clone().formData()).getAll("files");
        return fetch(request);
      },
    });
    await p100.addPoaFile({
      externalUserId: "f47ac10b-58cc-4372-a567-0e02b2c3d479",
      files: [pdf, png("utility-bill"), png("bank-statement")],
    });
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(parts).toHaveLength(3);
    expect(parts.map((part) => (part as File).type)).toEqual(["application/pdf", "image/png", "image/png"]);
  });

  it("addPoaFile: a body without the files field is refused by the mock (its documented errors list no P403)", async () => {
    const wrong = { file: [pdf] } as unknown as SchemaPoaFilesRequest;
    const error = await mockClient()
      .addPoaFile({ externalUserId: "f47ac10b-58cc-4372-a567-0e02b2c3d479", ...wrong })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100ApiError);
    expect((error as P100ApiError).headers.get("sl-violations")).toContain("files");
  });

  it("addPoaFile: 202 P211 (POA pending) resolves with the code instead of throwing", async () => {
    const result = await mockClient("code=202, example=P211").addPoaFile({
      externalUserId: "f47ac10b-58cc-4372-a567-0e02b2c3d479",
      files: [pdf],
    });
    expect(result).toMatchObject({ errorCode: "P211" });
  });

  it("createKycVerification: a business applicant with a tax id is accepted", async () => {
    const result = await mockClient().createKycVerification({
      externalUserId: "bca65c48-df49-4831-a7b2-de7903321581",
      documentType: "PASSPORT",
      country: "PL",
      incomeSource: "BUSINESS_ACTIVITY",
      openAccountReason: "CURRENCY_EXCHANGE",
      taxId: "PL1234567890",
    });
    expect(result.verificationId).toBeTypeOf("string");
  });

  it("createKycVerification: the correctly spelt reason is refused (the API expects the sic spelling)", async () => {
    const body = {
      externalUserId: "bca65c48-df49-4831-a7b2-de7903321581",
      documentType: "ID_CARD",
      country: "PL",
      incomeSource: "SALARY",
      openAccountReason: "INVESTMENTS_OR_CRYPTOCURRENCIES",
      occupation: "IT",
      additionalInfo: "I am a programmer",
    } as unknown as Parameters<ReturnType<typeof mockClient>["createKycVerification"]>[0];
    await expect(mockClient().createKycVerification(body)).rejects.toBeInstanceOf(P100ValidationError);
  });

  it("getKycRedirectPage: the HTML page comes back as text", async () => {
    const html = await mockClient().getKycRedirectPage({
      externalUserId: "bca65c48-df49-4831-a7b2-de7903321581",
      verificationId: "3f9c1e52",
    });
    expect(html).toMatch(/^<!DOCTYPE html>/);
  });
});

describe("KYC and POA: types", () => {
  it("KYC: enums, the HTML result and file bodies are typed from the spec", () => {
    type Client = ReturnType<typeof mockClient>;
    expectTypeOf<Awaited<ReturnType<Client["getKycRedirectPage"]>>>().toEqualTypeOf<string>();
    expectTypeOf<Awaited<ReturnType<Client["createKycVerification"]>>["verificationId"]>().toEqualTypeOf<string>();
    expectTypeOf<SchemaKycVerificationStatus>().toEqualTypeOf<
      "NOT_VERIFIED" | "VERIFIED" | "EXPIRED" | (string & {})
    >();
    expectTypeOf<SchemaKycAttemptStatus>().toEqualTypeOf<
      "PENDING" | "VERIFICATION" | "REJECTED_BY_PROVIDER" | "SUCCESSFUL" | (string & {})
    >();
    expectTypeOf<"INVESTMENTS_OR_CRYPTOCURRENCIE">().toExtend<SchemaOpenAccountReason>();
    expectTypeOf<Blob>().toExtend<SchemaPoaFilesRequest["files"][number]>();
    void (() =>
      mockClient().createKycVerification({
        externalUserId: "x",
        documentType: "ID_CARD",
        country: "PL",
        incomeSource: "SALARY",
        openAccountReason: "DAILY_USE",
        // @ts-expect-error the questionnaire is closed: unknown fields are rejected by the types
        pep: true,
      }));
  });
});
