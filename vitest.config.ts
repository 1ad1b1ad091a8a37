import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  // Examples import "p100-partner-sdk" by name: resolve it through tsconfig.json's paths, to the source.
  resolve: { tsconfigPaths: true },
  test: {
    // Ceilings for a busy machine, never timing assertions: a test that hangs fails here instead of stalling the run.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Most files wait on child processes, servers and sockets rather than on the CPU: two files at a time on a
    // 2-core machine (vitest's default there is one) keeps npm test within its 3 minutes.
    maxWorkers: 2,
    // Tests must not depend on the developer's environment.
    env: { P100_API_KEY: "" },
    // Arrays (include, globalSetup) would be concatenated from here into each project, so each project sets its own.
    projects: [
      {
        extends: true,
        test: {
          name: "sdk",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "test/postgres/**"],
          globalSetup: ["test/support/global-setup.ts"],
        },
      },
      // The Postgres cases start real servers and receiver processes: they run after the rest (groupOrder), so they
      // neither slow down the timing-sensitive fault matrix nor get slowed down by it. They need no Prism mock.
      {
        extends: true,
        test: { name: "postgres", include: ["test/postgres/**/*.test.ts"], sequence: { groupOrder: 1 } },
      },
    ],
  },
});
