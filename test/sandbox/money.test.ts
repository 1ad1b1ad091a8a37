// Exact decimal money: parsing decimal strings and numbers into minor units, formatting, fees and conversions.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { convertAtPrices, formatMinor, percentFee, toMinor, toRate } from "../../src/sandbox/money.js";
import { sepaFee } from "../../src/sandbox/resources/sepa.js";

describe("sandbox money", () => {
  it("reads decimal strings and JSON numbers exactly at the currency's precision", () => {
    expect(toMinor("10", 2)).toBe(1000n);
    expect(toMinor("10.5", 2)).toBe(1050n);
    expect(toMinor(0.1, 8)).toBe(10_000_000n);
    expect(toMinor(1e-7, 8)).toBe(10n);
    expect(toMinor("1.50000", 2)).toBe(150n);
    expect(toMinor(1.5e3, 2)).toBe(150_000n);
    expect(toMinor("-2.25", 2)).toBe(-225n);
    expect(() => toMinor("1.001", 2)).toThrow("Amount can have at most 2 decimal places.");
    expect(() => toMinor("abc", 2)).toThrow();
    expect(() => toMinor(Number.NaN, 2)).toThrow();
  });

  it("0.1 + 0.2 is 0.3 (no binary floating point anywhere)", () => {
    expect(formatMinor(toMinor(0.1, 2) + toMinor(0.2, 2), 2)).toBe("0.30");
  });

  it("formats at the precision, signs and zero padding included", () => {
    expect(formatMinor(0n, 2)).toBe("0.00");
    expect(formatMinor(5n, 8)).toBe("0.00000005");
    expect(formatMinor(-1234n, 2)).toBe("-12.34");
    expect(formatMinor(7n, 0)).toBe("7");
  });

  it("formatMinor and toMinor are inverse for any amount and scale", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.integer({ min: 0, max: 18 }),
        (minor, scale) => toMinor(formatMinor(minor, scale), scale) === minor,
      ),
      { numRuns: 500 },
    );
  });

  it("fees round up to the minor unit: SEPA 0.1% with a EUR 1.00 minimum, exchange 1.49%", () => {
    expect(sepaFee(50_000n)).toBe(100n);
    expect(sepaFee(200_000n)).toBe(200n);
    expect(sepaFee(123_456n)).toBe(124n);
    expect(percentFee(10_000n, 149n)).toBe(149n);
    expect(percentFee(1n, 149n)).toBe(1n);
  });

  it("converts at the exact ratio of two prices, rounding down once", () => {
    expect(convertAtPrices(45_000n, 2, 6, toRate("1"), toRate("0.9"))).toBe(500_000_000n);
    expect(convertAtPrices(100n, 2, 8, toRate("1"), toRate("3"))).toBe(33_333_333n);
  });
});
