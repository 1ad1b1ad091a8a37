// The part of the smoke flow that needs neither the sandbox nor anything of Node: the client (its answer from a fetch
// double, so nothing leaves the process) with a typed API error, and the fetch-style webhook receiver accepting a
// delivery and refusing a wrong token. A Worker bundling only this needs no compatibility flag.
import { createP100Client, isP100Error } from "p100-partner-sdk";
import { createFetchWebhookHandler, createTestWebhookRequest } from "p100-partner-sdk/webhooks";

/** Which runtime this is, by what each one alone defines. */
export function runtime() {
  if (typeof globalThis.Bun !== "undefined") return "bun";
  if (typeof globalThis.Deno !== "undefined") return "deno";
  if (globalThis.navigator?.userAgent === "Cloudflare-Workers") return "workerd";
  if (typeof globalThis.process?.versions?.node === "string") return "node";
  return "unknown";
}

/** Runs the client and the receiver without the sandbox; returns what it saw. */
export async function runCoreFlow() {
  const taken = { errorCode: "P411", errorMessage: "User with this externalUserId already exists" };
  const p100 = createP100Client({
    apiKey: "smoke-key",
    baseUrl: "https://partner-api-stage.p100.io", // never contacted: the fetch double answers
    fetch: async () => Response.json(taken, { status: 400 }),
  });
  const typedError = await p100.createUser({ externalUserId: "u", citizenship: "PL", hasAcceptedP100Tc: true }).then(
    () => "accepted",
    (error) => (isP100Error(error, "P411") ? "P411" : String(error)),
  );

  const token = "smoke-token";
  const received = [];
  const receiver = createFetchWebhookHandler({
    token,
    on: { p2pTransfer: (transfer) => void received.push(transfer.id) },
  });
  const accepted = await receiver(createTestWebhookRequest("p2pTransfer", { token }));
  const refused = await receiver(createTestWebhookRequest("p2pTransfer", { token: "not-the-token" }));
  return {
    runtime: runtime(),
    typedError,
    webhookStatus: accepted.status,
    webhookCallbacks: received.length,
    wrongTokenStatus: refused.status,
  };
}
