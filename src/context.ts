// What every call of one client shares, handed from the client factory down to the operation methods. Its own file
// so that the methods need not import the factory that imports them.
import type { Client } from "openapi-fetch";
import type { paths } from "../generated/schema.js";
import type { Log } from "./logger.js";
import type { FetchLike, TransportPolicy } from "./transport.js";

/** Settings shared by every call of one client. */
export interface ClientContext {
  readonly raw: Client<paths>;
  readonly fetch: FetchLike;
  readonly defaults: TransportPolicy;
  readonly log: Log;
  /** Removes the API key from anything the API echoes back, before it reaches an error. */
  readonly redact: <T>(value: T) => T;
  /** A copy of a thrown value that is safe to keep as an error's `cause` (the API key removed). */
  readonly sanitizeCause: (cause: unknown) => unknown;
  /** Removes the API key from an SDK error's message, stack and cause, in place. */
  readonly scrubError: <E>(error: E) => E;
}
