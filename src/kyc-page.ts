// The address of KYC method B's hosted page. The API answers that path with an HTML page whose scripts forward a
// browser to the identity provider, so the end user's browser (or a web view) must open it: fetching it from a server
// shows nothing to the user. The documentation's advice is base URL + path, which this builds from the operation table.
import { operationTable } from "../generated/operations.js";
import { checkPathParams, fillPath } from "./path-template.js";

/** The two identifiers of a hosted KYC verification page. */
export interface KycVerificationPageInput {
  readonly externalUserId: string;
  readonly verificationId: string;
}

/** Builds `kycVerificationPageUrl` for one base URL: the same path and path-parameter checks as getKycRedirectPage. */
export function kycVerificationPageUrlBuilder(
  baseUrl: string,
  path: string = operationTable.getKycRedirectPage.path,
): (input: KycVerificationPageInput) => string {
  const { method } = operationTable.getKycRedirectPage;
  return (input) => {
    checkPathParams(method.toUpperCase(), path, { path: input });
    const values = input as unknown as Record<string, string | number>;
    return baseUrl + fillPath(path, (name) => encodeURIComponent(String(values[name])));
  };
}
