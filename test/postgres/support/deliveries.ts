// Deliveries as P100 sends them, for the receiver tests: a crypto deposit event (deduplicated by its
// cryptoDepositId and status) built by the SDK's own test kit, and an HTTP sender on loopback.
import { buildTestWebhook, type TestWebhook } from "../../../src/webhooks/index.js";

/** The Webhook Security Token the test receivers expect. */
export const TOKEN = "whsec-postgres-tests";

/** The delivery of the SUCCESSFUL crypto deposit `depositId`. */
export function depositDelivery(depositId: string): TestWebhook<"cryptoDeposit"> {
  return buildTestWebhook("cryptoDeposit", { token: TOKEN, overrides: { cryptoDepositId: depositId } });
}

/** A web Request of `delivery` to `origin` (the fetch handlers take it directly). */
export function deliveryRequest(delivery: TestWebhook<"cryptoDeposit">, origin = "http://127.0.0.1"): Request {
  return new Request(new URL(delivery.path, origin), { method: delivery.method, headers: delivery.headers, body: delivery.body });
}

/** Posts `delivery` to a receiver on loopback and returns the status it answered. */
export async function post(origin: string, delivery: TestWebhook<"cryptoDeposit">): Promise<number> {
  const response = await fetch(deliveryRequest(delivery, origin));
  await response.arrayBuffer();
  return response.status;
}
