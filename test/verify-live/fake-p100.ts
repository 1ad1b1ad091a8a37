// A fake P100 for the `p100 verify` tests: the in-process sandbox (p100-partner-sdk/sandbox) behind a loopback HTTP
// server that drifts from the spec on purpose, the way the real API may: a few operations served on other paths
// (their spec paths answer the framework's 404), a field renamed, unlisted enum values, a value of another type.
// Every request is recorded, so the tests can prove that no write arrives unless probes were asked for.
// Run it by hand with `npx tsx test/verify/fake-p100.ts` (prints its URL, key and user).
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { createP100Client } from "../../src/index.js";
import { createSandbox } from "../../src/sandbox/index.js";
import { exampleUser } from "../../examples/example-user.js";

export const FAKE_KEY = "fake-staging-key-5e1d7c";
export const FAKE_USER = "u-verify-1";

/** Operations the fake serves on another path: operationId -> [the spec's path, the path the fake uses]. */
export const MOVED = {
  // Found by p100 verify's guessed variants (the "user" segment left out).
  listUserTransactions: ["/v1/user/transactions/{externalUserId}", "/v1/transactions/{externalUserId}"],
  // Found only with --try: no guess gets there.
  getPaymentLinkDetails: ["/v1/payment-link/details/{paymentLinkId}", "/v1/payment-links/item/{paymentLinkId}"],
} as const;

/** How the fake changes the sandbox's answer of an operation (JSON bodies of 2xx answers). */
const DRIFT: Record<string, (body: Record<string, unknown>) => void> = {
  // A required field renamed: cryptoBalances -> cryptoWallets.
  getUserBalances: (body) => {
    body["cryptoWallets"] = body["cryptoBalances"];
    delete body["cryptoBalances"];
  },
  // An unlisted enum value in every card, and the list still gives cardId to the later reads.
  listUserCards: (body) => {
    for (const card of body["cards"] as Record<string, unknown>[]) card["status"] = "FROZEN";
  },
  // A value of another type: the KYC state as a number.
  getKycStatus: (body) => {
    body["verificationStatus"] = 3;
  },
};

/** One request the fake received. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

const templateRegex = (template: string) => new RegExp(`^${template.replace(/\{[^}]+\}/g, "([^/]+)")}$`);

/** Starts the fake on 127.0.0.1 with one verified user who has a card, a payment link and transactions. */
export async function startFakeP100() {
  const sandbox = createSandbox({ apiKey: FAKE_KEY, seed: 25, startTime: "2026-01-05T10:00:00Z" });
  const seed = createP100Client({ apiKey: FAKE_KEY, baseUrl: sandbox.baseUrl, fetch: sandbox.fetch });
  await seed.createUser(exampleUser(FAKE_USER, "verify@example.test"));
  sandbox.simulate.kycApproved(FAKE_USER);
  // Onboarding ends with Add User Verification, which generates the balances a card needs.
  await seed.addUserVerification({ externalUserId: FAKE_USER, documentType: "ID_CARD", documentNumber: "CEV12630" });
  const card = await seed.createVirtualCard({ externalUserId: FAKE_USER, label: "Main", pin: "1234" });
  const link = await seed.createPaymentLink({ amount: "5.00" } as never);

  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void answer(req.method ?? "GET", req.url ?? "/", req.headers, Buffer.concat(chunks)).then(
        ({ status, headers, body }) => {
          res.writeHead(status, headers);
          res.end(body);
        },
      );
    });
  });

  async function answer(method: string, rawUrl: string, headers: IncomingHttpHeaders, body: Buffer) {
    const url = new URL(rawUrl, sandbox.baseUrl);
    let operationId: string | undefined;
    for (const [id, [specPath, fakePath]] of Object.entries(MOVED)) {
      if (templateRegex(specPath).test(url.pathname)) {
        // The spec's path is unknown here: the framework's own 404, without a P-code.
        return {
          status: 404,
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ statusCode: 404, message: `Cannot ${method} ${url.pathname}`, error: "Not Found" }),
        };
      }
      const match = templateRegex(fakePath).exec(url.pathname);
      if (match) {
        operationId = id;
        let i = 1;
        url.pathname = specPath.replace(/\{[^}]+\}/g, () => match[i++] as string);
      }
    }
    const forwarded = new Headers();
    for (const [name, value] of Object.entries(headers)) if (typeof value === "string") forwarded.set(name, value);
    const response = await sandbox.fetch(url.href, {
      method,
      headers: forwarded,
      ...(body.byteLength ? { body: body.toString("utf8") } : {}),
    });
    let text = await response.text();
    const id = operationId ?? operationOf(method, url.pathname);
    const drift = id ? DRIFT[id] : undefined;
    if (drift && response.ok) {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      drift(parsed);
      text = JSON.stringify(parsed);
    }
    return {
      status: response.status,
      headers: { "content-type": response.headers.get("content-type") ?? "application/json" },
      body: text,
    };
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    sandbox,
    cardId: card.cardId,
    paymentLinkId: link.paymentLinkId,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await sandbox.close();
    },
  };
}

/** The operation the sandbox serves at `path` for the drifted ones (enough for DRIFT's three reads). */
function operationOf(method: string, path: string): string | undefined {
  if (method !== "GET") return undefined;
  if (/^\/v1\/user\/balances\/[^/]+$/.test(path)) return "getUserBalances";
  if (/^\/v1\/card\/all\/[^/]+$/.test(path)) return "listUserCards";
  if (/^\/v1\/kyc\/status\/[^/]+$/.test(path)) return "getKycStatus";
  return undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const fake = await startFakeP100();
  console.log(
    `fake P100 on ${fake.url} (P100_API_KEY=${FAKE_KEY}, user ${FAKE_USER}, paymentLinkId ${fake.paymentLinkId}); Ctrl+C stops it`,
  );
  process.once("SIGINT", () => void fake.close().then(() => process.exit(0)));
}
