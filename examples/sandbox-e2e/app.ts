// A partner's backend as its own process, for an end-to-end test against `p100 sandbox` running in another process
// (test/examples/sandbox-e2e.test.ts drives both). It does what a real backend does: creates users, starts KYC
// method B and hands out the page URL for the user's browser, finishes onboarding with Add User Verification, exchanges
// EUR for BTC, and keeps its own view of each user from P100's webhooks.
//
//   npx p100 sandbox --port 4010 --webhook-url http://127.0.0.1:3000 --token whsec-e2e
//   P100_BASE_URL=http://127.0.0.1:4010 P100_API_KEY=sandbox-api-key P100_WEBHOOK_TOKEN=whsec-e2e PORT=3000 npx tsx examples/sandbox-e2e/app.ts
//
// Routes: POST /signup {externalUserId}, POST /users/{id}/kyc-finished, POST /users/{id}/exchange {amount},
// GET /users/{id}; P100's webhooks arrive under /webhook/.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createP100Client, isP100Error } from "p100-partner-sdk";
import { createNodeWebhookHandler, webhookKinds, type WebhookCallbacks } from "p100-partner-sdk/webhooks";
import { exampleUser } from "../example-user.js";

/** The app's own record of a user, kept up to date by webhooks. */
interface UserView {
  kyc: string;
  balances: string;
  deposits: string[];
  exchanges: string[];
}

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const p100 = createP100Client({ apiKey: env("P100_API_KEY"), baseUrl: env("P100_BASE_URL"), maxRetries: 0 });
const users = new Map<string, UserView>();
/** Whose exchange each exchangeId is: the exchange webhook carries only the id and the status. */
const exchangeOwners = new Map<string, string>();
const view = (id: string | null | undefined) => {
  const key = id ?? "(partner)";
  let user = users.get(key);
  if (!user) users.set(key, (user = { kyc: "NOT_STARTED", balances: "NONE", deposits: [], exchanges: [] }));
  return user;
};

// Every kind is acknowledged (P100 would retry a 404); the ones this app cares about update its view.
const acknowledge = Object.fromEntries(
  webhookKinds.map((kind) => [kind, () => undefined]),
) as unknown as WebhookCallbacks;
const webhooks = createNodeWebhookHandler({
  token: env("P100_WEBHOOK_TOKEN"),
  on: {
    ...acknowledge,
    kycVerificationStatus: (p) => void (view(p.externalUserId).kyc = String(p.verificationStatus)),
    userBalanceGeneration: (p) => void (view(p.externalUserId).balances = String(p.status)),
    sepaDeposit: (p) => void view(p.externalUserId).deposits.push(`${String(p.amount)} ${String(p.currency)}`),
    exchange: (p) =>
      void view(exchangeOwners.get(p.exchangeId ?? "")).exchanges.push(`${p.exchangeId} ${String(p.status)}`),
  },
});

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = "";
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 65_536) throw new Error("body too large");
  }
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/** The app's routes; P100 errors are answered 502 with their code, so the caller sees what P100 said. */
async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://app.invalid");
  const [, users_, id, action] = url.pathname.split("/");
  if (req.method === "POST" && url.pathname === "/signup") {
    const { externalUserId } = await readJson(req);
    if (typeof externalUserId !== "string") return reply(res, 400, { error: "externalUserId is required" });
    await p100.createUser(exampleUser(externalUserId, `${externalUserId}@example.pl`));
    const { verificationId } = await p100.createKycVerification({
      externalUserId,
      documentType: "ID_CARD",
      country: "PL",
      incomeSource: "SALARY",
      openAccountReason: "INVESTMENTS_OR_CRYPTOCURRENCIE",
    });
    view(externalUserId).kyc = "PENDING";
    // The user's browser opens this page (P100 forwards it to the identity provider; the sandbox shows Approve / Reject).
    return reply(res, 201, { kycUrl: p100.kycVerificationPageUrl({ externalUserId, verificationId }) });
  }
  if (users_ !== "users" || !id) return reply(res, 404, { error: "not found" });
  if (req.method === "GET" && action === undefined) {
    const balances = await p100.getUserBalances({ externalUserId: id });
    return reply(res, 200, {
      ...view(id),
      eur: String(balances.fiatBalances[0]?.amount),
      btc: String(balances.cryptoBalances.find((b) => b.name === "btc")?.amount),
    });
  }
  if (req.method === "POST" && action === "kyc-finished") {
    // The documented step once the user has finished KYC: the document data, after which balances are generated.
    await p100.addUserVerification({ externalUserId: id, documentType: "ID_CARD", documentNumber: "CEV12630" });
    return reply(res, 200, {});
  }
  if (req.method === "POST" && action === "exchange") {
    const { amount } = await readJson(req);
    const lock = await p100.lockUserExchangeRate({
      externalUserId: id,
      currencyFrom: "eur",
      currencyTo: "btc",
      amount: String(amount),
    });
    const { exchangeId } = await p100.createUserExchange({
      externalUserId: id,
      amount: String(amount),
      currencyFrom: "eur",
      currencyTo: "btc",
      lockId: lock.lockId,
    });
    exchangeOwners.set(exchangeId, id);
    return reply(res, 201, { exchangeId });
  }
  return reply(res, 404, { error: "not found" });
}

const server = createServer((req, res) => {
  if ((req.url ?? "").startsWith("/webhook/")) return void webhooks(req, res);
  route(req, res).catch((error: unknown) => {
    if (isP100Error(error))
      reply(res, 502, { error: error.message, errorCode: "errorCode" in error ? error.errorCode : undefined });
    else reply(res, 500, { error: error instanceof Error ? error.message : String(error) });
  });
});
server.listen(Number(process.env.PORT ?? 3000), "127.0.0.1", () => {
  console.log(`app listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.once("SIGINT", () => server.close(() => process.exit(0)));
process.once("SIGTERM", () => server.close(() => process.exit(0)));
