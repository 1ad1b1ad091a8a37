// Hostile input: malformed JSON, unknown paths, wrong methods, oversized bodies, bad encodings and unknown ids get
// their answers (documented ones where the docs have them), in process and over HTTP.
import { describe, expect, it } from "vitest";
import { createSandbox } from "../../src/sandbox/index.js";
import { fundedUser, harness, START } from "./support.js";

const sandbox = () => createSandbox({ startTime: START, maxBodyBytes: 1024 });

async function send(
  s: ReturnType<typeof sandbox>,
  method: string,
  path: string,
  body?: BodyInit,
  headers: Record<string, string> = {},
) {
  const response = await s.fetch(`${s.baseUrl}${path}`, {
    method,
    headers: { "x-api-key": s.apiKey, "content-type": "application/json", ...headers },
    ...(body !== undefined ? { body, duplex: "half" } : {}),
  } as RequestInit);
  const text = await response.text();
  return { status: response.status, body: text.startsWith("{") ? JSON.parse(text) : text, headers: response.headers };
}

describe("sandbox hostile input", () => {
  it("malformed JSON, a JSON array, invalid UTF-8 and an empty required body get P403", async () => {
    const s = sandbox();
    for (const body of ["{", "[1,2]", "null", new Uint8Array([0x7b, 0xff, 0x7d])]) {
      const answer = await send(s, "POST", "/v1/transfer", body);
      expect(answer.status).toBe(400);
      expect(answer.body.errorCode).toBe("P403");
    }
    expect((await send(s, "POST", "/v1/transfer")).body.errorCode).toBe("P403");
  });

  it("unknown paths and wrong methods get 404 in the framework's shape; the sandbox header is always there", async () => {
    const s = sandbox();
    const unknown = await send(s, "GET", "/v1/does-not-exist");
    expect(unknown).toMatchObject({
      status: 404,
      body: { statusCode: 404, message: "Cannot GET /v1/does-not-exist", error: "Not Found" },
    });
    expect(unknown.headers.get("x-p100-sandbox")).toBe("true");
    expect((await send(s, "PUT", "/v1/partner/balances")).status).toBe(404);
    expect((await send(s, "GET", "/v1/transfer")).status).toBe(404);
    // A literal path of one method can still be a parameter of another: this GET reads a user called "crypto-and-fiat"
    // (P412, answered as P403 naming it while getUserBalances's spec entry lists no P412).
    expect((await send(s, "GET", "/v1/user/balances/crypto-and-fiat")).body.errorMessage).toMatch(
      /P412|user does not exist/i,
    );
  });

  it("a body over the limit gets 413, declared or streamed without a length", async () => {
    const s = sandbox();
    const big = `{"amount":"${"1".repeat(2000)}"}`;
    expect((await send(s, "POST", "/v1/transfer", big)).status).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode(" ".repeat(200)));
        controller.close();
      },
    });
    expect((await send(s, "POST", "/v1/transfer", stream)).status).toBe(413);
  });

  it("a badly encoded path parameter gets P403", async () => {
    const answer = await send(sandbox(), "GET", "/v1/user/balances/%E0%A4%A");
    expect([answer.status, answer.body.errorCode]).toEqual([400, "P403"]);
  });

  it("unknown ids get their documented code where there is one (P412, P428, P434), else P403", async () => {
    const h = harness();
    await fundedUser(h, "u-1");
    await h.fails("getSepaTransferDetails", "P428", { params: { transferId: "x" } });
    await h.fails("getCardLimits", "P434", { params: { externalUserId: "u-1", cardId: "x" } });
    await h.fails("getCardLimits", "P412", { params: { externalUserId: "x", cardId: "x" } });
    for (const [op, name] of [
      ["getTransferDetails", "transferId"],
      ["getCryptoWithdrawalDetails", "withdrawalId"],
      ["getOrderDetails", "orderId"],
      ["getPaymentLinkDetails", "paymentLinkId"],
      ["getPartnerExchangeDetails", "exchangeId"],
    ] as const) {
      await h.fails(op, "P403", { params: { [name]: "x" } });
    }
    await h.fails("createOrder", "P403", { body: { lockId: "x" } });
    await h.fails("updateTravelRule", "P403", { params: { cryptoDepositId: "x" }, body: { walletType: "CUSTODIAL" } });
  });

  it("over HTTP: garbage and oversized requests are answered and the server keeps serving", async () => {
    const s = sandbox();
    const url = await s.listen({ port: 0 });
    try {
      const post = (body: string) =>
        fetch(`${url}/v1/transfer`, {
          method: "POST",
          headers: { "x-api-key": s.apiKey, "content-type": "application/json" },
          body,
        });
      expect((await post("{{{")).status).toBe(400);
      expect((await post("x".repeat(10_000))).status).toBe(413);
      const ok = await fetch(`${url}/v1/partner/balances`, { headers: { "x-api-key": s.apiKey } });
      expect(ok.status).toBe(200);
      expect(ok.headers.get("x-p100-sandbox")).toBe("true");
      expect((await fetch(`${url}/v1/partner/balances`)).status).toBe(401);
    } finally {
      await s.close();
    }
  });
});
