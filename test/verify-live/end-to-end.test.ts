// verify:live end to end: real Prism in proxy mode in front of a fake upstream on loopback. No test touches the
// internet. The fake records every request, so the tests can prove that nothing but GET ever reaches the server.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Classification } from "../../scripts/lib/verify-live/classify.mjs";
import { verifyLive } from "../../scripts/lib/verify-live/run.mjs";
import { FAKE_API_KEY, FAKE_USER, startFakeUpstream } from "./fake-upstream.js";

const fixture = fileURLToPath(new URL("./fixtures/read-only.json", import.meta.url));
const script = fileURLToPath(new URL("../../scripts/verify-live.mjs", import.meta.url));
const params = { cardId: "card-9", withdrawalId: "w-1", orderId: "o-1" };

/** What each fixture operation must be classified as against the fake upstream. */
const EXPECTED: Record<string, Partial<Classification>> = {
  getBalances: { result: "path-exists", status: 200 },
  getUserBalances: { result: "path-exists", status: 400, errorCode: "P412" },
  getCardLimits: { result: "path-exists", status: 200 },
  listUserTransactions: { result: "path-unknown", status: 404 },
  getCryptoWithdrawal: { result: "violates-spec", status: 200 },
  getKycStatus: { result: "path-exists", status: 404, errorCode: "P445" },
  getUserSepaTransfer: { result: "not-run", notRun: "missing-input" },
  getOrder: { result: "violates-spec", status: 400, errorCode: "P412" },
  createUser: { result: "not-run", notRun: "write" },
  deleteCard: { result: "not-run", notRun: "write" },
  updateCardLimits: { result: "not-run", notRun: "write" },
};

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // Async spawn: the fake upstream lives in this process and must keep answering while the CLI runs.
    const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, P100_EXTERNAL_USER_ID: "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("verify:live against the fake upstream, through Prism", () => {
  let fake: Awaited<ReturnType<typeof startFakeUpstream>>;
  let results: Classification[];

  beforeAll(async () => {
    fake = await startFakeUpstream();
    results = await verifyLive({ specPath: fixture, upstream: fake.url, apiKey: FAKE_API_KEY, externalUserId: FAKE_USER, params });
  }, 60_000);
  afterAll(() => fake.close());

  it("classifies every operation of the fixture correctly", () => {
    expect(Object.fromEntries(results.map((r) => [r.operationId, r.result]))).toEqual(
      Object.fromEntries(Object.entries(EXPECTED).map(([id, e]) => [id, e.result])),
    );
    for (const r of results) expect(r, r.operationId).toMatchObject(EXPECTED[r.operationId]!);
  });

  it("names the drifted fields from Prism's sl-violations", () => {
    const drift = results.find((r) => r.operationId === "getCryptoWithdrawal")!;
    expect(drift.violations.map((v) => v.pointer).sort()).toEqual(["/amount", "/network", "/status"]);
    expect(drift.violations.find((v) => v.pointer === "/status")?.message).toMatch(/required property 'status'/);
    const status = results.find((r) => r.operationId === "getOrder")!;
    expect(status.violations[0]?.message).toMatch(/status code/);
  });

  it("the upstream received only GETs, each with the key, and never a write path", () => {
    expect(fake.requests.length).toBe(7);
    for (const request of fake.requests) {
      expect(request.method).toBe("GET");
      expect(request.headers["x-api-key"]).toBe(FAKE_API_KEY);
    }
    expect(fake.requests.map((r) => r.url)).toContain(`/v1/user/transactions/${FAKE_USER}?page=1`);
    expect(fake.requests.map((r) => r.url)).not.toContain("/v1/card");
    expect(fake.requests.map((r) => r.url)).not.toContain("/v1/user/balances/crypto-and-fiat");
  });

  it("a wrong API key makes every run operation inconclusive, not wrong", async () => {
    const before = fake.requests.length;
    const wrong = await verifyLive({ specPath: fixture, upstream: fake.url, apiKey: "not-the-key", externalUserId: FAKE_USER, params });
    expect(wrong.filter((r) => r.result !== "not-run").every((r) => r.result === "inconclusive" && r.status === 401)).toBe(true);
    expect(fake.requests.slice(before).every((r) => r.method === "GET")).toBe(true);
  }, 60_000);

  it("an unreachable upstream is inconclusive, not a verdict", async () => {
    const gone = await startFakeUpstream();
    await gone.close();
    const r = await verifyLive({ specPath: fixture, upstream: gone.url, apiKey: FAKE_API_KEY, externalUserId: FAKE_USER, params });
    expect(r.filter((x) => x.result !== "not-run").map((x) => x.result)).toEqual(Array(7).fill("inconclusive"));
  }, 60_000);

  it("npm run verify:live writes the report, keeps the key out of it and of the logs", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "verify-live-")), "report.md");
    const before = fake.requests.length;
    const args = ["--spec", fixture, "--base-url", fake.url, "--external-user-id", FAKE_USER, "--out", out];
    for (const [k, v] of Object.entries(params)) args.push("--param", `${k}=${v}`);
    const run = await runCli(args, { P100_API_KEY: FAKE_API_KEY });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = readFileSync(out, "utf8");
    for (const text of [report, run.stdout, run.stderr]) expect(text).not.toContain(FAKE_API_KEY);
    expect(report).toContain("| getCardLimits | GET | `/v1/card/limits/{externalUserId}/{cardId}` | inferred | path exists | 200 |");
    expect(report).toContain("| listUserTransactions | GET | `/v1/user/transactions/{externalUserId}` | inferred | path unknown to the server |");
    expect(report).toMatch(/\| getCryptoWithdrawal \| .* \| violates the spec \| 200; \/status: Response body must have required property 'status'/);
    expect(report).toMatch(/`getCardLimits` .*consider `x-p100-confidence: confirmed` \(evidence: 200 on \d{4}-\d{2}-\d{2}\)/);
    expect(fake.requests.slice(before).every((r) => r.method === "GET")).toBe(true);
  }, 60_000);

  it("refuses to start without a key, without a user, or against production, sending nothing", async () => {
    const before = fake.requests.length;
    const base = ["--spec", fixture, "--base-url", fake.url];
    const noKey = await runCli([...base, "--external-user-id", FAKE_USER], { P100_API_KEY: "" });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/P100_API_KEY is not set/);
    const noUser = await runCli(base, { P100_API_KEY: FAKE_API_KEY });
    expect(noUser.code).toBe(2);
    expect(noUser.stderr).toMatch(/externalUserId is required/);
    const production = await runCli(["--spec", fixture, "--base-url", "https://partner-api.p100.io", "--external-user-id", FAKE_USER], { P100_API_KEY: FAKE_API_KEY });
    expect(production.code).toBe(2);
    expect(production.stderr).toMatch(/refusing to run against production/);
    const plainHttp = await runCli(["--spec", fixture, "--base-url", "http://partner-api-stage.p100.io", "--external-user-id", FAKE_USER], { P100_API_KEY: FAKE_API_KEY });
    expect(plainHttp.code).toBe(2);
    for (const r of [noKey, noUser, production, plainHttp]) expect(`${r.stdout}${r.stderr}`).not.toContain(FAKE_API_KEY);
    expect(fake.requests.length).toBe(before);
  }, 30_000);
});
