// The two ways a command fails, so the entry point can print one line and pick the exit code without a stack trace.

/** Thrown when the command line is wrong (unknown command, bad flag, missing argument): exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  /** The help to point at, e.g. "p100 webhook send --help". */
  readonly helpCommand: string;

  constructor(message: string, helpCommand = "p100 --help") {
    super(message);
    this.helpCommand = helpCommand;
  }
}

/** Thrown when a well-formed command cannot do its job (receiver refused, Prism missing, file unreadable): exit code 1. */
export class CommandError extends Error {
  override readonly name = "CommandError";
}
