// Regression tests of bugs the hostile suite found that need real sockets (the unit tests cover the others).
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createP100Client, P100TimeoutError } from "../../src/index.js";
import { startFaultServer, type FaultServer } from "../support/fault-server.js";
import { expectNoUnhandledRejections } from "../support/hostile.js";
import { createSecretScanner, HOSTILE_API_KEY } from "../support/secret-scan.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const scanner = createSecretScanner();
expectNoUnhandledRejections();
let stalled: FaultServer;

beforeAll(async () => {
  stalled = await startFaultServer(() => {});
});
afterAll(async () => {
  await stalled.close();
  scanner.assertClean();
});

describe("timeouts survive garbage collection", () => {
  it("a GC while a request is stalled does not disarm its timeout (it did with AbortSignal.any and a dropped Request)", async () => {
    const p100 = createP100Client({ apiKey: HOSTILE_API_KEY, baseUrl: stalled.url, maxRetries: 0, timeoutMs: 400 });
    const pending = p100.getPartnerBalances().catch((error: unknown) => scanner.error(error));
    await new Promise((resolve) => setTimeout(resolve, 100));
    gc();
    // A disarmed timeout never fires: the race's far ceiling only turns that hang into a readable failure.
    const ceiling = new Promise((resolve) => setTimeout(() => resolve("still pending after 45 s"), 45_000).unref());
    const outcome = await Promise.race([pending, ceiling]);
    expect(outcome).toBeInstanceOf(P100TimeoutError);
  }, 90_000);
});
