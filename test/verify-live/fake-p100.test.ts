// `p100 verify` end to end against a fake P100 (the sandbox, drifted on purpose: test/verify-live/fake-p100.ts):
// every operation classified exactly, the right overrides suggested, the printed overrides make the typed methods
// work, no write without --probe-writes, production refused, no key or personal data in anything it writes.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { runVerify } from "../../src/cli/verify.js";
import { createP100Client, operationTable, P100NotFoundError } from "../../src/index.js";
import type { OperationReport } from "../../src/verify/run.js";
import { FAKE_KEY, FAKE_USER, MOVED, startFakeP100 } from "./fake-p100.js";

type Fake = Awaited<ReturnType<typeof startFakeP100>>;
const wrapper = fileURLToPath(new URL("../../scripts/verify-live.mjs", import.meta.url));
const LINK_PATH = MOVED.getPaymentLinkDetails[1];

/** The verdict of every read against the fake; every write is "not run". */
const READS: Record<string, string> = {
  getPartnerBalances: "path confirmed",
  listPartnerTransactions: "path confirmed",
  getUserBalances: "answer differs from the spec",
  listUserTransactions: "path not found; found at another path",
  getPartnerExchangeRate: "path confirmed",
  lockPartnerExchangeRate: "path confirmed",
  getPartnerExchangeDetails: "not run",
  getUserExchangeRate: "path confirmed",
  lockUserExchangeRate: "path confirmed",
  getUserExchangeDetails: "not run",
  getPartnerSepaDepositInfo: "path confirmed",
  listPartnerSepaDepositContacts: "path confirmed",
  getSepaTransferDetails: "not run",
  getUserSepaDepositInfo: "path confirmed",
  listUserSepaDepositContacts: "path confirmed",
  getTransferDetails: "not run",
  getNetworkFee: "path confirmed",
  getCryptoWithdrawalDetails: "not run",
  getOrderRates: "path confirmed",
  getOrderDetails: "not run",
  getPaymentLinkDetails: "path not found; found at another path",
  getKycRedirectPage: "not run",
  getKycStatus: "answer differs from the spec",
  listUserCards: "answer differs from the spec",
  getCardDetails: "path confirmed",
  getCardLimits: "path confirmed",
};

interface Run {
  code: number;
  out: string;
  err: string;
  md: string;
  json: { results: (OperationReport & { verdictLabel?: string })[]; overrides: Record<string, string> };
}

async function verify(args: string[], ask?: (q: string) => Promise<boolean>): Promise<Run> {
  const base = join(mkdtempSync(join(tmpdir(), "p100-verify-")), "report");
  const out: string[] = [];
  const err: string[] = [];
  const argv = [...args, "--out", base];
  const code = ask
    ? await runVerify(argv, (l) => out.push(l), ask).catch((e: Error) => (err.push(e.message), 1))
    : await main(["verify", ...argv], { out: (l) => out.push(l), err: (l) => err.push(l) });
  const read = (file: string) => {
    try {
      return readFileSync(file, "utf8");
    } catch {
      return "";
    }
  };
  const json = read(`${base}.json`);
  return {
    code,
    out: out.join("\n"),
    err: err.join("\n"),
    md: read(`${base}.md`),
    json: json ? JSON.parse(json) : { results: [], overrides: {} },
  };
}

const label = (r: OperationReport) =>
  r.foundPath ? `${labelOf(r.verdict)}; found at another path` : labelOf(r.verdict);
const labelOf = (v: string) =>
  ({
    confirmed: "path confirmed",
    differs: "answer differs from the spec",
    "not-found": "path not found",
    "auth-refused": "auth refused",
    inconclusive: "inconclusive",
    "not-run": "not run",
  })[v];

/** The `paths` entries of the printed snippet: `    name: "/path",` lines (commented ones are not overrides). */
function printedOverrides(out: string): Record<string, string> {
  return Object.fromEntries(
    [...out.matchAll(/^ {4}(\w+): ("[^"]*"),$/gm)].map((m) => [m[1] as string, JSON.parse(m[2] as string) as string]),
  );
}

describe("p100 verify against a fake P100", () => {
  let fake: Fake;
  let run: Run;
  const common = () => [
    "--base-url",
    fake.url,
    "--external-user-id",
    FAKE_USER,
    "--param",
    `paymentLinkId=${fake.paymentLinkId}`,
  ];

  beforeAll(async () => {
    fake = await startFakeP100();
    vi.stubEnv("P100_API_KEY", FAKE_KEY);
    vi.stubEnv("P100_EXTERNAL_USER_ID", "");
    run = await verify([...common(), "--try", `getPaymentLinkDetails=${LINK_PATH}`]);
  }, 60_000);
  afterEach(() => {
    vi.stubEnv("P100_API_KEY", FAKE_KEY);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await fake?.close();
  });

  it("classifies every operation exactly", () => {
    expect(run.err).toBe("");
    expect(run.code).toBe(0);
    const expected = Object.fromEntries(
      Object.entries(operationTable).map(([id, op]) => [id, op.method === "get" ? READS[id] : "not run"]),
    );
    expect(Object.fromEntries(run.json.results.map((r) => [r.operationId, label(r)]))).toEqual(expected);
    const byId = Object.fromEntries(run.json.results.map((r) => [r.operationId, r]));
    expect(byId["getCardDetails"]?.inputsFrom).toEqual({ externalUserId: "--param", cardId: "listUserCards" });
    expect(byId["getOrderDetails"]?.reason).toBe("missing input orderId: pass it with --param name=value");
    expect(byId["createUser"]?.reason).toBe("a write: sent only with --probe-writes");
  });

  it("names each drifted field: missing, extra, other type, unlisted enum value", () => {
    const differences = Object.fromEntries(
      run.json.results.filter((r) => r.differences.length).map((r) => [r.operationId, r.differences]),
    );
    expect(differences).toEqual({
      getUserBalances: [
        { kind: "missing", field: "/cryptoBalances", expected: "array", actual: "absent" },
        { kind: "extra", field: "/cryptoWallets", expected: "not in the spec", actual: "array" },
      ],
      getKycStatus: [{ kind: "type", field: "/verificationStatus", expected: "string", actual: "integer" }],
      listUserCards: [
        {
          kind: "enum",
          field: "/cards/*/status",
          expected: '"ACTIVE", "LOCKED_BY_USER", "BLOCKED", "SUSPENDED", "DELETED"',
          actual: '"FROZEN"',
        },
      ],
    });
    expect(run.md).toContain("- `/cryptoBalances` is probably named `/cryptoWallets` by the API");
    expect(run.md).toMatch(
      /`listUserCards` .*the value "FROZEN" is not in the spec's list .*\(evidence: 200 on \d{4}-\d\d-\d\d, body \{"cards":\[\{"cardId":"<string>","status":"FROZEN"/,
    );
  });

  it("finds the moved paths (a guessed variant, a --try) and prints the overrides with the report as their source", () => {
    const byId = Object.fromEntries(run.json.results.map((r) => [r.operationId, r]));
    expect(byId["listUserTransactions"]).toMatchObject({
      status: 404,
      foundPath: { path: MOVED.listUserTransactions[1], status: 200, how: "guess" },
    });
    expect(byId["getPaymentLinkDetails"]).toMatchObject({
      status: 404,
      foundPath: { path: LINK_PATH, status: 200, how: "--try" },
    });
    const expected = { listUserTransactions: MOVED.listUserTransactions[1], getPaymentLinkDetails: LINK_PATH };
    expect(run.json.overrides).toEqual(expected);
    expect(printedOverrides(run.out)).toEqual(expected);
    expect(run.out).toMatch(
      /\/\/ GET \/v1\/user\/transactions\/\{externalUserId\} answered 404 without a P-code; this path answered 200 \(report\.md\)\n {4}listUserTransactions: "\/v1\/transactions\/\{externalUserId\}",/,
    );
  });

  it("the printed overrides, applied to a client, make those calls succeed against the fake", async () => {
    const paths = printedOverrides(run.out);
    const fixed = createP100Client({ apiKey: FAKE_KEY, baseUrl: fake.url, paths });
    expect(Array.isArray(await fixed.listUserTransactions({ externalUserId: FAKE_USER }))).toBe(true);
    expect(await fixed.getPaymentLinkDetails({ paymentLinkId: fake.paymentLinkId })).toMatchObject({
      paymentLinkId: fake.paymentLinkId,
    });
    const unfixed = createP100Client({ apiKey: FAKE_KEY, baseUrl: fake.url });
    await expect(unfixed.listUserTransactions({ externalUserId: FAKE_USER })).rejects.toBeInstanceOf(P100NotFoundError);
  });

  it("without --try and without an id, a moved path is reported not found with a commented override", async () => {
    const plain = await verify([
      "--base-url",
      fake.url,
      "--external-user-id",
      FAKE_USER,
      "--only",
      "getPaymentLinkDetails,getPartnerBalances",
      "--param",
      `paymentLinkId=${fake.paymentLinkId}`,
    ]);
    expect(plain.code).toBe(0);
    expect(plain.json.results.map(label)).toEqual(["path confirmed", "path not found"]);
    expect(plain.out).toContain('    // getPaymentLinkDetails: "/v1/...",');
    expect(printedOverrides(plain.out)).toEqual({});
  });

  it("sent only GETs, each with the key, and wrote neither the key nor personal data anywhere", () => {
    expect(fake.requests.length).toBeGreaterThan(20);
    for (const request of fake.requests) {
      expect(request.method).toBe("GET");
      expect(request.headers["x-api-key"]).toBe(FAKE_KEY);
    }
    for (const text of [run.out, run.err, run.md, JSON.stringify(run.json)]) {
      for (const secret of [FAKE_KEY, FAKE_USER, "verify@example.test", "Kowalski", "48601234567", fake.cardId])
        expect(text).not.toContain(secret);
    }
    expect(run.md).toContain("## Send this report");
  });

  it("--probe-writes names every probe and sends none unless the answer is yes", async () => {
    const before = fake.requests.length;
    const questions: string[] = [];
    const declined = await verify([...common(), "--probe-writes"], async (q) => (questions.push(q), false));
    expect(declined.code).toBe(0);
    expect(questions).toEqual([`Send these 15 writes to ${fake.url}? Type "yes" to send: `]);
    expect(declined.out).toContain("  PATCH /v1/card/block (blockCard)");
    expect(declined.out).toContain("  DELETE /v1/user/p100-verify-probe-nonexistent (deleteUser)");
    expect(fake.requests.slice(before).every((r) => r.method === "GET")).toBe(true);
    expect(declined.json.results.find((r) => r.operationId === "blockCard")?.reason).toBe(
      "write probe not confirmed: nothing sent",
    );
  }, 60_000);

  it("--probe-writes --yes sends one empty-bodied probe per inferred write, never to a real resource", async () => {
    const before = fake.requests.length;
    // The reads of the same run add rate locks (lock*ExchangeRate are GETs): every other record must stay as it is.
    const records = () => {
      const { users, resources, ledger, partner } = fake.sandbox.state();
      return { users, resources: { ...resources, exchangeLocks: [] }, ledger, partner };
    };
    const snapshot = records();
    const probed = await verify([...common(), "--probe-writes", "--yes"]);
    expect(probed.code).toBe(0);
    const writes = fake.requests.slice(before).filter((r) => r.method !== "GET");
    const inferredWrites = Object.entries(operationTable).filter(
      ([id, op]) =>
        op.method !== "get" &&
        id !== "createPartnerWallet" &&
        probed.json.results.find((r) => r.operationId === id)?.confidence === "inferred",
    );
    expect(writes.map((w) => w.method + " " + w.url).sort()).toEqual(
      inferredWrites
        .map(([, op]) => `${op.method.toUpperCase()} ${op.path.replace(/\{[^}]+\}/g, "p100-verify-probe-nonexistent")}`)
        .sort(),
    );
    const verdicts = Object.fromEntries(
      probed.json.results
        .filter((r) => r.kind === "probe")
        .map((r) => [r.operationId, `${r.verdict} ${r.status} ${r.errorCode}`]),
    );
    expect(verdicts["blockCard"]).toBe("confirmed 400 P403");
    expect(probed.json.results.find((r) => r.operationId === "createPartnerWallet")?.reason).toMatch(
      /an empty body is a valid request/,
    );
    expect(probed.json.results.find((r) => r.operationId === "createUser")?.reason).toBe(
      "a write whose path is confirmed, not inferred: not probed",
    );
    // The list came before the first write was sent.
    expect(probed.out.indexOf("write probes, each with the body {}")).toBeLessThan(probed.out.indexOf("probe: "));
    // Refused probes changed nothing: same users, records, balances and ledger.
    expect(records()).toEqual(snapshot);
  }, 60_000);

  it("refuses production and --probe-writes off staging before sending anything", async () => {
    const before = fake.requests.length;
    const production = await verify(["--base-url", "https://partner-api.p100.io", "--external-user-id", FAKE_USER]);
    expect(production.code).toBe(2);
    expect(production.err).toMatch(/refusing to run against production/);
    const elsewhere = await verify(["--base-url", "https://partner-api.example.test", "--probe-writes", "--yes"]);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.err).toMatch(/--probe-writes is allowed only against staging/);
    vi.stubEnv("P100_API_KEY", "");
    const noKey = await verify(["--base-url", fake.url]);
    expect(noKey.code).toBe(2);
    expect(noKey.err).toMatch(/P100_API_KEY is not set/);
    expect(fake.requests.length).toBe(before);
  });

  it("a wrong key: every read auth refused, the report written, exit 1", async () => {
    vi.stubEnv("P100_API_KEY", "not-the-key-1234");
    const wrong = await verify(["--base-url", fake.url, "--only", "getPartnerBalances,getPartnerSepaDepositInfo"]);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/no operation got a conclusive answer \(2 refused the key: check P100_API_KEY\)/);
    expect(wrong.json.results.map((r) => r.verdict)).toEqual(["auth-refused", "auth-refused"]);
    expect(wrong.md).not.toContain("not-the-key-1234");
  });

  it("npm run verify:live is the same command", async () => {
    const child = spawn(
      process.execPath,
      [
        wrapper,
        "--base-url",
        fake.url,
        "--only",
        "getPartnerBalances",
        "--out",
        join(mkdtempSync(join(tmpdir(), "p100-verify-")), "r"),
      ],
      {
        env: { ...process.env, P100_API_KEY: FAKE_KEY },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code, output).toBe(0);
    expect(output).toMatch(/1 operations: 1 path confirmed/);
    expect(output).not.toContain(FAKE_KEY);
  }, 60_000);
});

describe("p100 verify against a runaway server", () => {
  it("an answer past 5 MiB is inconclusive, not read to the end", async () => {
    const { createServer } = await import("node:http");
    let sent = 0;
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(64 * 1024, 32);
      // Endless: stops only when the client hangs up.
      const pump = () => {
        while (sent < 64 * 1024 * 1024 && res.write(chunk)) sent += chunk.byteLength;
        if (sent < 64 * 1024 * 1024) res.once("drain", pump);
        else res.end();
      };
      res.on("close", () => res.removeAllListeners("drain"));
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as import("node:net").AddressInfo;
    try {
      vi.stubEnv("P100_API_KEY", FAKE_KEY);
      const run = await verify(["--base-url", `http://127.0.0.1:${port}`, "--only", "getPartnerBalances"]);
      expect(run.json.results.map((r) => [r.verdict, r.reason])).toEqual([
        ["inconclusive", `request failed: the answer is larger than ${5 * 1024 * 1024} bytes`],
      ]);
      expect(sent).toBeLessThan(64 * 1024 * 1024);
    } finally {
      vi.unstubAllEnvs();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 60_000);
});

describe("p100 verify: the command line", () => {
  const cli = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(["verify", ...argv], { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join("\n"), err: err.join("\n") };
  };
  afterEach(() => vi.unstubAllEnvs());

  it("--help, an unknown flag, and a --try that would change the placeholders", async () => {
    const help = await cli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: P100_API_KEY=<staging key> p100 verify/);
    expect(
      await main(["--help"], { out: (l) => expect(l).toContain("verify --external-user-id <id>"), err: () => {} }),
    ).toBe(0);
    vi.stubEnv("P100_API_KEY", FAKE_KEY);
    expect(await cli(["--force-production"])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/p100 verify: Unknown option '--force-production'/),
    });
    const badTry = await cli(["--try", "getCardLimits=/v1/card/{cardId}/limits"]);
    expect(badTry.code).toBe(2);
    expect(badTry.err).toContain(
      `--try getCardLimits "/v1/card/{cardId}/limits" must keep exactly the placeholders of the spec's "/v1/card/limits/{externalUserId}/{cardId}"`,
    );
    expect(await cli(["--try", "nope=/v1/x"])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--try nope: no operation/),
    });
    expect(await cli(["--param", "novalue"])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--param expects name=value/),
    });
    for (const r of [badTry]) expect(`${r.out}${r.err}`).not.toContain(FAKE_KEY);
  });
});
