// Sandbox: mixed API calls per second answered in process by `sandbox.fetch` (target: 10 000 mixed calls in under
// 5 s on this machine), and the heap after 100 000 calls with the memory bounds on (maxUsers, maxRecords).
import { createSandbox } from "../src/sandbox/index.js";
import { loadavg } from "node:os";
import { exampleUser } from "../examples/example-user.js";
import type { BenchSize, Row } from "./lib.js";

/** Runs `count` mixed calls (writes, reads, money movements, refused requests); returns seconds and answers by status. */
async function mixedCalls(count: number, maxUsers: number) {
  const sandbox = createSandbox({
    startTime: "2026-01-01T00:00:00Z",
    maxUsers,
    maxRecords: 5_000,
    partnerBalances: { eur: "1000000000" },
  });
  const headers = { "x-api-key": sandbox.apiKey, "content-type": "application/json" };
  const base = sandbox.baseUrl;
  const statuses = new Map<number, number>();
  const users: string[] = [];
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    let response: Response;
    const kind = i % 8;
    const user = users[(i * 7) % Math.max(users.length, 1)];
    if (kind === 0 || user === undefined) {
      const id = `bench-${i}`;
      response = await sandbox.fetch(`${base}/v1/user/balances/crypto-and-fiat`, {
        method: "POST",
        headers,
        body: JSON.stringify({ ...exampleUser(id), email: `${id}@example.test`, phone: String(48_600_000_000 + i) }),
      });
      if (response.status === 201) {
        // Onboarding as documented: KYC approved, then Add User Verification generates the balances.
        sandbox.simulate.kycApproved(id);
        const verification = JSON.stringify({
          externalUserId: id,
          documentType: "ID_CARD",
          documentNumber: "CEV12630",
        });
        await (
          await sandbox.fetch(`${base}/v1/user/verification`, { method: "POST", headers, body: verification })
        ).arrayBuffer();
        users.push(id);
        if (users.length > maxUsers) users.shift();
      }
    } else if (kind === 1 || kind === 2) {
      response = await sandbox.fetch(`${base}/v1/user/balances/${user}`, { headers });
    } else if (kind === 3) {
      response = await sandbox.fetch(`${base}/v1/transfer`, {
        method: "POST",
        headers,
        body: JSON.stringify({ destinationExternalUserId: user, amount: "10.00", currency: "eur" }),
      });
    } else if (kind === 4) {
      response = await sandbox.fetch(`${base}/v1/sepa-transfer`, {
        method: "POST",
        headers,
        body: JSON.stringify({
          sourceExternalUserId: user,
          currency: "eur",
          amount: "2.00",
          destinationIban: "PL06109027500000000148911547",
          transferTitle: "bench",
        }),
      });
    } else if (kind === 5) {
      response = await sandbox.fetch(`${base}/v1/partner/balances`, { headers });
    } else if (kind === 6) {
      response = await sandbox.fetch(`${base}/v1/transfer`, {
        method: "POST",
        headers,
        body: JSON.stringify({ amount: "x" }),
      });
    } else {
      response = await sandbox.fetch(`${base}/v1/card/all/ghost-${i}`, { headers });
    }
    await response.arrayBuffer();
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  // CPU time as well as wall time: on a shared machine the wall time mostly measures the other processes.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  await sandbox.settle();
  // Every kind of answer must have occurred, or the "mix" measured something else.
  for (const status of [200, 201, 400])
    if (!statuses.get(status)) throw new Error(`no ${status} answer in the sandbox mix`);
  return { seconds, cpuSeconds, statuses: Object.fromEntries(statuses), state: sandbox.state() };
}

/** Seconds for `count` calls of the cheapest possible fetch-compatible stub (a constant JSON answer): the floor. */
async function stubCalls(count: number): Promise<number> {
  const stub = async (_input: RequestInfo | URL, _init?: RequestInit) =>
    new Response('{"ok":true}', { status: 200, headers: { "content-type": "application/json" } });
  const start = performance.now();
  for (let i = 0; i < count; i++)
    await (await stub("https://stub.invalid/v1/partner/balances", { headers: { "x-api-key": "k" } })).arrayBuffer();
  return (performance.now() - start) / 1000;
}

/** The sandbox figures of `npm run bench`. */
export async function measureSandbox(size: BenchSize): Promise<Row[]> {
  const calls = size.quick ? 400 : 10_000;
  const timed = await mixedCalls(calls, 1_000);
  const floor = await stubCalls(calls);
  const memoryCalls = size.quick ? 2_000 : 100_000;
  const before = process.memoryUsage().heapUsed;
  const long = await mixedCalls(memoryCalls, 1_000);
  const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
  return [
    {
      section: 7,
      id: "sandbox.mixedCalls",
      figure: `sandbox: ${calls} mixed calls in process (sandbox.fetch; create, read, transfer, payout, refused)`,
      unit: "s",
      value: timed.seconds,
      baseline: { label: "constant-answer fetch stub, same number of calls", value: floor },
      ratio: timed.seconds,
      ratioLabel: `seconds for ${calls} calls; ${Math.round(calls / timed.seconds)} calls/s`,
      target: { op: "<=", value: 5 },
      note: `CPU time ${timed.cpuSeconds.toFixed(2)} s (${Math.round(calls / timed.cpuSeconds)} calls per CPU-second); load average ${loadavg()[0]?.toFixed(1)}`,
      detail: {
        calls,
        callsPerSecond: calls / timed.seconds,
        cpuSeconds: timed.cpuSeconds,
        loadAverage: loadavg(),
        statuses: timed.statuses,
      },
    },
    {
      section: 7,
      id: "sandbox.memory",
      figure: `sandbox: heap after ${memoryCalls} calls (maxUsers 1000, maxRecords 5000)`,
      unit: "MB",
      value: heapMb,
      baseline: { label: "heap before the calls", value: before / 2 ** 20 },
      ratio: heapMb / (before / 2 ** 20),
      ratioLabel: "heap after / before",
      note: `users kept ${long.state.users.length}, ledger entries ${long.state.ledger.length}, heap before ${(before / 2 ** 20).toFixed(0)} MB`,
      detail: {
        calls: memoryCalls,
        seconds: long.seconds,
        users: long.state.users.length,
        ledger: long.state.ledger.length,
        statuses: long.statuses,
      },
    },
  ];
}
