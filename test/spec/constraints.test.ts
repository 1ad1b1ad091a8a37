// "Strict only where the evidence is": every constraint the spec puts on what a caller sends (a `required` entry, a
// `pattern`, `format`, `enum`, `const` or bound, a closed body, a forbidden property, a one-of rule, `minProperties`,
// `not`) records its justification in `x-p100-source`, a body that no source documents is open, and every enum not
// documented as complete is open in the generated types.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { requestContracts } from "../../generated/request-validators.js";
import { listRequestConstraints } from "../../scripts/lib/spec-constraints.mjs";
import { openEnumType } from "../../scripts/lib/types.mjs";
import { spec } from "../support/spec.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Every schema node of the spec that carries an `enum`, with its JSON pointer. */
function enumNodes(node: Json, pointer = "#"): { pointer: string; node: Json }[] {
  if (node === null || typeof node !== "object") return [];
  const own = Array.isArray(node.enum) && !Array.isArray(node) ? [{ pointer, node }] : [];
  return [...own, ...Object.entries(node).flatMap(([key, value]) => enumNodes(value, `${pointer}/${key}`))];
}

describe("request constraints carry their source", () => {
  const constraints = listRequestConstraints(spec);

  it("finds the constraints of the request schemas (required entries, patterns, enums, bounds)", () => {
    const keywords = new Set(constraints.map((c: Json) => c.keyword));
    for (const keyword of [
      "required",
      "pattern",
      "enum",
      "minLength",
      "maxLength",
      "maxItems",
      "additionalProperties",
      "forbidden",
      "oneOf",
    ]) {
      expect(keywords).toContain(keyword);
    }
    expect(constraints.length).toBeGreaterThan(100);
  });

  it("every one of them has an x-p100-source", () => {
    const unsourced = constraints
      .filter((c: Json) => c.source === undefined)
      .map((c: Json) => `${c.location} ${c.keyword}${c.field ? ` ${c.field}` : ""} (${c.operations.join(", ")})`);
    expect(unsourced).toEqual([]);
  });

  it("a constraint without a source is reported (the check can fail)", () => {
    const probe = {
      paths: {
        "/probe": {
          post: {
            operationId: "probe",
            "x-p100-confidence": "inferred",
            parameters: [{ name: "q", in: "query", required: true, schema: { type: "string", maxLength: 3 } }],
            requestBody: {
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    required: ["a", "b"],
                    properties: {
                      a: { type: "string", "x-p100-source": "page X" },
                      b: { type: "string", pattern: "^x$" },
                    },
                  },
                },
              },
            },
          },
        },
      },
    };
    const found = listRequestConstraints(probe).map((c: Json) => [c.keyword, c.field, c.source]);
    expect(found).toEqual(
      expect.arrayContaining([
        ["required", "q", undefined],
        ["maxLength", undefined, undefined],
        ["required", "a", "page X"],
        ["required", "b", undefined],
        ["pattern", undefined, undefined],
      ]),
    );
  });
});

describe("object-shape restrictions carry their source too", () => {
  // A planted request body with every kind of shape restriction and no source anywhere.
  const planted = (schema: Json) => ({
    paths: {
      "/probe": { post: { operationId: "probe", requestBody: { content: { "application/json": { schema } } } } },
    },
  });

  it("a closed body, a forbidden property, a one-of rule, minProperties and not without a source are reported", () => {
    const schema = {
      type: "object",
      additionalProperties: false,
      minProperties: 1,
      not: { required: ["x"] },
      properties: { a: { type: "string" }, b: false },
      oneOf: [{ required: ["a"] }, { required: ["c"] }],
    };
    const found = listRequestConstraints(planted(schema)).map((c: Json) => [
      c.keyword,
      c.field ?? null,
      c.source ?? null,
    ]);
    expect(found).toEqual(
      expect.arrayContaining([
        ["additionalProperties", null, null],
        ["minProperties", null, null],
        ["not", null, null],
        ["forbidden", "b", null],
        ["oneOf", null, null],
      ]),
    );
  });

  it("a source on the object covers its closed body and its forbidden properties", () => {
    const schema = { type: "object", additionalProperties: false, properties: { b: false }, "x-p100-source": "page X" };
    const found = listRequestConstraints(planted(schema)).map((c: Json) => [c.keyword, c.source]);
    expect(found).toEqual([
      ["additionalProperties", "page X"],
      ["forbidden", "page X"],
    ]);
  });

  it("an open body (no additionalProperties: false) is no restriction", () => {
    expect(listRequestConstraints(planted({ type: "object", properties: { a: { type: "string" } } }))).toEqual([]);
  });

  it("a request schema whose body no source documents (marked inferred as a whole) is open", () => {
    const closedInferred = Object.entries<Json>(spec.components.schemas)
      .filter(([, schema]) => schema["x-p100-confidence"] === "inferred")
      .filter(([, schema]) =>
        [schema, ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])].some((n: Json) => n.additionalProperties === false),
      )
      .map(([name]) => name);
    expect(closedInferred).toEqual([]);
  });

  it("the bodies the audit found closed without a documented field list are open", () => {
    const undocumented = [
      "WalletCreateRequest",
      "ExchangeCreateUserRequest",
      "InternalTransferRequest",
      "CryptoWithdrawalPartnerRequest",
      "TravelRuleUpdateRequest",
      "TravelRuleDetails",
      "PaymentLinkCreateRequest",
      "HostedCheckoutCreateRequest",
      "UserVerificationRequest",
      "UpdateUserRequest",
      "CardPinUpdateRequest",
      "CardReference",
      "CardLimitsUpdateRequest",
      "SepaUserTransferRequest",
      "KycFilesRequest",
      "CreateUserRequest",
    ];
    const schemaOf = (c: Json) => c.location.replace("#/components/schemas/", "").split("/")[0];
    const constraints = listRequestConstraints(spec);
    const closed = constraints
      .filter((c: Json) => c.keyword === "additionalProperties" || c.keyword === "minProperties")
      .map(schemaOf);
    expect(closed.filter((name: string) => undocumented.includes(name))).toEqual([]);
    // The user page asks for receiver details: the user SEPA transfer forbids none of them (audit N4).
    expect(
      constraints.filter((c: Json) => c.keyword === "forbidden" && schemaOf(c) === "SepaUserTransferRequest"),
    ).toEqual([]);
  });
});

describe("the sandbox's request validators follow the open and closed bodies", () => {
  const body = (id: keyof typeof requestContracts, value: unknown) => requestContracts[id].body!(value);

  it("addUserVerification (no source documents its body): an unknown field and an unlisted document type pass", () => {
    expect(
      body("addUserVerification", {
        externalUserId: "u",
        documentType: "PASSPORT",
        documentNumber: "X1",
        documentExpiryDate: "2031-01-01",
      }),
    ).toBe(true);
    expect(
      body("addUserVerification", { externalUserId: "u", documentType: "NATIONAL_ID", documentNumber: "X1" }),
    ).toBe(true);
  });

  it("createUser (field table never recovered): the oldest documentation's address field passes", () => {
    expect(
      body("createUser", { externalUserId: "u", citizenship: "PL", hasAcceptedP100Tc: true, address: "ul. Polna 1" }),
    ).toBe(true);
  });

  it("createVirtualCard (a documented field table, closed with its source): an unknown field is refused", () => {
    expect(body("createVirtualCard", { externalUserId: "u", label: "Travel", pin: "1234" })).toBe(true);
    expect(body("createVirtualCard", { externalUserId: "u", label: "Travel", pin: "1234", colour: "red" })).toBe(false);
  });

  it("createPartnerSepaTransfer Level 1 (the page says not to send receiver fields): a receiver name is refused", () => {
    const standard = {
      amount: "10.00",
      currency: "eur",
      destinationIban: "PL09102044050000210205531111",
      transferTitle: "T",
    };
    expect(body("createPartnerSepaTransfer", standard)).toBe(true);
    expect(body("createPartnerSepaTransfer", { ...standard, receiverFirstName: "Jan" })).toBe(false);
  });

  it("createUserSepaTransfer: the documented number amount and receiver details without receiverType pass", () => {
    const transfer = {
      sourceExternalUserId: "u",
      amount: 100,
      currency: "eur",
      destinationIban: "LT601010012345678901",
      transferTitle: "T",
    };
    expect(body("createUserSepaTransfer", transfer)).toBe(true);
    expect(
      body("createUserSepaTransfer", { ...transfer, receiverFirstName: "Jan", receiverLastName: "Kowalski" }),
    ).toBe(true);
  });
});

describe("enums are open unless documented as complete", () => {
  const enums = enumNodes(spec);

  it("every enum marked x-p100-complete says where the full list is documented", () => {
    const complete = enums.filter((e) => e.node["x-p100-complete"] === true);
    expect(complete.length).toBeGreaterThan(0);
    expect(complete.filter((e) => typeof e.node["x-p100-source"] !== "string").map((e) => e.pointer)).toEqual([]);
  });

  it("no response or webhook enum is closed", () => {
    // A closed enum is only ever a request field with a documented list; the receiver and response types stay open.
    const closed = enums.filter((e) => e.node["x-p100-complete"] === true).map((e) => e.node.title ?? e.pointer);
    for (const name of closed) expect(JSON.stringify(spec.webhooks)).not.toContain(`"#/components/schemas/${name}"`);
  });

  it("the type transform emits open unions, and closed ones only for complete enums", () => {
    expect(openEnumType({ type: "string", enum: ["A", "B"] })).toBeDefined();
    expect(openEnumType({ type: "string", enum: ["A", "B"], "x-p100-complete": true })).toBeUndefined();
    const schema = readFileSync(new URL("../../generated/schema.ts", import.meta.url), "utf8");
    expect(schema).toContain(
      'CardStatus: "ACTIVE" | "LOCKED_BY_USER" | "BLOCKED" | "SUSPENDED" | "DELETED" | (string & {});',
    );
    expect(schema).toContain('WalletType: "CUSTODIAL" | "NON_CUSTODIAL" | "OTHER";');
  });
});
