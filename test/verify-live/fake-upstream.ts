// A fake P100 server on loopback for the verify:live tests: it records every request it receives and answers
// per path, like a real staging server would: some paths confirmed, some unknown (404 without a P-code), some
// drifting from the schema. Run it by hand with `npx tsx test/verify-live/fake-upstream.ts` (prints its URL).
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";

export const FAKE_API_KEY = "fake-staging-key-7f3a9c";
export const FAKE_USER = "u-123";

/** One request the fake received. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

type Answer = { status: number; body: unknown };

/** What the fake answers, per exact path (query ignored). Unlisted paths: 404 without a P-code, like a router. */
export const FAKE_ROUTES: Record<string, Answer> = {
  // Confirmed: documented 200.
  "/v1/partner/balances": { status: 200, body: [{ currency: "EUR", amount: "10.00" }] },
  "/v1/card/limits/u-123/card-9": { status: 200, body: { dailyLimit: 100, monthlyLimit: 1000 } },
  // Confirmed through a documented P-code error.
  [`/v1/user/balances/${FAKE_USER}`]: { status: 400, body: { errorCode: "P412", errorName: "invalid-user", errorMessage: "User not found" } },
  [`/v1/user/kyc/${FAKE_USER}`]: { status: 404, body: { errorCode: "P445", errorMessage: "KYC not found" } },
  // Drift: wrong types, a missing required field.
  "/v1/user/crypto-withdrawal/u-123/w-1": { status: 200, body: { id: "w-1", amount: true, network: 5 } },
  // Drift: a status the spec does not document (P-code, so the path exists).
  "/v1/partner/order/o-1": { status: 400, body: { errorCode: "P412", errorMessage: "Order not found" } },
};

/** Starts the fake on 127.0.0.1 (random port unless given). */
export async function startFakeUpstream(routes: Record<string, Answer> = FAKE_ROUTES, port = 0) {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    req.resume();
    const send = (status: number, body: unknown) => {
      const json = typeof body !== "string";
      res.writeHead(status, { "content-type": json ? "application/json" : "text/plain" });
      res.end(json ? JSON.stringify(body) : body);
    };
    if (!req.headers["x-api-key"]) return send(401, "Access Denied. xo1");
    if (req.headers["x-api-key"] !== FAKE_API_KEY) return send(401, "Access Denied. xo2");
    const path = (req.url ?? "").split("?")[0] ?? "";
    const answer = req.method === "GET" ? routes[path] : undefined;
    if (answer) return send(answer.status, answer.body);
    // The shape of an unknown route on a NestJS-like server: JSON, but no P-code.
    send(404, { statusCode: 404, message: `Cannot ${req.method} ${path}`, error: "Not Found" });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: chosen } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${chosen}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const fake = await startFakeUpstream(FAKE_ROUTES, Number(process.env.PORT ?? 0));
  console.log(`fake P100 upstream on ${fake.url} (API key ${FAKE_API_KEY}, user ${FAKE_USER}); Ctrl+C to stop`);
  process.once("SIGINT", () => void fake.close().then(() => process.exit(0)));
}
