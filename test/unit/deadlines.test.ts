// Shared attempt deadlines: never early, at most one window late, shared within a window, idle timers unref'd.
import { afterEach, describe, expect, it, vi } from "vitest";
import { acquireDeadline } from "../../src/deadlines.js";

/** Freezes Date.now() (timers stay real): which window an attempt falls in must not depend on the machine's speed. */
function freezeClock(): void {
  vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-01-01T00:00:00.050Z") });
}

describe("acquireDeadline", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("never fires before the timeout, and at most one window (a twentieth of the timeout) after it", async () => {
    const started = performance.now();
    const deadline = acquireDeadline(200);
    await new Promise<void>((resolve) => deadline.signal.addEventListener("abort", () => resolve(), { once: true }));
    const elapsed = performance.now() - started;
    deadline.release();
    expect(elapsed).toBeGreaterThanOrEqual(199);
    expect(deadline.signal.reason).toBeInstanceOf(DOMException);
    expect((deadline.signal.reason as DOMException).name).toBe("TimeoutError");
  });

  it("attempts that start together with the same timeout share one signal; another timeout gets its own", () => {
    freezeClock();
    const a = acquireDeadline(60_000);
    const b = acquireDeadline(60_000);
    const c = acquireDeadline(30_000);
    expect(a.signal).toBe(b.signal);
    expect(c.signal).not.toBe(a.signal);
    for (const d of [a, b, c]) d.release();
  });

  it("a released deadline does not keep the process alive, a pending one does", async () => {
    const { setTimeout: wait } = await import("node:timers/promises");
    freezeClock();
    const deadline = acquireDeadline(45_000);
    // The timer is not reachable from outside; observe it through the process's active (ref'd) resources instead.
    const activeTimers = () =>
      (process as unknown as { getActiveResourcesInfo(): string[] })
        .getActiveResourcesInfo()
        .filter((r) => r === "Timeout").length;
    const whilePending = activeTimers();
    deadline.release();
    await wait(0);
    expect(activeTimers()).toBe(whilePending - 1);
    const again = acquireDeadline(45_000);
    expect(again.signal).toBe(deadline.signal);
    expect(activeTimers()).toBe(whilePending);
    again.release();
  });

  it("release is idempotent", () => {
    const deadline = acquireDeadline(50_000);
    const other = acquireDeadline(50_000);
    deadline.release();
    deadline.release();
    expect(other.signal.aborted).toBe(false);
    other.release();
  });

  it("race settles as its work does, and rejects with a TimeoutError once the deadline passes if the work hangs", async () => {
    const done = acquireDeadline(40);
    await expect(done.race(Promise.resolve("answer"))).resolves.toBe("answer");
    done.release();
    const hanging = acquireDeadline(40);
    const error = await hanging.race(new Promise(() => {})).catch((e: unknown) => e);
    hanging.release();
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe("TimeoutError");
    expect(hanging.signal.aborted).toBe(true);
  });

  it("race does not listen on the shared signal (its listeners are Node fetch's alone)", async () => {
    const { EventEmitter } = await import("node:events");
    const { getEventListeners } = EventEmitter;
    const deadline = acquireDeadline(55_000);
    const before = getEventListeners(deadline.signal, "abort").length;
    const pending = deadline.race(new Promise(() => {}));
    expect(getEventListeners(deadline.signal, "abort").length).toBe(before);
    deadline.release();
    void pending.catch(() => {});
  });

  it("one signal serves at most 32 attempts (Node's fetch copies its listener list per request), and all abort on time", async () => {
    const leases = Array.from({ length: 70 }, () => acquireDeadline(40));
    const uses = new Map<AbortSignal, number>();
    for (const lease of leases) uses.set(lease.signal, (uses.get(lease.signal) ?? 0) + 1);
    expect(uses.size).toBeGreaterThanOrEqual(3);
    expect(Math.max(...uses.values())).toBeLessThanOrEqual(32);
    const outcomes = await Promise.all(
      leases.map((lease) => lease.race(new Promise(() => {})).catch((e: unknown) => e)),
    );
    for (const lease of leases) lease.release();
    expect(outcomes.every((e) => e instanceof DOMException && e.name === "TimeoutError")).toBe(true);
    expect(leases.every((lease) => lease.signal.aborted)).toBe(true);
  });
});
