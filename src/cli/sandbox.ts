// `p100 sandbox`: the stateful in-memory P100 of p100-partner-sdk/sandbox on loopback, until Ctrl-C. The sandbox entry
// owns its options and its loop (runSandboxCli); this file only maps its failures onto the command's exit codes.
import { runSandboxCli } from "../sandbox/cli.js";
import { CommandError, UsageError } from "./errors.js";
import { SANDBOX_HELP } from "./help.js";

/** A wrong command line, as runSandboxCli words it (its first line; the rest repeats the usage). */
const USAGE_PROBLEM = /^(unknown option|unexpected argument|--[a-z-]+ (needs|must))/;

/** Runs `p100 sandbox [options]`; resolves to the exit code once the sandbox has stopped. */
export async function runSandbox(argv: readonly string[], print: (text: string) => void): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    print(SANDBOX_HELP);
    return 0;
  }
  let handle: Awaited<ReturnType<typeof runSandboxCli>>;
  try {
    handle = await runSandboxCli(argv, { log: print });
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
    if (USAGE_PROBLEM.test(message)) throw new UsageError(message, "p100 sandbox --help");
    throw new CommandError(`sandbox: ${message}`);
  }
  await handle.done;
  return 0;
}
