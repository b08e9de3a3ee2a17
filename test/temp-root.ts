/**
 * Vitest global setup: every temporary file and folder of a test run goes under one folder of its
 * own (TMPDIR, read by `os.tmpdir()` in the test workers and in the commands the tests start),
 * removed when the run ends, failed or not. Tests make hundreds of temporary data directories
 * (about 2 GB over a few runs were left in /tmp before). WORKFORCE_KEEP_TEST_TMP=1 keeps the folder
 * and prints where it is.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), "workforce-tests-"));
  // Set before the test workers are started: they and their child processes inherit it.
  process.env.TMPDIR = root;
  return () => {
    if (process.env.WORKFORCE_KEEP_TEST_TMP === "1") {
      process.stderr.write(`temporary files of the test run kept in ${root}\n`);
      return;
    }
    rmSync(root, { recursive: true, force: true });
  };
}
