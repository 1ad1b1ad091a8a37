// `p100 sandbox --state FILE`: load the state with a message that names the file and what is wrong with it, check
// before listening that the file can be written, and save it atomically; a failed save is reported on one line and
// retried at the next save, while the sandbox keeps serving.
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { createSandbox, type SandboxStateJson } from "../sandbox/index.js";
import { CommandError } from "./errors.js";

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

const kind = (value: unknown) =>
  value === undefined
    ? "missing"
    : value === null
      ? "null"
      : Array.isArray(value)
        ? "an array"
        : typeof value === "object"
          ? "an object"
          : `a ${typeof value}`;

/**
 * The first place where `value` differs in shape from `template` (a freshly exported state): a missing field, a field
 * of another type, or a record that is not an object. Cheaper to read than whatever the importer would trip on.
 */
function shapeProblem(template: unknown, value: unknown, where: string): string | undefined {
  if (kind(template) !== kind(value)) return `${where} should be ${kind(template)}, but is ${kind(value)}`;
  if (Array.isArray(value)) {
    const index = value.findIndex((item) => item === null || typeof item !== "object");
    return index < 0 ? undefined : `${where}[${index}] should be an object, but is ${kind(value[index])}`;
  }
  // The top level and the resource lists are checked; the records' own fields vary from state to state.
  if (template === null || typeof template !== "object" || (where !== "state" && where !== "state.resources"))
    return undefined;
  for (const [key, expected] of Object.entries(template)) {
    const problem = shapeProblem(expected, (value as Record<string, unknown>)[key], `${where}.${key}`);
    if (problem) return problem;
  }
  return undefined;
}

/** The state saved in `path`, or undefined when there is no such file; throws a CommandError naming the problem. */
export function loadStateFile(path: string): SandboxStateJson | undefined {
  if (!existsSync(path)) return undefined;
  const problem = (what: string) => new CommandError(`--state ${path}: ${what}`);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw problem(`cannot be read (${reason(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw problem(`is not JSON (${reason(error)})`);
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (format !== "p100-sandbox-state")
    throw problem(
      `is not a sandbox state: "format" should be "p100-sandbox-state", but is ${JSON.stringify(format) ?? "missing"}`,
    );
  const shape = shapeProblem(createSandbox().state(), json, "state");
  if (shape) throw problem(`is not a usable sandbox state: ${shape}`);
  try {
    createSandbox({ initialState: json as SandboxStateJson });
  } catch (error) {
    throw problem(`is not a usable sandbox state: ${reason(error)}`);
  }
  return json as SandboxStateJson;
}

/** Writes `data` to `path` atomically: a temporary file beside it, renamed over it (a crash leaves the old file). */
function writeAtomically(path: string, data: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Throws a CommandError unless the state can be saved at `path` (tried by writing a file beside it). */
export function checkStateWritable(path: string): void {
  if (existsSync(path) && statSync(path).isDirectory())
    throw new CommandError(`--state ${path}: is a directory, not a file`);
  const probe = `${path}.${process.pid}.probe`;
  try {
    writeAtomically(probe, "");
    rmSync(probe, { force: true });
  } catch (error) {
    throw new CommandError(`--state ${path}: cannot be written in ${dirname(path)} (${reason(error)})`);
  }
}

/** Saves the state when it changed; a failure is logged once per reason and retried at the next save. */
export interface StateSaver {
  /** Marks the state as changed. */
  changed(): void;
  /** Saves if changed; returns false when the save failed (the state stays marked as changed). */
  save(): boolean;
}

/** A saver of `read()` into `path`, logging failures and recovery with `log`. */
export function createStateSaver(path: string, read: () => SandboxStateJson, log: (line: string) => void): StateSaver {
  let dirty = false;
  let lastFailure: string | undefined;
  return {
    changed: () => void (dirty = true),
    save() {
      if (!dirty) return true;
      try {
        writeAtomically(path, `${JSON.stringify(read(), null, 2)}\n`);
      } catch (error) {
        const why = reason(error);
        if (why !== lastFailure) log(`state not saved to ${path}: ${why} (retrying; the sandbox keeps serving)`);
        lastFailure = why;
        return false;
      }
      dirty = false;
      if (lastFailure !== undefined) log(`state saved to ${path} again`);
      lastFailure = undefined;
      return true;
    },
  };
}
