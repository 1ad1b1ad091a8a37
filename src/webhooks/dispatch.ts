// The delivery pipeline shared by the fetch and Node adapters: health check, routing, authentication, body limits,
// parsing, idempotency and the call of the user's typed callback, with the status codes P100's retries expect.
import { webhookTable, type WebhookKind, type WebhookPayloads } from "../../generated/webhooks.js";
import {
  P100WebhookConfigurationError,
  P100WebhookDeliveryError,
  P100WebhookError,
  P100WebhookPayloadError,
  P100WebhookRequestError,
} from "./errors.js";
import { createMemoryIdempotencyStore, webhookIdempotencyKey, type WebhookIdempotencyStore } from "./idempotency.js";
import {
  assertBodySize,
  assertJsonContentType,
  DEFAULT_MAX_BODY_BYTES,
  decodeWebhookBody,
  parseJsonBody,
  validateWebhookPayload,
} from "./parse.js";
import { issueOf, readableBody, unprocessableReason, type InvalidWebhookDelivery } from "./unprocessable.js";
import { normalizeTokens, verifyWebhookToken } from "./verify.js";

/** What a callback receives besides the payload. */
export interface WebhookContext<K extends WebhookKind = WebhookKind> {
  /** The webhook kind that was delivered. */
  readonly kind: K;
  /** The event's natural identifier used for deduplication, when it has one. */
  readonly idempotencyKey: string | undefined;
  /** The raw body as received (already authenticated and validated). */
  readonly rawBody: string;
}

/** A typed callback for one webhook kind; throwing (or rejecting) makes the receiver answer 500 so P100 retries. */
export type WebhookCallback<K extends WebhookKind> = (
  payload: WebhookPayloads[K],
  context: WebhookContext<K>,
) => unknown;

/** The user's callbacks, one per webhook kind they receive. */
export type WebhookCallbacks = { readonly [K in WebhookKind]?: WebhookCallback<K> };

/** Options shared by createFetchWebhookHandler and createNodeWebhookHandler. */
export interface WebhookHandlerOptions {
  /** The Webhook Security Token issued by P100 (several while rotating it). */
  readonly token: string | readonly string[];
  /**
   * The typed callback of each webhook kind to receive. A delivery of another kind (to its default path, or a kind
   * `resolveKind` names) is authenticated, acknowledged with 200 and handed to `onUnhandled`; a path that names no
   * kind at all is answered 404 (unknown_kind).
   */
  readonly on: WebhookCallbacks;
  /**
   * Path each kind is delivered to, overriding the default: the oldest documentation's path where one is known
   * (e.g. `/webhook/user/status`), otherwise `/webhook/<kind-in-kebab-case>`. Configure the same URLs at P100.
   */
  readonly paths?: { readonly [K in WebhookKind]?: string };
  /** Custom routing from the request path to a kind (e.g. `() => "cryptoDeposit"` for a route file per kind). */
  readonly resolveKind?: (pathname: string) => WebhookKind | undefined;
  /** Path of the health endpoint the documentation asks partners to expose, or false to disable (default `/webhook/health`). */
  readonly healthPath?: string | false;
  /** Largest accepted body in bytes (default 100 KiB). */
  readonly maxBodyBytes?: number;
  /** Store used to recognise repeated deliveries (default: in memory), or false to call back for every delivery. */
  readonly idempotency?: WebhookIdempotencyStore | false;
  /** Custom natural identifier of an event (default: the spec's `x-p100-idempotency-key` fields). */
  readonly idempotencyKey?: (kind: WebhookKind, payload: unknown) => string | undefined;
  /**
   * Receives every delivery that carries the right token but cannot be typed: a body that is not JSON (or not sent as
   * JSON), or a payload that breaks its schema (for example a missing identifier). Enum values are never a reason:
   * enums are open. When it returns (or resolves), the receiver answers 200 and P100 stops retrying: the event is
   * the hook's to keep. When it throws, the receiver answers 500 and P100 retries. Without it such a delivery is
   * refused (422 or 400, or 415) and reported to `onError`, and P100 gives up after its retries: set it so that no
   * authenticated event is lost.
   */
  readonly onInvalidPayload?: (delivery: InvalidWebhookDelivery) => unknown;
  /**
   * Receives every authenticated delivery of a kind that has no callback in `on`, as Stripe-style receivers do with
   * events they do not handle: when it returns (or when it is not set) the receiver answers 200, so P100 does not
   * retry an event the partner chose not to process. When it throws, the receiver answers 500 and P100 retries. The
   * body is not validated (no schema applies to a kind nobody reads), only size-limited.
   */
  readonly onUnhandled?: (delivery: UnhandledWebhookDelivery) => unknown;
  /**
   * Called with every refused or failed delivery, for logging; never receives the token or the header. `kind` is the
   * kind the path names, whether or not it has a callback (undefined only for a path that names none, such as the
   * health check or an unknown path). A delivery that `onInvalidPayload` or `onUnhandled` accepted (answered 200) is
   * not a failure and is not reported here; one whose hook threw is (handler_failed).
   */
  readonly onError?: (
    error: P100WebhookError,
    info: { readonly kind: WebhookKind | undefined; readonly path: string },
  ) => void;
}

/** An authenticated delivery of a kind without a callback, as `onUnhandled` receives it. */
export interface UnhandledWebhookDelivery {
  /** The webhook kind the path names. */
  readonly kind: WebhookKind;
  /** The path it was delivered to (relative to the mount point). */
  readonly path: string;
  /** The body as received (decoded as UTF-8, invalid bytes replaced), not validated. */
  readonly rawBody: string;
}

/** A request as an adapter hands it to the pipeline. */
export interface IncomingDelivery {
  readonly method: string;
  readonly pathname: string;
  header(name: string): string | null | undefined;
  /** Reads the body, throwing payload_too_large past `limit` bytes; may return an already-parsed value (Express). */
  readBody(limit: number): Promise<{ raw: string | Uint8Array } | { parsed: unknown }>;
}

/** What the adapter answers. */
export interface DeliveryResult {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The default path of each kind: the documented partner path, or /webhook/<kind-in-kebab-case>. */
export function defaultWebhookPath(kind: WebhookKind): string {
  return webhookTable[kind].defaultPath;
}

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" } as const;
const normalizePath = (path: string) => (path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path);

function respond(status: number, body: unknown, extra: Record<string, string> = {}): DeliveryResult {
  return { status, headers: { ...JSON_HEADERS, ...extra }, body: JSON.stringify(body) };
}

/** The pipeline: `dispatch` answers a delivery; `handles` tells whether a path belongs to the receiver at all. */
export interface WebhookDispatcher {
  dispatch(delivery: IncomingDelivery): Promise<DeliveryResult>;
  handles(pathname: string): boolean;
}

/** Builds the pipeline from the options, validating them once (throws P100WebhookConfigurationError). */
export function createWebhookDispatcher(options: WebhookHandlerOptions): WebhookDispatcher {
  const tokens = normalizeTokens(options.token);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes <= 0)
    throw new P100WebhookConfigurationError("maxBodyBytes must be a positive integer");
  const healthPath = options.healthPath === false ? undefined : normalizePath(options.healthPath ?? "/webhook/health");
  const store = options.idempotency === false ? undefined : (options.idempotency ?? createMemoryIdempotencyStore());
  const keyOf = options.idempotencyKey ?? webhookIdempotencyKey;
  const callbacks = options.on as Record<string, WebhookCallback<WebhookKind> | undefined>;

  const routes = new Map<string, WebhookKind>();
  // The default paths of the kinds without a callback: deliveries there are acknowledged and go to onUnhandled.
  const unhandledRoutes = new Map<string, WebhookKind>();
  for (const [kind, callback] of Object.entries(callbacks)) {
    if (!Object.hasOwn(webhookTable, kind))
      throw new P100WebhookConfigurationError(`Unknown webhook kind in "on": ${kind}`);
    if (typeof callback !== "function")
      throw new P100WebhookConfigurationError(`The callback of ${kind} is not a function`);
    const path = normalizePath(options.paths?.[kind as WebhookKind] ?? defaultWebhookPath(kind as WebhookKind));
    const taken = routes.get(path);
    if (taken)
      throw new P100WebhookConfigurationError(
        `Webhooks ${taken} and ${kind} share the path ${path}: pass distinct "paths"`,
      );
    routes.set(path, kind as WebhookKind);
  }
  if (options.paths) {
    for (const kind of Object.keys(options.paths)) {
      if (!Object.hasOwn(callbacks, kind))
        throw new P100WebhookConfigurationError(`"paths" names ${kind}, which has no callback in "on"`);
    }
  }
  for (const kind of Object.keys(webhookTable) as WebhookKind[]) {
    const path = normalizePath(defaultWebhookPath(kind));
    if (!Object.hasOwn(callbacks, kind) && !routes.has(path) && !unhandledRoutes.has(path))
      unhandledRoutes.set(path, kind);
  }

  const report = (error: P100WebhookError, kind: WebhookKind | undefined, path: string) => {
    try {
      options.onError?.(error, { kind, path });
    } catch {
      // A broken logger must not change the answer P100 gets.
    }
  };
  const fail = (
    error: P100WebhookError,
    kind: WebhookKind | undefined,
    path: string,
    extra?: Record<string, string>,
  ) => {
    report(error, kind, path);
    return respond(error.status, error.toJSON(), extra);
  };

  // The event is the hook's once it returns: 200 so that P100 stops retrying, and nothing for onError (the delivery
  // was accepted, not refused); a failing hook gets a retry (500), reported with the hook's error as its cause.
  const handOver = async <D extends { readonly kind: WebhookKind }>(
    name: "onInvalidPayload" | "onUnhandled",
    hook: ((delivery: D) => unknown) | undefined,
    delivery: D,
    path: string,
  ): Promise<DeliveryResult> => {
    try {
      await hook?.(delivery);
    } catch (error) {
      return fail(
        new P100WebhookDeliveryError(
          "handler_failed",
          `The ${name} hook failed for a ${delivery.kind} delivery; P100 will retry`,
          { cause: error },
        ),
        delivery.kind,
        path,
      );
    }
    return respond(200, {});
  };

  // The size limit applies twice: to a declared Content-Length before reading, and while reading.
  const readWithin = (delivery: IncomingDelivery) => {
    const declared = Number(delivery.header("content-length") ?? "0");
    if (Number.isFinite(declared)) assertBodySize(declared, maxBodyBytes);
    return delivery.readBody(maxBodyBytes);
  };

  // A kind without a callback: authenticated and size-limited like any delivery, then acknowledged (see onUnhandled).
  const acknowledgeUnhandled = async (
    kind: WebhookKind,
    method: string,
    delivery: IncomingDelivery,
    path: string,
  ): Promise<DeliveryResult> => {
    if (method !== "POST")
      return fail(new P100WebhookRequestError("method_not_allowed", "Webhooks are delivered with POST"), kind, path, {
        allow: "POST",
      });
    let rawBody: string;
    try {
      verifyWebhookToken(delivery.header("authorization"), tokens);
      const body = await readWithin(delivery);
      rawBody =
        "raw" in body
          ? typeof body.raw === "string"
            ? body.raw
            : new TextDecoder().decode(body.raw)
          : (JSON.stringify(body.parsed) ?? "");
    } catch (error) {
      if (error instanceof P100WebhookError) return fail(error, kind, path);
      return fail(
        new P100WebhookDeliveryError("internal_error", "The webhook body could not be read", { cause: error }),
        kind,
        path,
      );
    }
    return handOver("onUnhandled", options.onUnhandled, { kind, path, rawBody }, path);
  };

  // The kind a path names, whether or not it has a callback (undefined: the path names none).
  const namedKind = (path: string): WebhookKind | undefined => {
    const kind = options.resolveKind ? options.resolveKind(path) : (routes.get(path) ?? unhandledRoutes.get(path));
    return kind !== undefined && Object.hasOwn(webhookTable, kind) ? kind : undefined;
  };
  const kindOf = (path: string): WebhookKind | undefined => {
    const kind = namedKind(path);
    return kind !== undefined && typeof callbacks[kind] === "function" ? kind : undefined;
  };
  const handles = (pathname: string) => {
    const path = normalizePath(pathname);
    return path === healthPath || kindOf(path) !== undefined;
  };

  const dispatch = async (delivery: IncomingDelivery): Promise<DeliveryResult> => {
    const path = normalizePath(delivery.pathname);
    const method = delivery.method.toUpperCase();
    if (healthPath !== undefined && path === healthPath) {
      if (method === "GET" || method === "HEAD") return respond(200, { status: "ok" });
      return fail(
        new P100WebhookRequestError("method_not_allowed", "The health endpoint answers GET only"),
        undefined,
        path,
        { allow: "GET, HEAD" },
      );
    }

    const kind = kindOf(path);
    if (kind === undefined) {
      const unhandled = namedKind(path);
      if (unhandled !== undefined) return acknowledgeUnhandled(unhandled, method, delivery, path);
      return fail(
        new P100WebhookRequestError("unknown_kind", `No webhook handler for the path ${path.slice(0, 100)}`),
        undefined,
        path,
      );
    }
    if (method !== "POST") {
      return fail(new P100WebhookRequestError("method_not_allowed", "Webhooks are delivered with POST"), kind, path, {
        allow: "POST",
      });
    }

    let payload: unknown;
    let rawBody = "";
    // The parsed JSON, kept for onInvalidPayload when the payload then fails its schema.
    let parsed: unknown;
    try {
      // Authentication comes before anything looks at the body.
      verifyWebhookToken(delivery.header("authorization"), tokens);
      let mediaTypeError: P100WebhookRequestError | undefined;
      try {
        assertJsonContentType(delivery.header("content-type"));
      } catch (error) {
        if (!options.onInvalidPayload || !(error instanceof P100WebhookRequestError)) throw error;
        mediaTypeError = error;
      }
      const body = await readWithin(delivery);
      if ("raw" in body) {
        const text = readableBody(body.raw, maxBodyBytes, Boolean(options.onInvalidPayload));
        rawBody = text.rawBody;
        if (mediaTypeError) throw mediaTypeError;
        if (text.error) throw text.error;
        parsed = parseJsonBody(rawBody);
      } else {
        parsed = body.parsed;
        rawBody = JSON.stringify(parsed) ?? "";
        if (mediaTypeError) throw mediaTypeError;
      }
      payload = validateWebhookPayload(kind, parsed);
    } catch (error) {
      const reason = unprocessableReason(error);
      if (reason && options.onInvalidPayload) {
        const problems = error instanceof P100WebhookPayloadError ? error.issues : [issueOf(error as P100WebhookError)];
        return handOver(
          "onInvalidPayload",
          options.onInvalidPayload,
          { kind, reason, rawBody, payload: reason === "invalid_payload" ? parsed : undefined, problems },
          path,
        );
      }
      if (error instanceof P100WebhookError) return fail(error, kind, path);
      return fail(
        new P100WebhookDeliveryError("internal_error", "The webhook body could not be read", { cause: error }),
        kind,
        path,
      );
    }

    let key: string | undefined;
    try {
      key = store ? keyOf(kind, payload) : undefined;
      if (store && key !== undefined) {
        const state = await store.claim(key);
        // A repeat of a processed event: acknowledge it so P100 stops retrying, without calling back twice.
        if (state === "done") return respond(200, {});
        if (state === "in_progress") {
          return fail(
            new P100WebhookDeliveryError("delivery_in_progress", "The same event is being processed; retry later"),
            kind,
            path,
            { "retry-after": "8" },
          );
        }
      }
    } catch (error) {
      return fail(
        new P100WebhookDeliveryError("internal_error", "The idempotency store failed", { cause: error }),
        kind,
        path,
      );
    }

    try {
      await callbacks[kind]!(payload as never, { kind, idempotencyKey: key, rawBody });
    } catch (error) {
      if (store && key !== undefined) await Promise.resolve(store.release(key)).catch(() => undefined);
      return fail(
        new P100WebhookDeliveryError("handler_failed", `The ${kind} webhook callback failed; P100 will retry`, {
          cause: error,
        }),
        kind,
        path,
      );
    }
    if (store && key !== undefined) {
      // The callback succeeded: a failure to record it only risks a second callback on a retry, so still answer 200.
      await Promise.resolve(store.complete(key)).catch((error: unknown) =>
        report(
          new P100WebhookDeliveryError("internal_error", "The idempotency store failed to record a processed event", {
            cause: error,
          }),
          kind,
          path,
        ),
      );
    }
    return respond(200, {});
  };
  return { dispatch, handles };
}
