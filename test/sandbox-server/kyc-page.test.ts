// KYC method B's page in a real browser (the headless Chromium of `npm test`): kycVerificationPageUrl opens without an
// API key, offers Approve / Reject, the choice acts as simulate.kycApproved / kycRejected, and the answer shows where
// the documented flow goes next. A form that this sandbox did not issue (no or a wrong token) changes nothing.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../scripts/lib/browser.mjs";
import { createP100Client, type P100Client } from "../../src/index.js";
import { startSandboxServer, type SandboxServer } from "../../src/sandbox/server.js";
import { exampleUser } from "../../examples/example-user.js";

let server: SandboxServer;
let p100: P100Client;
let browser: Browser;
/** One page for every test: the npm-shipped Chromium runs as a single process, which ends with its last page. */
let page: Page;
beforeAll(async () => {
  server = await startSandboxServer({ apiKey: "kyc-page-key" });
  p100 = createP100Client({ apiKey: "kyc-page-key", baseUrl: server.url, maxRetries: 0 });
  browser = await launchChromium();
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A user with a started KYC method B verification, and the URL of its page. */
async function startKyc(externalUserId: string, phone: string): Promise<string> {
  await p100.createUser({ ...exampleUser(externalUserId, `${externalUserId}@example.pl`), phone });
  const { verificationId } = await p100.createKycVerification({
    externalUserId,
    documentType: "ID_CARD",
    country: "PL",
    incomeSource: "SALARY",
    openAccountReason: "INVESTMENTS_OR_CRYPTOCURRENCIE",
  });
  return p100.kycVerificationPageUrl({ externalUserId, verificationId });
}

describe("KYC page in a browser", () => {
  it("opens without an API key, and Approve verifies the user, then shows the next steps", async () => {
    const url = await startKyc("page-user-1", "48601234501");
    {
      const opened = await page.goto(url);
      expect(opened?.status()).toBe(200);
      expect(opened?.request().headers()["x-api-key"]).toBeUndefined();
      await page.getByRole("button", { name: "Approve" }).waitFor();
      expect(await page.getByRole("button", { name: "Reject" }).count()).toBe(1);
      await page.getByRole("button", { name: "Approve" }).click();
      await page.getByRole("heading", { name: "Identity verified" }).waitFor();
      const text = await page.locator("body").innerText();
      expect(text).toContain("Add User Verification (POST /v1/user/verification)");
    }
    const status = await p100.getKycStatus({ externalUserId: "page-user-1" });
    expect(status).toMatchObject({ verificationStatus: "VERIFIED", attemptStatus: "SUCCESSFUL" });
  });

  it("Reject rejects the attempt (REJECTED_BY_PROVIDER) and says how to try again", async () => {
    const url = await startKyc("page-user-2", "48601234502");
    {
      await page.goto(url);
      await page.getByRole("button", { name: "Reject" }).click();
      await page.getByRole("heading", { name: "Identity not verified" }).waitFor();
      expect(await page.locator("body").innerText()).toContain("creates a new verification (POST /v1/kyc)");
    }
    const status = await p100.getKycStatus({ externalUserId: "page-user-2" });
    expect(status).toMatchObject({ verificationStatus: "NOT_VERIFIED", attemptStatus: "REJECTED_BY_PROVIDER" });
  });

  it("answers an unknown verification as the API does, a wrong key with 401, and refuses a forged decision", async () => {
    const url = await startKyc("page-user-3", "48601234503");
    const unknown = await fetch(url.replace(/\/[^/]+$/, "/no-such-verification"));
    // The page documents P412 as its only error code: an unknown verification of the user is answered with it.
    expect(((await unknown.json()) as { errorCode: string }).errorCode).toBe("P412");
    expect((await fetch(url, { headers: { "x-api-key": "wrong" } })).status).toBe(401);
    // Another site can post a form to the sandbox, but it cannot read the page's token.
    const forged = await fetch(`${server.url}/_sandbox/kyc-page/decision`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        externalUserId: "page-user-3",
        verificationId: url.split("/").at(-1) as string,
        token: "forged",
        decision: "approve",
      }),
    });
    expect(forged.status).toBe(403);
    expect((await p100.getKycStatus({ externalUserId: "page-user-3" })).verificationStatus).not.toBe("VERIFIED");
    // The page cannot be framed by another site, and runs no script.
    const html = await fetch(url);
    expect(html.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(await html.text()).not.toContain("<script");
  });
});
