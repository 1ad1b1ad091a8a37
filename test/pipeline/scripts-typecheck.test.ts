// The scripts are type-checked by `npm run typecheck` (`tsc -p .`): each opts in with `// @ts-check`, tsconfig.json
// reads them, and a type error planted in a copy of a script is reported under the project's options.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Every .mjs under scripts/, dot-directories (CI glue such as .ci) left out, as paths relative to the root. */
function scriptFiles(dir = join(root, "scripts")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith(".")) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return scriptFiles(path);
    return entry.name.endsWith(".mjs") ? [relative(root, path)] : [];
  });
}

/** tsconfig.json as `tsc -p .` reads it. */
function projectConfig(): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(root, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    },
  );
  if (!parsed) throw new Error("tsconfig.json could not be read");
  return parsed;
}

const scratch = mkdtempSync(join(tmpdir(), "p100-scripts-typecheck-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("type-checked scripts", () => {
  const scripts = scriptFiles();

  it("finds the scripts", () => {
    expect(scripts).toContain("scripts/generate.mjs");
    expect(scripts).toContain("scripts/lib/methods.mjs");
  });

  it("every script opts in with // @ts-check on its first line (after a shebang)", () => {
    const unchecked = scripts.filter((file) => {
      const lines = readFileSync(join(root, file), "utf8").split("\n");
      const first = lines[0]?.startsWith("#!") ? lines[1] : lines[0];
      return first !== "// @ts-check";
    });
    expect(unchecked).toEqual([]);
  });

  it("tsconfig.json, which npm run typecheck compiles, reads every script", () => {
    const config = projectConfig();
    expect(config.options.allowJs).toBe(true);
    const read = new Set(config.fileNames.map((file) => relative(root, file)));
    expect(scripts.filter((file) => !read.has(file))).toEqual([]);
  });

  it("reports a type error planted in a copy of a script, and nothing in the unchanged copy", () => {
    const source = readFileSync(join(root, "scripts", "lib", "spec-ref.mjs"), "utf8");
    const plants = [
      "/** @type {number} */",
      'export const plantedWrongType = "not a number";',
      "export function plantedUntyped(value) {",
      "  return value;",
      "}",
    ].join("\n");
    const unchanged = join(scratch, "unchanged.mjs");
    const planted = join(scratch, "planted.mjs");
    // Without the opt-in line the same errors go unreported: the line is what puts a script under the checker.
    const notOptedIn = join(scratch, "not-opted-in.mjs");
    writeFileSync(unchanged, source);
    writeFileSync(planted, `${source}\n${plants}\n`);
    writeFileSync(notOptedIn, `${source.replace("// @ts-check\n", "")}\n${plants}\n`);

    const program = ts.createProgram([unchanged, planted, notOptedIn], projectConfig().options);
    const errorsIn = (file: string) =>
      ts
        .getPreEmitDiagnostics(program, program.getSourceFile(file))
        .filter((diagnostic) => diagnostic.file?.fileName === file)
        .map((diagnostic) => `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ")}`);

    expect(errorsIn(unchanged)).toEqual([]);
    const reported = errorsIn(planted);
    // TS2322: a string where the JSDoc says number; TS7006: an untyped parameter (strict mode applies to scripts).
    expect(reported).toEqual([
      expect.stringMatching(/^TS2322: .*not assignable to type 'number'/),
      expect.stringMatching(/^TS7006: Parameter 'value'/),
    ]);
    expect(errorsIn(notOptedIn)).toEqual([]);
  });
});
