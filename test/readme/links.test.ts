// README.md is read on npm and inside node_modules, where only the packed files exist: every link and every named
// document or example must be in the package, and every anchor must be a heading of its target.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { headingAnchors, links } from "./markdown.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const readme = readFileSync(join(root, "README.md"), "utf8");

/** The files `npm pack` would put in the tarball ("files" of package.json, plus what npm always adds). */
function packedFiles(): Set<string> {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const result = spawnSync(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`npm pack --dry-run failed: ${result.stderr}`);
  const [pack] = JSON.parse(result.stdout) as [{ files: { path: string }[] }];
  return new Set(pack.files.map((file) => file.path));
}

describe("README.md links", () => {
  const shipped = packedFiles();

  it("every relative link names a packed file, and its anchor a heading there", () => {
    const broken = links(readme).flatMap(({ target, line }) => {
      if (/^[a-z]+:/i.test(target)) return [];
      const [path = "", anchor] = target.split("#");
      if (path && !shipped.has(path)) return [`README.md:${line}: ${path} is not in the package`];
      const text = path ? readFileSync(join(root, path), "utf8") : readme;
      if (anchor && !headingAnchors(text).has(anchor))
        return [`README.md:${line}: no heading #${anchor} in ${path || "README.md"}`];
      return [];
    });
    expect(broken).toEqual([]);
  });

  it("every absolute link is https", () => {
    const plain = links(readme).filter(({ target }) => /^[a-z]+:/i.test(target) && !target.startsWith("https://"));
    expect(plain).toEqual([]);
  });

  it("every document or example the README names is in the package", () => {
    const named = [...readme.matchAll(/`((?:docs|examples|generated)\/[\w./-]+\.(?:md|ts|json))`/g)].map(
      (m) => m[1] ?? "",
    );
    const missing = [...new Set(named)].filter((path) => existsSync(join(root, path)) && !shipped.has(path));
    expect(missing).toEqual([]);
  });
});
