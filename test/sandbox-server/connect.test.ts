// connectSandbox drives a sandbox that `p100 sandbox` serves in another process, with the calls a test would make in
// process (simulate.*, advance, settle, now, deliveries, events, ledger, state, reset), all async; the SDK client talks
// to the same process. Its types are the in-process ones, promisified, so the two cannot drift.
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { createP100Client, type P100Client } from "../../src/index.js";
import {
  connectSandbox,
  createSandbox,
  SandboxControlError,
  type RemoteSandbox,
  type Sandbox,
} from "../../src/sandbox/index.js";
import { exampleUser } from "../../examples/example-user.js";
import { startSandboxProcess, type SandboxProcess } from "./child.js";

let served: SandboxProcess;
let remote: RemoteSandbox;
let p100: P100Client;
beforeAll(async () => {
  served = await startSandboxProcess(["--port", "0", "--api-key", "connect-key"]);
  remote = connectSandbox({ baseUrl: served.url, apiKey: "connect-key" });
  p100 = createP100Client({ apiKey: "connect-key", baseUrl: served.url, maxRetries: 0 });
});
afterAll(async () => {
  const result = await served?.stop();
  expect(result?.code).toBe(0);
});

describe("connectSandbox", () => {
  it("has the in-process surface with every member async (types derived from Sandbox)", () => {
    expectTypeOf<RemoteSandbox["simulate"]["kycApproved"]>().toEqualTypeOf<(externalUserId: string) => Promise<void>>();
    expectTypeOf<RemoteSandbox["simulate"]["sepaDeposit"]>().parameters.toEqualTypeOf<
      Parameters<Sandbox["simulate"]["sepaDeposit"]>
    >();
    expectTypeOf<RemoteSandbox["simulate"]["sepaDeposit"]>().returns.toEqualTypeOf<
      Promise<ReturnType<Sandbox["simulate"]["sepaDeposit"]>>
    >();
    expectTypeOf<RemoteSandbox["now"]>().toEqualTypeOf<() => Promise<Date>>();
    expectTypeOf<RemoteSandbox["ledger"]>().returns.toEqualTypeOf<Promise<Sandbox["ledger"]>>();
    expectTypeOf<RemoteSandbox["advance"]>().toEqualTypeOf<(ms: number) => Promise<void>>();
    // Every simulate call of the in-process sandbox is on the remote one, and no other.
    expectTypeOf<keyof RemoteSandbox["simulate"]>().toEqualTypeOf<keyof Sandbox["simulate"]>();
    expect(Object.keys(createSandbox().simulate).length).toBeGreaterThan(10);
  });

  it("takes a user from another process through KYC, a deposit and an exchange, with the client and the control calls", async () => {
    const externalUserId = "connect-user-1";
    await p100.createUser(exampleUser(externalUserId));
    const { verificationId } = await p100.createKycVerification({
      externalUserId,
      documentType: "ID_CARD",
      country: "PL",
      incomeSource: "SALARY",
      openAccountReason: "INVESTMENTS_OR_CRYPTOCURRENCIE",
    });
    expect(verificationId).toBeTypeOf("string");
    await remote.simulate.kycApproved(externalUserId);
    await p100.addUserVerification({ externalUserId, documentType: "ID_CARD", documentNumber: "CEV12630" });
    expect((await p100.getKycStatus({ externalUserId })).verificationStatus).toBe("VERIFIED");

    const outcome = await remote.simulate.sepaDeposit({
      externalUserId,
      amount: "1000.00",
      senderName: "Jan Kowalski",
    });
    expect(outcome).toEqual({ status: "APPROVED", amount: "1000.00" });
    const lock = await p100.lockUserExchangeRate({
      externalUserId,
      currencyFrom: "eur",
      currencyTo: "btc",
      amount: "450",
    });
    await p100.createUserExchange({
      externalUserId,
      amount: "450",
      currencyFrom: "eur",
      currencyTo: "btc",
      lockId: lock.lockId,
    });
    const balances = await p100.getUserBalances({ externalUserId });
    expect(String(balances.fiatBalances[0]?.amount)).toBe("550.00");

    const ledger = await remote.ledger();
    expect(
      ledger.filter((e) => e.account === externalUserId).map((e) => `${e.currency} ${e.delta} ${e.reason}`),
    ).toEqual(expect.arrayContaining(["eur 1000.00 sepaDeposit", "eur -450.00 exchange"]));
    expect((await remote.events()).map((e) => e.kind)).toEqual(
      expect.arrayContaining(["kycVerificationStatus", "sepaDeposit"]),
    );
    expect(await remote.deliveries()).toEqual([]);
    expect((await remote.state()).users.map((u) => u.externalUserId)).toContain(externalUserId);
    const code = await remote.simulate.card3dsCode(externalUserId, "no-such-card").catch((error: unknown) => error);
    expect(code).toBeInstanceOf(SandboxControlError);
  });

  it("moves the virtual clock: advance, settle and now", async () => {
    const before = await remote.now();
    expect(before).toBeInstanceOf(Date);
    await remote.advance(3_600_000);
    await remote.settle();
    // The served clock also follows real time, so at least the hour has passed.
    expect((await remote.now()).getTime() - before.getTime()).toBeGreaterThanOrEqual(3_600_000);
  });

  it("throws a SandboxControlError with the server's reason: a failed call, a wrong argument, an unknown call, a wrong key", async () => {
    const failed = await remote.simulate.kycApproved("nobody").catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(SandboxControlError);
    expect(failed).toMatchObject({ status: 422, code: "call_failed", errorCode: "P412" });
    const wrong = await remote.advance(-1).catch((error: unknown) => error);
    expect(wrong).toMatchObject({
      status: 400,
      code: "invalid_arguments",
      message: expect.stringContaining("ms must be a non-negative integer"),
    });
    const unknown = (remote.simulate as unknown as Record<string, () => Promise<unknown>>).noSuchEvent;
    await expect(unknown?.()).rejects.toMatchObject({
      status: 404,
      code: "unknown_call",
      message: expect.stringContaining("simulate/kycApproved"),
    });
    const intruder = connectSandbox({ baseUrl: served.url, apiKey: "wrong" });
    await expect(intruder.reset()).rejects.toMatchObject({ status: 401, code: "unauthorized" });
    expect((await remote.state()).users.length).toBeGreaterThan(0);
  });

  it("refuses a base URL or key it cannot use, before any request", () => {
    expect(() => connectSandbox({ baseUrl: "127.0.0.1:4010", apiKey: "k" })).toThrow(
      /baseUrl must be the sandbox's http\(s\) URL, e\.g\. http:\/\/127\.0\.0\.1:4010, got "127\.0\.0\.1:4010"/,
    );
    expect(() => connectSandbox({ baseUrl: "http://a:b:c", apiKey: "k" })).toThrow(TypeError);
    expect(() => connectSandbox({ baseUrl: served.url, apiKey: "" })).toThrow(/apiKey must be the sandbox's API key/);
  });

  it("reset starts the served sandbox over", async () => {
    await remote.reset();
    expect((await remote.state()).users).toEqual([]);
    await expect(p100.getUserBalances({ externalUserId: "connect-user-1" })).rejects.toMatchObject({
      errorCode: "P412",
    });
  });
});
