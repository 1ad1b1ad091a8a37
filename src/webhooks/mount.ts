// Where a receiver is mounted: routing is relative to it, so the default paths (`/webhook/...`) work under any prefix.
import type { WebhookHandlerOptions } from "./dispatch.js";
import { P100WebhookConfigurationError, P100WebhookRequestError } from "./errors.js";

/** Options of the adapters: the shared receiver options plus where the receiver is mounted. */
export interface WebhookAdapterOptions extends WebhookHandlerOptions {
  /**
   * The path prefix the receiver lives under when the framework passes full URLs (fetch-style routers, a plain
   * `node:http` server behind a proxy), e.g. `"/p100"` for deliveries to `/p100/webhook/user/status`. Express's
   * `app.use("/p100", handler)` strips the prefix itself and needs no basePath.
   */
  readonly basePath?: string | undefined;
}

/** The base path without trailing slashes ("" for none); refuses a value that is not an absolute path. */
export function normalizeBasePath(basePath: string | undefined): string {
  if (basePath === undefined || basePath === "" || basePath === "/") return "";
  if (!basePath.startsWith("/") || /[?#]/.test(basePath)) {
    throw new P100WebhookConfigurationError(
      `basePath must be an absolute path such as "/p100", got "${basePath.slice(0, 100)}"`,
    );
  }
  return basePath.replace(/\/+$/, "");
}

/** The path relative to the base path, or undefined when the request is not under it. */
export function relativePath(pathname: string, base: string): string | undefined {
  if (base === "") return pathname;
  if (pathname === base) return "/";
  return pathname.startsWith(`${base}/`) ? pathname.slice(base.length) : undefined;
}

/** The 404 refusal of a delivery outside the base path, reported through `onError` like any other refusal. */
export function outsideBasePath(
  options: WebhookHandlerOptions,
  pathname: string,
  base: string,
): P100WebhookRequestError {
  const error = new P100WebhookRequestError(
    "unknown_kind",
    `No webhook handler for the path ${pathname.slice(0, 100)} (outside ${base})`,
  );
  try {
    options.onError?.(error, { kind: undefined, path: pathname });
  } catch {
    // A broken logger must not change the answer P100 gets.
  }
  return error;
}
