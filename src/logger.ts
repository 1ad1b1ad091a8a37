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
export type Log = ((level: LogLevel, message: string, meta?: Record<string, unknown>) => void) & { readonly enabled: boolean };

/** Builds the runtime's log function. `secrets` are replaced wherever they appear, as a last line of defence. */
export function createLog(logger: Logger | undefined, level: LogLevel | "off", secrets: readonly string[]): Log {
  if (!logger || level === "off") return Object.assign(() => {}, { enabled: false });
  const threshold = ORDER[level];
  const scrub = (text: string) => secrets.reduce((acc, secret) => redactSecret(acc, secret), text);
  const log = (lineLevel: LogLevel, message: string, meta?: Record<string, unknown>) => {
    if (ORDER[lineLevel] < threshold) return;
    const safeMeta = meta === undefined ? undefined : (JSON.parse(scrub(JSON.stringify(meta))) as Record<string, unknown>);
    try {
      logger[lineLevel]?.(scrub(message), safeMeta);
    } catch {
      // A broken logger must never break a payment flow.
    }
  };
  return Object.assign(log, { enabled: true });
}

/** Deep-copies a string or JSON value with every occurrence of `secret` replaced by "[redacted]". */
export function redactSecret<T>(value: T, secret: string): T {
  if (!secret) return value;
  if (typeof value === "string") return (value.includes(secret) ? value.split(secret).join(REDACTED) : value) as T;
  if (value === null || typeof value !== "object") return value;
  const text = JSON.stringify(value);
  return text.includes(secret) ? (JSON.parse(text.split(secret).join(REDACTED)) as T) : value;
}
