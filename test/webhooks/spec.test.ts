// The spec's webhooks: all 18 present with provenance and examples, every example valid against its schema (checked
// both by the generated validators and by a fresh Ajv compile of the bundled spec), every status value exemplified.
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import * as validators from "../../generated/webhook-validators.js";
import { webhookExamples } from "../../generated/webhook-examples.js";
import { webhookKinds, webhookTable, type WebhookKind } from "../../generated/webhooks.js";
import { deref, spec } from "../support/spec.js";

// The 17 webhooks of the newest navigation plus IBAN Status (facts README §4), by their title.
const EXPECTED: Record<string, string> = {
  userBalanceGeneration: "User Balance Generation",
  kycFileAdded: "KYC File Added",
  poaVerificationStatus: "POA Verification Status",
  kycVerificationStatus: "KYC Verification Status",
  createWallet: "Create Wallet",
  p2pTransfer: "P2P Transfer",
  partnerSepaTransfer: "Partner SEPA Transfer",
  userSepaTransfer: "User SEPA Transfer",
  sepaDeposit: "SEPA Deposit",
  cryptoWithdrawal: "Crypto Withdrawal",
  cryptoDeposit: "Crypto Deposit",
  exchange: "Exchange",
  cardTransaction: "Card Transaction",
  orderStatus: "Order status",
  paymentLink: "Payment Link",
  card3dsCode: "Card 3DS Code",
  cardActivationCode: "Card Activation Code",
  ibanStatus: "IBAN Status",
};

const DOCUMENTED_PATHS: Record<string, string> = {
  userBalanceGeneration: "/webhook/user/status",
  kycFileAdded: "/webhook/kyc-files/status",
  poaVerificationStatus: "/webhook/poa-verification/status",
  p2pTransfer: "/transfer-webhook",
  cryptoWithdrawal: "/crypto-withdrawal-webhook",
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const webhookOp = (kind: string): any => spec.webhooks[kind].post;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const payloadSchema = (kind: string): any => deref(webhookOp(kind).requestBody.content["application/json"].schema);

/** An independent validator: Ajv 2020 over the bundled spec, OpenAPI annotations allowed rather than stripped. */
function independentValidator(kind: string) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ ...spec, $id: "https://spec.invalid/openapi.json" });
  const ref = webhookOp(kind).requestBody.content["application/json"].schema.$ref as string;
  return ajv.compile({ $ref: `https://spec.invalid/openapi.json${ref}` });
}

describe("webhooks in the bundled spec", () => {
  it("has exactly the 18 webhooks of the facts, in the generated kinds table too", () => {
    expect(Object.keys(spec.webhooks).sort()).toEqual(Object.keys(EXPECTED).sort());
    expect([...webhookKinds]).toEqual(Object.keys(spec.webhooks));
    expect(Object.keys(webhookTable)).toEqual(Object.keys(spec.webhooks));
  });

  for (const kind of Object.keys(EXPECTED)) {
    describe(kind, () => {
      it(`${kind}: operationId, tag, summary, description, provenance and security`, () => {
        const op = webhookOp(kind);
        expect(op.operationId).toBe(`${kind}Webhook`);
        expect(op.tags).toHaveLength(1);
        expect(op.tags[0]).toMatch(/^Webhooks: (User & KYC|Transfers & Payments|Card)$/);
        expect(op.summary).toBeTruthy();
        expect(op.description).toContain("Authorization");
        expect(op.description).toMatch(/8, 16, 32 and 64/);
        expect(["confirmed", "older-docs", "inferred"]).toContain(op["x-p100-confidence"]);
        expect(op["x-p100-source"]).toBeTruthy();
        if (op["x-p100-confidence"] !== "confirmed")
          expect(op.description).toContain(`x-p100-confidence: ${op["x-p100-confidence"]}`);
        expect(op.security).toEqual([{ WebhookToken: [] }]);
        expect(Object.keys(op.responses).sort()).toEqual(["200", "401"]);
        expect(op["x-p100-nav"][0]).toContain(`${EXPECTED[kind]} Webhook`);
      });

      it(`${kind}: partner path as documented`, () => {
        expect(webhookOp(kind)["x-p100-partner-path"]).toBe(DOCUMENTED_PATHS[kind]);
        expect(webhookTable[kind as WebhookKind].partnerPath).toBe(DOCUMENTED_PATHS[kind]);
      });

      it(`${kind}: payload schema is an open object, inferred ones say so`, () => {
        const schema = payloadSchema(kind);
        expect(schema.type).toBe("object");
        expect(schema.additionalProperties === undefined || schema.additionalProperties === true).toBe(true);
        expect(schema.title).toBe(`Webhook${kind[0]!.toUpperCase()}${kind.slice(1)}Payload`);
        if (schema["x-p100-confidence"] === "inferred")
          expect(schema.description).toMatch(/^(Inferred|Unknown) payload/);
      });

      it(`${kind}: every named example validates (generated and independent validators)`, () => {
        const examples = webhookOp(kind).requestBody.content["application/json"].examples;
        expect(Object.keys(examples).length).toBeGreaterThan(0);
        const generated = (validators as unknown as Record<string, (v: unknown) => boolean>)[kind]!;
        const independent = independentValidator(kind);
        for (const [name, example] of Object.entries<{ value: unknown; summary: string }>(examples)) {
          expect(example.summary, name).toBeTruthy();
          expect(generated(example.value), `${kind}.${name}`).toBe(true);
          expect(independent(example.value), `${kind}.${name}: ${JSON.stringify(independent.errors)}`).toBe(true);
          expect(webhookExamples[kind as WebhookKind][name]).toEqual(example.value);
        }
      });

      it(`${kind}: one example per documented status value`, () => {
        const schema = payloadSchema(kind);
        const values = Object.values(webhookOp(kind).requestBody.content["application/json"].examples).map(
          (e) => e as { value: Record<string, unknown> },
        );
        for (const field of ["status", "verificationStatus", "attemptStatus"]) {
          const allowed: unknown[] | undefined = schema.properties?.[field]?.enum;
          if (!allowed) continue;
          // `null` in a nullable field's list is the absence of a value, not a documented status to exemplify.
          expect(new Set(values.map((e) => e.value[field])), field).toEqual(
            new Set(allowed.filter((value) => value !== null)),
          );
        }
      });
    });
  }

  it("the generated validators reject what the schemas forbid", () => {
    const v = validators as unknown as Record<string, (v: unknown) => boolean>;
    expect(v["cryptoDeposit"]!({ cryptoDepositId: "x", status: 42 })).toBe(false);
    // Enums are open: an unlisted status is a valid delivery.
    expect(v["cryptoDeposit"]!({ cryptoDepositId: "x", status: "PENDING" })).toBe(true);
    expect(v["userBalanceGeneration"]!({ externalUserId: "u" })).toBe(false);
    // An amount string in any format passes (none is documented); an amount of another JSON type does not.
    expect(v["partnerSepaTransfer"]!({ id: "x", status: "FAILED", amount: "1,5" })).toBe(true);
    expect(v["partnerSepaTransfer"]!({ id: "x", status: "FAILED", amount: { value: 1 } })).toBe(false);
    expect(v["createWallet"]!([])).toBe(false);
    // Amounts: string and number alike; unknown fields pass (payloads are open).
    expect(v["p2pTransfer"]!({ id: "x", status: "SUCCESSFUL", amount: "10.00", newField: 1 })).toBe(true);
    expect(v["p2pTransfer"]!({ id: "x", status: "SUCCESSFUL", amount: 10 })).toBe(true);
  });

  it("the generated validators need no runtime import (no ajv at run time)", async () => {
    const { readFileSync } = await import("node:fs");
    const code = readFileSync(new URL("../../generated/webhook-validators.js", import.meta.url), "utf8");
    expect(code).not.toMatch(/\brequire\(/);
    expect(code).not.toMatch(/^\s*import\b/m);
  });
});
