/**
 * Record numbers at scale: a file of several DuckDB row groups with an unreadable record in the
 * middle, staged both ways: in a first load (read by one thread per file, files side by side) and
 * in a delta (read by every thread, an order-preserving insert). Every loaded row must carry its
 * data-record number in the file, and the bad records theirs (a plan that reorders rows, such as
 * the hash join DuckDB makes of a long IN list, would break this silently).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ingest } from "../../ingest/run.ts";
import { rows } from "../../ingest/stage.ts";
import { withReadOnly } from "../../warehouse/db.ts";
import { base, columnsOf, field, type Row, tempDir, validFull, writeExtract } from "./helpers.ts";

const N = 300_000;
const BAD = [120_001, 250_000];

function trainingFile(): Buffer {
  const header = columnsOf("training");
  const parts: Buffer[] = [Buffer.from(`${header.join(",")}\n`)];
  const lines: string[] = [];
  const flush = () => {
    parts.push(Buffer.from(lines.join("")));
    lines.length = 0;
  };
  for (let i = 1; i <= N; i++) {
    const r: Row = { ...base("training", i), topic_area: i % 7 === 0 ? "CURRICULUM" : "HEALTH_SAFETY" };
    if (BAD.includes(i)) {
      flush();
      parts.push(
        Buffer.from(
          `${header.map((h) => (h === "title" ? "Caf\u00e9" : field(r[h]!))).join(",")}\n`,
          "latin1",
        ),
      );
      continue;
    }
    if (i === 200_000) r.hours = "999";
    lines.push(`${header.map((h) => field(r[h]!)).join(",")}\n`);
    if (lines.length === 10_000) flush();
  }
  flush();
  return Buffer.concat(parts);
}

const EXPECTED_QUARANTINE = [
  { record: 120001n, reason_code: "invalid_encoding", key: "T000120001" },
  { record: 200000n, reason_code: "value_out_of_range", key: "T000200000" },
  { record: 250000n, reason_code: "invalid_encoding", key: "T000250000" },
];

describe("record numbers follow file order", () => {
  it("in a large file of a first load, with unreadable records in between", async () => {
    const dir = tempDir();
    const inbox = join(dir, "inbox");
    const dataDir = join(dir, "data");
    writeExtract(inbox, { as_of: "2025-07-01", files: { ...validFull(), "training.csv": trainingFile() } });
    const s = await ingest({ dataDir, inbox });
    expect(s.extracts.map((e) => e.status)).toEqual(["loaded"]);
    const check = await withReadOnly(dataDir, (db) =>
      rows(
        db!.con,
        `SELECT count(*) AS n,
                count(*) FILTER (WHERE _record <> CAST(substr(training_record_id, 2) AS BIGINT)) AS misnumbered
         FROM raw.training`,
      ),
    );
    expect(check).toEqual([{ n: BigInt(N - 3), misnumbered: 0n }]);
    const q = await withReadOnly(dataDir, (db) =>
      rows(db!.con, `SELECT record, reason_code, "key" FROM meta.quarantine ORDER BY record`),
    );
    expect(q).toEqual(EXPECTED_QUARANTINE);
  }, 60_000);

  it("in a large file of a delta, read by every thread", async () => {
    const dir = tempDir();
    const inbox = join(dir, "inbox");
    const dataDir = join(dir, "data");
    writeExtract(inbox, { as_of: "2025-07-01", files: validFull() });
    writeExtract(inbox, {
      as_of: "2025-07-02",
      kind: "delta",
      since: "2025-07-01",
      files: { "training.csv": trainingFile() },
    });
    const s = await ingest({ dataDir, inbox });
    expect(s.extracts.map((e) => e.status)).toEqual(["loaded", "loaded"]);
    const check = await withReadOnly(dataDir, (db) =>
      rows(
        db!.con,
        `SELECT count(*) AS n,
                count(*) FILTER (WHERE _record <> CAST(substr(training_record_id, 2) AS BIGINT)) AS misnumbered
         FROM raw.training WHERE _valid_from = DATE '2025-07-02'`,
      ),
    );
    // Record 1 repeats the first load's training record unchanged: no new version of it.
    expect(check).toEqual([{ n: BigInt(N - 4), misnumbered: 0n }]);
    const q = await withReadOnly(dataDir, (db) =>
      rows(
        db!.con,
        `SELECT record, reason_code, "key" FROM meta.quarantine
         WHERE extract_id = 'CTREG-2025-07-02-DELTA' ORDER BY record`,
      ),
    );
    expect(q).toEqual(EXPECTED_QUARANTINE);
  }, 60_000);
});
