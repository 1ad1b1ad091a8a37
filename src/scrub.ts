// Keeps the API key out of errors whatever the underlying fetch throws: undici, for one, copies an invalid header
// value (the key itself) into its TypeError's message, and that error would otherwise travel on as `cause`.
import { redactSecret, secretForms } from "./logger.js";

const MAX_DEPTH = 8;

/**
 * Whether `secret` (as it is or JSON-escaped) appears anywhere in a value: strings, every own property (hidden ones
 * too), causes, nested errors.
 */
export function containsSecret(value: unknown, secret: string, depth = 0, seen = new Set<object>()): boolean {
  if (!secret) return false;
  if (typeof value === "string") return secretForms(secret).some((form) => value.includes(form));
  if (value === null || typeof value !== "object" || depth > MAX_DEPTH || seen.has(value)) return false;
  seen.add(value);
  for (const key of Object.getOwnPropertyNames(value)) {
    let item: unknown;
    try {
      item = (value as Record<string, unknown>)[key];
    } catch {
      continue;
    }
    if (containsSecret(item, secret, depth + 1, seen)) return true;
  }
  return false;
}

/**
 * A cause safe to keep: the value itself when it does not hold the secret, otherwise a copy of the error (same
 * prototype, name and code) whose message, stack and own causes have the secret replaced by "[redacted]".
 */
export function sanitizeCause(value: unknown, secret: string, depth = 0): unknown {
  if (!containsSecret(value, secret)) return value;
  if (typeof value === "string") return redactSecret(value, secret);
  if (!(value instanceof Error) || depth > MAX_DEPTH) return "[removed: the value held the API key]";
  const copy = new Error(
    redactSecret(
      safeText(() => value.message),
      secret,
    ),
  );
  Object.setPrototypeOf(copy, Object.getPrototypeOf(value) as object);
  Object.defineProperty(copy, "name", {
    value: redactSecret(
      safeText(() => value.name),
      secret,
    ),
    configurable: true,
    writable: true,
  });
  Object.defineProperty(copy, "stack", {
    value: redactSecret(
      safeText(() => value.stack ?? ""),
      secret,
    ),
    configurable: true,
    writable: true,
  });
  const code = (value as { code?: unknown }).code;
  // defineProperty, not assignment: some prototypes (DOMException) have a getter-only `code`.
  if (typeof code === "string" || typeof code === "number") {
    Object.defineProperty(copy, "code", {
      value: redactSecret(code, secret),
      configurable: true,
      writable: true,
      enumerable: true,
    });
  }
  if (value.cause !== undefined) {
    Object.defineProperty(copy, "cause", {
      value: sanitizeCause(value.cause, secret, depth + 1),
      configurable: true,
      writable: true,
    });
  }
  return copy;
}

/** Removes the secret from an SDK error in place (message, stack, cause) and returns it. */
export function scrubError<E>(error: E, secret: string): E {
  if (!(error instanceof Error) || !containsSecret(error, secret)) return error;
  error.message = redactSecret(error.message, secret);
  if (error.stack) error.stack = redactSecret(error.stack, secret);
  if (error.cause !== undefined) error.cause = sanitizeCause(error.cause, secret);
  return error;
}

/** Reads a property that a hostile object may make throw. */
function safeText(read: () => unknown): string {
  try {
    return String(read());
  } catch {
    return "";
  }
}
