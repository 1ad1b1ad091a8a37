// Starts one Prism mock of the bundled spec for the whole run, and always stops it, even on Ctrl+C.
import { createRequire } from "node:module";
import type { TestProject } from "vitest/node";

const require = createRequire(import.meta.url);

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { startPrism } = (await import(
    require.resolve("../../scripts/lib/prism.mjs")
  )) as typeof import("../../scripts/lib/prism.mjs");
  const prism = await startPrism();
  project.provide("mockUrl", prism.url);
  const kill = () => prism.child.kill("SIGKILL");
  process.once("exit", kill);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      kill();
      process.exit(130);
    });
  }
  return async () => {
    process.off("exit", kill);
    await prism.stop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    mockUrl: string;
  }
}
