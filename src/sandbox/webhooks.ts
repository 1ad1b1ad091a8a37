// The webhook outbox: every event a flow emits is recorded and delivered as P100 delivers it (POST, JSON body,
// `Authorization: <token>`, the kind's path), and retried after a non-2xx answer or a network error after 8, 16, 32
// and 64 s of virtual time (5 attempts in all, as documented), so at-least-once delivery can be tested.
import { webhookTable } from "../../generated/webhooks.js";
import type { SandboxCore } from "./core.js";
import { RULES_HEADER } from "./rules.js";
import type { SandboxWebhookHandler, SandboxWebhookTarget } from "./options.js";

/** A resolved delivery target (a bare handler already given its default token). */
type Target = Exclude<SandboxWebhookTarget, SandboxWebhookHandler>;
import type { DeliveryRecord, WebhookEventRecord } from "./state.js";

/** Virtual delays before the 2nd, 3rd, 4th and 5th attempt (guides: retries after ~8, ~16, ~32, ~64 s). */
export const RETRY_DELAYS_MS: readonly number[] = [8_000, 16_000, 32_000, 64_000];

/** Base URL used for requests handed to an in-process handler (never resolved). */
const HANDLER_BASE_URL = "http://webhook-receiver.sandbox.invalid";

/** Wires the outbox into the engine: `core.emit` records an event and schedules its first attempt now. */
export function installOutbox(
  core: SandboxCore,
  target: Target | undefined,
  onDelivery?: (d: DeliveryRecord) => void,
): void {
  const events = core.state.events;
  core.emit = (kind, payload, rules) => {
    const event: WebhookEventRecord = {
      id: core.id(),
      kind,
      path: target?.paths?.[kind] ?? webhookTable[kind].defaultPath,
      payload,
      // The delivery rules, then the rules that decided the event.
      rules: [...new Set(["SBX-WH-1", ...rules])].sort(),
      createdAt: core.nowIso(),
      attempts: 0,
      state: target ? "pending" : "undeliverable",
    };
    events.set(event.id, event);
    if (events.size > core.settings.maxRecords) events.delete(events.keys().next().value as string);
    if (target) core.schedule(0, "webhook.deliver", event.id);
  };
  // One attempt at a time, in the order they fall due: deliveries reach the receiver in a deterministic order, so
  // tests do not depend on timing (P100 itself promises no order; receivers must not rely on one).
  let queue: Promise<void> = Promise.resolve();
  core.onTimer("webhook.deliver", (engine, eventId) => {
    const event = events.get(eventId);
    if (!event || !target || event.state !== "pending") return;
    queue = queue.then(() => attempt(engine, target, event, onDelivery));
    return queue;
  });
}

async function attempt(
  core: SandboxCore,
  target: Target,
  event: WebhookEventRecord,
  onDelivery?: (d: DeliveryRecord) => void,
): Promise<void> {
  event.attempts += 1;
  const base = "url" in target ? target.url.replace(/\/+$/, "") : HANDLER_BASE_URL;
  const url = `${base}${event.path}`;
  const record: DeliveryRecord = {
    eventId: event.id,
    kind: event.kind,
    url,
    attempt: event.attempts,
    at: core.nowIso(),
    status: null,
    ok: false,
    error: null,
    payload: event.payload,
  };
  const request = new Request(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: target.token,
      "user-agent": "p100-partner-sdk-sandbox",
      "x-p100-sandbox": "true",
      [RULES_HEADER]: (event.attempts > 1 ? [...event.rules, "SBX-WH-2"] : event.rules).join(", "),
    },
    body: JSON.stringify(event.payload),
  });
  try {
    // A receiver that never answers must not stall the outbox forever (real time, a safety net only).
    const response =
      "url" in target
        ? await fetch(request, { redirect: "manual", signal: AbortSignal.timeout(30_000) })
        : await target.handler(request);
    record.status = response.status;
    record.ok = response.status >= 200 && response.status < 300;
    // Drain the answer so the connection can be reused; its content does not matter to P100.
    await response.arrayBuffer().catch(() => undefined);
  } catch (error) {
    record.error = error instanceof Error ? error.message : String(error);
  }
  core.state.deliveries.push(record);
  const cap = core.settings.maxRecords;
  if (core.state.deliveries.length > 2 * cap) core.state.deliveries.splice(0, core.state.deliveries.length - cap);
  if (record.ok) event.state = "delivered";
  else {
    const delay = RETRY_DELAYS_MS[event.attempts - 1];
    if (delay === undefined) event.state = "failed";
    else core.schedule(delay, "webhook.deliver", event.id);
  }
  try {
    onDelivery?.(record);
  } catch {
    // A broken logger must not change delivery.
  }
}
