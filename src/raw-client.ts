// `p100.raw`: the openapi-fetch client with the typed methods' path-parameter check in front of every call, so a
// value such as ".." cannot send the request, API key included, to another route.
import type { Client } from "openapi-fetch";
import type { paths } from "../generated/schema.js";
import { checkPathParams } from "./path-template.js";

type Loose = Record<string, (...args: unknown[]) => Promise<unknown>>;

/** The same client, refusing (as a rejected promise, like any failed call) a path parameter that would change the route. */
export function withPathChecks(inner: Client<paths>): Client<paths> {
  // Middleware registered through `use` applies to the typed methods too: they share the inner client.
  const guarded = { ...inner } as unknown as Loose;
  for (const name of ["request", "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"]) {
    guarded[name] = async (...args) => {
      // request(method, url, init) names its method first; GET(url, init) and the others are named after theirs.
      const [method, url, init] = name === "request" ? args : [name, ...args];
      checkPathParams(String(method).toUpperCase(), String(url), (init as { params?: unknown } | undefined)?.params);
      return (inner as unknown as Loose)[name]!(...args);
    };
  }
  return guarded as unknown as Client<paths>;
}
