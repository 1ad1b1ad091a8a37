// node:util parseArgs in strict mode, with its errors turned into one-line usage errors that name the command.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./errors.js";

/** The flags every command accepts besides its own. */
const COMMON = { help: { type: "boolean", short: "h" } } as const;

/** Options of a command: parseArgs' option table plus whether positionals are allowed. */
export type CommandOptions = NonNullable<ParseArgsConfig["options"]>;

/** What parseCommand returns: the flags by name and the positional arguments. */
export interface ParsedCommand {
  readonly values: { readonly help?: boolean | undefined } & Readonly<
    Record<string, string | boolean | Array<string | boolean> | undefined>
  >;
  readonly positionals: readonly string[];
}

/** Parses `argv` for `command` (e.g. "p100 mock"), throwing a UsageError on an unknown flag or a missing value. */
export function parseCommand(
  command: string,
  argv: readonly string[],
  options: CommandOptions,
  maxPositionals = 0,
): ParsedCommand {
  let parsed: ParsedCommand;
  try {
    parsed = parseArgs({ args: [...argv], options: { ...COMMON, ...options }, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(`${command}: ${firstLine(error)}`, `${command} --help`);
  }
  if (!parsed.values.help && parsed.positionals.length > maxPositionals) {
    throw new UsageError(
      `${command}: unexpected argument "${parsed.positionals[maxPositionals]}"`,
      `${command} --help`,
    );
  }
  return parsed;
}

/** A TCP port given on the command line: an integer from 1 to 65535. */
export function parsePort(command: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65_535)
    throw new UsageError(`${command}: --port must be a number from 1 to 65535, got "${value}"`, `${command} --help`);
  return port;
}

/** Node's parseArgs messages are multi-line with advice about "--"; the first sentence is what the user needs. */
function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split("\n")[0] ?? message).replace(/\. To specify a positional argument.*$/, "");
}
