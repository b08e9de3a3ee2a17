/**
 * Deltas and history: upserts keep every version with its validity period, deletions end versions,
 * a later full extract ends what it no longer contains; extracts load once and in order; a gap
 * waits; an older or changed extract is refused; a held extract loads once re-delivered.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalDump } from "../../ingest/dump.ts";
import { listQuarantine } from "../../ingest/quarantine.ts";
import { ingest } from "../../ingest/run.ts";
import { SOURCES } from "../../ingest/sources/index.ts";
import { rows } from "../../ingest/stage.ts";
import { build } from "../../transforms/build.ts";
import { acquireWriterLock, openWriter, withReadOnly } from "../../warehouse/db.ts";
import { WorkforceError } from "../../warehouse/errors.ts";
import { status } from "../../warehouse/status.ts";
import { base, csv, type Row, tempDir, writeExtract } from "./helpers.ts";

const person = (n: number, o: Row = {}) => ({ ...base("people", n), ...o });

const F1 = {
  as_of: "2025-07-01",
  files: {
    "people.csv": csv("people", [person(1), person(2), person(3)]),
    "programs.csv": csv("programs", [base("programs", 1)]),
    "training.csv": csv("training", [base("training", 1), base("training", 2)]),
    "compensation.csv": csv("compensation", []),
    "employment.csv": csv("employment", [base("employment", 1)]),
  },
};
const D1 = {
  as_of: "2025-07-02",
  kind: "delta" as const,
  since: "2025-07-01",
  files: {
    "people.csv": csv("people", [person(1), person(2, { last_name: "Smith" }), person(4)]),
    "compensation.csv": csv("compensation", [base("compensation", 1)]),
    "deletions.csv": csv("deletions", [
      { entity: "training", record_id: "T000000001", deleted_at: "2025-07-02T10:00:00Z" },
    ]),
  },
};
const D2 = {
  as_of: "2025-07-03",
  kind: "delta" as const,
  since: "2025-07-02",
  files: {
    "people.csv": csv("people", [person(2, { last_name: "Smith-Jones" })]),
    "deletions.csv": csv("deletions", [
      { entity: "training", record_id: "T000000009", deleted_at: "2025-07-03T10:00:00Z" },
    ]),
  },
};
const F2 = {
  as_of: "2025-07-04",
  files: {
    "people.csv": csv("people", [person(1), person(2, { last_name: "Smith-Jones" }), person(4)]),
    "programs.csv": csv("programs", [base("programs", 1)]),
  },
};

function setup(...extracts: Parameters<typeof writeExtract>[1][]) {
  const dir = tempDir();
  const inbox = join(dir, "inbox");
  for (const e of extracts) writeExtract(inbox, e);
  return { inbox, dataDir: join(dir, "data") };
}

const q = (dataDir: string, sql: string) => withReadOnly(dataDir, (db) => rows(db!.con, sql));

describe("history of versions", () => {
  it("keeps every version with its validity period and answers as of any date", async () => {
    const { inbox, dataDir } = setup(F1, D1, D2, F2);
    const s = await ingest({ dataDir, inbox });
    expect(s.extracts.map((e) => [e.extract_id, e.status])).toEqual([
      ["CTREG-2025-07-01-FULL", "loaded"],
      ["CTREG-2025-07-02-DELTA", "loaded"],
      ["CTREG-2025-07-03-DELTA", "loaded"],
      ["CTREG-2025-07-04-FULL", "loaded"],
    ]);
    expect(
      await q(
        dataDir,
        `SELECT registry_id, last_name, CAST(_valid_from AS VARCHAR) AS f, CAST(_valid_to AS VARCHAR) AS t,
                _end_reason AS why, l.extract_id AS x, _record AS rec
         FROM raw.people JOIN meta.load_log l ON l.load_id = _load_id AND l.file = 'people.csv'
         ORDER BY registry_id, _valid_from`,
      ),
    ).toEqual([
      {
        registry_id: "CT0000001",
        last_name: "Lopez",
        f: "2025-07-01",
        t: null,
        why: null,
        x: "CTREG-2025-07-01-FULL",
        rec: 1n,
      },
      {
        registry_id: "CT0000002",
        last_name: "Lopez",
        f: "2025-07-01",
        t: "2025-07-02",
        why: "superseded",
        x: "CTREG-2025-07-01-FULL",
        rec: 2n,
      },
      {
        registry_id: "CT0000002",
        last_name: "Smith",
        f: "2025-07-02",
        t: "2025-07-03",
        why: "superseded",
        x: "CTREG-2025-07-02-DELTA",
        rec: 2n,
      },
      {
        registry_id: "CT0000002",
        last_name: "Smith-Jones",
        f: "2025-07-03",
        t: null,
        why: null,
        x: "CTREG-2025-07-03-DELTA",
        rec: 1n,
      },
      {
        registry_id: "CT0000003",
        last_name: "Lopez",
        f: "2025-07-01",
        t: "2025-07-04",
        why: "absent",
        x: "CTREG-2025-07-01-FULL",
        rec: 3n,
      },
      {
        registry_id: "CT0000004",
        last_name: "Lopez",
        f: "2025-07-02",
        t: null,
        why: null,
        x: "CTREG-2025-07-02-DELTA",
        rec: 3n,
      },
    ]);
    const asOf = (d: string) =>
      q(
        dataDir,
        `SELECT registry_id, last_name FROM raw.people
         WHERE _valid_from <= DATE '${d}' AND (_valid_to IS NULL OR DATE '${d}' < _valid_to) ORDER BY 1`,
      );
    expect(await asOf("2025-07-02")).toEqual([
      { registry_id: "CT0000001", last_name: "Lopez" },
      { registry_id: "CT0000002", last_name: "Smith" },
      { registry_id: "CT0000003", last_name: "Lopez" },
      { registry_id: "CT0000004", last_name: "Lopez" },
    ]);
    expect(
      await q(
        dataDir,
        "SELECT training_record_id AS id, CAST(_valid_to AS VARCHAR) AS t, _end_reason AS why FROM raw.training ORDER BY 1",
      ),
    ).toEqual([
      { id: "T000000001", t: "2025-07-02", why: "deleted" },
      { id: "T000000002", t: null, why: null },
    ]);
    expect(
      await q(dataDir, "SELECT extract_id, file, record, reason_code, value FROM meta.quarantine"),
    ).toEqual([
      {
        extract_id: "CTREG-2025-07-03-DELTA",
        file: "deletions.csv",
        record: 1n,
        reason_code: "orphan_reference",
        value: "T000000009",
      },
    ]);
    expect(
      await q(
        dataDir,
        `SELECT records, loaded, inserted, unchanged FROM meta.load_log
         WHERE extract_id = 'CTREG-2025-07-02-DELTA' AND file = 'people.csv'`,
      ),
    ).toEqual([{ records: 3n, loaded: 3n, inserted: 2n, unchanged: 1n }]);
    // Lineage: load ids number the written files in load order (file names sorted within an
    // extract); each ended version names the file that ended it.
    expect(
      await q(
        dataDir,
        "SELECT load_id, extract_id, file FROM meta.load_log WHERE load_id IS NOT NULL ORDER BY load_id",
      ),
    ).toEqual(
      [
        ["CTREG-2025-07-01-FULL", "compensation.csv"],
        ["CTREG-2025-07-01-FULL", "employment.csv"],
        ["CTREG-2025-07-01-FULL", "people.csv"],
        ["CTREG-2025-07-01-FULL", "programs.csv"],
        ["CTREG-2025-07-01-FULL", "training.csv"],
        ["CTREG-2025-07-02-DELTA", "compensation.csv"],
        ["CTREG-2025-07-02-DELTA", "deletions.csv"],
        ["CTREG-2025-07-02-DELTA", "people.csv"],
        ["CTREG-2025-07-03-DELTA", "deletions.csv"],
        ["CTREG-2025-07-03-DELTA", "people.csv"],
        ["CTREG-2025-07-04-FULL", "people.csv"],
        ["CTREG-2025-07-04-FULL", "programs.csv"],
      ].map(([extract_id, file], i) => ({ load_id: i + 1, extract_id, file })),
    );
    expect(
      await q(
        dataDir,
        `SELECT id, CAST(r._valid_to AS VARCHAR) AS t, e.extract_id AS ended_by, e.file
         FROM (SELECT registry_id AS id, _valid_to, _end_load_id FROM raw.people
               UNION ALL SELECT training_record_id, _valid_to, _end_load_id FROM raw.training) r
         JOIN meta.load_log e ON e.load_id = r._end_load_id ORDER BY 1, 2`,
      ),
    ).toEqual([
      { id: "CT0000002", t: "2025-07-02", ended_by: "CTREG-2025-07-02-DELTA", file: "people.csv" },
      { id: "CT0000002", t: "2025-07-03", ended_by: "CTREG-2025-07-03-DELTA", file: "people.csv" },
      { id: "CT0000003", t: "2025-07-04", ended_by: "CTREG-2025-07-04-FULL", file: "people.csv" },
      { id: "T000000001", t: "2025-07-02", ended_by: "CTREG-2025-07-02-DELTA", file: "deletions.csv" },
    ]);
  });

  it("upgrades a warehouse written with text lineage columns, a bulk load still to swap in, to the same state", async () => {
    const fresh = setup(F1, D1, D2, F2);
    await ingest({ dataDir: fresh.dataDir, inbox: fresh.inbox });
    const expected = await canonicalDump(fresh.dataDir); // without wall-clock columns
    // An older version loaded F1 in bulk and died after the commit, before the swaps: raw tables
    // empty, their staging tables (text lineage, staging columns) listed in meta.pending_swaps.
    const { inbox, dataDir } = setup(F1);
    await ingest({ dataDir, inbox });
    await toOldLayout(dataDir, { pendingSwapsOf: "CTREG-2025-07-01-FULL" });
    await expect(build({ dataDir })).rejects.toMatchObject({ code: "warehouse_outdated" });
    for (const e of [D1, D2, F2]) writeExtract(inbox, e);
    const s = await ingest({ dataDir, inbox });
    expect(s.extracts.map((e) => e.status)).toEqual(["skipped", "loaded", "loaded", "loaded"]);
    expect(await canonicalDump(dataDir)).toBe(expected);
  }, 30_000);

  it("refuses to upgrade when a version names a file the load log does not list, changing nothing", async () => {
    const { inbox, dataDir } = setup(F1);
    await ingest({ dataDir, inbox });
    await toOldLayout(dataDir);
    const db = await openWriter(dataDir);
    await db.con.run(
      "UPDATE raw.people SET _extract_id = 'CTREG-2025-06-30-FULL' WHERE registry_id = 'CT0000002'",
    );
    await db.close();
    const before = await canonicalDump(dataDir, { volatile: true });
    await expect(ingest({ dataDir, inbox })).rejects.toThrow(
      "cannot upgrade raw.people to load ids: 1 version(s) name an extract file that meta.load_log does not list as loaded",
    );
    expect(await canonicalDump(dataDir, { volatile: true })).toBe(before);
  });
});

/**
 * Rewrite a warehouse in the layout of versions before load ids (text `_extract_id`, `_file`,
 * `_end_extract_id`; no meta.load_log.load_id). With `pendingSwapsOf`, every non-empty raw table
 * becomes the committed staging table of a bulk load of that extract not yet swapped in.
 */
async function toOldLayout(dataDir: string, opts: { pendingSwapsOf?: string } = {}): Promise<void> {
  const db = await openWriter(dataDir);
  try {
    for (const s of SOURCES) {
      const cols = s.columns.map((c) => `r.${c.name}`).join(", ");
      const old = `SELECT ${cols}, l.extract_id AS _extract_id, l.file AS _file, r._record, r._valid_from,
             r._valid_to, r._end_reason, e.extract_id AS _end_extract_id
           FROM raw.${s.name} r LEFT JOIN meta.load_log l ON l.load_id = r._load_id
             LEFT JOIN meta.load_log e ON e.load_id = r._end_load_id`;
      const rows = Number(
        (await db.con.runAndReadAll(`SELECT count(*) FROM raw.${s.name}`)).getRows()[0]![0],
      );
      if (opts.pendingSwapsOf && rows > 0) {
        await db.con.run(
          `CREATE TABLE raw._load_${s.name} AS SELECT *, NULL::VARCHAR AS _fail, NULL::VARCHAR[] AS _raw FROM (${old});
           CREATE OR REPLACE TABLE raw.${s.name} AS ${old} LIMIT 0;
           INSERT INTO meta.pending_swaps VALUES ('${s.name}', '${opts.pendingSwapsOf}')`,
        );
      } else await db.con.run(`CREATE OR REPLACE TABLE raw.${s.name} AS ${old}`);
    }
    await db.con.run("ALTER TABLE meta.load_log DROP COLUMN load_id");
  } finally {
    await db.close();
  }
}

describe("a record waiting for a set-aside record", () => {
  it("names the earlier extract that set the record it refers to aside, and loads once both come", async () => {
    const full = {
      as_of: "2025-07-01",
      files: {
        "people.csv": csv("people", [
          person(1),
          person(2, { gender: "f" }),
          person(3, { member_status: "MERGED", merged_into: "CT0000002" }),
        ]),
        "programs.csv": csv("programs", [base("programs", 1)]),
      },
    };
    const t = (n: number, o: Row = {}) => ({ ...base("training", n), ...o });
    const day2 = {
      as_of: "2025-07-02",
      kind: "delta" as const,
      since: "2025-07-01",
      files: {
        "training.csv": csv("training", [
          t(1, { registry_id: "CT0000002" }),
          t(2, { trainer_registry_id: "CT0000002" }),
          t(3, { registry_id: "CT0000009" }),
        ]),
        // Deleting an account that was set aside (never loaded) ends nothing: the deletion loads.
        "deletions.csv": csv("deletions", [
          { entity: "people", record_id: "CT0000003", deleted_at: "2025-07-02T09:00:00Z" },
        ]),
      },
    };
    const day3 = {
      as_of: "2025-07-03",
      kind: "delta" as const,
      since: "2025-07-02",
      files: {
        "people.csv": csv("people", [person(2)]),
        "training.csv": csv("training", [t(1, { registry_id: "CT0000002" })]),
      },
    };
    const { inbox, dataDir } = setup(full, day2);
    expect((await ingest({ dataDir, inbox, rejectRateLimit: 1 })).exit_code).toBe(0);
    expect(
      await q(
        dataDir,
        "SELECT extract_id, file, record, reason_code, message FROM meta.quarantine ORDER BY extract_id, file, record",
      ),
    ).toEqual([
      {
        extract_id: "CTREG-2025-07-01-FULL",
        file: "people.csv",
        record: 2n,
        reason_code: "code_not_canonical",
        message:
          "people.csv record 2, column gender: f is a valid code only after trimming or upper-casing (F)",
      },
      {
        extract_id: "CTREG-2025-07-01-FULL",
        file: "people.csv",
        record: 3n,
        reason_code: "parent_set_aside",
        message:
          "people.csv record 3, column merged_into: CT0000002 is people.csv record 2, which was set aside (code_not_canonical in gender); this record was set aside with it",
      },
      {
        extract_id: "CTREG-2025-07-02-DELTA",
        file: "training.csv",
        record: 1n,
        reason_code: "parent_set_aside",
        message:
          "training.csv record 1, column registry_id: CT0000002 is people.csv record 2 of extract CTREG-2025-07-01-FULL, which was set aside (code_not_canonical in gender); this record was set aside with it",
      },
      {
        extract_id: "CTREG-2025-07-02-DELTA",
        file: "training.csv",
        record: 3n,
        reason_code: "orphan_reference",
        message: "training.csv record 3, column registry_id: CT0000009 does not exist in people.registry_id",
      },
    ]);
    expect(await q(dataDir, "SELECT entity, record_id FROM raw.deletions")).toEqual([
      { entity: "people", record_id: "CT0000003" },
    ]);
    // The training CT0000002 gave as a trainer loaded.
    const training =
      "SELECT training_record_id AS id, registry_id, trainer_registry_id AS trainer FROM raw.training ORDER BY 1";
    expect(await q(dataDir, training)).toEqual([
      { id: "T000000002", registry_id: "CT0000001", trainer: "CT0000002" },
    ]);
    writeExtract(inbox, day3);
    expect((await ingest({ dataDir, inbox })).exit_code).toBe(0);
    expect(await q(dataDir, training)).toEqual([
      { id: "T000000001", registry_id: "CT0000002", trainer: null },
      { id: "T000000002", registry_id: "CT0000001", trainer: "CT0000002" },
    ]);
    expect(
      await q(
        dataDir,
        "SELECT count(*) AS n FROM meta.quarantine WHERE extract_id = 'CTREG-2025-07-03-DELTA'",
      ),
    ).toEqual([{ n: 0n }]);
  });
});

describe("records that wait for a set-aside record", () => {
  const emp = (n: number, o: Row = {}) => ({ ...base("employment", n), ...o });
  const pay = (n: number, o: Row = {}) => ({ ...base("compensation", n), ...o });
  // CT0000002 is set aside (a lower-case code); its job E00000002 and that job's pay W000000002
  // wait for it (a chain), and so does its job E00000003, which the registry changes the next day.
  const full = {
    as_of: "2025-07-01",
    files: {
      "people.csv": csv("people", [person(1), person(2, { gender: "f" })]),
      "programs.csv": csv("programs", [base("programs", 1)]),
      "employment.csv": csv("employment", [
        emp(1),
        emp(2, { registry_id: "CT0000002" }),
        emp(3, { registry_id: "CT0000002" }),
      ]),
      "compensation.csv": csv("compensation", [pay(1), pay(2, { employment_id: "E00000002" })]),
    },
  };
  // The job E00000003 changes (its start date) while its member is still set aside: the new version waits instead.
  const day2 = {
    as_of: "2025-07-02",
    kind: "delta" as const,
    since: "2025-07-01",
    files: {
      "employment.csv": csv("employment", [emp(3, { registry_id: "CT0000002", start_date: "2020-08-15" })]),
    },
  };
  // The member is fixed; the registry sends nothing else.
  const day3 = {
    as_of: "2025-07-03",
    kind: "delta" as const,
    since: "2025-07-02",
    files: { "people.csv": csv("people", [person(2)]) },
  };

  it("load once what they wait for loads, as of that extract, with their lineage", async () => {
    const { inbox, dataDir } = setup(full, day2);
    expect((await ingest({ dataDir, inbox, rejectRateLimit: 1 })).exit_code).toBe(0);
    const waitingNow = async () =>
      q(
        dataDir,
        `SELECT 'employment' AS source, employment_id AS id, CAST(start_date AS VARCHAR) AS start, _record AS rec, CAST(_as_of AS VARCHAR) AS as_of
         FROM waiting.employment
         UNION ALL SELECT 'compensation', compensation_id, NULL, _record, CAST(_as_of AS VARCHAR) FROM waiting.compensation
         UNION ALL SELECT 'people', registry_id, NULL, _record, CAST(_as_of AS VARCHAR) FROM waiting.people
         ORDER BY 1, 2`,
      );
    expect(await waitingNow()).toEqual([
      { source: "compensation", id: "W000000002", start: null, rec: 2n, as_of: "2025-07-01" },
      { source: "employment", id: "E00000002", start: "2019-08-15", rec: 2n, as_of: "2025-07-01" },
      { source: "employment", id: "E00000003", start: "2020-08-15", rec: 1n, as_of: "2025-07-02" },
    ]);
    writeExtract(inbox, day3);
    const s = await ingest({ dataDir, inbox });
    expect(s.exit_code).toBe(0);
    const loaded = s.extracts.find((e) => e.extract_id === "CTREG-2025-07-03-DELTA")!;
    expect(loaded.replayed.map((r) => [r.file, r.records, r.inserted, r.from_extracts])).toEqual([
      ["employment.csv", 2, 2, ["CTREG-2025-07-01-FULL", "CTREG-2025-07-02-DELTA"]],
      ["compensation.csv", 1, 1, ["CTREG-2025-07-01-FULL"]],
    ]);
    expect(await waitingNow()).toEqual([]);
    const st = await status({ dataDir, inbox });
    expect([st.quarantine?.waiting, st.quarantine?.replayed]).toEqual([0, 3]);
    // The quarantine listing says what became of each.
    expect(
      (await listQuarantine({ dataDir, reason: "parent_set_aside" })).map((r) => [
        r.extract_id,
        r.file,
        r.record,
        r.state,
      ]),
    ).toEqual([
      ["CTREG-2025-07-01-FULL", "compensation.csv", 2, "loaded with CTREG-2025-07-03-DELTA"],
      ["CTREG-2025-07-01-FULL", "employment.csv", 2, "loaded with CTREG-2025-07-03-DELTA"],
      // Replaced by the next day's version while it waited.
      ["CTREG-2025-07-01-FULL", "employment.csv", 3, null],
      ["CTREG-2025-07-02-DELTA", "employment.csv", 1, "loaded with CTREG-2025-07-03-DELTA"],
    ]);
    // Each is a new version from the day it could load, its lineage a `replayed` load of its own.
    expect(
      await q(
        dataDir,
        `SELECT r.employment_id AS id, CAST(r.start_date AS VARCHAR) AS start, CAST(r._valid_from AS VARCHAR) AS valid_from,
                l.extract_id, l.file, l.status, s.extract_id AS set_aside_by, p.set_aside_record AS rec
         FROM raw.employment r JOIN meta.load_log l ON l.load_id = r._load_id
         LEFT JOIN meta.replays p ON p.load_id = r._load_id AND p."key" = r.employment_id
         LEFT JOIN meta.load_log s ON s.load_id = p.set_aside_load_id
         ORDER BY 1`,
      ),
    ).toEqual([
      {
        id: "E00000001",
        start: "2019-08-15",
        valid_from: "2025-07-01",
        extract_id: "CTREG-2025-07-01-FULL",
        file: "employment.csv",
        status: "loaded",
        set_aside_by: null,
        rec: null,
      },
      {
        id: "E00000002",
        start: "2019-08-15",
        valid_from: "2025-07-03",
        extract_id: "CTREG-2025-07-03-DELTA",
        file: "employment.csv",
        status: "replayed",
        set_aside_by: "CTREG-2025-07-01-FULL",
        rec: 2n,
      },
      {
        id: "E00000003",
        start: "2020-08-15",
        valid_from: "2025-07-03",
        extract_id: "CTREG-2025-07-03-DELTA",
        file: "employment.csv",
        status: "replayed",
        set_aside_by: "CTREG-2025-07-02-DELTA",
        rec: 1n,
      },
    ]);
    expect(
      await q(
        dataDir,
        "SELECT compensation_id AS id, CAST(_valid_from AS VARCHAR) AS f FROM raw.compensation ORDER BY 1",
      ),
    ).toEqual([
      { id: "W000000001", f: "2025-07-01" },
      { id: "W000000002", f: "2025-07-03" },
    ]);
    // The replays' load ids come after every file the warehouse had loaded: an incremental build sees them.
    const [ids] = await q(
      dataDir,
      `SELECT min(load_id) FILTER (WHERE status = 'replayed') AS first_replay,
              max(load_id) FILTER (WHERE status = 'loaded' AND extract_id < 'CTREG-2025-07-03') AS last_before
       FROM meta.load_log`,
    );
    expect(Number(ids!.first_replay)).toBeGreaterThan(Number(ids!.last_before));
    // The quarantine keeps what the earlier extracts set aside (E00000003 twice); loading again
    // changes nothing.
    expect(
      await q(dataDir, "SELECT count(*) AS n FROM meta.quarantine WHERE reason_code = 'parent_set_aside'"),
    ).toEqual([{ n: 4n }]);
    const again = await ingest({ dataDir, inbox });
    expect(again.extracts.map((e) => e.status)).toEqual(["skipped", "skipped", "skipped"]);
    expect(await q(dataDir, "SELECT count(*) AS n FROM raw.employment")).toEqual([{ n: 3n }]);
  });

  it("load into a table loaded for the first time by the same extract, and keep a room to one designated QSM", async () => {
    const day1 = {
      as_of: "2025-07-01",
      files: {
        "people.csv": csv("people", [person(1), person(2, { gender: "f" }), person(3, { gender: "f" })]),
        "programs.csv": csv("programs", [base("programs", 1)]),
        // The room is set aside; its two designated QSMs overlap and wait for it.
        "classrooms.csv": csv("classrooms", [{ ...base("classrooms", 1), age_group: "preschool" }]),
        "classroom_staffing.csv": csv("classroom_staffing", [
          { ...base("classroom_staffing", 1), assignment_role: "DESIGNATED_QSM", start_date: "2021-01-01" },
          { ...base("classroom_staffing", 2), assignment_role: "DESIGNATED_QSM", start_date: "2020-01-01" },
        ]),
        // The ladder's only record waits for CT0000002: raw.career_ladder stays empty.
        "career_ladder.csv": csv("career_ladder", [
          { ...base("career_ladder", 1), registry_id: "CT0000002" },
        ]),
        // CT0000003's training, given by the set-aside CT0000003 too: it waits for its member only.
        "training.csv": csv("training", [
          { ...base("training", 1), registry_id: "CT0000003", trainer_registry_id: "CT0000002" },
        ]),
      },
    };
    const day2 = {
      as_of: "2025-07-02",
      kind: "delta" as const,
      since: "2025-07-01",
      files: {
        "people.csv": csv("people", [person(2), person(3)]),
        "classrooms.csv": csv("classrooms", [base("classrooms", 1)]),
        // The ladder's first records of CT0000001: loaded in bulk with the one that waited.
        "career_ladder.csv": csv("career_ladder", [base("career_ladder", 2)]),
      },
    };
    const { inbox, dataDir } = setup(day1, day2);
    const s = await ingest({ dataDir, inbox, rejectRateLimit: 1 });
    expect(s.exit_code).toBe(0);
    expect(s.extracts[1]!.replayed.map((r) => [r.file, r.records])).toEqual([
      ["classroom_staffing.csv", 1],
      ["training.csv", 1],
      ["career_ladder.csv", 1],
    ]);
    expect(
      await q(
        dataDir,
        "SELECT registry_id, CAST(effective_on AS VARCHAR) AS eff, CAST(_valid_from AS VARCHAR) AS f FROM raw.career_ladder ORDER BY 1",
      ),
    ).toEqual([
      { registry_id: "CT0000001", eff: "2012-01-01", f: "2025-07-02" },
      { registry_id: "CT0000002", eff: "2011-01-01", f: "2025-07-02" },
    ]);
    // The earlier-starting QSM loads; the other overlaps it and keeps waiting.
    expect(await q(dataDir, "SELECT assignment_id FROM raw.classroom_staffing")).toEqual([
      { assignment_id: "A00000002" },
    ]);
    expect(await q(dataDir, "SELECT assignment_id FROM waiting.classroom_staffing")).toEqual([
      { assignment_id: "A00000001" },
    ]);
    expect(
      await q(dataDir, "SELECT training_record_id AS id, trainer_registry_id AS t FROM raw.training"),
    ).toEqual([{ id: "T000000001", t: "CT0000002" }]);
  });

  it("stop waiting when a full extract comes, or when their record is deleted", async () => {
    const later = {
      as_of: "2025-07-02",
      files: {
        "people.csv": csv("people", [person(1), person(2, { gender: "f" })]),
        "programs.csv": csv("programs", [base("programs", 1)]),
        "employment.csv": csv("employment", [emp(1), emp(3, { registry_id: "CT0000002" })]),
      },
    };
    const { inbox, dataDir } = setup(full, later);
    expect((await ingest({ dataDir, inbox, rejectRateLimit: 1 })).exit_code).toBe(0);
    // E00000002 and its pay are not in the full extract of July 2: they no longer wait; E00000003 does.
    expect(
      await q(
        dataDir,
        "SELECT employment_id AS id, CAST(_as_of AS VARCHAR) AS as_of FROM waiting.employment",
      ),
    ).toEqual([{ id: "E00000003", as_of: "2025-07-02" }]);
    expect(await q(dataDir, "SELECT count(*) AS n FROM waiting.compensation")).toEqual([{ n: 0n }]);
    expect((await status({ dataDir, inbox })).quarantine).toMatchObject({ waiting: 1, replayed: 0 });
    expect(
      (await listQuarantine({ dataDir, reason: "parent_set_aside" })).map((r) => [
        r.extract_id,
        r.record,
        r.state,
      ]),
    ).toEqual([
      ["CTREG-2025-07-01-FULL", 2, null],
      ["CTREG-2025-07-01-FULL", 2, null],
      ["CTREG-2025-07-01-FULL", 3, null],
      ["CTREG-2025-07-02-FULL", 2, "waiting"],
    ]);
    writeExtract(inbox, {
      as_of: "2025-07-03",
      kind: "delta" as const,
      since: "2025-07-02",
      files: {
        "deletions.csv": csv("deletions", [
          { entity: "employment", record_id: "E00000003", deleted_at: "2025-07-03T09:00:00Z" },
        ]),
      },
    });
    writeExtract(inbox, { ...day3, as_of: "2025-07-04", since: "2025-07-03" });
    const s = await ingest({ dataDir, inbox });
    expect(s.extracts.map((e) => [e.status, e.replayed.length])).toEqual([
      ["skipped", 0],
      ["skipped", 0],
      ["loaded", 0],
      ["loaded", 0],
    ]);
    expect(await q(dataDir, "SELECT employment_id AS id FROM raw.employment")).toEqual([{ id: "E00000001" }]);
  });
});

describe("a full extract that would end most of an entity", () => {
  const people = (n: number) => Array.from({ length: n }, (_, i) => person(i + 1));
  const full = (asOf: string, rows: Row[]) => ({
    as_of: asOf,
    files: {
      "people.csv": csv("people", rows),
      "programs.csv": csv("programs", [base("programs", 1)]),
    },
  });
  const current = (dataDir: string) =>
    q(dataDir, "SELECT count(*) AS n FROM raw.people WHERE _valid_to IS NULL").then((r) => Number(r[0]!.n));

  it("is held, header only or cut short with a manifest that agrees, until accepted", async () => {
    const { inbox, dataDir } = setup(full("2025-07-01", people(25)), full("2025-07-02", []));
    const s = await ingest({ dataDir, inbox });
    expect(s.extracts.map((e) => [e.extract_id, e.status])).toEqual([
      ["CTREG-2025-07-01-FULL", "loaded"],
      ["CTREG-2025-07-02-FULL", "held"],
    ]);
    const file = s.extracts[1]!.files.find((f) => f.file === "people.csv")!;
    expect([file.status, file.reason_code, file.message]).toEqual([
      "rejected",
      "full_extract_shrinks",
      "CTREG-2025-07-02-FULL/people.csv: this full extract holds 0 record(s) and would end 25 of the 25 current ones (100.0%, above the limit of 50.0%), since a full extract ends every record it does not contain",
    ]);
    expect(file.hint).toBe(
      "If the export is incomplete, ask for a re-delivery. If the registry really ended those records, load it with `workforce ingest --accept-shrink CTREG-2025-07-02-FULL/people.csv`.",
    );
    expect(await current(dataDir)).toBe(25);
    // Accepted: it loads and ends them.
    // Accepting another extract's file changes nothing; accepting this one's loads it.
    const other = await ingest({ dataDir, inbox, acceptShrink: ["CTREG-2025-06-30-FULL/people.csv"] });
    expect(other.extracts.map((e) => e.status)).toEqual(["skipped", "held"]);
    const again = await ingest({ dataDir, inbox, acceptShrink: ["CTREG-2025-07-02-FULL/people.csv"] });
    expect(again.extracts.map((e) => [e.extract_id, e.status])).toEqual([
      ["CTREG-2025-07-01-FULL", "skipped"],
      ["CTREG-2025-07-02-FULL", "loaded"],
    ]);
    expect(await current(dataDir)).toBe(0);
  });

  it("counts set-aside records as present, and holds only above half (or all of fewer than 20)", async () => {
    // 13 of 25 kept, 1 of them set aside (it keeps its current version): 12 end, 48%.
    const kept = people(13).map((p, i) => (i === 0 ? { ...p, gender: "f" } : p));
    const a = setup(full("2025-07-01", people(25)), full("2025-07-02", kept));
    expect((await ingest({ dataDir: a.dataDir, inbox: a.inbox })).extracts.map((e) => e.status)).toEqual([
      "loaded",
      "loaded",
    ]);
    expect(await current(a.dataDir)).toBe(13);
    // 12 of 25 kept: 13 end, 52%.
    const b = setup(full("2025-07-01", people(25)), full("2025-07-02", people(12)));
    expect((await ingest({ dataDir: b.dataDir, inbox: b.inbox })).extracts.map((e) => e.status)).toEqual([
      "loaded",
      "held",
    ]);
    expect(
      (await status({ dataDir: b.dataDir, inbox: b.inbox })).held_extracts.map((h) => h.extract_id),
    ).toEqual(["CTREG-2025-07-02-FULL"]);
    // A later full extract loads: the held one is stale, never tried again, and no longer listed.
    writeExtract(b.inbox, full("2025-07-03", people(25)));
    expect((await ingest({ dataDir: b.dataDir, inbox: b.inbox })).extracts.map((e) => e.status)).toEqual([
      "skipped",
      "held",
      "loaded",
    ]);
    expect((await status({ dataDir: b.dataDir, inbox: b.inbox })).held_extracts).toEqual([]);
    // Of 3 current records, ending 2 is allowed (too few to judge), ending all 3 is not.
    const c = setup(full("2025-07-01", people(3)), full("2025-07-02", people(1)), full("2025-07-03", []));
    expect((await ingest({ dataDir: c.dataDir, inbox: c.inbox })).extracts.map((e) => e.status)).toEqual([
      "loaded",
      "loaded",
      "held",
    ]);
  });
});

describe("an event sent again with different values", () => {
  it("keeps the loaded one and sets the copy aside, naming the extract, the column and both values", async () => {
    const full = {
      as_of: "2025-07-01",
      files: {
        "people.csv": csv("people", [person(1)]),
        "programs.csv": csv("programs", [base("programs", 1)]),
        "applications.csv": csv("applications", [base("applications", 1)]),
        "application_events.csv": csv("application_events", [base("application_events", 1)]),
      },
    };
    const delta = {
      as_of: "2025-07-02",
      kind: "delta" as const,
      since: "2025-07-01",
      files: {
        "application_events.csv": csv("application_events", [
          { ...base("application_events", 1), status_on: "2024-09-05" },
          base("application_events", 2),
        ]),
      },
    };
    const { inbox, dataDir } = setup(full, delta);
    expect((await ingest({ dataDir, inbox })).exit_code).toBe(0);
    expect(
      await q(dataDir, 'SELECT record, reason_code, "column", value, message FROM meta.quarantine'),
    ).toEqual([
      {
        record: 1n,
        reason_code: "event_changed",
        column: "status_on",
        value: "2024-09-05",
        message:
          "application_events.csv record 1, column status_on: event AE000000001 was loaded from CTREG-2025-07-01-FULL with 2024-09-01, and this copy has 2024-09-05; events do not change, so the loaded one stays and this copy is set aside",
      },
    ]);
    expect(
      await q(
        dataDir,
        "SELECT event_id, CAST(status_on AS VARCHAR) AS d FROM raw.application_events ORDER BY 1",
      ),
    ).toEqual([
      { event_id: "AE000000001", d: "2024-09-01" },
      { event_id: "AE000000002", d: "2024-09-01" },
    ]);
  });
});

describe("exactly once, in order", () => {
  it("skips what is loaded and leaves a byte-identical warehouse", async () => {
    const { inbox, dataDir } = setup(F1, D1);
    await ingest({ dataDir, inbox });
    const before = await canonicalDump(dataDir, { volatile: true });
    const again = await ingest({ dataDir, inbox });
    expect(again.extracts.map((e) => e.status)).toEqual(["skipped", "skipped"]);
    expect(again.exit_code).toBe(0);
    expect(await canonicalDump(dataDir, { volatile: true })).toBe(before);
  });

  it("applies deltas delivered out of order in order, once the missing one arrives", async () => {
    const ordered = setup(F1, D1, D2);
    await ingest(ordered);
    const { inbox, dataDir } = setup(F1, D2);
    const first = await ingest({ dataDir, inbox });
    expect(first.extracts.map((e) => [e.status, e.message])).toEqual([
      ["loaded", null],
      [
        "gap",
        "CTREG-2025-07-03-DELTA: a delta since 2025-07-02, but the last loaded extract is as of 2025-07-01; waiting for the missing extract",
      ],
    ]);
    expect(first.exit_code).toBe(1);
    writeExtract(inbox, D1);
    const second = await ingest({ dataDir, inbox });
    expect(second.extracts.map((e) => [e.extract_id, e.status])).toEqual([
      ["CTREG-2025-07-01-FULL", "skipped"],
      ["CTREG-2025-07-02-DELTA", "loaded"],
      ["CTREG-2025-07-03-DELTA", "loaded"],
    ]);
    expect(await canonicalDump(dataDir)).toBe(await canonicalDump(ordered.dataDir));
  });

  it("reports a gap and loads nothing after it", async () => {
    const D3 = { ...D2, as_of: "2025-07-04", since: "2025-07-03" };
    const D4 = { ...D2, as_of: "2025-07-05", since: "2025-07-04" };
    const { inbox, dataDir } = setup(F1, D1, D3, D4);
    const s = await ingest({ dataDir, inbox });
    expect(s.extracts.map((e) => [e.extract_id, e.status, e.reason_code])).toEqual([
      ["CTREG-2025-07-01-FULL", "loaded", null],
      ["CTREG-2025-07-02-DELTA", "loaded", null],
      ["CTREG-2025-07-04-DELTA", "gap", "delta_gap"],
      ["CTREG-2025-07-05-DELTA", "waiting", "waiting_behind_gap"],
    ]);
    expect(await q(dataDir, "SELECT extract_id FROM meta.extracts ORDER BY 1")).toEqual([
      { extract_id: "CTREG-2025-07-01-FULL" },
      { extract_id: "CTREG-2025-07-02-DELTA" },
    ]);
  });

  it("reports a delta overlapping what is loaded as an overlap, not as waiting for a missing extract", async () => {
    // Since 2025-07-01, but 2025-07-02 is loaded: its events after 07-01 would load twice.
    const D2o = { ...D2, since: "2025-07-01" };
    const D4 = { ...D2, as_of: "2025-07-04", since: "2025-07-03" };
    const { inbox, dataDir } = setup(F1, D1, D2o, D4);
    const s = await ingest({ dataDir, inbox });
    expect(s.extracts.map((e) => [e.extract_id, e.status, e.reason_code])).toEqual([
      ["CTREG-2025-07-01-FULL", "loaded", null],
      ["CTREG-2025-07-02-DELTA", "loaded", null],
      ["CTREG-2025-07-03-DELTA", "overlap", "delta_overlap"],
      ["CTREG-2025-07-04-DELTA", "waiting", "waiting_behind_gap"],
    ]);
    expect(s.extracts[2]!.message).toBe(
      "CTREG-2025-07-03-DELTA: a delta since 2025-07-01, but the last loaded extract is as of 2025-07-02, later; it overlaps what is loaded, and its events from after 2025-07-01 up to 2025-07-02 would load twice; not loaded",
    );
    expect(s.extracts[2]!.hint).toBe(
      "No missing extract can fix this: ask the registry for a delta since 2025-07-02, or a new full extract.",
    );
    expect(s.exit_code).toBe(1);
    expect(await q(dataDir, "SELECT count(*)::INT AS n FROM raw.compensation")).toEqual([{ n: 1 }]);
  });

  it("refuses an extract older than what is loaded, and a loaded id with different bytes", async () => {
    const { inbox, dataDir } = setup(F1, D1);
    await ingest({ dataDir, inbox });
    const old = setup({ ...F1, as_of: "2025-06-30" });
    const stale = await ingest({ dataDir, inbox: old.inbox });
    expect(stale.extracts.map((e) => [e.status, e.message])).toEqual([
      [
        "stale",
        "CTREG-2025-06-30-FULL: as of 2025-06-30, but an extract as of 2025-07-02 is already loaded; an older extract cannot be applied",
      ],
    ]);
    const changed = setup({ ...F1, files: { ...F1.files, "people.csv": csv("people", [person(1)]) } });
    const c = await ingest({ dataDir, inbox: changed.inbox });
    expect(c.extracts.map((e) => [e.status, e.reason_code])).toEqual([["changed", "extract_changed"]]);
    expect(c.exit_code).toBe(1);
  });

  it("holds an extract with a bad file and loads it once re-delivered, leaving no trace of the hold", async () => {
    const { inbox, dataDir } = setup(F1, {
      ...D1,
      files: { ...D1.files, "people.csv": { content: D1.files["people.csv"], rows: 9 } },
    });
    const held = await ingest({ dataDir, inbox });
    expect(held.extracts.map((e) => e.status)).toEqual(["loaded", "held"]);
    expect(
      await q(
        dataDir,
        `SELECT count(*) AS n FROM raw.people JOIN meta.load_log l ON l.load_id = _load_id
         WHERE l.extract_id = 'CTREG-2025-07-02-DELTA'`,
      ),
    ).toEqual([{ n: 0n }]);
    const heldAgain = await ingest({ dataDir, inbox });
    expect(heldAgain.extracts.map((e) => e.status)).toEqual(["skipped", "held"]);
    writeExtract(inbox, D1);
    const fixed = await ingest({ dataDir, inbox });
    expect(fixed.extracts.map((e) => e.status)).toEqual(["skipped", "loaded"]);
    const clean = setup(F1, D1);
    await ingest(clean);
    expect(await canonicalDump(dataDir)).toBe(await canonicalDump(clean.dataDir));
  });
});

describe("one writer at a time", () => {
  it("refuses to run while another run holds the lock (exit code 3)", async () => {
    const { inbox, dataDir } = setup(F1);
    const release = await acquireWriterLock(dataDir);
    try {
      const err = await ingest({ dataDir, inbox }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkforceError);
      expect((err as WorkforceError).code).toBe("lock_held");
      expect((err as WorkforceError).exitCode).toBe(3);
    } finally {
      await release();
    }
    expect((await ingest({ dataDir, inbox })).extracts.map((e) => e.status)).toEqual(["loaded"]);
  });
});
