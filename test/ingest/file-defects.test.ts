/**
 * Whole-file and whole-extract defects of spec §5: each holds the extract (nothing of it loaded) with
 * the exact reason on the exact file, or is reported and tolerated (unlisted file, extra column).
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { fileFaultHoldsExtract, fileFaultOutcome } from "../../ingest/policy.ts";
import { listQuarantine, quarantineCommand } from "../../ingest/quarantine.ts";
import { renderExtract } from "../../ingest/render.ts";
import { ingest } from "../../ingest/run.ts";
import { rows } from "../../ingest/stage.ts";
import { withReadOnly } from "../../warehouse/db.ts";
import { renderStatus, status } from "../../warehouse/status.ts";
import {
  base,
  columnsOf,
  csv,
  type ExtractSpec,
  type FileSpec,
  field,
  tempDir,
  writeExtract,
} from "./helpers.ts";

const people3 = csv("people", [base("people", 1), base("people", 2), base("people", 3)]);
const programs1 = csv("programs", [base("programs", 1)]);

async function run(files: Record<string, FileSpec | string | Buffer>, extra: Partial<ExtractSpec> = {}) {
  const dir = tempDir();
  const inbox = join(dir, "inbox");
  const dataDir = join(dir, "data");
  writeExtract(inbox, { as_of: "2025-07-01", files, ...extra });
  const summary = await ingest({ dataDir, inbox });
  const loaded = await withReadOnly(dataDir, (db) =>
    rows(
      db!.con,
      "SELECT (SELECT count(*) FROM raw.people) AS people, (SELECT count(*) FROM raw.programs) AS programs",
    ),
  );
  const log = await withReadOnly(dataDir, (db) =>
    rows(db!.con, "SELECT file, status, reason_code, message FROM meta.load_log ORDER BY file"),
  );
  return { summary, loaded: loaded[0]!, log, extract: summary.extracts[0]!, dataDir, inbox };
}

/** The fault must hold the extract, name the file and load nothing. */
async function expectHeld(files: Record<string, FileSpec | string | Buffer>, file: string, reason: string) {
  const r = await run(files);
  expect(r.summary.exit_code).toBe(1);
  expect([r.extract.status, r.extract.reason_code]).toEqual(["held", "extract_held"]);
  expect(r.extract.message).toBe(
    `CTREG-2025-07-01-FULL: held, not loaded, because ${file} was rejected (${reason}); loading the rest would lose its changes`,
  );
  expect(r.log.find((l) => l.file === file)).toMatchObject({ status: "rejected", reason_code: reason });
  expect(r.loaded).toEqual({ people: 0n, programs: 0n });
  return r;
}

describe("file-level defects hold the extract", () => {
  it("sha256 mismatch", async () => {
    const r = await expectHeld(
      { "people.csv": { content: people3, sha256: "0".repeat(64) }, "programs.csv": programs1 },
      "people.csv",
      "sha256_mismatch",
    );
    expect(r.log.find((l) => l.file === "programs.csv")).toMatchObject({
      status: "not_loaded",
      reason_code: null,
    });
  });

  it("record count mismatch (records counted by a CSV parse, not lines)", async () => {
    const quotedNewlines = csv("people", [
      { ...base("people", 1), first_name: "A\nB\nC" },
      base("people", 2),
    ]);
    const r = await expectHeld(
      { "people.csv": { content: quotedNewlines, rows: 4 }, "programs.csv": programs1 },
      "people.csv",
      "row_count_mismatch",
    );
    expect(r.log.find((l) => l.file === "people.csv")!.message).toBe(
      "CTREG-2025-07-01-FULL/people.csv: 2 data record(s) but the manifest says 4",
    );
  });

  it("file truncated mid-record", async () => {
    const cut = people3.slice(0, people3.lastIndexOf("CT0000003") + "CT0000003,An".length);
    const r = await expectHeld(
      { "people.csv": { content: cut, rows: 3 }, "programs.csv": programs1 },
      "people.csv",
      "file_truncated",
    );
    expect(r.log.find((l) => l.file === "people.csv")!.message).toBe(
      "CTREG-2025-07-01-FULL/people.csv: the file ends in the middle of a record (record 3)",
    );
  });

  it("empty file", async () => {
    await expectHeld(
      { "people.csv": { content: "", rows: 3 }, "programs.csv": programs1 },
      "people.csv",
      "file_empty",
    );
  });

  it("header only while the manifest promises records", async () => {
    const header = `${columnsOf("people").join(",")}\n`;
    await expectHeld(
      { "people.csv": { content: header, rows: 3 }, "programs.csv": programs1 },
      "people.csv",
      "header_only",
    );
  });

  it("missing column", async () => {
    const cols = columnsOf("people").filter((c) => c !== "gender");
    const r = await expectHeld(
      { "people.csv": csv("people", [base("people", 1)], cols), "programs.csv": programs1 },
      "people.csv",
      "column_missing",
    );
    expect(r.log.find((l) => l.file === "people.csv")!.message).toBe(
      "CTREG-2025-07-01-FULL/people.csv: column gender is missing from the header (required); the extract is held because loading a file without a column would blank that column on every record it holds",
    );
  });

  it("missing optional columns are named as optional, and hold the extract too", async () => {
    const cols = columnsOf("people").filter((c) => c !== "email" && c !== "merged_into");
    const r = await expectHeld(
      { "people.csv": csv("people", [base("people", 1)], cols), "programs.csv": programs1 },
      "people.csv",
      "column_missing",
    );
    expect(r.log.find((l) => l.file === "people.csv")!.message).toBe(
      "CTREG-2025-07-01-FULL/people.csv: columns email, merged_into are missing from the header (optional); the extract is held because loading a file without a column would blank that column on every record it holds",
    );
  });

  it("renamed column", async () => {
    const r = await run({
      "people.csv": csv("people", [base("people", 1)]).replace("joined_on", "joined_date"),
      "programs.csv": programs1,
    });
    expect(r.log.find((l) => l.file === "people.csv")).toEqual({
      file: "people.csv",
      status: "rejected",
      reason_code: "column_renamed",
      message:
        "CTREG-2025-07-01-FULL/people.csv: column joined_on is missing and an unknown column joined_date is present (renamed?)",
    });
  });

  it("duplicated column", async () => {
    const cols = [...columnsOf("people"), "gender"];
    await expectHeld(
      { "people.csv": csv("people", [base("people", 1)], cols), "programs.csv": programs1 },
      "people.csv",
      "column_duplicated",
    );
  });

  it("a listed file that is absent", async () => {
    await expectHeld(
      { "people.csv": { content: people3, absent: true }, "programs.csv": programs1 },
      "people.csv",
      "file_missing",
    );
  });

  it("a file whose reject rate is over the limit", async () => {
    const bad = Array.from({ length: 30 }, (_, i) => ({
      ...base("people", i + 1),
      gender: i < 20 ? "Q" : "F",
    }));
    const r = await expectHeld(
      { "people.csv": csv("people", bad), "programs.csv": programs1 },
      "people.csv",
      "reject_rate_exceeded",
    );
    expect(r.log.find((l) => l.file === "people.csv")!.message).toBe(
      "CTREG-2025-07-01-FULL/people.csv: 66.7% of records were quarantined, above the limit of 50.0%",
    );
    // Why: the records that would have been set aside, in the report and in the quarantine.
    const people = r.extract.files.find((f) => f.file === "people.csv")!;
    expect([people.records, people.quarantined, people.top_reasons]).toEqual([
      30,
      20,
      [{ code: "unknown_code", count: 20 }],
    ]);
    expect(stripVTControlCharacters(renderExtract(r.extract))).toMatch(
      /people\.csv +rejected +30 +- +20 +0 +reject_rate_exceeded: unknown_code 20/,
    );
    const held = await listQuarantine({ dataDir: r.dataDir, extract: "CTREG-2025-07-01-FULL" });
    expect(held.map((q) => [q.file, q.record, q.column, q.value, q.reason_code])).toEqual(
      Array.from({ length: 20 }, (_, i) => ["people.csv", i + 1, "gender", "Q", "unknown_code"]),
    );
    const listing = stripVTControlCharacters(
      (await quarantineCommand({ dataDir: r.dataDir, extract: "CTREG-2025-07-01-FULL" })).output,
    );
    expect(listing).toContain("CTREG-2025-07-01-FULL  people.csv:1  unknown_code  gender=Q");
    expect(listing).toContain(
      "CTREG-2025-07-01-FULL: held, not loaded (`workforce status` says why); its records above are those it set aside.",
    );
    // `workforce status` counts them apart: they are not records of a loaded extract.
    const st = await status({ dataDir: r.dataDir });
    expect(st.quarantine).toEqual({
      total: 20,
      by_reason: [{ reason_code: "unknown_code", count: 20 }],
      held: [{ extract_id: "CTREG-2025-07-01-FULL", count: 20 }],
      waiting: 0,
      replayed: 0,
    });
    expect(stripVTControlCharacters(renderStatus(st))).toContain(
      "20 record(s) (20 of extract CTREG-2025-07-01-FULL, held and not loaded):",
    );
    // The held extract waits in the inbox given (the test's, not the data directory's).
    expect(st.pending_extracts).toEqual([]);
    const inInbox = await status({ dataDir: r.dataDir, inbox: r.inbox });
    expect(inInbox.pending_extracts).toEqual(["CTREG-2025-07-01-FULL"]);
    // Pending and held: said once as a problem, the pending line pointing to the held one's reason.
    expect(stripVTControlCharacters(renderStatus(inInbox))).toMatch(
      /pending extracts +│ CTREG-2025-07-01-FULL \(held: see below\)/,
    );
    // Status names the held extract and why.
    expect(st.held_extracts).toEqual([
      {
        extract_id: "CTREG-2025-07-01-FULL",
        message:
          "CTREG-2025-07-01-FULL: held, not loaded, because people.csv was rejected (reject_rate_exceeded); loading the rest would lose its changes",
      },
    ]);
    expect(stripVTControlCharacters(renderStatus(st))).toMatch(
      /held extracts +│ CTREG-2025-07-01-FULL: held, not loaded, because people\.csv was rejected/,
    );
    // Re-delivered with 2 bad records: loaded, and the quarantine holds those 2 only.
    writeExtract(r.inbox, {
      as_of: "2025-07-01",
      files: {
        "people.csv": csv(
          "people",
          bad.map((p, i) => ({ ...p, gender: i < 2 ? "Q" : "F" })),
        ),
        "programs.csv": programs1,
      },
    });
    const again = await ingest({ dataDir: r.dataDir, inbox: r.inbox });
    expect(again.extracts.map((e) => e.status)).toEqual(["loaded"]);
    const now = await listQuarantine({ dataDir: r.dataDir, extract: "CTREG-2025-07-01-FULL" });
    expect(now.map((q) => q.record)).toEqual([1, 2]);
    const after = await status({ dataDir: r.dataDir });
    expect(after.quarantine).toEqual({
      total: 2,
      by_reason: [{ reason_code: "unknown_code", count: 2 }],
      held: [],
      waiting: 0,
      replayed: 0,
    });
    expect(after.held_extracts).toEqual([]);
  });
});

describe("tolerated file findings", () => {
  it("an unlisted file is reported and ignored; the extract loads", async () => {
    const r = await run({
      "people.csv": people3,
      "programs.csv": programs1,
      "people (1).csv": { content: people3, unlisted: true },
    });
    expect(r.summary.exit_code).toBe(0);
    expect(r.extract.status).toBe("loaded");
    expect(r.log.find((l) => l.file === "people (1).csv")).toEqual({
      file: "people (1).csv",
      status: "ignored",
      reason_code: "file_unlisted",
      message:
        "CTREG-2025-07-01-FULL: people (1).csv is in the folder but not in the manifest; it was not loaded",
    });
    expect(r.loaded).toEqual({ people: 3n, programs: 1n });
  });

  it("an extra column is reported and ignored; its file loads", async () => {
    const header = [...columnsOf("programs"), "notes"];
    const content = `${header.join(",")}\n${[...columnsOf("programs").map((c) => field(base("programs", 1)[c]!)), "checked"].join(",")}\n`;
    const r = await run({ "people.csv": people3, "programs.csv": content });
    expect(r.extract.status).toBe("loaded");
    expect(r.log.find((l) => l.file === "programs.csv")).toMatchObject({
      status: "loaded",
      reason_code: "column_extra",
    });
    expect(r.extract.files.find((f) => f.file === "programs.csv")!.warnings).toEqual([
      {
        code: "column_extra",
        message: "CTREG-2025-07-01-FULL/programs.csv: unknown column notes was ignored",
      },
    ]);
    expect(r.loaded).toEqual({ people: 3n, programs: 1n });
  });

  it("columns in another order are matched by name", async () => {
    const cols = [...columnsOf("people")].reverse();
    const r = await run({
      "people.csv": csv("people", [base("people", 1)], cols),
      "programs.csv": programs1,
    });
    expect(r.extract.status).toBe("loaded");
    expect(r.loaded).toEqual({ people: 1n, programs: 1n });
  });
});

describe("manifest faults", () => {
  function inboxWith(manifest: string): string {
    const inbox = join(tempDir(), "inbox");
    const dir = join(inbox, "registry-extract-2025-07-01");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "people.csv"), people3);
    writeFileSync(join(dir, "manifest.json"), manifest);
    return inbox;
  }

  it("an invalid manifest", async () => {
    const inbox = inboxWith("{ not json");
    const s = await ingest({ dataDir: join(inbox, "..", "data"), inbox });
    expect(s.extracts.map((e) => [e.status, e.reason_code])).toEqual([["invalid", "manifest_invalid"]]);
    expect(s.exit_code).toBe(1);
  });

  it("an unknown spec version", async () => {
    const sha = createHash("sha256").update(people3).digest("hex");
    const manifest = {
      spec_version: "2",
      extract_id: "X",
      kind: "full",
      as_of: "2025-07-01",
      since: null,
      files: [{ name: "people.csv", rows: 3, sha256: sha }],
    };
    const inbox = inboxWith(JSON.stringify(manifest));
    const s = await ingest({ dataDir: join(inbox, "..", "data"), inbox });
    expect(s.extracts.map((e) => [e.status, e.message])).toEqual([
      ["invalid", "X: spec_version 2 is not supported (supported: 1)"],
    ]);
  });

  it("a manifest contradicting itself or its folder: as_of, since, extract id", async () => {
    const sha = createHash("sha256").update(people3).digest("hex");
    const files = [{ name: "people.csv", rows: 3, sha256: sha }];
    const base = { spec_version: "1", kind: "full", as_of: "2025-07-01", since: null, files };
    const cases: [Record<string, unknown>, string][] = [
      [
        { ...base, extract_id: "CTREG-2025-07-02-FULL", as_of: "2025-07-02" },
        "CTREG-2025-07-02-FULL: manifest.json is not valid (as_of is 2025-07-02 but the folder is named registry-extract-2025-07-01; the folder must carry the extract's as_of date)",
      ],
      [
        { ...base, extract_id: "CTREG-2025-06-30-FULL" },
        "CTREG-2025-06-30-FULL: manifest.json is not valid (extract_id CTREG-2025-06-30-FULL names 2025-06-30 FULL, but the manifest says as_of 2025-07-01, kind full)",
      ],
      [
        { ...base, extract_id: "CTREG-2025-07-01-DELTA" },
        "CTREG-2025-07-01-DELTA: manifest.json is not valid (extract_id CTREG-2025-07-01-DELTA names 2025-07-01 DELTA, but the manifest says as_of 2025-07-01, kind full)",
      ],
      [
        { ...base, extract_id: "D", kind: "delta", since: "2025-07-01" },
        "D: manifest.json is not valid (since 2025-07-01 is not before as_of 2025-07-01; a delta covers the days after since up to as_of)",
      ],
      [{ ...base, extract_id: "D", kind: "delta" }, "D: manifest.json is not valid (a delta needs since)"],
    ];
    for (const [manifest, message] of cases) {
      const inbox = inboxWith(JSON.stringify(manifest));
      const s = await ingest({ dataDir: join(inbox, "..", "data"), inbox });
      expect(s.extracts.map((e) => [e.status, e.message])).toEqual([["invalid", message]]);
      expect(s.exit_code).toBe(1);
    }
    // An id in another form is the registry's business; only the CTREG-<date>-<KIND> form is read.
    const inbox = inboxWith(JSON.stringify({ ...base, extract_id: "nightly 2025-07-01" }));
    const ok = await ingest({ dataDir: join(inbox, "..", "data"), inbox });
    expect(ok.extracts.map((e) => [e.extract_id, e.status])).toEqual([["nightly 2025-07-01", "loaded"]]);
  });

  it("a folder without manifest.json is still being written and is left alone", async () => {
    const inbox = join(tempDir(), "inbox");
    mkdirSync(join(inbox, "registry-extract-2025-07-01"), { recursive: true });
    writeFileSync(join(inbox, "registry-extract-2025-07-01", "people.csv"), people3);
    const s = await ingest({ dataDir: join(inbox, "..", "data"), inbox });
    expect(s.extracts).toEqual([]);
    expect(s.exit_code).toBe(0);
  });
});

describe("policy shared with the simulator", () => {
  it("holds on faults that lose data and tolerates the rest", () => {
    expect(
      [
        "sha256_mismatch",
        "row_count_mismatch",
        "file_truncated",
        "file_empty",
        "header_only",
        "column_missing",
        "column_renamed",
        "column_duplicated",
        "file_missing",
        "reject_rate_exceeded",
      ].every(fileFaultHoldsExtract),
    ).toBe(true);
    expect(["file_unlisted", "column_extra", "file_unknown"].map(fileFaultOutcome)).toEqual([
      "file_ignored",
      "loaded_with_warning",
      "file_ignored",
    ]);
  });
});
