// Every example of examples/ runs against the Prism mock, so none can rot: a spec or SDK change that breaks an
// example breaks this test (and the type checker checks their types).
import { inject, expect, it, describe } from "vitest";
import { run as cardLifecycle } from "../../examples/card-lifecycle.js";
import { runDemo } from "../../examples/demo.js";
import { run as onboarding } from "../../examples/onboarding.js";
import { run as sepaTransfer } from "../../examples/sepa-transfer.js";

const API_KEY = "example-key";

/** Runs an example, collecting what it prints. */
async function collect<T>(example: (baseUrl: string, apiKey: string, print: (line: string) => void) => Promise<T>) {
  const lines: string[] = [];
  const result = await example(inject("mockUrl"), API_KEY, (line) => lines.push(line));
  return { result, lines };
}

describe("examples against the mock", () => {
  it("examples/onboarding.ts: creates a user, runs KYC method B and reads balances", async () => {
    const { lines } = await collect(onboarding);
    expect(lines[0]).toMatch(/^1\. user created: userId=/);
    expect(lines.some((l) => l.startsWith("5. balances:"))).toBe(true);
  });

  it("examples/card-lifecycle.ts: issues, limits, blocks, unblocks and deletes a card", async () => {
    const { result, lines } = await collect(cardLifecycle);
    expect(result).toBeTypeOf("string");
    expect(lines.at(-1)).toBe("7. card deleted");
  });

  it("examples/sepa-transfer.ts: sends a transfer, reads it back, handles a typed P433", async () => {
    const { result, lines } = await collect(sepaTransfer);
    expect(result).toBeTypeOf("string");
    expect(lines.at(-1)).toMatch(/^4\. a transfer without funds fails with P433/);
  });

  it("examples/demo.ts: the demo flow of `npm run demo`", async () => {
    const lines: string[] = [];
    const userId = await runDemo(inject("mockUrl"), API_KEY, true, (line) => lines.push(line));
    expect(userId).toBeTypeOf("string");
    expect(lines.at(-1)).toMatch(/P411/);
  });
});
