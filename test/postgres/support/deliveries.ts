// Deliveries as P100 sends them, for the receiver tests: a crypto deposit event (deduplicated by its
// cryptoDepositId and status) built by the SDK's own test kit, and an HTTP sender on loopback.
import { request as httpRequest } from "node:http";
import { buildTestWebhook, type TestWebhook } from "../../../src/webhooks/index.js";

/** The Webhook Security Token the test receivers expect. */
export const TOKEN = "whsec-postgres-tests";

/** The delivery of the SUCCESSFUL crypto deposit `depositId`. */
export function depositDelivery(depositId: string): TestWebhook<"cryptoDeposit"> {
  return buildTestWebhook("cryptoDeposit", { token: TOKEN, overrides: { cryptoDepositId: depositId } });
}

/** A web Request of `delivery` to `origin` (the fetch handlers take it directly). */
export function deliveryRequest(delivery: TestWebhook<"cryptoDeposit">, origin = "http://127.0.0.1"): Request {
  return new Request(new URL(delivery.path, origin), {
    method: delivery.method,
    headers: delivery.headers,
    body: delivery.body,
  });
}

/** What a receiver answered. */
export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/**
 * Posts `delivery` to a receiver on loopback and resolves with its answer. Each post has its own connection
 * (`agent: false`): a kept-alive socket that the server closes after its idle timeout while a request is being sent
 * on it fails with "other side closed", which a busy machine makes likely.
 */
export function send(origin: string, delivery: TestWebhook<"cryptoDeposit">): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      new URL(delivery.path, origin),
      { method: delivery.method, headers: delivery.headers, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.once("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        response.once("error", reject);
      },
    );
    request.once("error", reject);
    request.end(delivery.body);
  });
}

/** Posts `delivery` (see send) and resolves with the status it answered. */
export async function post(origin: string, delivery: TestWebhook<"cryptoDeposit">): Promise<number> {
  return (await send(origin, delivery)).status;
}
