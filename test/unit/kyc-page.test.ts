// KYC method B's hosted page is opened by the end user's browser, so the client builds its URL (base URL + the
// operation's path) instead of only fetching HTML a server cannot show (spec audit F17).
import { describe, expect, it } from "vitest";
import { createP100Client, P100ArgumentError } from "../../src/index.js";

const p100 = createP100Client({ apiKey: "test-key", baseUrl: "https://partner-api-stage.p100.io" });

describe("kycVerificationPageUrl", () => {
  it("is getKycRedirectPage's path on the client's base URL, each identifier one encoded segment", () => {
    expect(p100.kycVerificationPageUrl({ externalUserId: "f47ac10b-58cc", verificationId: "3f9c1e52" })).toBe(
      "https://partner-api-stage.p100.io/v1/kyc/verification/f47ac10b-58cc/3f9c1e52",
    );
    expect(p100.kycVerificationPageUrl({ externalUserId: "a/b?c#d", verificationId: "x y" })).toBe(
      "https://partner-api-stage.p100.io/v1/kyc/verification/a%2Fb%3Fc%23d/x%20y",
    );
  });

  it("refuses identifiers that would address another path, as every method does", () => {
    for (const bad of ["", ".", ".."]) {
      expect(() => p100.kycVerificationPageUrl({ externalUserId: bad, verificationId: "v" })).toThrow(
        P100ArgumentError,
      );
    }
    expect(() =>
      p100.kycVerificationPageUrl({ externalUserId: "u", verificationId: undefined as unknown as string }),
    ).toThrow(/verificationId/);
  });
});
