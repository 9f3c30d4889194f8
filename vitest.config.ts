import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // Two cores: files run in parallel workers, each with its own fresh database.
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
