// What a developer sees when the Prism mock refuses a request or cannot serve the asked-for example: the real reason,
// not a canned one (Prism's `sl-violations` header, its problem+json title and detail).
import { describe, expect, it } from "vitest";
import { P100ApiError, P100ValidationError, type CreateVirtualCardInput } from "../../src/index.js";
import { mockClient } from "../support/contract.js";

const externalUserId = "f47ac10b-58cc-4372-a567-0e02b2c3d479";

describe("mock errors", () => {
  it("createVirtualCard: without pin and with a numeric label, messages name those two fields", async () => {
    const input = { externalUserId, label: 42 } as unknown as CreateVirtualCardInput;
    const error = await mockClient()
      .createVirtualCard(input)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100ValidationError);
    const { messages, message } = error as P100ValidationError;
    expect(messages.some((m) => /pin/.test(m))).toBe(true);
    expect(messages.some((m) => /label/.test(m))).toBe(true);
    // Not the canned example of the shared P403 response.
    expect(messages.join(" ")).not.toMatch(/btc, eth, usdt/);
    expect(message).toMatch(/request refused by the mock: .*pin/);
  });

  it("createPartnerSepaTransfer: an undocumented example name gets Prism's own explanation in the message", async () => {
    const error = await mockClient("code=400, example=NoSuchExample")
      .createPartnerSepaTransfer({
        amount: "10.00",
        currency: "eur",
        destinationIban: "LT601010012345678901",
        transferTitle: "x",
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P100ApiError);
    // Prism explains itself in a problem+json title (its detail is empty here): the message carries it.
    expect((error as P100ApiError).message).toMatch(/cannot find the requested content/);
  });
});
