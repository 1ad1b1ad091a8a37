// `p100 sandbox` as a child process (from source, through tsx): started, its URL read from its banner, stopped with
// Ctrl-C. The tests drive it from this process, as another program or language would.
import type { ChildProcess } from "node:child_process";
import { collect, startCli, type CliOptions, type CliResult } from "../cli/run-cli.js";

/** A running `p100 sandbox`. */
export interface SandboxProcess {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Everything printed so far. */
  output(): string;
  /** Resolves once `pattern` appears in the output (rejects if the process exits first). */
  waitFor(pattern: RegExp): Promise<void>;
  /** Sends Ctrl-C to its process group and waits for it to exit. */
  stop(): Promise<CliResult>;
  /** Settles when the process exits. */
  readonly exited: Promise<CliResult>;
}

/** Starts `p100 sandbox <args>` (add `--port 0` for a free port) and waits for its URL. */
export async function startSandboxProcess(args: readonly string[], options: CliOptions = {}): Promise<SandboxProcess> {
  const child = startCli(["sandbox", ...args], { detached: true, ...options });
  let seen = "";
  child.stdout?.on("data", (chunk: Buffer) => (seen += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (seen += chunk.toString("utf8")));
  const exited = collect(child);
  const waitFor = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!pattern.test(seen)) return;
        child.stdout?.off("data", check);
        child.stderr?.off("data", check);
        resolve();
      };
      child.stdout?.on("data", check);
      child.stderr?.on("data", check);
      void exited.then(() =>
        pattern.test(seen) ? resolve() : reject(new Error(`p100 sandbox exited before printing ${pattern}: ${seen}`)),
      );
      check();
    });
  await waitFor(/url\s+http:\/\/\S+:\d+/);
  const url = /url\s+(http:\/\/\S+:\d+)/.exec(seen)?.[1] as string;
  return {
    url,
    port: Number(new URL(url).port),
    child,
    output: () => seen,
    waitFor,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid ?? 0), "SIGINT");
      return exited;
    },
  };
}
