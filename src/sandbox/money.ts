// Exact decimal money: every amount is an integer count of a currency's smallest unit (BigInt), so sums, fees and
// conversions never pass through binary floating point. Amounts enter as decimal strings or JSON numbers (the API
// accepts both) and leave as decimal strings at the currency's precision.

/** Why an amount was refused, worded like the API's validation messages. */
export class AmountError extends Error {
  override readonly name = "AmountError";
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

/** The digits of a decimal string or finite number, as an unscaled integer and its number of decimals. */
function splitDecimal(value: string | number): { digits: bigint; decimals: number } {
  const text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new AmountError("amount must be a decimal number");
  const [, sign = "", whole = "0", fraction = "", exponentText] = match;
  let digits = `${whole}${fraction}`;
  let decimals = fraction.length - Number(exponentText ?? 0);
  // A number like 1e-7 or 1.5e3 shifts the decimal point; keep the value exact.
  if (decimals < 0) {
    digits += "0".repeat(-decimals);
    decimals = 0;
  }
  const unscaled = BigInt(digits || "0");
  return { digits: sign === "-" ? -unscaled : unscaled, decimals };
}

/**
 * Parses an amount (decimal string or number) into minor units at `scale` decimals, refusing more decimals than the
 * currency has (the API answers "Amount can have at most N decimal places").
 */
export function toMinor(value: string | number, scale: number): bigint {
  const { digits, decimals } = splitDecimal(value);
  if (decimals <= scale) return digits * 10n ** BigInt(scale - decimals);
  // Trailing zeros beyond the precision do not change the value.
  const excess = 10n ** BigInt(decimals - scale);
  if (digits % excess !== 0n) throw new AmountError(`Amount can have at most ${scale} decimal places.`);
  return digits / excess;
}

/** Minor units as a decimal string with exactly `scale` decimals ("0.00", "12.345678"). */
export function formatMinor(minor: bigint, scale: number): string {
  const negative = minor < 0n;
  const text = (negative ? -minor : minor).toString().padStart(scale + 1, "0");
  const whole = scale === 0 ? text : text.slice(0, -scale);
  const fraction = scale === 0 ? "" : `.${text.slice(-scale)}`;
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/** Minor units as a decimal string without trailing zeros ("10", "0.5"), for quantities echoed back to the caller. */
export function formatPlain(minor: bigint, scale: number): string {
  const text = formatMinor(minor, scale);
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/** Integer division rounding towards positive infinity (for fees: never undercharge by a rounding). */
export function divCeil(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  return quotient * denominator === numerator || numerator < 0n ? quotient : quotient + 1n;
}

/** Scale of exchange rates: rates are held as integers of 10^-12. */
export const RATE_SCALE = 12;
const RATE_UNIT = 10n ** BigInt(RATE_SCALE);

/** A rate (decimal string or number) as an integer of 10^-12 units. */
export function toRate(value: string | number): bigint {
  const { digits, decimals } = splitDecimal(value);
  return decimals <= RATE_SCALE
    ? digits * 10n ** BigInt(RATE_SCALE - decimals)
    : digits / 10n ** BigInt(decimals - RATE_SCALE);
}

/** The rate of `from` in units of `to`, given both prices in EUR (integers of 10^-12), truncated. */
export function crossRate(fromEur: bigint, toEur: bigint): bigint {
  return (fromEur * RATE_UNIT) / toEur;
}

/**
 * Converts minor units at the exact ratio of two EUR prices (10^-12 units), rounding down once: exact where the
 * ratio is (450 EUR at a USDC price of 0.9 is 500 USDC), unlike a truncated cross rate.
 */
export function convertAtPrices(
  minor: bigint,
  fromScale: number,
  toScale: number,
  fromEur: bigint,
  toEur: bigint,
): bigint {
  return (minor * fromEur * 10n ** BigInt(toScale)) / (10n ** BigInt(fromScale) * toEur);
}

/** A rate as a JSON number for responses (the API sends rates as numbers); display only, never used in arithmetic. */
export function rateToNumber(rate: bigint): number {
  return Number(formatPlain(rate, RATE_SCALE));
}

/**
 * A decimal string as a JSON number, for the wire fields every documented example sends as numbers (webhook amounts
 * and fees, the network fee, the order lock's amount); display only, never used in arithmetic.
 */
export function wireNumber(decimal: string): number {
  return Number(decimal);
}

/** A fee of `basisPoints` / 10 000 of an amount, rounded up to the minor unit. */
export function percentFee(minor: bigint, basisPoints: bigint): bigint {
  return divCeil(minor * basisPoints, 10_000n);
}
