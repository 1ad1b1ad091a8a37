// `p100.raw` checks path parameters as the typed methods do: URL parsing removes "." and ".." segments and an empty
// value leaves an empty one, so such a value would send the request, API key included, to another route
// (`DELETE /v1/user/{externalUserId}` with ".." used to reach `DELETE /v1/`).
import { describe, expect, it } from "vitest";
import { createP100Client, P100ArgumentError } from "../../src/index.js";
import { fakeFetch, json } from "../support/fake-fetch.js";

describe("p100.raw path parameters", () => {
  it.each(["..", ".", ""])("DELETE with %j: P100ArgumentError naming the parameter, nothing sent", async (bad) => {
    const fake = fakeFetch(json(200, {}));
    const p100 = createP100Client({ apiKey: "k", fetch: fake.fetch });
    const error = await p100.raw
      .DELETE("/v1/user/{externalUserId}", { params: { path: { externalUserId: bad } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100ArgumentError);
    expect((error as Error).message).toMatch(/externalUserId/);
    expect(fake.calls).toHaveLength(0);
  });

  it("a missing path parameter is refused too, on GET and through raw.request", async () => {
    const fake = fakeFetch(json(200, {}));
    const p100 = createP100Client({ apiKey: "k", fetch: fake.fetch });
    const missing = { params: { path: {} } } as never;
    await expect(p100.raw.GET("/v1/user/balances/{externalUserId}", missing)).rejects.toThrow(P100ArgumentError);
    await expect(p100.raw.request("delete", "/v1/user/{externalUserId}", missing)).rejects.toThrow(P100ArgumentError);
    expect(fake.calls).toHaveLength(0);
  });

  it("a usable value is sent as one encoded segment", async () => {
    const fake = fakeFetch(json(200, {}));
    const p100 = createP100Client({ apiKey: "k", baseUrl: "http://127.0.0.1:9", fetch: fake.fetch });
    await p100.raw.DELETE("/v1/user/{externalUserId}", { params: { path: { externalUserId: "a/../b" } } });
    expect(fake.calls.map((call) => call.url)).toEqual(["http://127.0.0.1:9/v1/user/a%2F..%2Fb"]);
  });
});
