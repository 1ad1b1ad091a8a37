// A test kit for partners: builds a delivery exactly as P100 sends it (a documented example payload, with overrides,
// and the token header) and sends it to their own endpoint or hands it to their fetch handler.
import { webhookExamples } from "../../generated/webhook-examples.js";
import type { WebhookKind, WebhookPayloads } from "../../generated/webhooks.js";
import { defaultWebhookPath } from "./dispatch.js";
import { P100WebhookConfigurationError } from "./errors.js";
import { assertWebhookKind } from "./parse.js";

/** Options of buildTestWebhook. */
export interface TestWebhookOptions<K extends WebhookKind> {
  /** The token to send in Authorization (use a test token, never a production one). */
  readonly token: string;
  /** Which documented example to start from (default: the first one of the kind). */
  readonly example?: string;
  /** Fields to set on top of the example (shallow); `undefined` removes a field. */
  readonly overrides?: { readonly [F in keyof WebhookPayloads[K]]?: WebhookPayloads[K][F] | undefined } & Record<
    string,
    unknown
  >;
  /** Path to deliver to (default: the kind's default path, as the receiver routes it). */
  readonly path?: string;
}

/** A delivery as P100 sends it. */
export interface TestWebhook<K extends WebhookKind> {
  readonly kind: K;
  readonly method: "POST";
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body, exactly as sent. */
  readonly body: string;
  /** The payload the receiver's callback should get. */
  readonly payload: WebhookPayloads[K];
}

/** The names of the documented examples of a kind. */
export function webhookExampleNames(kind: WebhookKind): string[] {
  return Object.keys(webhookExamples[kind]);
}

/** Builds a delivery of `kind`: a documented example (with overrides), JSON-encoded, with the token header. */
export function buildTestWebhook<K extends WebhookKind>(kind: K, options: TestWebhookOptions<K>): TestWebhook<K> {
  assertWebhookKind(kind);
  const examples = webhookExamples[kind] as Readonly<Record<string, WebhookPayloads[K]>>;
  const name = options.example ?? Object.keys(examples)[0];
  if (name === undefined || !Object.hasOwn(examples, name)) {
    throw new P100WebhookConfigurationError(
      `The ${kind} webhook has no example ${JSON.stringify(name)}; known: ${Object.keys(examples).join(", ")}`,
    );
  }
  const merged: Record<string, unknown> = { ...structuredClone(examples[name]), ...options.overrides };
  for (const [field, value] of Object.entries(merged)) if (value === undefined) delete merged[field];
  return {
    kind,
    method: "POST",
    path: options.path ?? defaultWebhookPath(kind),
    headers: { authorization: options.token, "content-type": "application/json" },
    body: JSON.stringify(merged),
    payload: merged as WebhookPayloads[K],
  };
}

/** A web Request of a test delivery, to call a fetch handler directly: `await handler(createTestWebhookRequest(...))`. */
export function createTestWebhookRequest<K extends WebhookKind>(
  kind: K,
  options: TestWebhookOptions<K> & { readonly baseUrl?: string },
): Request {
  const delivery = buildTestWebhook(kind, options);
  return new Request(new URL(delivery.path, options.baseUrl ?? "http://127.0.0.1"), {
    method: delivery.method,
    headers: delivery.headers,
    body: delivery.body,
  });
}

/** Options of sendTestWebhook: where the partner's receiver listens. */
export interface SendTestWebhookOptions<K extends WebhookKind> extends TestWebhookOptions<K> {
  /** Origin of the receiver, e.g. "http://127.0.0.1:3000"; the kind's path is appended. */
  readonly baseUrl?: string;
  /** Full URL to post to (overrides baseUrl and path). */
  readonly url?: string;
  /** fetch implementation (default: the global fetch). */
  readonly fetch?: (input: Request) => Promise<Response>;
}

/** Posts a test delivery of `kind` to the partner's own receiver and returns its response. */
export async function sendTestWebhook<K extends WebhookKind>(
  kind: K,
  options: SendTestWebhookOptions<K>,
): Promise<Response> {
  const delivery = buildTestWebhook(kind, options);
  if (options.url === undefined && options.baseUrl === undefined) {
    throw new P100WebhookConfigurationError("sendTestWebhook needs baseUrl (the receiver's origin) or url");
  }
  const target = options.url ?? new URL(delivery.path, options.baseUrl).toString();
  const request = new Request(target, { method: delivery.method, headers: delivery.headers, body: delivery.body });
  return (options.fetch ?? fetch)(request);
}
