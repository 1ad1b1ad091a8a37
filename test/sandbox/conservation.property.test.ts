// A fast-check property: random sequences of requests (documented examples with random changes, random JSON,
// garbage, random ids, a user named "partner"), simulate calls and clock moves. The sandbox must keep answering with a
// status it can answer, never fail internally, and keep its books: no balance ever negative, every balance equal to
// the sum of its ledger entries (every change has an entry), internal transfers netting to zero, and the total over
// the partner and all users (deleted ones included) moving only by external flows (deposits, withdrawals, payouts,
// card payments, exchanges with P100, fees).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { operationTable, type OperationId } from "../../generated/operations.js";
import { CURRENCIES } from "../../src/sandbox/currencies.js";
import { toMinor } from "../../src/sandbox/money.js";
import type { Sandbox } from "../../src/sandbox/index.js";
import { deref, findOperation } from "../support/spec.js";
import { harness, onboard, userBody } from "./support.js";

const operations = Object.keys(operationTable) as OperationId[];
const ids = fc.constantFrom("u-a", "u-b", "partner", "u-c", "ghost", "", "%2F", "x".repeat(300));
/** The IBAN the users and the partner deposit from: their own account, the only payout destination at level 1. */
const OWN = "DE89370400440532013000";
/** Ledger reasons of money entering or leaving the books (P100 or the outside world is the other side). */
const EXTERNAL = new Set([
  "opening",
  "sepaDeposit",
  "cryptoDeposit",
  "paymentLink",
  "order",
  "cardTransaction",
  "cardFee",
  "kycVerificationFee",
  "exchange",
  "exchangeRefund",
]);
for (const held of ["sepaTransfer", "sepaTransferFee", "cryptoWithdrawal", "cryptoWithdrawalFee"])
  EXTERNAL.add(held).add(`${held}Refund`);
/** Ledger reasons of money moving inside the books (partner <-> user): they net to zero. */
const INTERNAL = new Set(["transfer"]);
const amounts = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("1", "0.01", "10.5", "99.99", "150") },
  fc.constantFrom("1000000", "0", "-5", "1e3", "0.000000001", "abc", ""),
  fc.double({ noNaN: false }),
  fc.integer({ min: -10, max: 100_000 }),
);
const currencies = fc.oneof(
  { weight: 4, arbitrary: fc.constant("eur") },
  fc.constantFrom("EUR", "usdc", "eth", "btc", "xyz", ""),
);
/** Operations that move money, drawn more often so that the property exercises the books. */
const moneyOperations: OperationId[] = [
  "createTransfer",
  "createUserSepaTransfer",
  "createPartnerSepaTransfer",
  "createUserCryptoWithdrawal",
  "createPartnerCryptoWithdrawal",
  "deleteUser",
];

/** The documented body example of an operation (or undefined). */
function exampleBody(operationId: OperationId): Record<string, unknown> | undefined {
  const json = findOperation(operationId).op.requestBody?.content?.["application/json"];
  if (!json) return undefined;
  return json.examples ? deref(Object.values<{ value: unknown }>(json.examples)[0]).value : json.example;
}

const request = fc.record({
  operationId: fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...moneyOperations) }, fc.constantFrom(...operations)),
  user: ids,
  amount: amounts,
  currency: currencies,
  mode: fc.constantFrom("example", "example", "random", "garbage", "none"),
  random: fc.jsonValue({ maxDepth: 2 }),
  ownIban: fc.boolean(),
  garbage: fc.string({ maxLength: 40 }),
});

const action = fc.oneof(
  { weight: 8, arbitrary: request.map((r) => ({ type: "request" as const, ...r })) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant("deposit" as const),
      user: fc.constantFrom("u-a", "u-b", "partner", undefined),
      amount: amounts,
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("failPending" as const), index: fc.nat(20) }) },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant("advance" as const), ms: fc.integer({ min: 0, max: 120_000 }) }),
  },
);

async function perform(s: Sandbox, a: Record<string, unknown>): Promise<number | undefined> {
  if (a.type === "deposit") {
    try {
      s.simulate.sepaDeposit({
        ...(a.user ? { externalUserId: a.user as string } : {}),
        amount: a.amount as string,
        senderName: "Jan Kowalski",
        senderIban: OWN,
      });
    } catch {
      // A refused simulation (bad amount, user without IBAN) is fine: it must just not change balances wrongly.
    }
    return undefined;
  }
  if (a.type === "failPending") {
    // A simulated failure of some payout or withdrawal: refused once final, refunds while pending.
    const { sepaTransfers, withdrawals } = s.state().resources;
    const all = [
      ...sepaTransfers.map((r) => ["sepa", String(r.id)]),
      ...withdrawals.map((r) => ["crypto", String(r.id)]),
    ];
    const picked = all[(a.index as number) % Math.max(all.length, 1)];
    try {
      if (picked?.[0] === "sepa") s.simulate.sepaTransferFailed(picked[1] as string);
      else if (picked) s.simulate.cryptoWithdrawalFailed(picked[1] as string);
    } catch {
      // A final status never changes: the refusal is the expected outcome, the books must not move.
    }
    return undefined;
  }
  if (a.type === "advance") {
    await s.advance(a.ms as number);
    return undefined;
  }
  const operationId = a.operationId as OperationId;
  const op = operationTable[operationId];
  const path = op.path.replace(/\{([^}]+)\}/g, () => encodeURIComponent(a.user as string));
  const url = new URL(`${s.baseUrl}${path}`);
  url.searchParams.set("externalUserId", a.user as string);
  url.searchParams.set("currencyFrom", a.currency as string);
  url.searchParams.set("currencyTo", "eur");
  url.searchParams.set("currency", a.currency as string);
  url.searchParams.set("amount", String(a.amount));
  let body: string | undefined;
  if (a.mode === "example") {
    const example = { ...(exampleBody(operationId) ?? {}) };
    for (const key of Object.keys(example)) {
      if (/externalUserId/i.test(key)) example[key] = a.user;
      if (key === "amount") example[key] = a.amount;
      if (key === "currency" || key === "currencyFrom") example[key] = a.currency;
      if (key === "destinationIban" && a.ownIban) example[key] = OWN;
    }
    body = JSON.stringify(example);
  } else if (a.mode === "random") body = JSON.stringify(a.random);
  else if (a.mode === "garbage") body = a.garbage as string;
  const method = op.method.toUpperCase();
  const response = await s.fetch(url, {
    method,
    headers: { "x-api-key": s.apiKey, "content-type": "application/json" },
    ...(body !== undefined && method !== "GET" ? { body } : {}),
  });
  await response.arrayBuffer();
  return response.status;
}

/** The books: balances non-negative and equal to their ledger entries; internal flows net to zero; totals move only by external flows. */
function checkBooks(s: Sandbox): void {
  const state = s.state();
  const scaleOf = (code: string) => CURRENCIES.find((c) => c.code === code)?.scale ?? 0;
  const sums = new Map<string, bigint>();
  const external = new Map<string, bigint>();
  const internal = new Map<string, bigint>();
  for (const entry of state.ledger) {
    const delta = toMinor(entry.delta, scaleOf(entry.currency));
    const key = `${entry.party}:${entry.account}/${entry.currency}`;
    sums.set(key, (sums.get(key) ?? 0n) + delta);
    expect(EXTERNAL.has(entry.reason) || INTERNAL.has(entry.reason), `unknown ledger reason ${entry.reason}`).toBe(
      true,
    );
    const book = EXTERNAL.has(entry.reason) ? external : internal;
    const bookKey = EXTERNAL.has(entry.reason) ? entry.currency : `${entry.ref}/${entry.currency}`;
    book.set(bookKey, (book.get(bookKey) ?? 0n) + delta);
  }
  for (const [key, net] of internal) expect(net, `internal movement ${key} does not net to zero`).toBe(0n);
  const accounts = [
    ["partner:partner", state.partner] as const,
    ...state.users.map((u) => [`user:${u.externalUserId}`, u.account] as const),
  ];
  const totals = new Map<string, bigint>();
  for (const [owner, account] of accounts) {
    for (const currency of CURRENCIES) {
      const record = account.balances[currency.code] as { amount: string } | undefined;
      const amount = record ? toMinor(record.amount, currency.scale) : 0n;
      expect(amount >= 0n, `${owner} ${currency.code} is negative`).toBe(true);
      expect(amount, `${owner} ${currency.code} differs from its ledger`).toBe(
        sums.get(`${owner}/${currency.code}`) ?? 0n,
      );
      totals.set(currency.code, (totals.get(currency.code) ?? 0n) + amount);
    }
  }
  // Money of a deleted user would still be in the ledger but in no balance: the totals would differ.
  for (const currency of CURRENCIES) {
    expect(totals.get(currency.code) ?? 0n, `total ${currency.code} moved by more than the external flows`).toBe(
      external.get(currency.code) ?? 0n,
    );
  }
}

describe("sandbox under random requests (fast-check)", () => {
  it("keeps answering correctly; balances never go negative nor change without a ledger entry", async () => {
    let moved = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 30 }), async (actions) => {
        const h = harness({ partnerBalances: { eur: "500", usdc: "100" } });
        for (const id of ["u-a", "u-b", "partner"]) {
          await h.ok("createUser", { body: userBody(id) });
          await onboard(h, id);
        }
        h.sandbox.simulate.sepaDeposit({
          externalUserId: "u-a",
          amount: "100",
          senderName: "Jan Kowalski",
          senderIban: OWN,
        });
        h.sandbox.simulate.sepaDeposit({ amount: "1", senderIban: OWN });
        for (const a of actions) {
          const status = await perform(h.sandbox, a as Record<string, unknown>);
          if (status !== undefined) expect([200, 201, 202, 400, 404, 413]).toContain(status);
        }
        // Let every pending movement reach its final status, then check the books again.
        checkBooks(h.sandbox);
        await h.sandbox.advance(120_000);
        moved += h.sandbox.ledger.filter((e) => e.reason !== "opening" && e.reason !== "sepaDeposit").length;
        await h.sandbox.settle();
        expect(h.sandbox.internalErrors).toEqual([]);
        checkBooks(h.sandbox);
      }),
      { numRuns: 150 },
    );
    // The generated requests must really move money sometimes, or the property would prove nothing.
    expect(moved).toBeGreaterThan(0);
  });
});
