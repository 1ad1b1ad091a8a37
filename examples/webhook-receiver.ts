// A runnable webhook receiver: the same callbacks served by the Node http adapter and by the fetch-style adapter.
//
//   npx tsx examples/webhook-receiver.ts              serve on 127.0.0.1:3000 (Node) and :3001 (fetch-style)
//   npx tsx examples/webhook-receiver.ts --self-test  serve on free ports, send every kind's example to both, exit
//
// The token comes from P100_WEBHOOK_TOKEN (a fixed test token is used when it is unset). In Bun, Deno or Workers the
// fetch-style handler is used as is: `Bun.serve({ fetch: handler })`, `Deno.serve(handler)`,
// `export default { fetch: handler }`, or `export const POST = handler` in a Next.js route file.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import {
  createFetchWebhookHandler,
  createNodeWebhookHandler,
  sendTestWebhook,
  webhookKinds,
  type WebhookCallbacks,
  type WebhookHandlerOptions,
} from "p100-partner-sdk/webhooks";

/** The partner's business code: one typed callback per webhook kind it cares about. */
export function exampleCallbacks(log: (line: string) => void): WebhookCallbacks {
  const callbacks: Record<string, (payload: unknown) => void> = {};
  // Every kind is logged here (field names only: payloads hold personal data and card codes); a real receiver lists
  // only the kinds it handles, and the others are answered 404.
  for (const kind of webhookKinds) {
    callbacks[kind] = (payload) =>
      log(`${kind}: received fields ${Object.keys(payload as object).join(", ") || "(none)"}`);
  }
  return {
    ...(callbacks as WebhookCallbacks),
    // Typed payloads: `status` is the union of the documented values, `amount` is string | number.
    cryptoDeposit: (deposit) => {
      if (deposit.status === "WAITING_FOR_TR_DATA")
        log(`cryptoDeposit ${deposit.cryptoDepositId}: call Update Travel Rule`);
      else
        log(
          `cryptoDeposit ${deposit.cryptoDepositId}: ${deposit.status} ${String(deposit.amount)} ${deposit.currency ?? ""}`,
        );
    },
    userBalanceGeneration: ({ externalUserId }) =>
      log(`userBalanceGeneration: balances of ${externalUserId} are ready`),
  };
}

/** Serves a fetch-style handler from Node's http module (Node has no built-in fetch server). */
function serveFetch(handler: (request: Request) => Promise<Response>) {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const body =
      req.method === "GET" || req.method === "HEAD" ? null : (Readable.toWeb(req) as ReadableStream<Uint8Array>);
    const init = { method: req.method ?? "GET", headers, body, duplex: "half" } as RequestInit;
    void handler(new Request(`http://127.0.0.1${req.url ?? "/"}`, init)).then(async (response) => {
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
}

async function listen(server: ReturnType<typeof createServer>, port: number): Promise<string> {
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Starts both receivers, and with `selfTest` posts every kind's documented example to each; returns the log lines. */
export async function runWebhookReceiver(
  selfTest: boolean,
  print: (line: string) => void = console.log,
): Promise<string[]> {
  const lines: string[] = [];
  const log = (line: string) => {
    lines.push(line);
    print(line);
  };
  const token = process.env["P100_WEBHOOK_TOKEN"] || "test-webhook-token";
  const options: WebhookHandlerOptions = {
    token,
    on: exampleCallbacks(log),
    onError: (error, { path }) => log(`refused ${path}: ${error.status} ${error.code}`),
  };
  const nodeServer = createServer(createNodeWebhookHandler(options));
  const fetchServer = serveFetch(createFetchWebhookHandler(options));
  const nodeUrl = await listen(nodeServer, selfTest ? 0 : 3000);
  const fetchUrl = await listen(fetchServer, selfTest ? 0 : 3001);
  log(`Node receiver on ${nodeUrl}, fetch-style receiver on ${fetchUrl} (health: /webhook/health)`);
  if (!selfTest) return lines;
  try {
    for (const baseUrl of [nodeUrl, fetchUrl]) {
      for (const kind of webhookKinds) {
        const response = await sendTestWebhook(kind, { token, baseUrl });
        if (response.status !== 200) throw new Error(`${kind} to ${baseUrl} answered ${response.status}`);
      }
      const refused = await sendTestWebhook("cryptoDeposit", { token: "wrong-token", baseUrl });
      log(`a wrong token is answered ${refused.status}`);
    }
  } finally {
    nodeServer.close();
    fetchServer.close();
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runWebhookReceiver(process.argv.includes("--self-test"));
}
