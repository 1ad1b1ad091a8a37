// The control API beside the emulated API: every simulate call and advance/settle/now/deliveries/events/ledger/
// state/reset by name under /_sandbox/, with the API key; unknown names list the valid ones, wrong arguments say what is
// wrong, a wrong key changes nothing, and nothing under the prefix is ever answered as a P100 path.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox } from "../../src/sandbox/index.js";
import { startSandboxServer, type SandboxServer } from "../../src/sandbox/server.js";
import { exampleUser } from "../../examples/example-user.js";

let server: SandboxServer;
beforeAll(async () => {
  server = await startSandboxServer({ apiKey: "control-key", startTime: "2026-01-05T09:00:00Z" });
});
afterAll(() => server.close());

const KEY = { "x-api-key": "control-key" };

/** A control call: POST with a JSON array of arguments (or GET), returning the status and the parsed body. */
async function control(name: string, args?: unknown, init: { method?: string; headers?: Record<string, string> } = {}) {
  const method = init.method ?? (args === undefined ? "GET" : "POST");
  const response = await fetch(`${server.url}/_sandbox/${name}`, {
    method,
    headers: { ...KEY, "content-type": "application/json", ...init.headers },
    ...(args === undefined ? {} : { body: typeof args === "string" ? args : JSON.stringify(args) }),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return {
    status: response.status,
    body: (await response.json()) as any,
    sandbox: response.headers.get("x-p100-sandbox"),
  };
}

let users = 0;
async function createUser(externalUserId: string) {
  users += 1;
  const response = await fetch(`${server.url}/v1/user/balances/crypto-and-fiat`, {
    method: "POST",
    headers: { ...KEY, "content-type": "application/json" },
    // Phone numbers and emails are unique per user (P464/P465).
    body: JSON.stringify({
      ...exampleUser(externalUserId, `${externalUserId}@example.pl`),
      phone: `4860123450${users}`,
    }),
  });
  expect(response.status).toBe(201);
}

describe("control API (/_sandbox/)", () => {
  it("offers every simulate call of the in-process sandbox and every other control call, listed at /_sandbox/", async () => {
    const { status, body } = await control("");
    expect(status).toBe(200);
    const simulateNames = Object.keys(createSandbox().simulate).map((n) => `POST /_sandbox/simulate/${n}`);
    expect(body.result).toEqual(expect.arrayContaining(simulateNames));
    for (const read of ["now", "deliveries", "events", "ledger", "state"])
      expect(body.result).toContain(`GET /_sandbox/${read}`);
    for (const write of ["advance", "settle", "reset"]) expect(body.result).toContain(`POST /_sandbox/${write}`);
  });

  it("runs simulate calls by name with JSON arguments: KYC approval, a SEPA deposit, its ledger entry", async () => {
    await createUser("control-user-1");
    const approved = await control("simulate/kycApproved", ["control-user-1"]);
    expect(approved).toMatchObject({ status: 200, body: { result: null }, sandbox: "true" });
    // Add User Verification finalises onboarding: the balances (and the IBAN the deposit needs) are generated then.
    const verification = await fetch(`${server.url}/v1/user/verification`, {
      method: "POST",
      headers: { ...KEY, "content-type": "application/json" },
      body: JSON.stringify({ externalUserId: "control-user-1", documentType: "ID_CARD", documentNumber: "CEV12630" }),
    });
    expect(verification.ok).toBe(true);
    const deposit = await control("simulate/sepaDeposit", [
      { externalUserId: "control-user-1", amount: "250.00", senderName: "Jan Kowalski" },
    ]);
    expect(deposit.body).toEqual({ result: { status: "APPROVED", amount: "250.00" } });
    const ledger = await control("ledger");
    expect(ledger.body.result.at(-1)).toMatchObject({
      account: "control-user-1",
      currency: "eur",
      delta: "250.00",
      reason: "sepaDeposit",
    });
    const events = await control("events");
    expect(events.body.result.map((e: { kind: string }) => e.kind)).toContain("sepaDeposit");
    expect((await control("deliveries")).body.result).toEqual([]);
    expect((await control("state")).body.result.format).toBe("p100-sandbox-state");
    expect(await control("simulate/card3dsCode", ["control-user-1", "no-such-card"])).toMatchObject({
      status: 422,
      body: { error: "call_failed" },
    });
  });

  it("moves the virtual clock with advance and reads it with now; settle answers once deliveries are done", async () => {
    const before = Date.parse((await control("now")).body.result);
    expect(await control("advance", [90_000])).toMatchObject({ status: 200 });
    expect(Date.parse((await control("now")).body.result) - before).toBe(90_000);
    expect(await control("settle", [])).toMatchObject({ status: 200, body: { result: null } });
  });

  it("answers an unknown name with 404 and the list of valid ones", async () => {
    const { status, body } = await control("simulate/kycApprove", ["u"]);
    expect(status).toBe(404);
    expect(body.error).toBe("unknown_call");
    expect(body.message).toContain("simulate/kycApproved");
    expect(body.valid).toContain("simulate/kycApproved");
    expect(body.valid).toContain("advance");
  });

  it("checks the arguments before running anything, with a message naming the argument", async () => {
    const ledger = (await control("ledger")).body.result.length;
    const cases: [string, unknown, RegExp][] = [
      ["simulate/kycApproved", [], /expected 1 argument\(s\) \(externalUserId\), got 0/],
      ["simulate/kycApproved", [42], /externalUserId must be a non-empty string, got number/],
      ["simulate/sepaDeposit", [{ amount: true }], /deposit\.amount must be a decimal string or a number, got boolean/],
      [
        "simulate/sepaDeposit",
        [{ amount: "1", sender: "x" }],
        /deposit has unknown field sender \(known: externalUserId, amount, senderIban, senderName\)/,
      ],
      ["simulate/poaDecided", ["u", "MAYBE"], /status must be one of APPROVED, REJECTED, QUESTIONED, got "MAYBE"/],
      ["advance", [-5], /ms must be a non-negative integer/],
      ["simulate/kycApproved", { externalUserId: "u" }, /must be a JSON array of the call's arguments/],
      ["simulate/kycApproved", "[not json", /must be a JSON array/],
    ];
    for (const [name, args, message] of cases) {
      const { status, body } = await control(name, args);
      expect(status, name).toBe(400);
      expect(body.message, name).toMatch(message);
    }
    expect((await control("ledger")).body.result).toHaveLength(ledger);
  });

  it("refuses a missing or wrong key with 401 and changes nothing", async () => {
    const before = (await control("state")).body.result;
    for (const headers of [{ "x-api-key": "wrong" }, { "x-api-key": "" }]) {
      const deposit = await control("simulate/sepaDeposit", [{ amount: "999" }], { headers });
      expect(deposit).toMatchObject({ status: 401, body: { error: "unauthorized" } });
      expect(await control("reset", [], { headers })).toMatchObject({ status: 401 });
      expect(await control("state", undefined, { headers })).toMatchObject({ status: 401 });
    }
    expect((await control("state")).body.result).toEqual(before);
  });

  it("answers the wrong method with 405 and the one it takes", async () => {
    const response = await fetch(`${server.url}/_sandbox/ledger`, { method: "POST", headers: KEY, body: "[]" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET");
    expect(await control("simulate/kycApproved", undefined, { method: "GET" })).toMatchObject({ status: 405 });
  });

  it("never answers a path under the prefix as a P100 path", async () => {
    // The P100 path exists; prefixed, it is a control name the API does not have.
    expect(await control("v1/partner/balances")).toMatchObject({ status: 404, body: { error: "unknown_call" } });
    const bare = await fetch(`${server.url}/_sandbox`, { headers: KEY });
    expect(((await bare.json()) as { result: string[] }).result).toContain("POST /_sandbox/reset");
    // The in-process sandbox (no control API) answers the prefix as a route it does not have, never as an operation.
    const sandbox = createSandbox();
    const inProcess = await sandbox.fetch(`${sandbox.baseUrl}/_sandbox/v1/partner/balances`, {
      headers: { "x-api-key": sandbox.apiKey },
    });
    expect(inProcess.status).toBe(404);
  });

  it("reset starts over with an empty sandbox made from the same options", async () => {
    await createUser("control-user-2");
    expect(await control("reset", [])).toMatchObject({ status: 200 });
    const state = (await control("state")).body.result;
    expect(state.users).toEqual([]);
    expect(state.now).toBe("2026-01-05T09:00:00.000Z");
    const balances = await fetch(`${server.url}/v1/user/balances/control-user-2`, { headers: KEY });
    expect(((await balances.json()) as { errorCode: string }).errorCode).toBe("P412");
  });
});
