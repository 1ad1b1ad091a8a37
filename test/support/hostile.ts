// Shared pieces of the hostile suite: a guard against unhandled rejections, bodies of valid requests, and the place
// where the suite writes the figures that docs/reliability.md reports.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect } from "vitest";

/** Registers process-level listeners for the whole file and asserts in afterAll that none fired. */
export function expectNoUnhandledRejections(): { readonly rejections: unknown[] } {
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  const onException = (error: unknown) => rejections.push(error);
  beforeAll(() => {
    process.on("unhandledRejection", onRejection);
    process.on("uncaughtException", onException);
  });
  afterAll(async () => {
    // Let late rejections (a body cancelled after the test ended) surface before counting.
    await new Promise((resolve) => setTimeout(resolve, 50));
    process.off("unhandledRejection", onRejection);
    process.off("uncaughtException", onException);
    expect(rejections).toEqual([]);
  });
  return { rejections };
}

/** A valid createPartnerSepaTransfer body: the money-moving POST of the matrix. */
export const sepaTransfer = {
  amount: "100.00",
  currency: "eur",
  destinationIban: "PL09102044050000210205531111",
  transferTitle: "Bank Transfer",
} as const;

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Writes a figure file under .tmp/hostile/ (read by whoever updates docs/reliability.md). */
export function writeFigure(name: string, content: string): void {
  const file = join(root, ".tmp", "hostile", name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}
