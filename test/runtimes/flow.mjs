// The whole smoke flow every runtime runs on the installed package (test/runtimes/runtimes.test.ts copies this folder
// next to a consumer's node_modules): the client against the in-process sandbox, a typed API error, webhooks
// delivered by the sandbox into the fetch-style receiver, a refused token, and (where the runtime has node:http) the
// client over loopback HTTP. Plain JavaScript, so that each runtime runs it as is. It returns what it saw; the test compares.
import { createP100Client, isP100Error } from "p100-partner-sdk";
import { createSandbox } from "p100-partner-sdk/sandbox";
import { createFetchWebhookHandler, createTestWebhookRequest, webhookKinds } from "p100-partner-sdk/webhooks";
import { runtime } from "./core-flow.mjs";

/** Runs the flow; `overHttp` also serves the sandbox on 127.0.0.1 and calls it through the runtime's own fetch. */
export async function runFlow({ overHttp }) {
  const token = "smoke-token";
  const received = [];
  const on = Object.fromEntries(webhookKinds.map((kind) => [kind, () => void received.push(kind)]));
  const receiver = createFetchWebhookHandler({ token, on });
  const sandbox = createSandbox({ webhooks: { handler: receiver, token } });
  const p100 = createP100Client({ apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrl, fetch: sandbox.fetch });

  const user = { externalUserId: "smoke-user", firstName: "Jan", citizenship: "PL", hasAcceptedP100Tc: true };
  const { userId } = await p100.createUser(user);
  const { fiatBalances } = await p100.getPartnerBalances();
  const repeat = await p100.createUser(user).then(
    () => "accepted twice",
    (error) => (isP100Error(error, "P411") ? "P411" : String(error)),
  );

  sandbox.simulate.kycApproved(user.externalUserId);
  await sandbox.settle();
  const refused = await receiver(createTestWebhookRequest("p2pTransfer", { token: "not-the-token" }));

  let http = "not tried";
  if (overHttp) {
    const baseUrl = await sandbox.listen({ port: 0, host: "127.0.0.1" });
    try {
      const remote = createP100Client({ apiKey: sandbox.apiKey, baseUrl });
      http = (await remote.getPartnerBalances()).fiatBalances.length > 0 ? "balances read" : "no balances";
    } finally {
      await sandbox.close();
    }
  }
  return {
    runtime: runtime(),
    userId: typeof userId === "string" && userId.length > 0,
    partnerBalances: fiatBalances.length > 0,
    repeat,
    kycWebhookReceived: received.includes("kycVerificationStatus"),
    deliveriesAcknowledged: sandbox.deliveries.length > 0 && sandbox.deliveries.every((d) => d.ok),
    wrongTokenStatus: refused.status,
    http,
  };
}
