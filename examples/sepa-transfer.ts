// A SEPA transfer from a user's EUR balance: read the deposit details, send a transfer, follow its status, and
// handle an insufficient balance.
// Run it against the local mock:  npm run mock  (in another terminal), then  npx tsx examples/sepa-transfer.ts
import { pathToFileURL } from "node:url";
import { createP100Client, isP100Error, type SchemaSepaUserTransferRequest } from "p100-partner-sdk";

/** Sends one SEPA transfer and reads it back; returns its transferId. */
export async function run(
  baseUrl: string,
  apiKey: string,
  print: (line: string) => void = console.log,
): Promise<string> {
  const p100 = createP100Client({ apiKey, baseUrl });
  const externalUserId = "bca65c48-df49-4831-a7b2-de7903321581";

  // Where the user's EUR comes in (their IBAN, for incoming SEPA transfers).
  const deposit = await p100.getUserSepaDepositInfo({ externalUserId });
  print(`1. deposit to ${deposit.iban} (title "${deposit.title}")`);

  const transfer: SchemaSepaUserTransferRequest = {
    sourceExternalUserId: externalUserId,
    currency: "eur",
    amount: "100.00", // the field table types it as a string; the oldest example sends the number 100 (both accepted)
    receiverType: "NATURAL",
    receiverFirstName: "John",
    receiverLastName: "Doe",
    destinationIban: "LT601010012345678901",
    transferTitle: "Rent March",
  };
  // Money moves here: the SDK sends it once and never retries it (the API documents no idempotency key). On a
  // timeout or connection error, check the transfer list before sending again.
  const { transferId } = await p100.createUserSepaTransfer(transfer);
  print(`2. transfer sent: transferId=${transferId}`);

  const details = await p100.getSepaTransferDetails({ transferId });
  print(`3. transfer ${details.id}: ${details.amount} to ${details.destinationIban}, status ${details.status}`);

  // A documented business error comes back as a typed error (forced here on the mock with Prism's Prefer header).
  try {
    await p100.createUserSepaTransfer(transfer, { headers: { Prefer: "code=400, example=P433" } });
  } catch (error) {
    if (!isP100Error(error, "P433")) throw error;
    print(`4. a transfer without funds fails with ${error.errorCode} (${error.meaning ?? error.errorMessage})`);
  }
  return transferId;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run(process.env.P100_BASE_URL ?? "http://127.0.0.1:4010", process.env.P100_API_KEY ?? "mock-key");
}
