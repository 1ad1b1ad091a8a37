// Which server `p100 verify` may talk to: staging by default, never production (verification is for the partner's
// test environment, and write probes there could move real money), plain http only on this machine (a local fake),
// since the API key would otherwise travel in clear text.
import { environments, isLoopback } from "../environments.js";

/** Thrown for a target or an input verify refuses before sending anything; the CLI exits 2. */
export class VerifyUsageError extends Error {
  override readonly name = "VerifyUsageError";
}

/** A checked target: its base URL without a trailing slash, and whether write probes may go there. */
export interface VerifyTarget {
  readonly url: string;
  /** True for the staging URL and for loopback (a local stand-in); false for any other host. */
  readonly mayProbeWrites: boolean;
}

/** Validates `baseUrl` (default staging); refuses production, credentials, a query, and http off loopback. */
export function resolveTarget(baseUrl: string = environments.staging): VerifyTarget {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new VerifyUsageError(`--base-url is not an absolute URL: "${baseUrl}"`);
  }
  if (url.username || url.password) throw new VerifyUsageError("--base-url must not contain credentials");
  if (url.search || url.hash) throw new VerifyUsageError("--base-url must not have a query or fragment");
  if (!(url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url)))) {
    throw new VerifyUsageError(
      `--base-url must use https (plain http only on loopback), got ${url.protocol}//${url.host}`,
    );
  }
  if (url.hostname.toLowerCase() === new URL(environments.production).hostname) {
    throw new VerifyUsageError(
      `refusing to run against production (${url.origin}): p100 verify is for your staging environment only`,
    );
  }
  const clean = url.href.replace(/\/+$/, "");
  return { url: clean, mayProbeWrites: url.origin === new URL(environments.staging).origin || isLoopback(url) };
}
