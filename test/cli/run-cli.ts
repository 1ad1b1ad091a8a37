// Spawns the `p100` command from its source (through tsx, so no build is needed) and collects what it prints.
// Asynchronous on purpose: the tests' receivers run in this process and must keep answering while the command runs.
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
/** tsx's loader, by absolute URL: `--import tsx` would be resolved from the child's working folder. */
const TSX = pathToFileURL(require.resolve("tsx")).href;
/** The bin's source file. */
export const CLI = new URL("../../src/cli/p100.ts", import.meta.url).pathname;

/** What a finished command printed and its exit code. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of runCli and startCli. */
export interface CliOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Own process group, so a test can send Ctrl-C to the whole group as a terminal does. */
  readonly detached?: boolean;
}

/** Starts `p100 <args>` and returns the child process. */
export function startCli(args: readonly string[], options: CliOptions = {}): ChildProcess {
  return spawn(process.execPath, ["--import", TSX, CLI, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, NODE_NO_WARNINGS: "1", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: options.detached ?? false,
  });
}

/** Runs `p100 <args>` to the end. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const child = startCli(args, options);
  return collect(child);
}

/** Waits for `child` to exit and returns its output. */
export function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs the command in this process (same code as the bin, without a process start), capturing its output. */
export async function runInProcess(args: readonly string[]): Promise<CliResult> {
  const { main } = await import("../../src/cli/main.js");
  let stdout = "";
  let stderr = "";
  const code = await main(args, { out: (text) => (stdout += `${text}\n`), err: (text) => (stderr += `${text}\n`) });
  return { code, stdout, stderr };
}
