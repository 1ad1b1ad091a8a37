// Onboarding: create a user, run KYC (method B: P100-hosted verification), then read the user's balances.
// Run it against the local mock:  npm run mock  (in another terminal), then  npx tsx examples/onboarding.ts
import { pathToFileURL } from "node:url";
import { createP100Client, isP100Error } from "p100-partner-sdk";
import { exampleUser } from "./example-user.js";

/** Creates a user, starts and checks KYC, reads balances. Returns the user's EUR IBAN (null until active). */
export async function run(
  baseUrl: string,
  apiKey: string,
  print: (line: string) => void = console.log,
): Promise<string | null> {
  const p100 = createP100Client({ apiKey, baseUrl });
  // Your own identifier of the user: keep it, every user operation takes it.
  const externalUserId = "f47ac10b-58cc-4372-a567-0e02b2c3d479";
  const user = exampleUser(externalUserId);

  try {
    const created = await p100.createUser(user);
    print(`1. user created: userId=${created.userId}`);
  } catch (error) {
    // Creating the same externalUserId twice is P411: safe to treat as "already onboarded".
    if (!isP100Error(error, "P411")) throw error;
    print(`1. user already exists (${error.errorCode}): continuing`);
  }

  // KYC method B: P100 hosts the identity check; send the user to the page it returns.
  const { verificationId } = await p100.createKycVerification({
    externalUserId,
    documentType: "ID_CARD",
    country: "PL",
    incomeSource: "SALARY",
    openAccountReason: "INVESTMENTS_OR_CRYPTOCURRENCIE",
    occupation: "IT",
  });
  print(`2. KYC verification started: verificationId=${verificationId}`);
  // The end user's browser opens the hosted page (it forwards to the identity provider); the HTML check is optional.
  const pageUrl = p100.kycVerificationPageUrl({ externalUserId, verificationId });
  const page = await p100.getKycRedirectPage({ externalUserId, verificationId });
  print(`3. KYC page for the user: ${pageUrl} (${page.length} characters of HTML)`);

  const status = await p100.getKycStatus({ externalUserId });
  print(`4. KYC status: ${status.verificationStatus} (last attempt ${status.attemptStatus})`);

  // Balances exist once KYC is done (the User Balance Generation webhook says so).
  const balances = await p100.getUserBalances({ externalUserId });
  const eur = balances.fiatBalances.find((b) => b.name === "eur");
  print(
    `5. balances: ${balances.fiatBalances.length} fiat, ${balances.cryptoBalances.length} crypto; EUR ${eur?.amount ?? "-"} (${eur?.status ?? "no EUR balance"})`,
  );
  return eur?.iban ?? null;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run(process.env.P100_BASE_URL ?? "http://127.0.0.1:4010", process.env.P100_API_KEY ?? "mock-key");
}
