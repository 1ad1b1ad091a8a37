// State export and import, determinism of ids, and the memory bound of maxUsers.
import { describe, expect, it } from "vitest";
import { createSandbox } from "../../src/sandbox/index.js";
import { harness, onboard, START, userBody } from "./support.js";

describe("sandbox state", () => {
  it("a state survives a JSON round trip and the copy continues exactly like the original", async () => {
    const h = harness();
    await h.ok("createUser", { body: userBody("u-1") });
    await onboard(h, "u-1");
    h.sandbox.simulate.sepaDeposit({ externalUserId: "u-1", amount: "42.42", senderName: "Jan Kowalski" });
    await h.sandbox.settle();
    const saved = JSON.parse(JSON.stringify(h.sandbox.state()));
    const copy = createSandbox({ initialState: saved });
    expect(copy.state()).toEqual(h.sandbox.state());
    const body = JSON.stringify({ destinationExternalUserId: "u-1", amount: "1.00", currency: "eur" });
    const send = (s: typeof copy) =>
      s
        .fetch(`${s.baseUrl}/v1/transfer`, {
          method: "POST",
          headers: { "x-api-key": s.apiKey, "content-type": "application/json" },
          body,
        })
        .then((r) => r.json());
    expect(await send(copy)).toEqual(await send(h.sandbox));
    expect(copy.now().toISOString()).toBe(h.sandbox.now().toISOString());
  });

  it("the same seed gives the same ids; another seed gives others", async () => {
    const ids = async (seed: number) => {
      const s = createSandbox({ seed, startTime: START });
      const r = await s.fetch(`${s.baseUrl}/v1/user/balances/crypto-and-fiat`, {
        method: "POST",
        headers: { "x-api-key": s.apiKey, "content-type": "application/json" },
        body: JSON.stringify(userBody("u-1")),
      });
      return ((await r.json()) as { userId: string }).userId;
    };
    expect(await ids(1)).toBe(await ids(1));
    expect(await ids(1)).not.toBe(await ids(2));
    expect(await ids(1)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("maxUsers bounds memory: the oldest users are forgotten", async () => {
    const h = harness({ maxUsers: 5 });
    for (let i = 0; i < 12; i++) await h.ok("createUser", { body: userBody(`u-${i}`) });
    expect(h.sandbox.state().users.map((u) => u.externalUserId)).toEqual(["u-7", "u-8", "u-9", "u-10", "u-11"]);
    await h.fails("getUserBalances", "P412", { params: { externalUserId: "u-0" } });
    // A forgotten user's email is free again.
    await h.ok("createUser", { body: userBody("u-0") });
  });

  it("refuses a file that is not a sandbox state", () => {
    expect(() => createSandbox({ initialState: { format: "other" } as never })).toThrow(/not a p100 sandbox state/);
  });
});
