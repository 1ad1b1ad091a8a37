// Open enums in the generated types: `"A" | "B" | (string & {})` keeps the known values as suggestions and accepts any
// other string. Checked by the type checker (npm run typecheck), like every expectTypeOf.
import { describe, expect, expectTypeOf, it } from "vitest";
import type { components } from "../../generated/schema.js";
import type { WebhookPayloads } from "../../generated/webhooks.js";
import type { OperationResult } from "../../src/index.js";

type CardStatus = components["schemas"]["CardStatus"];

describe("open enum types", () => {
  it("component and webhook types: known values, any other string, assignable to string", () => {
    expectTypeOf<"ACTIVE">().toExtend<CardStatus>();
    expectTypeOf<"A_STATUS_FROM_THE_FUTURE">().toExtend<CardStatus>();
    expectTypeOf<CardStatus>().toExtend<string>();
    expectTypeOf<WebhookPayloads["cryptoDeposit"]["status"]>().toExtend<string>();
    expectTypeOf<"RETURNED">().toExtend<WebhookPayloads["partnerSepaTransfer"]["status"]>();
    // An exhaustive switch over the listed values no longer compiles without a default branch.
    const exhaustive = (status: CardStatus) => {
      switch (status) {
        case "ACTIVE":
        case "LOCKED_BY_USER":
        case "BLOCKED":
        case "SUSPENDED":
        case "DELETED":
          return status;
        default:
          // @ts-expect-error an unlisted value can still arrive: `status` is not `never` here
          return status satisfies never;
      }
    };
    expect(exhaustive("SOMETHING_NEW")).toBe("SOMETHING_NEW");
  });

  it("SDK method results keep open enums: the generated result types are read from the schema, not through Readable", () => {
    expectTypeOf<NonNullable<OperationResult<"getCardDetails">["status"]>>().toExtend<string>();
    expectTypeOf<"A_STATUS_FROM_THE_FUTURE">().toExtend<NonNullable<OperationResult<"getCardDetails">["status"]>>();
  });
});
