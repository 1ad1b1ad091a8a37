// `p100.raw`: the openapi-fetch client with the typed methods' path-parameter check in front of every call, so a
// value such as ".." cannot send the request, API key included, to another route.
import type { Client } from "openapi-fetch";
import type { paths } from "../generated/schema.js";
import { checkPathParams } from "./path-template.js";

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

type Call = (url: string, init?: unknown) => Promise<unknown>;

/** The same client, refusing (as a rejected promise, like any failed call) a path parameter that would change the route. */
export function withPathChecks(inner: Client<paths>): Client<paths> {
  const loose = inner as unknown as Record<string, Call> & { request: (method: string, url: string, init?: unknown) => Promise<unknown> };
  const checked = (method: string, url: string, init: unknown, send: () => Promise<unknown>): Promise<unknown> => {
    try {
      checkPathParams(method.toUpperCase(), url, (init as { params?: unknown } | undefined)?.params);
    } catch (error) {
      return Promise.reject(error);
    }
    return send();
  };
  const guarded: Record<string, unknown> = {
    request: (method: string, url: string, init?: unknown) => checked(method, url, init, () => loose.request(method, url, init)),
    // Middleware registered here applies to the typed methods too: they share the inner client.
    use: inner.use,
    eject: inner.eject,
  };
  for (const method of METHODS) {
    guarded[method] = (url: string, init?: unknown) => checked(method, url, init, () => loose[method]!(url, init));
  }
  return guarded as unknown as Client<paths>;
}
