// The demo flow: create a user through the SDK and show how a typed API error reads.
// `npm run demo` runs it against the bundled mock, or against a real environment when P100_BASE_URL and
// P100_API_KEY are both set (then only the create-user call is made, with a fresh externalUserId).
import { randomUUID } from "node:crypto";
import { createP100Client, isP100Error } from "p100-partner-sdk";
import { exampleUser } from "./example-user.js";

/** Runs the demo and returns the created userId. */
export async function runDemo(
  baseUrl: string,
  apiKey: string,
  againstMock: boolean,
  print = console.log,
): Promise<string> {
  const p100 = createP100Client({ apiKey, baseUrl });
  print(`P100 partner SDK demo against ${baseUrl}${againstMock ? " (local mock)" : ""}`);

  const externalUserId = againstMock ? "f47ac10b-58cc-4372-a567-0e02b2c3d479" : randomUUID();
  const body = exampleUser(
    externalUserId,
    againstMock ? "jan.kowalski@example.pl" : `demo+${externalUserId}@example.com`,
  );
  const user = await p100.createUser(body);
  print(`created user: userId=${user.userId} (externalUserId=${externalUserId})`);
  print(`proof of address needed for the extended level: ${user.poaRequiredForExtended ? "yes" : "no"}`);

  if (againstMock) {
    // The mock answers a documented error on request: creating the same user twice is P411.
    try {
      await p100.createUser(body, { headers: { Prefer: "code=400, example=P411" } });
      throw new Error("the mock should have answered P411");
    } catch (error) {
      if (!isP100Error(error, "P411")) throw error;
      print(`creating it again fails as documented: ${error.errorCode} ${error.errorName ?? ""} (${error.meaning})`);
    }
  }
  return user.userId;
}
