// examples/sandbox-flow.ts (the README's "Test your integration offline") runs in the suite, so it cannot rot.
import { describe, expect, it } from "vitest";
import { run } from "../../examples/sandbox-flow.js";

describe("examples/sandbox-flow.ts", () => {
  it("takes a user from createUser through KYC, a SEPA deposit, an exchange and a payout, every webhook checked", async () => {
    const lines: string[] = [];
    const result = await run((line) => lines.push(line));
    // EUR 1000 - 450 exchanged - 500 paid out - 1.00 fee; 450 EUR at 1/0.9 USDC per EUR = 500 USDC, less 1.49%.
    expect(result.eur).toBe("49.00");
    expect(result.usdc).toBe("492.550000");
    expect(result.webhooks).toEqual([
      "kycVerificationStatus VERIFIED",
      "ibanStatus APPROVED",
      "createWallet",
      "userBalanceGeneration ACTIVE",
      "ibanStatus PENDING",
      "ibanStatus APPROVED",
      "sepaDeposit 1000.00 eur",
      "exchange COMPLETED",
      "userSepaTransfer SUCCESSFUL 500.00",
    ]);
    expect(lines).toHaveLength(5);
  });
});
