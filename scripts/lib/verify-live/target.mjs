// Decides which environment verify:live may talk to. Staging by default; production only when forced; plain http
// only on loopback (the fake upstream of the tests), since the API key would otherwise travel in clear text.

/** The same URLs as src/environments.ts (a test keeps the two in step; scripts run without a TS loader). */
export const STAGING_URL = "https://partner-api-stage.p100.io";
export const PRODUCTION_URL = "https://partner-api.p100.io";

/** Thrown for a target or input verify:live refuses; the CLI prints its message and exits 2. */
export class VerifyLiveUsageError extends Error {
  constructor(message) {
    super(message);
    this.name = "VerifyLiveUsageError";
  }
}

/** Whether a URL points at this machine. */
export function isLoopback(url) {
  const host = url.hostname;
  return host === "localhost" || host === "[::1]" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Validates `baseUrl` (default staging) and returns it without a trailing slash, plus whether it is production. */
export function resolveTarget(baseUrl = STAGING_URL, { forceProduction = false } = {}) {
  let url;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new VerifyLiveUsageError(`--base-url is not an absolute URL: "${baseUrl}"`);
  }
  if (url.username || url.password) throw new VerifyLiveUsageError("--base-url must not contain credentials");
  if (url.search || url.hash) throw new VerifyLiveUsageError("--base-url must not have a query or fragment");
  if (!(url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url)))) {
    throw new VerifyLiveUsageError(`--base-url must use https (plain http only on loopback), got ${url.protocol}//${url.host}`);
  }
  const production = url.hostname.toLowerCase() === new URL(PRODUCTION_URL).hostname;
  if (production && !forceProduction) {
    throw new VerifyLiveUsageError(
      `refusing to run against production (${url.origin}); verify:live is meant for staging. Pass --force-production if you really mean it.`,
    );
  }
  return { url: url.href.replace(/\/+$/, ""), production };
}
