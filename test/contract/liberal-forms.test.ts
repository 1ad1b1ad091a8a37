// The wire forms the documentation shows are accepted: every named request example of the spec passes the Prism mock,
// and the documented forms that the spec used to refuse (number amounts, upper-case currencies, a createUser body with
// only the fields a source requires, fields a body no source documents may need) pass the mock and type-check through
// the raw openapi-fetch client.
import { describe, expect, expectTypeOf, inject, it } from "vitest";
import type {
  SchemaCreateUserRequest,
  SchemaCryptoWithdrawalUserRequest,
  SchemaExchangeCreateRequest,
  SchemaSepaUserTransferRequest,
} from "../../src/index.js";
import { mockClient, TEST_API_KEY } from "../support/contract.js";
import { deref, spec, specOperations } from "../support/spec.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The URL of an operation with every path parameter and required query parameter set to its documented example. */
function exampleUrl(path: string, op: Json, pathItem: Json): string {
  const parameters: Json[] = [...(pathItem.parameters ?? []), ...(op.parameters ?? [])].map(deref);
  let url = path;
  const query = new URLSearchParams();
  for (const parameter of parameters) {
    const value = parameter.example ?? deref(parameter.schema)?.example;
    if (parameter.in === "path") url = url.replace(`{${parameter.name}}`, encodeURIComponent(String(value)));
    if (parameter.in === "query" && parameter.required) query.set(parameter.name, String(value));
  }
  return `${inject("mockUrl")}${url}${query.size > 0 ? `?${query}` : ""}`;
}

/** Every named JSON request example of the spec, with the operation it belongs to. */
function requestExamples() {
  return specOperations().flatMap(({ operationId, method, path, op }) => {
    const media = deref(op.requestBody)?.content?.["application/json"];
    return Object.entries<Json>(media?.examples ?? {}).map(([name, example]) => ({
      operationId,
      method,
      path,
      op,
      name,
      value: deref(example).value,
    }));
  });
}

describe("documented request examples pass the mock", () => {
  const examples = requestExamples();

  it("the spec has a named request example for every operation with a JSON body", () => {
    const withBody = specOperations().filter(({ op }) => deref(op.requestBody)?.content?.["application/json"]);
    const exemplified = new Set(examples.map((e) => e.operationId));
    expect(withBody.map((o) => o.operationId).filter((id) => !exemplified.has(id))).toEqual([]);
  });

  for (const { operationId, method, path, op, name, value } of examples) {
    it(`${operationId}: request example ${name} is accepted`, async () => {
      const response = await fetch(exampleUrl(path, op, spec.paths[path]), {
        method: method.toUpperCase(),
        headers: { "x-api-key": TEST_API_KEY, "content-type": "application/json" },
        body: JSON.stringify(value),
      });
      const violations = response.headers.get("sl-violations");
      expect({ status: response.status, violations }).toEqual({
        status: expect.toSatisfy((s: number) => s >= 200 && s < 300),
        violations: null,
      });
    });
  }
});

describe("documented wire forms through the typed raw client", () => {
  it("createPartnerExchange: the newest page's body with a JSON number amount", async () => {
    const body: SchemaExchangeCreateRequest = {
      amount: 10,
      currencyFrom: "eth",
      currencyTo: "eur",
      lockId: "ee7b2f0f-0ffb-4fce-8fb3-66db2ca1f461",
    };
    const { data, error, response } = await mockClient().raw.POST("/v1/partner/exchange", { body });
    expect([response.status, error]).toEqual([200, undefined]);
    expect(data?.exchangeId).toEqual(expect.any(String));
  });

  it("createPartnerExchange: the same amount as a decimal string (unverified form) still passes the SDK", async () => {
    const { response } = await mockClient().raw.POST("/v1/partner/exchange", {
      body: {
        amount: "10.12345678",
        currencyFrom: "ETH",
        currencyTo: "EUR",
        lockId: "ee7b2f0f-0ffb-4fce-8fb3-66db2ca1f461",
      },
    });
    expect(response.status).toBe(200);
  });

  it("createPartnerExchange: more than 8 decimal places are refused (documented P403 message)", async () => {
    const { response } = await mockClient().raw.POST("/v1/partner/exchange", {
      body: {
        amount: "0.123456789",
        currencyFrom: "eth",
        currencyTo: "eur",
        lockId: "ee7b2f0f-0ffb-4fce-8fb3-66db2ca1f461",
      },
    });
    expect(response.status).toBe(400);
  });

  it("createUserCryptoWithdrawal: the older docs' body, upper-case BTC and a number amount", async () => {
    const body: SchemaCryptoWithdrawalUserRequest = {
      sourceExternalUserId: "bca65c48-df49-4831-a7b2-de7903321581",
      currency: "BTC",
      amount: 0.005,
      walletAddress: "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh",
      network: "ETHEREUM",
      name: "Jan Kowalski",
      walletType: "NON_CUSTODIAL",
      receiverType: "NATURAL",
    };
    const { error, response } = await mockClient().raw.POST("/v1/crypto-withdrawal", { body });
    expect([response.status, error]).toEqual([200, undefined]);
  });

  it("createUserSepaTransfer: the oldest example's JSON number amount (100) is accepted", async () => {
    const body: SchemaSepaUserTransferRequest = {
      sourceExternalUserId: "bca65c48-df49-4831-a7b2-de7903321581",
      currency: "eur",
      amount: 100,
      receiverType: "NATURAL",
      receiverFirstName: "John",
      receiverLastName: "Doe",
      destinationIban: "LT601010012345678901",
      transferTitle: "Bank transfer",
    };
    const { error, response } = await mockClient().raw.POST("/v1/sepa-transfer", { body });
    expect([response.status, error, response.headers.get("sl-violations")]).toEqual([200, undefined, null]);
  });

  it("createUserSepaTransfer: receiver details on a transfer without receiverType are not refused (the user page asks for them)", async () => {
    const { response } = await mockClient().raw.POST("/v1/sepa-transfer", {
      body: {
        sourceExternalUserId: "bca65c48-df49-4831-a7b2-de7903321581",
        currency: "eur",
        amount: "5.51",
        destinationIban: "PL06109027500000000148911547",
        transferTitle: "Invoice 7",
        receiverFirstName: "Jan",
        receiverLastName: "Kowalski",
      },
    });
    expect([response.status, response.headers.get("sl-violations")]).toEqual([200, null]);
  });

  it("addUserVerification: a field the inferred body does not list passes (no source documents the body)", async () => {
    const body = {
      externalUserId: "u-1",
      documentType: "PASSPORT" as const,
      documentNumber: "CEV12630",
      documentExpiryDate: "2031-01-01",
    };
    const { response } = await mockClient().raw.POST("/v1/user/verification", { body });
    expect([response.status, response.headers.get("sl-violations")]).toEqual([
      expect.toSatisfy((s: number) => s >= 200 && s < 300),
      null,
    ]);
  });

  it("addUserVerification: no field is required, since no source shows the body (only externalUserId sent)", async () => {
    const { response } = await mockClient().raw.POST("/v1/user/verification", { body: { externalUserId: "u-1" } });
    expect([response.status, response.headers.get("sl-violations")]).toEqual([
      expect.toSatisfy((s: number) => s >= 200 && s < 300),
      null,
    ]);
  });

  it("createUser: the oldest documentation's address field passes (the field table was never recovered)", async () => {
    const body = {
      externalUserId: "u-address",
      citizenship: "PL",
      hasAcceptedP100Tc: true,
      address: "ul. Marszałkowska 1",
    };
    const { response } = await mockClient().raw.POST("/v1/user/balances/crypto-and-fiat", { body });
    expect([response.status, response.headers.get("sl-violations")]).toEqual([201, null]);
  });

  it("createUser: only the fields a source requires", async () => {
    const body: SchemaCreateUserRequest = { externalUserId: "u-minimal", citizenship: "PL", hasAcceptedP100Tc: true };
    const { response } = await mockClient().raw.POST("/v1/user/balances/crypto-and-fiat", { body });
    expect(response.status).toBe(201);
  });

  it("createUser: hasAcceptedP100Tc is required (the newest page makes it mandatory)", async () => {
    const body = { externalUserId: "u-minimal", citizenship: "PL" };
    // @ts-expect-error hasAcceptedP100Tc is required
    const typed: SchemaCreateUserRequest = body;
    const { response } = await mockClient().raw.POST("/v1/user/balances/crypto-and-fiat", { body: typed });
    expect(response.status).toBe(400);
  });

  it("createTransfer: both user ids at once are not refused (the guide says one or the other must be set)", async () => {
    const { response } = await mockClient().raw.POST("/v1/transfer", {
      body: { sourceExternalUserId: "a", destinationExternalUserId: "b", amount: "1.00", currency: "EUR" },
    });
    expect(response.status).toBe(200);
  });

  it("types: amounts take the documented number (and the unverified string), request enums with a documented list stay closed", () => {
    expectTypeOf<SchemaExchangeCreateRequest["amount"]>().toEqualTypeOf<number | string>();
    expectTypeOf<SchemaSepaUserTransferRequest["amount"]>().toEqualTypeOf<number | string>();
    expectTypeOf<SchemaCryptoWithdrawalUserRequest["walletType"]>().toEqualTypeOf<
      "CUSTODIAL" | "NON_CUSTODIAL" | "OTHER"
    >();
    expectTypeOf<SchemaCreateUserRequest["hasAcceptedP100Tc"]>().toEqualTypeOf<boolean>();
  });
});
