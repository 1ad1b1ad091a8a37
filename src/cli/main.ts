// The `p100` command: picks the command, runs it, and turns every failure into one line and an exit code
// (1 the command failed, 2 the command line is wrong), never a stack trace.
import { runDocs } from "./docs.js";
import { CommandError, UsageError } from "./errors.js";
import { MAIN_HELP } from "./help.js";
import { runMock } from "./mock.js";
import { packageVersion } from "./package-files.js";
import { runSandbox } from "./sandbox.js";
import { runVerify } from "./verify.js";
import { runWebhook } from "./webhook.js";

/** Where the command writes: results to `out`, failures to `err` (one line each). */
export interface CliOutput {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** The process's stdout and stderr, a line per call. */
export const processOutput: CliOutput = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Runs the command line `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: readonly string[], output: CliOutput = processOutput): Promise<number> {
  const [command, ...rest] = argv;
  const print = output.out;
  try {
    switch (command) {
      case undefined:
        print(MAIN_HELP);
        return 2;
      case "-h":
      case "--help":
      case "help":
        print(MAIN_HELP);
        return 0;
      case "-v":
      case "--version":
        print(packageVersion());
        return 0;
      case "mock":
        return await runMock(rest, print);
      case "docs":
        return runDocs(rest, print);
      case "webhook":
        return await runWebhook(rest, print);
      case "sandbox":
        return await runSandbox(rest, print);
      case "verify":
        return await runVerify(rest, print);
      default:
        throw new UsageError(command.startsWith("-") ? `unknown option "${command}"` : `unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      const message = error.message.startsWith("p100") ? error.message : `p100: ${error.message}`;
      output.err(`${message} (see ${error.helpCommand})`);
      return 2;
    }
    if (error instanceof CommandError) {
      output.err(`p100: ${error.message}`);
      return 1;
    }
    // A bug of this command: still one line; P100_DEBUG=1 shows the stack for a report.
    output.err(`p100: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.P100_DEBUG) output.err(String(error instanceof Error ? error.stack : ""));
    return 1;
  }
}
