import { P100ConfigurationError } from "./errors.js";

/** The base URL of each P100 environment. */
export const environments = {
  staging: "https://partner-api-stage.p100.io",
  production: "https://partner-api.p100.io",
} as const;

/** A P100 environment name. */
export type Environment = keyof typeof environments;

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/** Whether a URL points at this machine, where plain http is acceptable (the mock, tests). */
export function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
}

/**
 * Picks the base URL from `baseUrl` or `environment` (default "staging", so nothing reaches production unless asked).
 * A non-https base URL is refused unless it is loopback, because the API key would travel in clear text.
 */
export function resolveBaseUrl(options: {
  environment?: Environment | undefined;
  baseUrl?: string | undefined;
}): string {
  if (options.baseUrl === undefined) {
    const environment = options.environment ?? "staging";
    if (!Object.hasOwn(environments, environment)) {
      throw new P100ConfigurationError(`Unknown environment "${String(environment)}": use "staging" or "production".`);
    }
    return environments[environment];
  }
  let url: URL;
  try {
    url = new URL(options.baseUrl);
  } catch {
    throw new P100ConfigurationError(`baseUrl is not a valid absolute URL: "${options.baseUrl}".`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url))) {
    throw new P100ConfigurationError(
      `baseUrl must use https (plain http is allowed only for loopback addresses), got "${url.protocol}//${url.host}".`,
    );
  }
  if (url.username || url.password) throw new P100ConfigurationError("baseUrl must not contain credentials.");
  // Paths are appended to the base URL as text: a query or a fragment in it would swallow them.
  if (url.search || url.hash || options.baseUrl.includes("?") || options.baseUrl.includes("#")) {
    throw new P100ConfigurationError("baseUrl must not contain a query string or a fragment.");
  }
  return url.href.replace(/\/+$/, "");
}
