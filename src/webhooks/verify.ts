// Authentication of a delivery: P100 sends the partner's Webhook Security Token as the plain value of the
// Authorization header (no signature is documented). The comparison runs in constant time in every runtime.
import { P100WebhookConfigurationError, P100WebhookUnauthorizedError } from "./errors.js";

type TimingSafeEqual = (a: Uint8Array, b: Uint8Array) => boolean;

const encoder = new TextEncoder();
let nodeTimingSafeEqual: TimingSafeEqual | null | undefined;

/** node:crypto's timingSafeEqual when the runtime has it, without a static import (Workers and browsers have none). */
function builtinTimingSafeEqual(): TimingSafeEqual | null {
  if (nodeTimingSafeEqual !== undefined) return nodeTimingSafeEqual;
  nodeTimingSafeEqual = null;
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const crypto = proc?.getBuiltinModule?.("node:crypto") as { timingSafeEqual?: TimingSafeEqual } | undefined;
    if (typeof crypto?.timingSafeEqual === "function") nodeTimingSafeEqual = crypto.timingSafeEqual;
  } catch {
    // No node:crypto here: the portable loop below is used.
  }
  return nodeTimingSafeEqual;
}

/** Constant-time byte comparison in plain JavaScript, for runtimes without node:crypto. */
export function constantTimeEqualBytes(a: Uint8Array, b: Uint8Array): boolean {
  const length = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/**
 * Compares two strings in time that depends only on their lengths, never on where they differ: both are encoded as
 * UTF-8 and padded to the same length, then compared with node:crypto's timingSafeEqual when available.
 */
export function timingSafeEqualStrings(a: string, b: string): boolean {
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  const length = Math.max(left.length, right.length);
  const paddedLeft = new Uint8Array(length);
  const paddedRight = new Uint8Array(length);
  paddedLeft.set(left);
  paddedRight.set(right);
  const builtin = builtinTimingSafeEqual();
  const same = builtin ? builtin(paddedLeft, paddedRight) : constantTimeEqualBytes(paddedLeft, paddedRight);
  return same && left.length === right.length;
}

/**
 * The accepted tokens as a non-empty list (several during a rotation); throws P100WebhookConfigurationError, naming
 * the `token` option, on a missing (`undefined`, `null`: e.g. an unset environment variable), empty or non-string token.
 */
export function normalizeTokens(token: string | readonly string[]): readonly string[] {
  const given: unknown = token;
  if (given === undefined || given === null) {
    throw new P100WebhookConfigurationError(
      `A webhook token is required: the option "token" is ${String(given)} (is the environment variable it is read from set?); pass the Webhook Security Token issued by P100`,
    );
  }
  const tokens: unknown[] =
    typeof given === "string" ? [given] : Array.isArray(given) ? [...(given as unknown[])] : [given];
  if (tokens.length === 0 || tokens.some((t) => typeof t !== "string" || t.length === 0)) {
    throw new P100WebhookConfigurationError(
      'A webhook token is required: the option "token" must be a non-empty string (or a non-empty list of them); pass the Webhook Security Token issued by P100',
    );
  }
  return tokens as string[];
}

/**
 * Checks the Authorization header of a delivery against the Webhook Security Token (or each token of a rotation),
 * in constant time; throws P100WebhookUnauthorizedError when it is missing or wrong.
 */
export function verifyWebhookToken(authorization: string | null | undefined, token: string | readonly string[]): void {
  const tokens = normalizeTokens(token);
  if (authorization === null || authorization === undefined || authorization === "") {
    throw new P100WebhookUnauthorizedError(true);
  }
  // Every token is compared, so the time taken does not tell which one (if any) matched.
  let matched = false;
  for (const expected of tokens) matched = timingSafeEqualStrings(authorization, expected) || matched;
  if (!matched) throw new P100WebhookUnauthorizedError(false);
}
