// The sandbox's seams are checked by the compiler (`npm run typecheck` covers this file): the operation -> handler map
// must be complete (an operation without a handler fails `tsc`, naming it), and `emit` takes only a documented
// webhook kind with that kind's payload and the rules that decided it. The run-time test checks the same map against
// the generated operation table.
import { describe, expect, it } from "vitest";
import { operationTable, type OperationId } from "../../generated/operations.js";
import type { SandboxCore } from "../../src/sandbox/core.js";
import type { OperationHandlers } from "../../src/sandbox/router.js";
import { handlers } from "../../src/sandbox/sandbox.js";

/** Type-level expectations only: never called. */
export function compilerChecks(core: SandboxCore): void {
  const { getTransferDetails: _dropped, ...incomplete } = handlers;
  // @ts-expect-error a map without getTransferDetails is not a complete OperationHandlers
  const missing: OperationHandlers = incomplete;
  // @ts-expect-error "notAWebhook" is not a webhook kind of the spec
  core.emit("notAWebhook", {}, ["SBX-WH-1"]);
  // @ts-expect-error a userBalanceGeneration payload needs its externalUserId and status
  core.emit("userBalanceGeneration", { wallet: "0x" }, ["SBX-KYC-4"]);
  // @ts-expect-error every event names the rules that decided it, and only documented rule ids
  core.emit("userBalanceGeneration", { externalUserId: "u", status: "ACTIVE" }, ["SBX-NOPE-1"]);
  void missing;
}

describe("sandbox seams", () => {
  it("one handler function per operation of the spec, and none for anything else", () => {
    const operations = Object.keys(operationTable).sort();
    expect(Object.keys(handlers).sort()).toEqual(operations);
    for (const id of operations) expect(typeof handlers[id as OperationId]).toBe("function");
  });
});
