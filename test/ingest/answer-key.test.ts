/**
 * The simulator's answer key against a real ingest: a full extract and three deltas with row
 * defects at 1% and whole-file defects. The quarantine must match the key exactly (extract, file,
 * record, column, reason, key), deduplicated copies too, every file defect must be reported with
 * its reason and outcome, and the load log must balance for every file.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { canonicalDump } from "../../ingest/dump.ts";
import { type IngestSummary, ingest } from "../../ingest/run.ts";
import { rows } from "../../ingest/stage.ts";
import type { AnswerKey } from "../../synthetic/simulate.ts";
import { simulate } from "../../synthetic/simulate.ts";
import { withReadOnly } from "../../warehouse/db.ts";
import { tempDir } from "./helpers.ts";

let key: AnswerKey;
let summary: IngestSummary;
let dataDir: string;
let inbox: string;

const q = (sql: string) => withReadOnly(dataDir, (db) => rows(db!.con, sql));

beforeAll(async () => {
  const dir = tempDir("answer-key-");
  inbox = join(dir, "inbox");
  dataDir = join(dir, "data");
  simulate({
    out: inbox,
    asOf: "2026-06-30",
    members: 300,
    seed: "answer-key",
    deltas: 3,
    defects: 0.01,
    fileDefects: true,
  });
  key = JSON.parse(readFileSync(join(inbox, "answer-key.json"), "utf8")) as AnswerKey;
  summary = await ingest({ dataDir, inbox });
}, 120_000);

describe("ingest against the simulator's answer key", () => {
  it("loads or holds each extract as the key says", () => {
    expect(summary.extracts.map((e) => [e.extract_id, e.status, e.reason_code])).toEqual(
      key.extracts.map((e) => [e.extract_id, e.expected, e.reason ?? null]),
    );
    expect(summary.exit_code).toBe(1);
  });

  it("reports every file defect with its reason and outcome", async () => {
    const log = await q("SELECT extract_id, file, status, reason_code FROM meta.load_log");
    const status = {
      extract_held: "rejected",
      file_ignored: "ignored",
      loaded_with_warning: "loaded",
    } as const;
    for (const d of key.file_defects) {
      expect(
        log.find((l) => l.extract_id === d.extract_id && l.file === d.file),
        `${d.extract_id}/${d.file}`,
      ).toEqual({
        extract_id: d.extract_id,
        file: d.file,
        status: status[d.expected],
        reason_code: d.reason,
      });
    }
    const reported = log.filter((l) => l.reason_code !== null).length;
    expect(reported).toBe(key.file_defects.length);
  });

  it("quarantines exactly the records the key expects, at the right record and column", async () => {
    const got = (
      await q(
        `SELECT extract_id, file, CAST(record AS INTEGER) AS record, "column", reason_code, "key" FROM meta.quarantine`,
      )
    )
      .map((r) => [r.extract_id, r.file, r.record, r.column, r.reason_code, r.key].join(" | "))
      .sort();
    const expected = key.row_defects
      .filter((d) => d.expected === "quarantined")
      .map((d) => [d.extract_id, d.file, d.record, d.column, d.reason, d.key].join(" | "))
      .sort();
    expect(expected.length).toBeGreaterThan(50);
    expect(got).toEqual(expected);
  });

  it("counts exactly the identical copies the key expects as deduplicated", async () => {
    const got = (
      await q('SELECT extract_id, file, CAST(record AS INTEGER) AS record, "key" FROM meta.duplicates')
    )
      .map((r) => `${r.extract_id}|${r.file}|${r.record}|${r.key}`)
      .sort();
    const expected = key.row_defects
      .filter((d) => d.expected === "deduplicated")
      .map((d) => `${d.extract_id}|${d.file}|${d.record}|${d.key}`)
      .sort();
    expect(got).toEqual(expected);
  });

  it("loads the records that must load (formula-like text, embedded newlines) at their record", async () => {
    const mustLoad = key.row_defects.filter((d) => d.expected === "loaded");
    expect(mustLoad.length).toBeGreaterThan(0);
    for (const d of mustLoad) {
      const table = d.file.replace(/\.csv$/, "");
      const found = await q(
        `SELECT count(*) AS n FROM raw.${table} JOIN meta.load_log l ON l.load_id = _load_id
         WHERE l.extract_id = '${d.extract_id}' AND l.file = '${d.file}' AND _record = ${d.record}`,
      );
      expect(found, `${d.file} record ${d.record}`).toEqual([{ n: 1n }]);
    }
  });

  it("loads nothing of a held extract", async () => {
    const held = key.extracts.filter((e) => e.expected === "held").map((e) => e.extract_id);
    expect(held.length).toBe(1);
    // Its files get no load id, and every version in the raw tables comes from a loaded file.
    const fromLoaded = (t: string) =>
      `(SELECT count(*) FROM raw.${t} r ANTI JOIN meta.load_log l ON l.load_id = r._load_id
          AND l.status = 'loaded' AND l.extract_id <> '${held[0]}')`;
    const n =
      await q(`SELECT (SELECT count(*) FROM meta.load_log WHERE extract_id = '${held[0]}' AND load_id IS NOT NULL)
      + ${fromLoaded("people")} + ${fromLoaded("verifications")}
      + (SELECT count(*) FROM meta.quarantine WHERE extract_id = '${held[0]}') AS n`);
    expect(n).toEqual([{ n: 0n }]);
  });

  it("balances the load log for every file of every loaded extract", async () => {
    const unbalanced = await q(
      `SELECT l.extract_id, l.file FROM meta.load_log l JOIN meta.extracts e USING (extract_id)
       WHERE e.status = 'loaded' AND l.status = 'loaded'
         AND (l.records <> l.loaded + l.quarantined + l.deduplicated OR l.records <> l.manifest_records)`,
    );
    expect(unbalanced).toEqual([]);
    const quarantined = await q(
      `SELECT l.extract_id, l.file, l.quarantined AS logged, count(q.record) AS stored
       FROM meta.load_log l LEFT JOIN meta.quarantine q USING (extract_id, file)
       WHERE l.status = 'loaded' GROUP BY ALL HAVING l.quarantined <> count(q.record)`,
    );
    expect(quarantined).toEqual([]);
  });

  it("changes nothing when the same inbox is ingested again", async () => {
    const before = await canonicalDump(dataDir, { volatile: true });
    const again = await ingest({ dataDir, inbox });
    expect(again.extracts.map((e) => e.status)).toEqual(["skipped", "skipped", "skipped", "held"]);
    expect(await canonicalDump(dataDir, { volatile: true })).toBe(before);
  });
});
