/** Log levels, most verbose first. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** A logger hook; `console` fits. Each line gets a message and a metadata object that never holds secrets. */
export interface Logger {
  debug?(message: string, meta?: Record<string, unknown>): void;
  info?(message: string, meta?: Record<string, unknown>): void;
  warn?(message: string, meta?: Record<string, unknown>): void;
  error?(message: string, meta?: Record<string, unknown>): void;
}

const ORDER: Record<LogLevel | "off", number> = { debug: 0, info: 1, warn: 2, error: 3, off: 4 };
const REDACTED = "[redacted]";

/**
 * The log function the runtime calls: filtered by level, with every secret scrubbed from message and metadata.
 * `enabled` is false when no logger is set, so hot paths can skip building lines nobody reads.
 */
export type Log = ((level: LogLevel, message: string, meta?: Record<string, unknown>) => void) & {
  readonly enabled: boolean;
};

/** Builds the runtime's log function. `secrets` are replaced wherever they appear, as a last line of defence. */
export function createLog(logger: Logger | undefined, level: LogLevel | "off", secrets: readonly string[]): Log {
  if (!logger || level === "off") return Object.assign(() => {}, { enabled: false });
  const threshold = ORDER[level];
  const scrub = <T>(value: T) => secrets.reduce((acc, secret) => redactSecret(acc, secret), value);
  const log = (lineLevel: LogLevel, message: string, meta?: Record<string, unknown>) => {
    if (ORDER[lineLevel] < threshold) return;
    // A JSON copy first: the line's metadata is logged as plain data, and the copy is what gets redacted.
    const safeMeta =
      meta === undefined ? undefined : scrub(JSON.parse(JSON.stringify(meta)) as Record<string, unknown>);
    try {
      logger[lineLevel]?.(scrub(message), safeMeta);
    } catch {
      // A broken logger must never break a payment flow.
    }
  };
  return Object.assign(log, { enabled: true });
}

/**
 * The forms a secret takes in text: as it is, and as JSON writes it inside a string (`"` as `\"`, `\` as `\\`), which
 * is how a server that echoes a key in a JSON body sends it, and how a body read as plain text keeps it.
 */
export function secretForms(secret: string): readonly string[] {
  const escaped = JSON.stringify(secret).slice(1, -1);
  // The escaped form first: it is the longer one, and replacing the raw form first could leave a stray backslash.
  return escaped === secret ? [secret] : [escaped, secret];
}

/**
 * Deep-copies a string or JSON value with every form of `secret` (see {@link secretForms}) replaced by "[redacted]",
 * in strings and in object keys; the value itself when it holds none.
 */
export function redactSecret<T>(value: T, secret: string): T {
  if (!secret) return value;
  const forms = secretForms(secret);
  if (typeof value === "string") return redactText(value, forms) as T;
  if (value === null || typeof value !== "object") return value;
  // A string holding a form holds it JSON-escaped in the value's JSON text: one cheap scan spares the walk.
  const text = JSON.stringify(value);
  if (text === undefined || !forms.some((form) => text.includes(JSON.stringify(form).slice(1, -1)))) return value;
  return redactJson(JSON.parse(text) as unknown, forms) as T;
}

function redactText(text: string, forms: readonly string[]): string {
  return forms.reduce((acc, form) => (acc.includes(form) ? acc.split(form).join(REDACTED) : acc), text);
}

/** Redacts a parsed JSON value (a fresh copy, so it is changed in place): strings, array items, keys and values. */
function redactJson(value: unknown, forms: readonly string[]): unknown {
  if (typeof value === "string") return redactText(value, forms);
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => redactJson(item, forms));
  // fromEntries defines properties, so a "__proto__" key stays a field instead of replacing the prototype.
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [redactText(key, forms), redactJson(item, forms)]),
  );
}
