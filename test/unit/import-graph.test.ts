// No import circle in src/: each file's relative imports (type-only ones too, as madge counts them) form a graph that
// must have no cycle. A circle makes load order matter and ties files that should change apart (the client factory
// and its methods, the Postgres entry and its inbox used to be tied this way).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));
const IMPORT =
  /(?:import|export)\s[^'";]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|import\s*["']([^"']+)["']/g;

/** Every .ts file under a folder. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** File -> the files of src/ it imports (relative specifiers only; `x.js` is the source `x.ts`). */
export function importGraph(root: string): Map<string, string[]> {
  const files = new Set(sourceFiles(root));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = [...readFileSync(file, "utf8").matchAll(IMPORT)]
      .map((match) => match[1] ?? match[2] ?? match[3] ?? "")
      .filter((specifier) => specifier.startsWith("."))
      .map((specifier) => resolve(dirname(file), specifier).replace(/\.js$/, ".ts"))
      .filter((target) => files.has(target));
    graph.set(file, targets);
  }
  return graph;
}

/** Every import circle, each as the list of files around it (relative to `root`). */
export function importCircles(graph: Map<string, string[]>, root: string): string[][] {
  const circles: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, "open");
    stack.push(file);
    for (const target of graph.get(file) ?? []) {
      if (state.get(target) === "open")
        circles.push([...stack.slice(stack.indexOf(target)), target].map((f) => relative(root, f)));
      else if (!state.has(target)) visit(target);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return circles;
}

describe("src/ import graph", () => {
  const graph = importGraph(SRC);

  it("reads the imports (a sanity check of the reader itself)", () => {
    expect(graph.get(join(SRC, "client.ts"))).toContain(join(SRC, "operations.ts"));
    expect(graph.get(join(SRC, "webhooks/postgres.ts"))).toContain(join(SRC, "webhooks/postgres-inbox.ts"));
  });

  it("finds a circle when there is one", () => {
    const a = join(SRC, "a.ts");
    const b = join(SRC, "b.ts");
    expect(
      importCircles(
        new Map([
          [a, [b]],
          [b, [a]],
        ]),
        SRC,
      ),
    ).toEqual([["a.ts", "b.ts", "a.ts"]]);
  });

  it("has no import circle", () => {
    expect(importCircles(graph, SRC)).toEqual([]);
  });
});
