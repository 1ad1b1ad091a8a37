import { defineConfig } from "vitest/config";

export default defineConfig({
  // Examples import "p100-partner-sdk" by name: resolve it through tsconfig.json's paths, to the source.
  resolve: { tsconfigPaths: true },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Tests must not depend on the developer's environment.
    env: { P100_API_KEY: "" },
  },
});
