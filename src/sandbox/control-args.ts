// The arguments of every control call, checked before the call runs: a JSON array of positional arguments, as the
// in-process call takes them. The table is typed against SandboxControl and SandboxSimulate, so a new simulate call
// without an entry here fails `tsc` by name, and an entry's result must be the call's exact parameter list.
import type { SandboxControl } from "./control.js";
import type { SandboxSimulate } from "./simulate.js";

/** A wrong argument of a control call; the message names the argument and what was expected. */
export class ControlArgumentError extends Error {
  override readonly name = "ControlArgumentError";
}

/** Checks a call's JSON arguments and returns them typed as the call's parameters, or throws ControlArgumentError. */
export type ArgValidator<P extends readonly unknown[]> = (args: readonly unknown[]) => P;

/** One field or argument check: the value typed, or a ControlArgumentError naming `where`. */
type Check<T> = (value: unknown, where: string) => T;

const describe = (value: unknown) =>
  value === null ? "null" : Array.isArray(value) ? "an array" : typeof value === "string" ? `"${value}"` : typeof value;

const fail = (where: string, expected: string, value: unknown): never => {
  throw new ControlArgumentError(`${where} must be ${expected}, got ${describe(value)}`);
};

const text: Check<string> = (v, where) =>
  typeof v === "string" && v.length > 0 ? v : fail(where, "a non-empty string", v);
const amount: Check<string | number> = (v, where) =>
  (typeof v === "string" && v.length > 0) || (typeof v === "number" && Number.isFinite(v))
    ? v
    : fail(where, "a decimal string or a number", v);
const flag: Check<boolean> = (v, where) => (typeof v === "boolean" ? v : fail(where, "true or false", v));
const count: Check<number> = (v, where) =>
  Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : fail(where, "a non-negative integer", v);
const oneOf =
  <const T extends string>(...values: readonly T[]): Check<T> =>
  (v, where) =>
    values.includes(v as T) ? (v as T) : fail(where, `one of ${values.join(", ")}`, v);
const optional =
  <T>(check: Check<T>): Check<T | undefined> =>
  (v, where) =>
    v === undefined ? undefined : check(v, where);

/** An object argument: every field checked (a key of T without a check fails tsc), unknown fields refused. */
function shape<T extends object>(fields: { readonly [K in keyof T]-?: Check<T[K]> }): Check<T> {
  return (v, where) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return fail(where, "a JSON object", v);
    const known = Object.keys(fields);
    const unknown = Object.keys(v).filter((k) => !known.includes(k));
    if (unknown.length > 0)
      throw new ControlArgumentError(`${where} has unknown field ${unknown.join(", ")} (known: ${known.join(", ")})`);
    const result: Record<string, unknown> = {};
    for (const [key, check] of Object.entries(fields) as [string, Check<unknown>][]) {
      const value = check((v as Record<string, unknown>)[key], `${where}.${key}`);
      if (value !== undefined) result[key] = value;
    }
    return result as T;
  };
}

/** Checks the number of arguments, naming the call's parameters in the message. */
function arity(args: readonly unknown[], names: readonly string[], required: number): void {
  if (args.length >= required && args.length <= names.length) return;
  const list = names.map((n, i) => (i < required ? n : `${n}?`)).join(", ");
  throw new ControlArgumentError(
    `expected ${required === names.length ? names.length : `${required} to ${names.length}`} argument(s) (${list}), got ${args.length}`,
  );
}

/** A call taking positional arguments, each checked; trailing optional ones may be left out. */
function positional<P extends readonly unknown[]>(
  names: readonly string[],
  required: number,
  checks: { readonly [I in keyof P]: Check<P[I]> },
): ArgValidator<P> {
  return (args) => {
    arity(args, names, required);
    const values = (checks as readonly Check<unknown>[])
      .slice(0, args.length)
      .map((check, i) => check(args[i], names[i] as string));
    return values as unknown as P;
  };
}

const none = positional<[]>([], 0, []);
const userId = positional<[string]>(["externalUserId"], 1, [text]);
const id = (name: string) => positional<[string]>([name], 1, [text]);
const userAndCard = positional<[string, string]>(["externalUserId", "cardId"], 2, [text, text]);

type SimulateArgs = { readonly [K in keyof SandboxSimulate]: ArgValidator<Parameters<SandboxSimulate[K]>> };

/** The arguments of every simulate call, by name. */
export const simulateArgs: SimulateArgs = {
  kycApproved: userId,
  kycRejected: positional(["externalUserId", "reason"], 1, [text, text]),
  poaDecided: positional(["externalUserId", "status"], 2, [text, oneOf("APPROVED", "REJECTED", "QUESTIONED")]),
  sepaDeposit: positional(["deposit"], 1, [
    shape<Parameters<SandboxSimulate["sepaDeposit"]>[0]>({
      externalUserId: optional(text),
      amount,
      senderIban: optional(text),
      senderName: optional(text),
    }),
  ]),
  sepaTransferFailed: id("transferId"),
  cryptoDeposit: positional(["deposit"], 1, [
    shape<Parameters<SandboxSimulate["cryptoDeposit"]>[0]>({
      externalUserId: optional(text),
      currency: text,
      amount,
      network: optional(text),
      travelRule: optional(flag),
    }),
  ]),
  cryptoWithdrawalFailed: id("withdrawalId"),
  cardTransaction: positional(["transaction"], 1, [
    shape<Parameters<SandboxSimulate["cardTransaction"]>[0]>({
      externalUserId: text,
      cardId: text,
      amount,
      merchant: optional(text),
      channel: optional(oneOf("ECOM", "ATM")),
    }),
  ]),
  card3dsCode: userAndCard,
  cardActivationCode: userAndCard,
  paymentLinkPaid: id("paymentLinkId"),
  paymentLinkExpired: id("paymentLinkId"),
  serviceUnavailable: positional(["calls"], 0, [count]),
  rateLimited: positional(["calls", "retryAfterSeconds"], 0, [count, count]),
  orderPayment: positional(["orderId", "amount"], 1, [text, amount]),
};

type ControlArgs = {
  readonly [K in Exclude<keyof SandboxControl, "simulate">]: ArgValidator<Parameters<SandboxControl[K]>>;
};

/** The arguments of every other control call, by name. */
export const controlArgs: ControlArgs = {
  advance: positional(["ms"], 1, [count]),
  settle: none,
  now: none,
  deliveries: none,
  events: none,
  ledger: none,
  state: none,
  reset: none,
};
