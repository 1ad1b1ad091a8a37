// `p100 docs`: copies the offline API reference page shipped in the package to a file the user can open.
import { copyFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseCommand } from "./args.js";
import { CommandError } from "./errors.js";
import { DOCS_HELP } from "./help.js";
import { docsPagePath } from "./package-files.js";

/** Runs `p100 docs [--out FILE]`; returns the exit code. */
export function runDocs(argv: readonly string[], print: (line: string) => void): number {
  const { values } = parseCommand("p100 docs", argv, { out: { type: "string", short: "o" } });
  if (values.help) {
    print(DOCS_HELP);
    return 0;
  }
  const target = resolve(typeof values.out === "string" ? values.out : "p100-api-docs.html");
  const page = docsPagePath();
  try {
    copyFileSync(page, target);
  } catch (error) {
    throw new CommandError(`cannot write ${target}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  print(`wrote ${target} (the P100 API reference, works offline: open it in a browser)`);
  return 0;
}
