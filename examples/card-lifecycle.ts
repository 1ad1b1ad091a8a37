// Card lifecycle: issue a virtual card, read it, set limits, block and unblock it, then delete it.
// Run it against the local mock:  npm run mock  (in another terminal), then  npx tsx examples/card-lifecycle.ts
import { pathToFileURL } from "node:url";
import { createP100Client } from "p100-partner-sdk";

/** Walks one card through its life; returns its cardId. */
export async function run(
  baseUrl: string,
  apiKey: string,
  print: (line: string) => void = console.log,
): Promise<string> {
  const p100 = createP100Client({ apiKey, baseUrl });
  const externalUserId = "bca65c48-df49-4831-a7b2-de7903321581"; // a user who completed KYC

  // Card creation is never retried by the SDK: a repeat could issue a second card. The response holds card secrets
  // (number, CVV, expiry): show them to the cardholder only, never log them.
  const card = await p100.createVirtualCard({ externalUserId, label: "Shopping", pin: "1234" });
  const { cardId } = card;
  print(`1. card issued: cardId=${cardId}`);

  const { cards } = await p100.listUserCards({ externalUserId });
  print(`2. the user has ${cards.length} card(s): ${cards.map((c) => `${c.label ?? "?"} ${c.status}`).join(", ")}`);

  const details = await p100.getCardDetails({ externalUserId, cardId });
  print(`3. card status: ${details.status ?? "unknown"}, label ${details.label ?? "-"}`);

  await p100.updateCardLimits({
    externalUserId,
    cardId,
    monthlyTrxAll: 5000,
    dailyTrxAll: 1000,
    monthlyTrxAtm: 1000,
    dailyTrxAtm: 200,
    monthlyTrxEcom: 3000,
    dailyTrxEcom: 500,
  });
  const limits = await p100.getCardLimits({ externalUserId, cardId });
  print(`4. limits set: daily ${limits.dailyTrxAll ?? "-"}, monthly ${limits.monthlyTrxAll ?? "-"}`);

  await p100.blockCard({ externalUserId, cardId });
  print("5. card blocked");
  await p100.unblockCard({ externalUserId, cardId });
  print("6. card unblocked");

  // Deleting frees one of the user's 10 card slots.
  await p100.deleteCard({ externalUserId, cardId });
  print("7. card deleted");
  return cardId;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run(process.env.P100_BASE_URL ?? "http://127.0.0.1:4010", process.env.P100_API_KEY ?? "mock-key");
}
