// Records every error and log line the hostile suite produces, in every form a user could print or ship, and checks
// that no secret appears in any of them. A test file creates one scanner, passes `scanner.logger` to its clients,
// hands every caught error to `scanner.error(...)`, and calls `scanner.assertClean()` in afterAll.
import { inspect } from "node:util";
import type { Logger } from "../../src/index.js";

/** The API key every hostile test uses; the fault servers echo it back in bodies and headers. */
export const HOSTILE_API_KEY = "sk_test_HOSTILE_7f3a9c1e5b2d48f6a0c9e3b7d1f5a2c8";
/** The webhook token the webhook tests use; senders echo it back too. */
export const HOSTILE_WEBHOOK_TOKEN = "whk_HOSTILE_token_4e8b2f6a9c1d3e5f7a0b2c4d6e8f0a1b";

const SECRETS = [HOSTILE_API_KEY, HOSTILE_WEBHOOK_TOKEN] as const;

/** Every text form of an error: message, String(), stack, JSON, util.inspect (what console.log prints), the cause chain. */
export function errorSurfaces(error: unknown): string[] {
  const surfaces: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current !== undefined && current !== null && !seen.has(current)) {
    seen.add(current);
    surfaces.push(String(current), inspect(current, { depth: 8, showHidden: false, getters: true }));
    if (current instanceof Error) {
      surfaces.push(current.message, current.stack ?? "");
      try {
        surfaces.push(JSON.stringify(current) ?? "");
      } catch (cause) {
        surfaces.push(`JSON.stringify threw: ${String(cause)}`);
      }
      const body = (current as { body?: unknown }).body;
      if (body !== undefined) surfaces.push(typeof body === "string" ? body : inspect(body, { depth: 8 }));
      current = current.cause;
    } else {
      current = undefined;
    }
  }
  return surfaces;
}

export interface SecretScanner {
  /** A logger at every level that records each line with its metadata. */
  readonly logger: Required<Logger>;
  /** Records an error (all its surfaces). Returns it, for chaining in `.catch(scanner.error)`. */
  error(error: unknown): unknown;
  /** Records a free text, e.g. a serialized response the test produced. */
  text(text: string): void;
  /** How many texts were scanned so far. */
  readonly count: { errors: number; logLines: number; texts: number };
  /** Throws, naming the secret and showing the text, when any recorded text contains a secret. */
  assertClean(): void;
}

/** A fresh scanner for one test file. */
export function createSecretScanner(): SecretScanner {
  const texts: { source: string; text: string }[] = [];
  const count = { errors: 0, logLines: 0, texts: 0 };
  const line =
    (level: string) =>
    (message: string, meta?: Record<string, unknown>): void => {
      count.logLines++;
      texts.push({
        source: `log ${level}`,
        text: `${message} ${inspect(meta, { depth: 8 })} ${JSON.stringify(meta) ?? ""}`,
      });
    };
  return {
    logger: { debug: line("debug"), info: line("info"), warn: line("warn"), error: line("error") },
    error(error) {
      count.errors++;
      for (const text of errorSurfaces(error)) texts.push({ source: "error", text });
      return error;
    },
    text(text) {
      count.texts++;
      texts.push({ source: "text", text });
    },
    count,
    assertClean() {
      for (const { source, text } of texts) {
        for (const secret of SECRETS) {
          if (text.includes(secret)) {
            throw new Error(`secret ${secret.slice(0, 12)}... leaked in ${source}: ${text.slice(0, 2_000)}`);
          }
        }
      }
    },
  };
}
