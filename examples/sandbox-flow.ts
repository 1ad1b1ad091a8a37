// Test your integration offline: a whole user journey against the in-memory sandbox, webhooks included, with no
// network and no P100 account, in the order P100 documents it: Create User -> KYC (Method B) -> Add User
// Verification (the balances are generated then: userBalanceGeneration) -> a SEPA deposit from the user's own account
// -> an exchange -> a SEPA payout that is PENDING, then SUCCESSFUL. A receiver from p100-partner-sdk/webhooks
// authenticates, validates and records every webhook. Which sandbox rules are documented and which are invented:
// docs/sandbox.md (shipped as p100-partner-sdk/docs/sandbox.md).
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
      sepaDeposit: (p) => void webhooks.push(`sepaDeposit ${p.amount} ${p.currency}`),
      exchange: (p) => void webhooks.push(`exchange ${p.status}`),
      userSepaTransfer: (p) => void webhooks.push(`userSepaTransfer ${p.status} ${p.amount}`),
    },
  });
  const sandbox = createSandbox({
    startTime: "2026-01-05T09:00:00Z",
    rates: { usdc: "0.9" },
    webhooks: { handler: receiver, token },
  });
  // The real client, with the sandbox's fetch: no server, no port.
  const p100 = createP100Client({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.baseUrl,
    fetch: sandbox.fetch,
    maxRetries: 0,
  });
  const externalUserId = "sandbox-user-1";

  const { userId } = await p100.createUser(exampleUser(externalUserId));
  print(`1. user created: userId=${userId} (no balances yet)`);

  // KYC Method B: a verification whose page the user opens; outside the API, P100's KYC provider approves the user.
  await p100.createKycVerification({
    externalUserId,
    documentType: "ID_CARD",
    country: "PL",
    incomeSource: "SALARY",
    openAccountReason: "DAILY_USE",
  });
  sandbox.simulate.kycApproved(externalUserId);
  // The last onboarding step: the balances (EUR with an IBAN, crypto with wallets) are generated now.
  await p100.addUserVerification({ externalUserId, documentType: "ID_CARD", documentNumber: "CEV12630" });
  await sandbox.settle();
  print(`2. KYC approved and verification added: balances generated (${webhooks.length} webhooks so far)`);

  // Outside the API: the user sends EUR 1,000 from their own bank account (the first-party name check passes and
  // the sender IBAN joins the user's contact list, the only payout destination of a closed-loop partner).
  const ownIban = "DE89370400440532013000";
  sandbox.simulate.sepaDeposit({ externalUserId, amount: "1000.00", senderName: "Jan Kowalski", senderIban: ownIban });

  const lock = await p100.lockUserExchangeRate({
    externalUserId,
    currencyFrom: "eur",
    currencyTo: "usdc",
    amount: "450",
  });
  const exchanged = await p100.createUserExchange({
    externalUserId,
    amount: 450,
    currencyFrom: "eur",
    currencyTo: "usdc",
    lockId: lock.lockId,
  });
  await sandbox.advance(5_000); // exchanges complete asynchronously
  print(
    `3. deposited EUR 1000.00, exchanged EUR 450 to USDC at ${String(lock.rate)} (exchangeId=${exchanged.exchangeId})`,
  );

  const { transferId } = await p100.createUserSepaTransfer({
    sourceExternalUserId: externalUserId,
    currency: "eur",
    amount: "500.00",
    destinationIban: ownIban,
    transferTitle: "Rent",
  });
  const pending = await p100.getSepaTransferDetails({ transferId });
  await sandbox.advance(60_000); // the payout reaches its final status on the virtual clock
  const final = await p100.getSepaTransferDetails({ transferId });
  print(`4. payout of EUR 500.00 (+ EUR 1.00 fee): ${String(pending.status)}, then ${String(final.status)}`);

  const balances = await p100.getUserBalances({ externalUserId });
  const eur = String(balances.fiatBalances[0]?.amount);
  const usdc = String(balances.cryptoBalances.find((b) => b.name === "usdc")?.amount);
  print(`5. balances EUR ${eur}, USDC ${usdc}; webhooks received: ${webhooks.join(", ")}`);
  await sandbox.close();
  return { eur, usdc, webhooks };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
