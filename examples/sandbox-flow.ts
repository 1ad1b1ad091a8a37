// Test your integration offline: a whole user journey against the in-memory sandbox, webhooks included, with no
// network and no P100 account. createUser -> KYC approval -> SEPA deposit -> exchange -> SEPA payout, while a
// receiver from p100-partner-sdk/webhooks authenticates, validates and records every webhook.
// Run it:  npx tsx examples/sandbox-flow.ts
import { pathToFileURL } from "node:url";
import { createP100Client } from "p100-partner-sdk";
import { createSandbox } from "p100-partner-sdk/sandbox";
import { createFetchWebhookHandler } from "p100-partner-sdk/webhooks";
import { exampleUser } from "./example-user.js";

/** What the journey ends with: the user's balances and the webhooks the receiver accepted, in order. */
export interface SandboxFlowResult {
  readonly eur: string;
  readonly usdc: string;
  readonly webhooks: readonly string[];
}

/** Runs the journey; throws (a typed P100 error) if any step fails, or if a webhook is not what the flow expects. */
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

  const { userId } = await p100.createUser(exampleUser(externalUserId));
  print(`1. user created: userId=${userId}`);

  // Outside the API: P100's KYC provider approves the user.
  sandbox.simulate.kycApproved(externalUserId);
  // Outside the API: the user sends EUR 1,000 from their own bank account (first-party name check passes).
  sandbox.simulate.sepaDeposit({ externalUserId, amount: "1000.00", senderName: "Jan Kowalski" });
  await sandbox.settle();
  print(`2. KYC approved and EUR 1000.00 deposited (${webhooks.length} webhooks so far)`);

  const lock = await p100.lockUserExchangeRate({ externalUserId, currencyFrom: "eur", currencyTo: "usdc", amount: "450" });
  const exchanged = await p100.createUserExchange({ externalUserId, amount: 450, currencyFrom: "eur", currencyTo: "usdc", lockId: lock.lockId });
  print(`3. exchanged EUR 450 to USDC at ${String(lock.rate)} (exchangeId=${exchanged.exchangeId})`);

  await p100.createUserSepaTransfer({
    sourceExternalUserId: externalUserId,
    currency: "eur",
    amount: "500.00",
    destinationIban: "PL06109027500000000148911547",
    transferTitle: "Rent",
  });
  await sandbox.settle();

  const balances = await p100.getUserBalances({ externalUserId });
  const eur = String(balances.fiatBalances[0]?.amount);
  const usdc = String(balances.cryptoBalances.find((b) => b.name === "usdc")?.amount);
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
