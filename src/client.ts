import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../generated/schema.js";
import { P100ConfigurationError } from "./errors.js";
import { resolveBaseUrl, type Environment } from "./environments.js";
import { kycVerificationPageUrlBuilder, type KycVerificationPageInput } from "./kyc-page.js";
import type { ClientContext } from "./context.js";
import { createLog, redactSecret, type Logger, type LogLevel } from "./logger.js";
import { operationTable, type OperationId } from "../generated/operations.js";
import { bindOperations, type OperationMethods } from "./operations.js";
import { applyPathOverrides, type PathOverrides } from "./path-overrides.js";
import { withPathChecks } from "./raw-client.js";
import { DEFAULT_MAX_RETRIES } from "./retry.js";
import { DEFAULT_MAX_RESPONSE_BYTES } from "./response-body.js";
import { checkApiKey, isBrowser } from "./safety.js";
import { sanitizeCause, scrubError } from "./scrub.js";
import { checkCallLimits, createTransport, type FetchLike, type TransportPolicy } from "./transport.js";
import { SDK_VERSION } from "./version.js";

/** Options of {@link createP100Client}. */
export interface P100ClientOptions {
  /** The partner API key. Defaults to the `P100_API_KEY` environment variable where one exists. */
  apiKey?: string | undefined;
  /** "staging" (the default) or "production". Ignored when `baseUrl` is given. */
  environment?: Environment | undefined;
  /** Overrides the environment's URL, e.g. the local mock. Must be https unless it is a loopback address. */
  baseUrl?: string | undefined;
  /** A custom fetch (defaults to `globalThis.fetch`). */
  fetch?: FetchLike | undefined;
  /** Milliseconds one attempt may take, its whole answer read (default 60 000); overridable per call. */
  timeoutMs?: number | undefined;
  /** Retries of a retryable failure for reads (default 2); overridable per call. Writes are never retried unless a call opts in. */
  maxRetries?: number | undefined;
  /**
   * The largest answer body the client reads, in bytes (default 10 MiB); overridable per call. Past it the client
   * stops reading and throws a P100ResponseTooLargeError.
   */
  maxResponseBytes?: number | undefined;
  /** Receives log lines with the API key redacted (`console` fits). */
  logger?: Logger | undefined;
  /** Lowest level passed to `logger` (default "warn"). */
  logLevel?: LogLevel | "off" | undefined;
  /**
   * Allow creating the client in a browser. The partner API key moves money: shipped to a browser, anyone can read
   * it. Set this only for a trusted, internal tool whose users may hold the key.
   */
  dangerouslyAllowBrowser?: boolean | undefined;
  /**
   * Corrected paths by operationId, e.g. `{ listUserTransactions: "/v1/..." }` (what `p100 verify` prints for a path
   * it found wrong). Each must keep the spec's placeholders; the typed method keeps working. `raw` keeps the spec's
   * paths, since its types are built from them.
   */
  paths?: PathOverrides<OperationId> | undefined;
}

/** The P100 client: one method per operation, plus the raw openapi-fetch client. */
export type P100Client = OperationMethods & {
  /** The underlying openapi-fetch client, for `{ data, error, response }` results instead of thrown errors. */
  readonly raw: Client<paths>;
  /** The base URL every request goes to. */
  readonly baseUrl: string;
  /**
   * The URL of KYC method B's hosted page (`getKycRedirectPage`'s path on this client's base URL), to open in the end
   * user's browser or a web view: the page forwards the browser to the identity provider, which a server-side fetch
   * cannot do. Refuses an empty, "." or ".." identifier like every method.
   */
  readonly kycVerificationPageUrl: (input: KycVerificationPageInput) => string;
};

const DEFAULT_TIMEOUT_MS = 60_000;

/** Creates a P100 client. Nothing talks to production unless `environment: "production"` (or its URL) is given. */
export function createP100Client(options: P100ClientOptions = {}): P100Client {
  if (isBrowser() && options.dangerouslyAllowBrowser !== true) {
    throw new P100ConfigurationError(
      "createP100Client refuses to run in a browser: the partner API key moves money and would be readable by anyone. " +
        "Call P100 from your server; for a trusted internal tool, pass `dangerouslyAllowBrowser: true`.",
    );
  }
  const apiKey = options.apiKey ?? readEnv("P100_API_KEY");
  if (!apiKey) {
    throw new P100ConfigurationError("No API key: pass `apiKey` or set the P100_API_KEY environment variable.");
  }
  const keyProblem = checkApiKey(apiKey);
  if (keyProblem)
    throw new P100ConfigurationError(`The API key cannot be sent as an HTTP header value: ${keyProblem}.`);
  const baseUrl = resolveBaseUrl(options);
  const table = applyPathOverrides(operationTable, options.paths);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const problem = checkCallLimits({ timeoutMs, maxRetries, maxResponseBytes });
  if (problem) throw new P100ConfigurationError(`${problem}.`);

  const baseFetch: FetchLike = options.fetch ?? ((request, init) => globalThis.fetch(request, init));
  const log = createLog(options.logger, options.logLevel ?? "warn", [apiKey]);
  const scrub = <E>(error: E): E => scrubError(error, apiKey);
  const defaults: TransportPolicy = { timeoutMs, maxRetries, maxResponseBytes, retryWrites: false, scrub };
  // The key and User-Agent go in as default headers rather than a middleware: openapi-fetch's middleware pipeline
  // costs more per call than the rest of the SDK's own work (measured by `npm run bench`).
  const raw = createClient<paths>({
    baseUrl,
    // `p100.raw` passes the caller's signal only inside the Request, so its transport follows the Request's signal.
    fetch: createTransport(baseFetch, { ...defaults, followRequestSignal: true }, log),
    headers: { "x-api-key": apiKey, "user-agent": `p100-partner-sdk/${SDK_VERSION}` },
    redirect: "manual",
  });

  const context: ClientContext = {
    raw,
    fetch: baseFetch,
    defaults,
    log,
    redact: (value) => redactSecret(value, apiKey),
    sanitizeCause: (cause) => sanitizeCause(cause, apiKey),
    scrubError: scrub,
  };
  return Object.assign(bindOperations(context, table), {
    raw: withPathChecks(raw),
    baseUrl,
    kycVerificationPageUrl: kycVerificationPageUrlBuilder(baseUrl, table.getKycRedirectPage.path),
  });
}

function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.[name] || undefined;
}
