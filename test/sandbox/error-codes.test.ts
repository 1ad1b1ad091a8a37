// The sandbox and the spec agree on error codes: every operation is exercised under many conditions (documented
// requests naming an onboarded and funded user, a user not yet onboarded, a suspended one, an unknown one; known,
// foreign and unknown record ids; empty, garbage and oversized-amount bodies), every (operation, error code) answered
// is collected, and each must be listed by that operation's spec entry. Request validation (rule SBX-API-3) answers
// P403 on any operation, as the Error Handling page documents P403 as the API's validation code; every other code,
// P403 included, must be in the operation's own list. (Every answer of every other sandbox test is checked the same
// way by support.ts.)
import { describe, expect, it } from "vitest";
import { operationTable, type OperationId } from "../../generated/operations.js";
import { RULES_HEADER } from "../../src/sandbox/rules.js";
import { deref, findOperation, spec } from "../support/spec.js";
import { fundedUser, harness, type Harness, onboard, OWN_IBAN, specErrorCodes, userBody } from "./support.js";
import { pdfForm } from "./tour.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const USER_KEYS = /^(externalUserId|sourceExternalUserId|destinationExternalUserId)$/;
/** An id no record has, shaped like the API's ids (a UUID), so that it passes request validation. */
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";
const ID_KEYS = [
  "cardId",
  "transferId",
  "exchangeId",
  "withdrawalId",
  "orderId",
  "paymentLinkId",
  "lockId",
  "verificationId",
  "cryptoDepositId",
];

/** The documented request of an operation: path and query parameter examples and the body example. */
function documented(operationId: OperationId): {
  params: Record<string, string>;
  query: Record<string, string>;
  body: Json;
  multipart: boolean;
} {
  const { op, path } = findOperation(operationId);
  const params: Record<string, string> = {};
  const query: Record<string, string> = {};
  for (const p of [...(spec.paths[path].parameters ?? []), ...(op.parameters ?? [])].map(deref)) {
    const value = String(p.example ?? p.schema?.example ?? "x");
    if (p.in === "path") params[p.name] = value;
    if (p.in === "query") query[p.name] = value;
  }
  const content = op.requestBody ? (deref(op.requestBody).content ?? {}) : {};
  const json = content["application/json"];
  const body = json ? (json.examples ? deref(Object.values<Json>(json.examples)[0]).value : json.example) : undefined;
  return { params, query, body, multipart: Boolean(content["multipart/form-data"]) };
}

/** A copy of a value with every user key set to `user` and every id key set to its candidate. */
function fill<T>(value: T, user: string, ids: Record<string, string>): T {
  if (Array.isArray(value)) return value.map((v) => fill(v, user, ids)) as T;
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      USER_KEYS.test(k) ? user : k in ids ? ids[k] : typeof v === "object" ? fill(v, user, ids) : v,
    ]),
  ) as T;
}

/** A world with users in every state and a record of each kind; returns the record ids by parameter name. */
async function world(h: Harness): Promise<Record<string, string[]>> {
  await fundedUser(h, "rich", "5000");
  h.sandbox.simulate.cryptoDeposit({ externalUserId: "rich", currency: "usdc", amount: "500", network: "polygon" });
  await h.ok("createUser", { body: userBody("fresh") });
  await h.ok("createUser", { body: userBody("frozen") });
  await onboard(h, "frozen");
  await h.ok("suspendUser", { params: { externalUserId: "frozen" } });
  const card = await h.ok("createVirtualCard", { body: { externalUserId: "rich", label: "Main", pin: "1234" } });
  const sepa = await h.ok("createUserSepaTransfer", {
    body: {
      sourceExternalUserId: "rich",
      currency: "eur",
      amount: "10",
      destinationIban: OWN_IBAN,
      transferTitle: "x",
    },
  });
  const transfer = await h.ok("createTransfer", {
    body: { destinationExternalUserId: "rich", amount: "1", currency: "eur" },
  });
  const lock = await h.ok("lockUserExchangeRate", {
    query: { externalUserId: "rich", currencyFrom: "eur", currencyTo: "usdc" },
  });
  const exchange = await h.ok("createUserExchange", {
    body: { externalUserId: "rich", amount: "10", currencyFrom: "eur", currencyTo: "usdc", lockId: lock.lockId },
  });
  const spareLock = await h.ok("lockUserExchangeRate", {
    query: { externalUserId: "rich", currencyFrom: "eur", currencyTo: "usdc" },
  });
  const withdrawal = await h.ok("createUserCryptoWithdrawal", {
    body: {
      sourceExternalUserId: "rich",
      currency: "usdc",
      amount: "20",
      walletAddress: "0x8ba1f109551bD432803012645Ac136ddd64DBA72",
      network: "polygon",
      name: "Jan",
      walletType: "CUSTODIAL",
      receiverType: "NATURAL",
    },
  });
  const orderLock = await h.ok("lockOrderRate", { body: { currency: "usdc", amount: "100.00", network: "polygon" } });
  const order = await h.ok("createOrder", { body: { lockId: orderLock.lockId } });
  const spareOrderLock = await h.ok("lockOrderRate", {
    body: { currency: "usdc", amount: "100.00", network: "polygon" },
  });
  const link = await h.ok("createPaymentLink", { body: { amount: "10.00" } });
  const { verificationId } = await h.ok("createKycVerification", {
    body: {
      externalUserId: "rich",
      documentType: "ID_CARD",
      country: "PL",
      incomeSource: "SALARY",
      openAccountReason: "DAILY_USE",
    },
  });
  const deposit = h.sandbox.simulate.cryptoDeposit({
    externalUserId: "rich",
    currency: "usdc",
    amount: "10",
    network: "polygon",
    travelRule: true,
  });
  return {
    cardId: [card.cardId],
    transferId: [sepa.transferId, transfer.transferId],
    exchangeId: [exchange.exchangeId],
    withdrawalId: [withdrawal.withdrawalId],
    orderId: [order.orderId],
    paymentLinkId: [link.paymentLinkId],
    lockId: [spareLock.lockId, spareOrderLock.lockId],
    verificationId: [verificationId],
    cryptoDepositId: [deposit.cryptoDepositId],
  };
}

describe("sandbox versus spec: error codes", () => {
  it("every error code the sandbox answers, under many conditions, is listed by the operation's spec entry", async () => {
    const h = harness();
    const records = await world(h);
    const answered = new Map<string, Set<string>>();
    const unlisted: string[] = [];
    const operations = Object.keys(operationTable) as OperationId[];
    for (const operationId of operations) {
      const doc = documented(operationId);
      const op = operationTable[operationId];
      for (const user of ["rich", "fresh", "frozen", "ghost"]) {
        for (const pick of [0, 1, -1]) {
          const ids = Object.fromEntries(
            ID_KEYS.map((k) => [k, pick < 0 ? UNKNOWN_ID : (records[k]?.[pick] ?? records[k]?.[0] ?? UNKNOWN_ID)]),
          );
          const params = fill(doc.params, user, ids);
          const query = fill(doc.query, user, ids);
          const bodies: unknown[] = doc.multipart
            ? [undefined]
            : [fill(doc.body, user, ids), { ...fill(doc.body ?? {}, user, ids), amount: "99999999" }, {}];
          for (const body of bodies) {
            const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? "x"));
            const url = new URL(`${h.sandbox.baseUrl}${path}`);
            for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
            const init: RequestInit = { method: op.method.toUpperCase(), headers: { "x-api-key": h.sandbox.apiKey } };
            if (doc.multipart) init.body = pdfForm();
            else if (body !== undefined && init.method !== "GET") {
              init.body = JSON.stringify(body);
              (init.headers as Record<string, string>)["content-type"] = "application/json";
            }
            const response = await h.sandbox.fetch(url, init);
            const text = await response.text();
            const code = text.startsWith("{") ? (JSON.parse(text) as { errorCode?: string }).errorCode : undefined;
            if (code === undefined) continue;
            const codes = answered.get(operationId) ?? new Set<string>();
            answered.set(operationId, codes.add(code));
            const validation = (response.headers.get(RULES_HEADER) ?? "").split(", ").includes("SBX-API-3");
            if (!specErrorCodes(operationId).has(code) && !(code === "P403" && validation)) {
              unlisted.push(
                `${operationId} ${code}: ${text.slice(0, 160)} (rules ${response.headers.get(RULES_HEADER)})`,
              );
            }
          }
        }
        await h.sandbox.advance(1_000);
      }
    }
    expect(h.sandbox.internalErrors).toEqual([]);
    expect([...new Set(unlisted)]).toEqual([]);
    // The exercise must reach business codes, not validation alone, or it would prove little.
    const all = new Set([...answered.values()].flatMap((codes) => [...codes]));
    expect([...all].sort()).toEqual(
      expect.arrayContaining(["P211", "P403", "P411", "P412", "P428", "P433", "P434", "P454"]),
    );
  });
});
