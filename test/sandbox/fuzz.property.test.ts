// A fast-check property: random sequences of requests (documented examples with random changes, random JSON,
// garbage, random ids), simulate calls and clock moves. The sandbox must keep answering with a status it can answer,
// never fail internally, and its balances must never go negative nor differ from the sum of their ledger entries.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { operationTable, type OperationId } from "../../generated/operations.js";
import { CURRENCIES } from "../../src/sandbox/currencies.js";
import { toMinor } from "../../src/sandbox/money.js";
import type { Sandbox } from "../../src/sandbox/index.js";
import { deref, findOperation } from "../support/spec.js";
import { harness, userBody } from "./support.js";

const operations = Object.keys(operationTable) as OperationId[];
const ids = fc.constantFrom("u-a", "u-b", "u-c", "ghost", "", "%2F", "x".repeat(300));
const amounts = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("1", "0.01", "10.5", "99.99", "150") },
  fc.constantFrom("1000000", "0", "-5", "1e3", "0.000000001", "abc", ""),
  fc.double({ noNaN: false }),
  fc.integer({ min: -10, max: 100_000 }),
);
const currencies = fc.oneof({ weight: 4, arbitrary: fc.constant("eur") }, fc.constantFrom("EUR", "usdc", "eth", "btc", "xyz", ""));
/** Operations that move money, drawn more often so that the property exercises the books. */
const moneyOperations: OperationId[] = ["createTransfer", "createUserSepaTransfer", "createPartnerSepaTransfer", "createUserCryptoWithdrawal", "createPartnerCryptoWithdrawal"];

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
  garbage: fc.string({ maxLength: 40 }),
});

const action = fc.oneof(
  { weight: 8, arbitrary: request.map((r) => ({ type: "request" as const, ...r })) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("deposit" as const), user: fc.constantFrom("u-a", "u-b", undefined), amount: amounts }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("advance" as const), ms: fc.integer({ min: 0, max: 120_000 }) }) },
);

async function perform(s: Sandbox, a: Record<string, unknown>): Promise<number | undefined> {
  if (a.type === "deposit") {
    try {
      s.simulate.sepaDeposit({ ...(a.user ? { externalUserId: a.user as string } : {}), amount: a.amount as string, senderName: "Jan Kowalski" });
    } catch {
      // A refused simulation (bad amount, user without IBAN) is fine: it must just not change balances wrongly.
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

/** Balances are non-negative and equal to the sum of their ledger entries, for the partner and every user. */
function checkBooks(s: Sandbox): void {
  const state = s.state();
  const sums = new Map<string, bigint>();
  for (const entry of state.ledger) {
    const scale = CURRENCIES.find((c) => c.code === entry.currency)?.scale ?? 0;
    const key = `${entry.account}/${entry.currency}`;
    sums.set(key, (sums.get(key) ?? 0n) + toMinor(entry.delta, scale));
  }
  const accounts = [["partner", state.partner] as const, ...state.users.map((u) => [u.externalUserId, u.account] as const)];
  for (const [owner, account] of accounts) {
    for (const currency of CURRENCIES) {
      const amount = toMinor((account.balances[currency.code] as { amount: string }).amount, currency.scale);
      expect(amount >= 0n, `${owner} ${currency.code} is negative`).toBe(true);
      expect(amount, `${owner} ${currency.code} differs from its ledger`).toBe(sums.get(`${owner}/${currency.code}`) ?? 0n);
    }
  }
}

describe("sandbox under random requests (fast-check)", () => {
  it("keeps answering correctly; balances never go negative nor change without a ledger entry", async () => {
    let moved = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 30 }), async (actions) => {
        const h = harness({ partnerBalances: { eur: "500", usdc: "100" } });
        for (const id of ["u-a", "u-b"]) {
          await h.ok("createUser", { body: userBody(id) });
          h.sandbox.simulate.kycApproved(id);
        }
        h.sandbox.simulate.sepaDeposit({ externalUserId: "u-a", amount: "100", senderName: "Jan Kowalski" });
        for (const a of actions) {
          const status = await perform(h.sandbox, a as Record<string, unknown>);
          if (status !== undefined) expect([200, 201, 202, 400, 404, 413]).toContain(status);
        }
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
