// Every TypeScript block of README.md compiles as written, against the SDK's own types, and every block that is a
// whole program runs. A block that compiles on its own is a program: the line above it says either
// `<!-- readme-check: run -->` (this test runs it, loopback only) or `<!-- readme-check: compile only: <reason> -->`.
// Any other block is a fragment: it may use, undeclared, the names test/readme/fragment-context.ts declares (the
// app's functions, earlier snippets' variables), and must compile with them.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { codeBlocks, type CodeBlock } from "./markdown.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const scratch = join(root, ".tmp", "readme-blocks");
const contextFile = join(root, "test", "readme", "fragment-context.ts");
const blocks = codeBlocks(readme).filter((block) => block.lang === "ts");

/** The names a source file declares at its top level: imports, variables (destructured too), functions, classes. */
function topLevelNames(file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const bind = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.name) names.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings))
        for (const element of bindings.elements) names.add(element.name.text);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) bind(declaration.name);
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) {
      names.add(statement.name.text);
    }
  }
  return names;
}

/** The names fragment-context.ts exports. */
function contextNames(): string[] {
  const file = ts.createSourceFile(contextFile, readFileSync(contextFile, "utf8"), ts.ScriptTarget.Latest);
  const names: string[] = [];
  for (const statement of file.statements) {
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      names.push(...statement.exportClause.elements.map((element) => element.name.text));
    } else if (
      ts.canHaveModifiers(statement) &&
      ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
    ) {
      names.push(...topLevelNames(ts.factory.updateSourceFile(file, [statement])));
    }
  }
  return names;
}

interface Checked {
  block: CodeBlock;
  /** The block alone: a whole program compiles like this. */
  standalone: string;
  /** The block after one line importing, from the context, every context name it does not declare. */
  fragment: string;
}

/** Writes each block twice (alone, and as a fragment with the context) into the scratch folder. */
function writeBlocks(): Checked[] {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const context = contextNames();
  const contextImport = relative(scratch, contextFile).replace(/\.ts$/, ".js");
  return blocks.map((block) => {
    const declared = topLevelNames(ts.createSourceFile("block.ts", block.code, ts.ScriptTarget.Latest));
    const borrowed = context.filter((name) => !declared.has(name));
    const standalone = join(scratch, `line-${block.line}.ts`);
    const fragment = join(scratch, `line-${block.line}.fragment.ts`);
    writeFileSync(standalone, `${block.code}\nexport {};\n`);
    writeFileSync(fragment, `import { ${borrowed.join(", ")} } from "${contextImport}";\n${block.code}\nexport {};\n`);
    return { block, standalone, fragment };
  });
}

/** "README.md:LINE: message" for each diagnostic of `file`, whose first line is README line `firstLine`. */
function problems(program: ts.Program, file: string, firstLine: number): string[] {
  const source = program.getSourceFile(file);
  if (!source) return [`${file} was not compiled`];
  return ts.getPreEmitDiagnostics(program, source).map((d) => {
    const line = d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line;
    return `README.md:${firstLine + line}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
}

/** The project's compiler options (tsconfig.json: strict, NodeNext, the package name mapped to src/). */
function compilerOptions(): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(root, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (!parsed) throw new Error("tsconfig.json could not be read");
  return parsed.options;
}

describe("README.md code blocks", () => {
  let checked: Checked[] = [];
  let program: ts.Program;
  beforeAll(() => {
    checked = writeBlocks();
    program = ts.createProgram(
      checked.flatMap((c) => [c.standalone, c.fragment]),
      compilerOptions(),
    );
  }, 300_000);

  it("README has TypeScript blocks, the first of them the first call", () => {
    expect(blocks.length).toBeGreaterThan(5);
    expect(blocks[0]?.directive).toBe("run");
  });

  it("every TypeScript block compiles (a fragment with the names of fragment-context.ts)", () => {
    const failures = checked.flatMap((c) => problems(program, c.fragment, c.block.line));
    expect(failures).toEqual([]);
  });

  it("every whole program says whether it runs here, and only whole programs are run", () => {
    const wrong = checked.flatMap(({ block, standalone }) => {
      const whole = problems(program, standalone, block.line + 1).length === 0;
      const says = block.directive === "run" || /^compile only: \S/.test(block.directive ?? "");
      if (whole && !says)
        return [
          `README.md:${block.line}: a whole program: put <!-- readme-check: run --> or <!-- readme-check: compile only: <reason> --> above it`,
        ];
      if (!whole && block.directive === "run")
        return [`README.md:${block.line}: marked run, but it does not compile on its own`];
      return [];
    });
    expect(wrong).toEqual([]);
  });

  const runnable = blocks.filter((block) => block.directive === "run");
  it.each(runnable.map((block) => [block.line, block] as const))(
    "README.md:%i runs to the end",
    (line, block) => {
      const tsx = createRequire(import.meta.url).resolve("tsx/cli");
      const result = spawnSync(process.execPath, [tsx, join(scratch, `line-${line}.ts`)], {
        cwd: root,
        encoding: "utf8",
        timeout: 120_000,
        env: { ...process.env, P100_API_KEY: "", P100_BASE_URL: "" },
      });
      expect(result.stderr).toBe("");
      expect(result.status, `README.md:${block.line} exited ${result.status}`).toBe(0);
    },
    150_000,
  );
});
