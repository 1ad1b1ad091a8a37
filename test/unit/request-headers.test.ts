// Connection-level headers (the ones fetch manages itself) are refused before anything is sent, on the typed methods
// and on `p100.raw`, with the header named: Node's fetch fails on some of them without sending, which used to surface
// as a P100ConnectionError ("may or may not have been processed") and a second of retries.
import { describe, expect, it } from "vitest";
import { createP100Client, P100ArgumentError } from "../../src/index.js";
import { fakeFetch, json } from "../support/fake-fetch.js";
import { exampleUser } from "../../examples/example-user.js";

const headersToRefuse = [
  "Transfer-Encoding",
  "keep-alive",
  "upgrade",
  "connection",
  "Expect",
  "host",
  "content-length",
  "te",
  "proxy-authorization",
  "sec-fetch-mode",
];

describe("connection-level headers in `headers`", () => {
  it.each(headersToRefuse)("%s on a read: P100ArgumentError naming it, nothing sent, no retry", async (name) => {
    const fake = fakeFetch(json(200, {}));
    const p100 = createP100Client({ apiKey: "k", fetch: fake.fetch });
    const error = await p100.getPartnerBalances(undefined, { headers: { [name]: "x" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100ArgumentError);
    expect((error as Error).message).toContain(`"${name.toLowerCase()}"`);
    expect((error as Error).message).toContain("nothing was sent");
    expect(fake.calls).toHaveLength(0);
  });

  it("on a write: the message says nothing was sent (no money can have moved)", async () => {
    const fake = fakeFetch(json(201, { userId: "u" }));
    const p100 = createP100Client({ apiKey: "k", fetch: fake.fetch });
    const error = await p100
      .createUser(exampleUser("u-1", "jan@example.pl"), { headers: { "transfer-encoding": "chunked" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100ArgumentError);
    expect((error as Error).message).not.toMatch(/may or may not/);
    expect(fake.calls).toHaveLength(0);
  });

  it.each(["keep-alive", "Upgrade"])("%s through p100.raw: refused the same way", async (name) => {
    const fake = fakeFetch(json(200, {}));
    const p100 = createP100Client({ apiKey: "k", fetch: fake.fetch });
    const error = await p100.raw.GET("/v1/partner/balances", { headers: { [name]: "x" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100ArgumentError);
    expect((error as Error).message).toContain(`"${name.toLowerCase()}"`);
    expect(fake.calls).toHaveLength(0);
  });

  it("ordinary extra headers still go through", async () => {
    const fake = fakeFetch(json(200, {}));
    const p100 = createP100Client({ apiKey: "k", fetch: fake.fetch });
    await p100.getPartnerBalances(undefined, { headers: { "x-request-id": "r-1" } });
    await p100.raw.GET("/v1/partner/balances", { headers: { "x-request-id": "r-2" } });
    expect(fake.calls.map((call) => call.headers.get("x-request-id"))).toEqual(["r-1", "r-2"]);
  });
});
