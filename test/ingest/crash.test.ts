/**
 * Fault injection: the ingest process is killed with SIGKILL at several points (while parsing,
 * while validating, while writing, just before and just after the commit of an extract); a rerun
 * must end in exactly the state of an uninterrupted load.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { canonicalDump } from "../../ingest/dump.ts";
import { ingest } from "../../ingest/run.ts";
import { rows } from "../../ingest/stage.ts";
import { withReadOnly } from "../../warehouse/db.ts";
import { base, csv, tempDir, validFull, writeExtract } from "./helpers.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const FULL = "CTREG-2025-07-01-FULL";
const DELTA = "CTREG-2025-07-02-DELTA";

function writeInbox(inbox: string): void {
  writeExtract(inbox, { as_of: "2025-07-01", files: validFull() });
  writeExtract(inbox, {
    as_of: "2025-07-02",
    kind: "delta",
    since: "2025-07-01",
    files: {
      "people.csv": csv("people", [{ ...base("people", 1), last_name: "Smith" }, base("people", 2)]),
      "compensation.csv": csv("compensation", [
        base("compensation", 2),
        { ...base("compensation", 3), pay_rate: "0" },
      ]),
      "deletions.csv": csv("deletions", [
        { entity: "training", record_id: "T000000001", deleted_at: "2025-07-02T10:00:00Z" },
      ]),
    },
  });
}

function runIngest(dataDir: string, inbox: string, killAt?: string) {
  const env = { ...process.env };
  if (killAt) env.WORKFORCE_INGEST_KILL_AT = killAt;
  else delete env.WORKFORCE_INGEST_KILL_AT;
  return spawnSync(
    process.execPath,
    ["--import", "tsx", "ingest/main.ts", "ingest", "--data-dir", dataDir, "--inbox", inbox, "--json"],
    { cwd: ROOT, env, encoding: "utf8", timeout: 60_000 },
  );
}

let reference: string;

beforeAll(async () => {
  const dir = tempDir("crash-ref-");
  writeInbox(join(dir, "inbox"));
  await ingest({ dataDir: join(dir, "data"), inbox: join(dir, "inbox") });
  reference = await canonicalDump(join(dir, "data"));
});

describe("a crash at any point leaves the warehouse as before the extract; a rerun completes it", () => {
  it.each([
    `parse:training.csv@${FULL}`,
    `before_commit@${FULL}`,
    `after_commit@${FULL}`,
    `parse:compensation.csv@${DELTA}`,
    `validate:people.csv@${DELTA}`,
    `apply:compensation.csv@${DELTA}`,
    `before_commit@${DELTA}`,
    `after_commit@${DELTA}`,
  ])(
    "killed at %s",
    async (point) => {
      const dir = tempDir("crash-");
      const inbox = join(dir, "inbox");
      const dataDir = join(dir, "data");
      writeInbox(inbox);
      const killed = runIngest(dataDir, inbox, point);
      expect(killed.signal).toBe("SIGKILL");
      // Before the commit nothing of the extract is in the warehouse; after it, it is loaded.
      const extract = point.endsWith(FULL) ? FULL : DELTA;
      const committed = point.startsWith("after_commit");
      expect((await canonicalDump(dataDir)).includes(extract)).toBe(committed);
      const rerun = runIngest(dataDir, inbox);
      expect(rerun.status, rerun.stderr).toBe(0);
      const statuses = (JSON.parse(rerun.stdout) as { extracts: { status: string }[] }).extracts.map(
        (e) => e.status,
      );
      const expected: Record<string, string[]> = {
        [FULL]: committed ? ["skipped", "loaded"] : ["loaded", "loaded"],
        [DELTA]: committed ? ["skipped", "skipped"] : ["skipped", "loaded"],
      };
      expect(statuses).toEqual(expected[extract]);
      expect(await canonicalDump(dataDir)).toBe(reference);
      const leftovers = await withReadOnly(dataDir, (db) =>
        rows(db!.con, "SELECT table_name FROM duckdb_tables() WHERE starts_with(table_name, '_load_')"),
      );
      expect(leftovers).toEqual([]);
    },
    60_000,
  );
});
