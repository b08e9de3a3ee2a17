import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The run's temporary files in a folder of their own, removed at the end (test/temp-root.ts).
    globalSetup: ["test/temp-root.ts"],
    // Tests assert behaviour, not speed (`npm run bench*` measures that): vitest's 5 s default
    // failed a 0.6 s DuckDB test on a 2-core CI machine busy with other work (5.0 s). A test that
    // hangs still fails, after a minute; the slow ones set their own longer limits.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
