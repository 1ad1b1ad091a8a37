// KYC method B's hosted page, as a browser sees it: the documented page is opened by the end user's browser without an
// API key (the docs' curl for it carries none; api-facts, "Method B: Redirect to Verification"), so the served sandbox
// answers it without one. Where P100 forwards to the identity provider, the sandbox shows an Approve / Reject choice
// (like Stripe's test 3-D Secure page); the choice runs simulate.kycApproved / kycRejected and the answer says where
// the documented flow goes next.
//
// Why a token: the page URL carries no key, and the sandbox's verification ids are deterministic (seeded), so the URL
// alone is guessable. The form therefore carries an HMAC of the user and verification ids under a secret drawn at
// random when the server starts. Only someone who could read the page gets it: another site open in the same browser
// can post a form to the sandbox but cannot read the page (no CORS), so it cannot approve anyone.
import { operationTable } from "../../generated/operations.js";
import { fillPath } from "../path-template.js";
import { readStreamWithin } from "../webhooks/bytes.js";
import { CONTROL_PREFIX } from "./control-http.js";
import type { SandboxControl } from "./control.js";

/** Where the page's form posts its decision. */
export const KYC_DECISION_PATH = `${CONTROL_PREFIX}/kyc-page/decision`;

/** Largest decision form accepted (the page's own form is a few hundred bytes). */
const MAX_FORM_BYTES = 8192;

const PAGE_PATH = new RegExp(`^${fillPath(operationTable.getKycRedirectPage.path, () => "([^/]+)")}/?$`);

const HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "x-p100-sandbox": "true",
  "cache-control": "no-store",
  // No script runs on the page; it cannot be framed (clickjacking) and posts only to itself.
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
};

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(status: number, title: string, body: string): Response {
  const html =
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
    `<title>${escape(title)} (P100 partner SDK sandbox)</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}` +
    `button{font-size:1rem;padding:.5rem 1.25rem;margin-right:.5rem}.note{color:#555}</style></head><body>` +
    `<p class="note">P100 partner SDK sandbox: a local stand-in, not P100. P100's page forwards to its identity provider.</p>` +
    `<h1>${escape(title)}</h1>${body}</body></html>`;
  return new Response(html, { status, headers: HEADERS });
}

/** The user and verification of a page path, or undefined when the path is not the page's. */
export function kycPagePath(pathname: string): { externalUserId: string; verificationId: string } | undefined {
  const match = PAGE_PATH.exec(pathname);
  if (!match) return undefined;
  try {
    return {
      externalUserId: decodeURIComponent(match[1] as string),
      verificationId: decodeURIComponent(match[2] as string),
    };
  } catch {
    return undefined;
  }
}

/** Signs and checks the decision tokens with a secret drawn per server. */
export interface KycPageTokens {
  sign(externalUserId: string, verificationId: string): Promise<string>;
  verify(externalUserId: string, verificationId: string, token: string): Promise<boolean>;
}

/** Tokens under a fresh random secret (HMAC-SHA-256; verify compares in constant time). */
export async function createKycPageTokens(): Promise<KycPageTokens> {
  const key = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
  const data = (user: string, verification: string) => new TextEncoder().encode(`${user}\n${verification}`);
  return {
    async sign(user, verification) {
      return Buffer.from(await crypto.subtle.sign("HMAC", key, data(user, verification))).toString("base64url");
    },
    async verify(user, verification, token) {
      const signature = Buffer.from(token, "base64url");
      return signature.byteLength === 32 && crypto.subtle.verify("HMAC", key, signature, data(user, verification));
    },
  };
}

/** The page with the Approve / Reject choice for one verification. */
export async function kycChoicePage(
  tokens: KycPageTokens,
  externalUserId: string,
  verificationId: string,
): Promise<Response> {
  const token = await tokens.sign(externalUserId, verificationId);
  const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escape(value)}">`;
  const form =
    `<p>Identity verification of user <code>${escape(externalUserId)}</code> (verification <code>${escape(verificationId)}</code>).</p>` +
    `<p>Choose the identity provider's decision:</p>` +
    `<form method="post" action="${KYC_DECISION_PATH}">` +
    hidden("externalUserId", externalUserId) +
    hidden("verificationId", verificationId) +
    hidden("token", token) +
    `<button type="submit" name="decision" value="approve">Approve</button>` +
    `<button type="submit" name="decision" value="reject">Reject</button></form>`;
  return page(200, "Verify your identity", form);
}

const NEXT_APPROVED =
  "<h2>What happens next</h2><ol>" +
  "<li>The partner's backend receives the <code>kycVerificationStatus</code> webhook (<code>VERIFIED</code>), or reads it with Get KYC Status (<code>GET /v1/kyc/status/{externalUserId}</code>).</li>" +
  "<li>It sends the user's document data with Add User Verification (<code>POST /v1/user/verification</code>), the documented step once the user finishes.</li>" +
  "<li>P100 generates the user's balances (<code>userBalanceGeneration</code> webhook; <code>ibanStatus</code> and <code>createWallet</code> report the IBAN and the wallets); Get User Balances (<code>GET /v1/user/balances/{externalUserId}</code>) shows them.</li></ol>";

const NEXT_REJECTED =
  "<h2>What happens next</h2><ol>" +
  "<li>The partner's backend receives the <code>kycVerificationStatus</code> webhook (attempt <code>REJECTED_BY_PROVIDER</code>).</li>" +
  "<li>To try again it creates a new verification (<code>POST /v1/kyc</code>) and sends the user to its page.</li></ol>";

/** Runs the decision posted by the choice page, if its token is right; answers with the outcome and the next steps. */
export async function kycDecision(
  request: Request,
  tokens: KycPageTokens,
  control: SandboxControl,
  exists: (user: string, verification: string) => Promise<boolean>,
): Promise<Response> {
  let text: string;
  try {
    text = new TextDecoder().decode(
      await readStreamWithin(request.body, MAX_FORM_BYTES, () => new RangeError("form too large")),
    );
  } catch {
    return page(413, "Request too large", "<p>The form is larger than the page sends.</p>");
  }
  const form = new URLSearchParams(text);
  const user = form.get("externalUserId") ?? "";
  const verification = form.get("verificationId") ?? "";
  const decision = form.get("decision");
  if (!(await tokens.verify(user, verification, form.get("token") ?? ""))) {
    return page(
      403,
      "Decision refused",
      "<p>This form was not issued by this sandbox (a wrong or missing token). Open the verification page again.</p>",
    );
  }
  if (decision !== "approve" && decision !== "reject")
    return page(400, "Unknown decision", "<p>Choose Approve or Reject.</p>");
  if (!(await exists(user, verification)))
    return page(404, "Verification not found", "<p>This verification no longer exists (was the sandbox reset?).</p>");
  if (decision === "approve") {
    control.simulate.kycApproved(user);
    return page(
      200,
      "Identity verified",
      `<p>Approved: user <code>${escape(user)}</code> is now <code>VERIFIED</code> (what <code>simulate.kycApproved</code> does).</p>${NEXT_APPROVED}`,
    );
  }
  control.simulate.kycRejected(user);
  return page(
    200,
    "Identity not verified",
    `<p>Rejected: the attempt of user <code>${escape(user)}</code> is <code>REJECTED_BY_PROVIDER</code> (what <code>simulate.kycRejected</code> does).</p>${NEXT_REJECTED}`,
  );
}
