// Flat method inputs: each field reaches the path, the query or the body as the spec says; options stay apart;
// `.withResponse` exposes the success response; the generated types name every input and result.
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  createP100Client,
  P100ArgumentError,
  P100ValidationError,
  type CreateUserInput,
  type CreateUserResult,
  type CreateUserSepaTransferInput,
  type ErrorCodeOf,
  type GetUserExchangeDetailsInput,
  type NoInput,
  type OperationResult,
  type SchemaCreateUserResponse,
} from "../../src/index.js";
import { createInputSplitter, type SplitTarget } from "../../src/flat-input.js";
import { exampleUser } from "../../examples/example-user.js";
import { fakeFetch, json } from "../support/fake-fetch.js";

const client = (fetch: ReturnType<typeof fakeFetch>["fetch"]) =>
  createP100Client({ apiKey: "test-key", fetch, maxRetries: 0 });

describe("where each field goes", () => {
  it("a path parameter and a query parameter of one call land in the path and the query", async () => {
    const fake = fakeFetch(json(200, { id: "x" }));
    await client(fake.fetch).getUserExchangeDetails({ exchangeId: "ex-1", externalUserId: "u-1" });
    const url = new URL(fake.calls[0]!.url);
    expect(url.pathname).toBe("/v1/exchange/details/ex-1");
    expect([...url.searchParams]).toEqual([["externalUserId", "u-1"]]);
    expect(fake.calls[0]!.body).toBe("");
  });

  it("a path parameter and body fields: the id goes to the path only, the rest to the JSON body", async () => {
    const fake = fakeFetch(json(200, {}));
    await client(fake.fetch).updateUser({ externalUserId: "u-7", phone: "48601765432", city: "Kraków" });
    expect(new URL(fake.calls[0]!.url).pathname).toBe("/v1/user/u-7");
    expect(JSON.parse(fake.calls[0]!.body)).toEqual({ phone: "48601765432", city: "Kraków" });
  });

  it("a body-only call sends its input as the body, unchanged", async () => {
    const fake = fakeFetch(json(201, { userId: "p-1" }));
    const user = exampleUser("u-1", "jan@example.pl");
    await client(fake.fetch).createUser(user);
    expect(JSON.parse(fake.calls[0]!.body)).toEqual(user);
    expect(fake.calls[0]!.method).toBe("POST");
  });

  it("a SEPA transfer (a oneOf body) is sent with exactly the fields of its variant", async () => {
    const fake = fakeFetch(json(200, { transferId: "t-1" }));
    const transfer = {
      sourceExternalUserId: "u-1",
      amount: "5.51",
      currency: "eur",
      destinationIban: "PL06109027500000000148911547",
      transferTitle: "Invoice",
    } satisfies CreateUserSepaTransferInput;
    await client(fake.fetch).createUserSepaTransfer(transfer, { timeoutMs: 10_000 });
    expect(JSON.parse(fake.calls[0]!.body)).toEqual(transfer);
  });

  it("a multipart upload keeps its Blob fields as files next to the path parameter", async () => {
    const fake = fakeFetch(json(201, {}));
    const front = new Blob([new Uint8Array([137, 80, 78, 71])], { type: "image/png" });
    await client(fake.fetch).addKycFile({ externalUserId: "u-3", files: [front, front] });
    const call = fake.calls[0]!;
    expect(new URL(call.url).pathname).toBe("/v1/user/kyc-files/u-3");
    expect(call.headers.get("content-type")).toMatch(/^multipart\/form-data; boundary=/);
    expect(call.body.match(/name="files"; filename=/g)).toHaveLength(2);
    expect(call.body).not.toContain("externalUserId");
  });

  it("options are never sent as fields: headers go out as headers, the rest shapes the call", async () => {
    const fake = fakeFetch(json(200, { fiatBalances: [], cryptoBalances: [] }));
    await client(fake.fetch).getUserBalances(
      { externalUserId: "u-1" },
      { headers: { "x-trace": "t-9" }, timeoutMs: 5_000 },
    );
    expect(fake.calls[0]!.url).toMatch(/\/v1\/user\/balances\/u-1$/);
    expect(fake.calls[0]!.headers.get("x-trace")).toBe("t-9");
  });

  it("a call without input works where nothing is required, with or without options", async () => {
    const fake = fakeFetch(json(200, { fiatBalances: [], cryptoBalances: [] }));
    await client(fake.fetch).getPartnerBalances();
    await client(fake.fetch).getPartnerBalances(undefined, { timeoutMs: 1_000 });
    await client(fake.fetch).getPartnerBalances({});
    expect(fake.calls.map((c) => new URL(c.url).pathname)).toEqual(Array(3).fill("/v1/partner/balances"));
  });

  it("a JavaScript caller passing a bare id instead of an object gets an argument error, nothing sent", async () => {
    const fake = fakeFetch(json(200, {}));
    const error = await client(fake.fetch)
      .getKycStatus("u-1" as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100ArgumentError);
    expect((error as Error).message).toMatch(/getKycStatus takes one object of named fields .* got string/);
    expect(fake.calls).toHaveLength(0);
  });
});

describe("the splitter", () => {
  it("copies nothing for a body-only operation and builds params only where there are parameters", () => {
    const input = { amount: "1" };
    const bodyOnly: SplitTarget = {};
    createInputSplitter({ path: "/v1/things", hasBody: true })(input, bodyOnly);
    expect(bodyOnly.body).toBe(input);
    expect(bodyOnly.params).toBeUndefined();

    const mixed: SplitTarget = {};
    createInputSplitter({ path: "/v1/things/{id}", queryParams: ["q"], hasBody: true })(
      { id: "1", q: "2", a: 3, b: 4 },
      mixed,
    );
    expect(mixed).toEqual({ params: { path: { id: "1" }, query: { q: "2" } }, body: { a: 3, b: 4 } });

    const none: SplitTarget = {};
    createInputSplitter({ path: "/v1/things" })({}, none);
    expect(none).toEqual({});
  });
});

describe(".withResponse", () => {
  it("resolves to the same data plus the response, whose status and headers are readable", async () => {
    const fake = fakeFetch(json(201, { userId: "p-1" }, { "x-request-id": "req-42" }));
    const { data, response } = await client(fake.fetch).createUser.withResponse(exampleUser("u-1", "jan@example.pl"));
    expect(data).toEqual({ userId: "p-1" });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-request-id")).toBe("req-42");
    expectTypeOf(data).toEqualTypeOf<CreateUserResult>();
    expectTypeOf(response).toEqualTypeOf<Response>();
  });

  it("keeps the typed errors", async () => {
    const fake = fakeFetch(json(400, { errorCode: "P403", errorMessage: "email must be an email." }));
    const error = await client(fake.fetch)
      .createUser.withResponse(exampleUser("u-1", "nope"))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100ValidationError);
  });
});

describe("generated types", () => {
  it("name the input and result of each operation", () => {
    expectTypeOf<CreateUserResult>().toEqualTypeOf<SchemaCreateUserResponse>();
    expectTypeOf<OperationResult<"createUser">>().toEqualTypeOf<CreateUserResult>();
    expectTypeOf<GetUserExchangeDetailsInput>().toEqualTypeOf<{ exchangeId: string; externalUserId: string }>();
    expectTypeOf<keyof CreateUserInput>().toExtend<string>();
    expectTypeOf<NoInput>().toEqualTypeOf<Record<string, never>>();
  });

  it("ErrorCodeOf lists the codes an operation documents, and no others", () => {
    expectTypeOf<"P411">().toExtend<ErrorCodeOf<"createUser">>();
    expectTypeOf<"P433">().not.toExtend<ErrorCodeOf<"createUser">>();
    expectTypeOf<"P433">().toExtend<ErrorCodeOf<"createUserSepaTransfer">>();
  });

  it("the input argument is optional exactly when nothing in it is required", () => {
    const p100 = client(fakeFetch(json(200, {})).fetch);
    expectTypeOf(p100.getPartnerBalances).parameter(0).toEqualTypeOf<NoInput | undefined>();
    // @ts-expect-error getKycStatus needs the user id
    void (() => p100.getKycStatus());
    // @ts-expect-error path and body fields are given flat, not under params/body
    void (() => p100.getKycStatus({ params: { path: { externalUserId: "u" } } }));
    // @ts-expect-error options are the second argument, not fields of the input
    void (() => p100.getKycStatus({ externalUserId: "u", timeoutMs: 5 }));
  });
});
