// The currencies the sandbox holds, with their precision, networks, withdrawal fees and minimums and default EUR
// prices. Sources (see docs/sandbox.md): precisions from the balance examples ("0.00" fiat, "0.000000" usdc/usdt,
// "0.00000000" eth/pol), crypto service fees from the Fees page, minimums from the balance examples where they give
// one (otherwise twice the fee: inferred), prices from the documented examples (doge: inferred).

/** One blockchain network of a crypto currency, as networkConfig shows it. */
export interface NetworkSpec {
  /** The network's key in networkConfig and in requests ("ethereum", "polygon", ...). */
  readonly key: string;
  /** The test network's name shown in networkConfig (the sandbox is never a main net). */
  readonly name: string;
  /** P100's fixed service fee per withdrawal, in units of the currency. */
  readonly feeWithdrawal: string;
  /** Smallest withdrawal amount. */
  readonly minWithdrawal: string;
  /** Smallest deposit amount credited (smaller deposits are UNSUCCESSFUL). */
  readonly minDeposit: string;
}

/** A currency: fiat (EUR, with an IBAN) or crypto (with wallets on one or more networks). */
export interface CurrencySpec {
  readonly code: string;
  readonly kind: "fiat" | "crypto";
  /** Decimals of the smallest unit. */
  readonly scale: number;
  /** Default price of one unit in EUR. */
  readonly eurPrice: string;
  readonly networks: readonly NetworkSpec[];
}

const net = (
  key: string,
  name: string,
  feeWithdrawal: string,
  minWithdrawal: string,
  minDeposit = "0",
): NetworkSpec => ({
  key,
  name,
  feeWithdrawal,
  minWithdrawal,
  minDeposit,
});

/** Every currency the sandbox supports, in the order balances list them. */
export const CURRENCIES: readonly CurrencySpec[] = [
  { code: "eur", kind: "fiat", scale: 2, eurPrice: "1", networks: [] },
  // BTC and LTC: network keys, test network names, LTC's minimum and both prices from the documented balance examples.
  {
    code: "btc",
    kind: "crypto",
    scale: 8,
    eurPrice: "102178.03394219",
    networks: [net("btc", "test", "0.0003", "0.0006")],
  },
  {
    code: "eth",
    kind: "crypto",
    scale: 8,
    eurPrice: "3160.21051755",
    networks: [net("ethereum", "sepolia", "0.003", "0.0006")],
  },
  { code: "ltc", kind: "crypto", scale: 8, eurPrice: "103.62980236", networks: [net("ltc", "test", "0.002", "0.001")] },
  // DOGE: no documented example; key, name, minimum and price invented.
  { code: "doge", kind: "crypto", scale: 8, eurPrice: "0.15", networks: [net("dogecoin", "testnet", "5", "10")] },
  { code: "pol", kind: "crypto", scale: 8, eurPrice: "0.19598695", networks: [net("polygon", "amoy", "0.5", "1")] },
  {
    code: "usdc",
    kind: "crypto",
    scale: 6,
    eurPrice: "0.863331",
    networks: [net("ethereum", "sepolia", "10", "1", "5"), net("polygon", "amoy", "0.5", "2")],
  },
  {
    code: "usdt",
    kind: "crypto",
    scale: 6,
    eurPrice: "0.963486",
    networks: [net("ethereum", "sepolia", "10", "15", "5"), net("polygon", "amoy", "10", "15", "5")],
  },
];

const BY_CODE = new Map(CURRENCIES.map((c) => [c.code, c]));

/** The currency of a code in any letter case, or undefined when the sandbox does not hold it. */
export function findCurrency(code: unknown): CurrencySpec | undefined {
  return typeof code === "string" ? BY_CODE.get(code.toLowerCase()) : undefined;
}

/** A network of a currency by key in any letter case (the docs show both "polygon" and "POLYGON"); default: the first. */
export function findNetwork(currency: CurrencySpec, key: unknown): NetworkSpec | undefined {
  if (key === undefined || key === null || key === "") return currency.networks[0];
  return typeof key === "string" ? currency.networks.find((n) => n.key === key.toLowerCase()) : undefined;
}
