// `p100 docs` copies the prebuilt offline page shipped in dist/ (built by `npm run build`; built here when missing,
// so this file also runs on its own) to the requested file and prints where it is.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, runInProcess } from "./run-cli.js";

const root = new URL("../..", import.meta.url).pathname;
const shipped = join(root, "dist", "docs.html");

beforeAll(() => {
  if (existsSync(shipped)) return;
  const built = spawnSync(process.execPath, [join(root, "scripts", "docs.mjs"), "--out", shipped], {
    stdio: "inherit",
  });
  if (built.status !== 0) throw new Error("could not build dist/docs.html");
}, 180_000);

describe("p100 docs", () => {
  it("writes the shipped page to --out and prints its absolute path (process)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "p100-docs-"));
    const result = await runCli(["docs", "--out", "page.html"], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `wrote ${join(dir, "page.html")} (the P100 API reference, works offline: open it in a browser)\n`,
    );
    expect(readFileSync(join(dir, "page.html")).equals(readFileSync(shipped))).toBe(true);
  });

  it("without --out, writes ./p100-api-docs.html", async () => {
    const dir = mkdtempSync(join(tmpdir(), "p100-docs-"));
    const result = await runCli(["docs"], { cwd: dir });
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, "p100-api-docs.html"))).toBe(true);
  });

  it("a folder that does not exist: one line, exit 1", async () => {
    const target = join(mkdtempSync(join(tmpdir(), "p100-docs-")), "missing", "page.html");
    const result = await runInProcess(["docs", "--out", target]);
    expect(result).toEqual({ code: 1, stdout: "", stderr: `p100: cannot write ${target}: ENOENT\n` });
  });
});
