// Test your integration offline: a whole user journey against the in-memory sandbox, webhooks included, with no
// network and no P100 account. createUser -> KYC approval -> SEPA deposit -> exchange -> SEPA payout, while a
// receiver from p100-partner-sdk/webhooks authenticates, validates and records every webhook.
// Run it:  npx tsx examples/sandbox-flow.ts
// In your project, import from "p100-partner-sdk", "p100-partner-sdk/sandbox" and "p100-partner-sdk/webhooks".
import { pathToFileURL } from "node:url";
import { createP100Client } from "../src/index.js";
import { createSandbox } from "../src/sandbox/index.js";
import { createFetchWebhookHandler } from "../src/webhooks/index.js";
import { exampleUser } from "./example-user.js";

/** What the journey ends with: the user's balances and the webhooks the receiver accepted, in order. */
export interface SandboxFlowResult {
  readonly eur: string;
  readonly usdc: string;
  readonly webhooks: readonly string[];
}

/** Runs the journey; throws if any step or webhook is not what the flow expects. */
export async function run(print: (line: string) => void = console.log): Promise<SandboxFlowResult> {
  const token = "whsec-example";
  const webhooks: string[] = [];
  // Your webhook receiver, exactly as in production: it checks the Authorization token and validates each payload.
  const receiver = createFetchWebhookHandler({
    token,
    on: {
      kycVerificationStatus: (p) => void webhooks.push(`kycVerificationStatus ${p.verificationStatus}`),
      userBalanceGeneration: (p) => void webhooks.push(`userBalanceGeneration ${p.status}`),
      ibanStatus: (p) => void webhooks.push(`ibanStatus ${p.status}`),
      createWallet: () => void webhooks.push("createWallet"),
      sepaDeposit: (p) => void webhooks.push(`sepaDeposit ${p.amount} ${p.currency}`),
      exchange: (p) => void webhooks.push(`exchange ${p.status}`),
      userSepaTransfer: (p) => void webhooks.push(`userSepaTransfer ${p.status} ${p.amount}`),
    },
  });
  const sandbox = createSandbox({ startTime: "2026-01-05T09:00:00Z", rates: { usdc: "0.9" }, webhooks: { handler: receiver, token } });
  // The real client, with the sandbox's fetch: no server, no port.
  const p100 = createP100Client({ apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl, fetch: sandbox.fetch, maxRetries: 0 });
  const externalUserId = "sandbox-user-1";

  const created = await p100.raw.POST("/v1/user/balances/crypto-and-fiat", { body: exampleUser(externalUserId) });
  if (!created.data) throw new Error(`createUser failed: ${JSON.stringify(created.error)}`);
  print(`1. user created: userId=${created.data.userId}`);

  // Outside the API: P100's KYC provider approves the user.
  sandbox.simulate.kycApproved(externalUserId);
  // Outside the API: the user sends EUR 1,000 from their own bank account (first-party name check passes).
  sandbox.simulate.sepaDeposit({ externalUserId, amount: "1000.00", senderName: "Jan Kowalski" });
  await sandbox.settle();
  print(`2. KYC approved and EUR 1000.00 deposited (${webhooks.length} webhooks so far)`);

  const lock = await p100.raw.GET("/v1/exchange/lock", {
    params: { query: { externalUserId, currencyFrom: "eur", currencyTo: "usdc", amount: "450" } },
  });
  if (!lock.data) throw new Error(`lock failed: ${JSON.stringify(lock.error)}`);
  const exchanged = await p100.raw.POST("/v1/exchange", {
    body: { externalUserId, amount: "450", currencyFrom: "eur", currencyTo: "usdc", lockId: lock.data.lockId },
  });
  if (!exchanged.data) throw new Error(`exchange failed: ${JSON.stringify(exchanged.error)}`);
  print(`3. exchanged EUR 450 to USDC at ${String(lock.data.rate)} (exchangeId=${exchanged.data.exchangeId})`);

  const payout = await p100.raw.POST("/v1/sepa-transfer", {
    body: {
      sourceExternalUserId: externalUserId,
      currency: "eur",
      amount: "500.00",
      destinationIban: "PL06109027500000000148911547",
      transferTitle: "Rent",
    },
  });
  if (!payout.data) throw new Error(`payout failed: ${JSON.stringify(payout.error)}`);
  await sandbox.settle();

  const balances = await p100.raw.GET("/v1/user/balances/{externalUserId}", { params: { path: { externalUserId } } });
  if (!balances.data) throw new Error("balances failed");
  const eur = String(balances.data.fiatBalances[0]?.amount);
  const usdc = String(balances.data.cryptoBalances.find((b) => b.name === "usdc")?.amount);
  print(`4. paid out EUR 500.00 (+ EUR 1.00 fee): balances EUR ${eur}, USDC ${usdc}`);
  print(`5. webhooks received: ${webhooks.join(", ")}`);
  await sandbox.close();
  return { eur, usdc, webhooks };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
