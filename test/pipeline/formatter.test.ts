// The formatter's settings as `npm run lint` applies them: 120 columns on code, and never on what scripts write
// (generated/, where a reformat would fail the drift check) or on the hand-maintained spec and prose.
import { join } from "node:path";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const ignorePath = join(root, ".prettierignore");

describe("formatter", () => {
  it("formats code at 120 columns and refuses code that is not formatted", async () => {
    const file = join(root, "src", "client.ts");
    const options = { ...(await prettier.resolveConfig(file)), filepath: file };
    expect(options.printWidth).toBe(120);
    const long = `export const pair = { first: "${"a".repeat(50)}", second: "${"b".repeat(50)}" };\n`;
    expect(await prettier.check(long, options)).toBe(false);
    expect(await prettier.check(await prettier.format(long, options), options)).toBe(true);
  });

  it("leaves generated/, openapi/, the lockfile and prose alone", async () => {
    for (const path of ["generated/schema.ts", "openapi/openapi.yaml", "package-lock.json", "README.md"]) {
      expect((await prettier.getFileInfo(join(root, path), { ignorePath })).ignored, path).toBe(true);
    }
    expect((await prettier.getFileInfo(join(root, "src/client.ts"), { ignorePath })).ignored).toBe(false);
  });
});
