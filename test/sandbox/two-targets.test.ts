// The success-path contract suite, one table run against two targets: the Prism mock of the bundled spec and the
// sandbox. For every operation it sends the documented request example (path, query and body examples of the spec)
// and checks the status and the response schema against the spec. For the sandbox, each case first builds the state
// in which that request succeeds (users with the documented ids, a card, a lock, ...); ids the sandbox generates
// itself replace the documented ones in the request.
import { describe, expect, inject, it } from "vitest";
import { operationTable, type OperationId } from "../../generated/operations.js";
import { deref, findOperation } from "../support/spec.js";
import { expectMatchesSpec, harness, type Harness, onboard, userBody } from "./support.js";
import { pdfForm } from "./tour.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const USERS = [
  "f47ac10b-58cc-4372-a567-0e02b2c3d479",
  "bca65c48-df49-4831-a7b2-de7903321581",
  "1d3c8a13-a2bf-4f0a-9631-723dfe892675",
  "8bdd8c8a-e9b7-475e-9690-8a34e8b78dab",
] as const;
const [F47, BCA, , D8B] = USERS;

/** The documented request of an operation: path and query parameter examples, the first body example. */
function documentedRequest(operationId: OperationId): {
  params: Record<string, string>;
  query: Record<string, string>;
  body?: Json;
  multipart: boolean;
} {
  const { op, path } = findOperation(operationId);
  const item = deref({ $ref: `#/paths/${path.replace(/~/g, "~0").replace(/\//g, "~1")}` });
  const params: Record<string, string> = {};
  const query: Record<string, string> = {};
  for (const p of [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref)) {
    const value =
      p.example ?? p.schema?.example ?? (p.examples ? deref(Object.values<Json>(p.examples)[0]).value : undefined);
    if (value === undefined) continue;
    (p.in === "path" ? params : p.in === "query" ? query : {})[p.name] = String(value);
  }
  const content = op.requestBody?.content ?? {};
  const json = content["application/json"];
  const body = json ? (json.examples ? deref(Object.values<Json>(json.examples)[0]).value : json.example) : undefined;
  return { params, query, body, multipart: Boolean(content["multipart/form-data"]) };
}

/** Replaces documented ids by the ids the sandbox created, everywhere in a value. */
function substitute<T>(value: T, ids: Record<string, string>): T {
  return JSON.parse(JSON.stringify(value), (_key, v) => (typeof v === "string" && v in ids ? ids[v] : v));
}

/** The users of the documented examples, KYC-approved and funded; `skip` leaves one out (createUser creates it). */
async function world(h: Harness, skip?: string): Promise<void> {
  for (const id of USERS) {
    if (id === skip) continue;
    await h.ok("createUser", { body: userBody(id) });
    await onboard(h, id);
    h.sandbox.simulate.sepaDeposit({ externalUserId: id, amount: "5000", senderName: "Jan Kowalski" });
    for (const [currency, amount] of [
      ["eth", "50"],
      ["btc", "1"],
      ["usdc", "1000"],
      ["usdt", "1000"],
    ] as const) {
      h.sandbox.simulate.cryptoDeposit({ externalUserId: id, currency, amount });
    }
  }
}

type Setup = (h: Harness) => Promise<Record<string, string> | void>;

const byExample = (operationId: OperationId) => documentedRequest(operationId);

/** Per operation: what must exist first, and which documented ids map to ids the sandbox creates. */
const SETUP: { readonly [K in OperationId]?: Setup } = {
  createUser: (h) => world(h, F47),
  // A user holding money cannot be deleted (its money would vanish): the documented user, created but not funded.
  async deleteUser(h) {
    await h.ok("createUser", { body: userBody(F47) });
  },
  async createPartnerExchange(h) {
    const lock = await h.ok("lockPartnerExchangeRate", {
      query: { currencyFrom: "eth", currencyTo: "eur", amount: "10" },
    });
    return { [byExample("createPartnerExchange").body.lockId]: lock.lockId };
  },
  async getPartnerExchangeDetails(h) {
    const lock = await h.ok("lockPartnerExchangeRate", {
      query: { currencyFrom: "eth", currencyTo: "eur", amount: "10" },
    });
    const { exchangeId } = await h.ok("createPartnerExchange", {
      body: { amount: "10", currencyFrom: "eth", currencyTo: "eur", lockId: lock.lockId },
    });
    return { [byExample("getPartnerExchangeDetails").params.exchangeId as string]: exchangeId };
  },
  async createUserExchange(h) {
    await world(h);
    const lock = await h.ok("lockUserExchangeRate", {
      query: { externalUserId: F47, currencyFrom: "eth", currencyTo: "eur", amount: "10" },
    });
    return { [byExample("createUserExchange").body.lockId]: lock.lockId };
  },
  async getUserExchangeDetails(h) {
    await world(h);
    const lock = await h.ok("lockUserExchangeRate", {
      query: { externalUserId: F47, currencyFrom: "eth", currencyTo: "eur", amount: "10" },
    });
    const { exchangeId } = await h.ok("createUserExchange", {
      body: { externalUserId: F47, amount: "10", currencyFrom: "eth", currencyTo: "eur", lockId: lock.lockId },
    });
    return { [byExample("getUserExchangeDetails").params.exchangeId as string]: exchangeId };
  },
  async getSepaTransferDetails(h) {
    await world(h);
    const { transferId } = await h.ok("createUserSepaTransfer", { body: byExample("createUserSepaTransfer").body });
    return { [byExample("getSepaTransferDetails").params.transferId as string]: transferId };
  },
  async getTransferDetails(h) {
    await world(h);
    const { transferId } = await h.ok("createTransfer", { body: byExample("createTransfer").body });
    return { [byExample("getTransferDetails").params.transferId as string]: transferId };
  },
  async getCryptoWithdrawalDetails(h) {
    await world(h);
    const { withdrawalId } = await h.ok("createUserCryptoWithdrawal", {
      body: byExample("createUserCryptoWithdrawal").body,
    });
    return { [byExample("getCryptoWithdrawalDetails").params.withdrawalId as string]: withdrawalId };
  },
  async updateTravelRule(h) {
    await world(h);
    const { cryptoDepositId } = h.sandbox.simulate.cryptoDeposit({
      externalUserId: D8B,
      currency: "eth",
      amount: "0.5",
      travelRule: true,
    });
    return { [byExample("updateTravelRule").params.cryptoDepositId as string]: cryptoDepositId };
  },
  async createOrder(h) {
    const lock = await h.ok("lockOrderRate", { body: byExample("lockOrderRate").body });
    return { [byExample("createOrder").body.lockId]: lock.lockId };
  },
  async getOrderDetails(h) {
    const lock = await h.ok("lockOrderRate", { body: byExample("lockOrderRate").body });
    const { orderId } = await h.ok("createOrder", { body: { lockId: lock.lockId } });
    return { [byExample("getOrderDetails").params.orderId as string]: orderId };
  },
  async getPaymentLinkDetails(h) {
    const { paymentLinkId } = await h.ok("createPaymentLink", { body: byExample("createPaymentLink").body });
    return { [byExample("getPaymentLinkDetails").params.paymentLinkId as string]: paymentLinkId };
  },
  async getKycRedirectPage(h) {
    await world(h);
    const { verificationId } = await h.ok("createKycVerification", {
      body: { ...byExample("createKycVerification").body, externalUserId: BCA },
    });
    return { [byExample("getKycRedirectPage").params.verificationId as string]: verificationId };
  },
};

/** Card operations share one setup: a card of the documented user, blocked first for unblockCard. */
for (const operationId of [
  "getCardDetails",
  "updateCardPin",
  "blockCard",
  "unblockCard",
  "getCardLimits",
  "updateCardLimits",
  "deleteCard",
] as const) {
  (SETUP as Record<string, Setup>)[operationId] = async (h) => {
    await world(h);
    const { cardId } = await h.ok("createVirtualCard", { body: byExample("createVirtualCard").body });
    if (operationId === "unblockCard") await h.ok("blockCard", { body: { externalUserId: BCA, cardId } });
    return { "7018ac87-455f-4bf4-851a-0f6bcf82b84d": cardId };
  };
}

const operations = Object.keys(operationTable) as OperationId[];

/** The request for one target: the documented one, with the sandbox's own ids substituted. */
function requestFor(operationId: OperationId, ids: Record<string, string>) {
  const request = documentedRequest(operationId);
  return { ...substitute(request, ids), ...(request.multipart ? { form: pdfForm() } : {}) };
}

describe.each(["prism", "sandbox"] as const)("success-path contract, target %s", (target) => {
  it.each(operations)(
    "%s: the documented request gets a documented success answer that fits its schema",
    async (operationId) => {
      const success = Number(
        Object.keys(findOperation(operationId).op.responses)
          .filter((s) => /^2/.test(s))
          .sort()[0],
      );
      if (target === "sandbox") {
        const h = harness({ partnerBalances: { eur: "100000", eth: "100", btc: "1", usdc: "10000", usdt: "10000" } });
        const setup = SETUP[operationId] ?? ((hh: Harness) => world(hh));
        const ids = (await setup(h)) ?? {};
        const request = requestFor(operationId, ids);
        const { status } = await h.call(operationId, request);
        expect(status).toBe(success);
        return;
      }
      const request = requestFor(operationId, {});
      const op = operationTable[operationId];
      const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(request.params[name] ?? ""));
      const url = new URL(`${inject("mockUrl")}${path}`);
      for (const [k, v] of Object.entries(request.query)) url.searchParams.set(k, v);
      const headers: Record<string, string> = { "x-api-key": "test-key-0123456789" };
      let body: BodyInit | undefined;
      if ("form" in request && request.form) body = request.form;
      else if (request.body !== undefined) {
        headers["content-type"] = "application/json";
        body = JSON.stringify(request.body);
      }
      const response = await fetch(url, {
        method: op.method.toUpperCase(),
        headers,
        ...(body !== undefined ? { body } : {}),
      });
      const text = await response.text();
      const parsed = (response.headers.get("content-type") ?? "").includes("json") ? JSON.parse(text) : text;
      expect(response.status, text).toBe(success);
      expectMatchesSpec(operationId, response.status, parsed);
    },
  );
});
