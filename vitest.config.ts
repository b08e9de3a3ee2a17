import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The run's temporary files in a folder of their own, removed at the end (test/temp-root.ts).
    globalSetup: ["test/temp-root.ts"],
  },
});
