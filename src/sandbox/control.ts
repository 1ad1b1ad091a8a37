// The control surface of a sandbox: what a test drives besides the API (simulate.*, the clock, the records, reset).
// One type serves both sides, so they cannot drift: the in-process sandbox's members are picked from `Sandbox`, and
// `connectSandbox` returns the same surface with every member async (`Promisified`).
import type { Sandbox } from "./sandbox.js";

/** The control surface of a sandbox, taken from `Sandbox` (records as calls, plus `reset`). */
export interface SandboxControl extends Pick<Sandbox, "simulate" | "advance" | "settle" | "now" | "state"> {
  /** Every webhook delivery attempt and its answer, oldest first. */
  deliveries(): Sandbox["deliveries"];
  /** Every webhook event emitted, with its delivery state. */
  events(): Sandbox["events"];
  /** Every balance change, oldest first. */
  ledger(): Sandbox["ledger"];
  /** Starts over with an empty sandbox made from the same options (a loaded --state is not reloaded). */
  reset(): Promise<void>;
}

/** `T` with every function returning a promise, nested objects included (what a remote call gives). */
export type Promisified<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : Promisified<T[K]>;
};

/** The control surface of a sandbox in another process: the in-process one, every member async. */
export type RemoteSandbox = Promisified<SandboxControl>;

/**
 * The control surface of the sandbox `current()` returns, read at each call (so a reset, which replaces the sandbox,
 * is seen at once); `reset` is given by whoever can replace it.
 */
export function controlOf(current: () => Sandbox, reset: () => Promise<void>): SandboxControl {
  return {
    get simulate() {
      return current().simulate;
    },
    advance: (ms) => current().advance(ms),
    settle: () => current().settle(),
    now: () => current().now(),
    state: () => current().state(),
    deliveries: () => current().deliveries,
    events: () => current().events,
    ledger: () => current().ledger,
    reset,
  };
}
