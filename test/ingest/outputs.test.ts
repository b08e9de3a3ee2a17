/**
 * What people read: the quarantine listing and its spreadsheet-safe CSV, the ingest summary table
 * and JSON, the reason-code documentation.
 */

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { ingestCommand } from "../../ingest/command.ts";
import { listQuarantine, neutraliseCell, quarantineCommand, quarantineCsv } from "../../ingest/quarantine.ts";
import { reasonsMarkdown } from "../../ingest/reasons-doc.ts";
import { REASONS, WorkforceError } from "../../warehouse/errors.ts";
import { base, csv, tempDir, validFull, writeExtract } from "./helpers.ts";

let dataDir: string;
let inbox: string;
let out = "";
let exitCode: number;

beforeAll(async () => {
  const dir = tempDir();
  inbox = join(dir, "inbox");
  dataDir = join(dir, "data");
  writeExtract(inbox, {
    as_of: "2025-07-01",
    files: {
      ...validFull(),
      "people.csv": csv("people", [
        base("people", 1),
        { ...base("people", 2), race_ethnicity: "=1+2" },
        { ...base("people", 3), gender: "-F" },
      ]),
    },
  });
  const stdout = {
    write: (s: string) => {
      out += s;
      return true;
    },
  } as unknown as NodeJS.WritableStream;
  exitCode = await ingestCommand({ dataDir, inbox, json: true, stdout });
});

describe("ingest output", () => {
  it("prints the summary as JSON with per-file accounting", () => {
    expect(exitCode).toBe(0);
    const s = JSON.parse(out);
    const people = s.extracts[0].files.find((f: { file: string }) => f.file === "people.csv");
    expect(people).toMatchObject({
      status: "loaded",
      records: 3,
      loaded: 1,
      quarantined: 2,
      deduplicated: 0,
      top_reasons: [{ code: "unknown_code", count: 2 }],
    });
  });
});

/** A stderr for ingestCommand that keeps what is written (err() gives it all so far). */
function captureStderr() {
  let text = "";
  const stderr = {
    write: (s: string) => {
      text += s;
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { stderr, err: () => text };
}

describe("ingest of an inbox that is not a folder", () => {
  it("is a usage error naming the inbox, before any warehouse is created", async () => {
    const dir = tempDir();
    const { stderr, err } = captureStderr();
    const missing = join(dir, "no-such-inbox");
    const data = join(dir, "data");
    expect(await ingestCommand({ dataDir: data, inbox: missing, json: true, stderr })).toBe(2);
    expect(err()).toContain(`the inbox ${missing} does not exist\nhint: Pass the folder`);
    const file = join(dir, "a-file.txt");
    writeFileSync(file, "not an inbox\n");
    expect(await ingestCommand({ dataDir: data, inbox: file, json: true, stderr })).toBe(2);
    expect(err()).toContain(`the inbox ${file} is a file, not a folder`);
    expect(existsSync(data)).toBe(false);
  });

  it("refuses --accept-shrink naming a file whose records a full extract does not end", async () => {
    const dir = tempDir();
    const { stderr, err } = captureStderr();
    const code = await ingestCommand({
      dataDir: join(dir, "data"),
      inbox: dir,
      json: true,
      acceptShrink: ["people.csv", "bogus.csv", "verifications.csv"],
      stderr,
    });
    expect(code).toBe(2);
    expect(err()).toContain(
      "error usage: --accept-shrink bogus.csv, verifications.csv: not a file whose records a full extract ends; one of people.csv, programs.csv,",
    );
  });
});

describe("workforce quarantine", () => {
  it("lists by extract and reason, and says it reads the restricted zone", async () => {
    const r = await quarantineCommand({ dataDir, reason: "unknown_code", json: true });
    expect(r.notice).toMatch(/^Reading the restricted zone \(.*warehouse\.duckdb\): /);
    expect(JSON.parse(r.output).map((x: { record: number; value: string }) => [x.record, x.value])).toEqual([
      [2, "=1+2"],
      [3, "-F"],
    ]);
    // Each record says what to do about it.
    expect(new Set(JSON.parse(r.output).map((x: { hint: string }) => x.hint))).toEqual(
      new Set([REASONS.unknown_code.hint]),
    );
    const table = await quarantineCommand({ dataDir, reason: "unknown_code" });
    expect(stripVTControlCharacters(table.output)).toContain(
      `2 record(s) set aside: unknown_code 2\nWhat to do:\n  unknown_code: ${REASONS.unknown_code.hint}\n`,
    );
  });

  it("rejects an extract id that was never ingested, and a data directory without a warehouse, as usage errors", async () => {
    const err = await listQuarantine({ dataDir, extract: "NO-SUCH-EXTRACT" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkforceError);
    expect((err as WorkforceError).exitCode).toBe(2);
    expect((err as WorkforceError).message).toMatch(
      /^no extract NO-SUCH-EXTRACT was ingested into .*; known: /,
    );
    const none = await listQuarantine({ dataDir: join(dataDir, "nothing-here") }).catch((e: unknown) => e);
    expect((none as WorkforceError).code).toBe("no_warehouse");
    expect((none as WorkforceError).exitCode).toBe(2);
  });

  it("narrows to one file, and rejects a file the extract does not have", async () => {
    const people = await listQuarantine({ dataDir, file: "people.csv" });
    expect(people.map((x) => [x.file, x.record])).toEqual([
      ["people.csv", 2],
      ["people.csv", 3],
    ]);
    expect(await listQuarantine({ dataDir, file: "programs.csv" })).toEqual([]);
    const err = await listQuarantine({ dataDir, file: "peeple.csv" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ exitCode: 2 });
    expect((err as Error).message).toMatch(
      /^unknown file peeple\.csv; the extract's files are people\.csv, /,
    );
  });

  it("rejects an unknown reason code as a usage error", async () => {
    const err = await listQuarantine({ dataDir, reason: "no_such_reason" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkforceError);
    expect((err as WorkforceError).exitCode).toBe(2);
    expect((err as Error).message).toBe(
      "unknown reason code no_such_reason; every code is in docs/reason-codes.md, and `workforce quarantine` without --reason lists the records with theirs",
    );
    // A part of a code, or a near miss, is suggested; a command-line error is no record's reason.
    const part = await listQuarantine({ dataDir, reason: "orphan" }).catch((e: unknown) => e);
    expect((part as Error).message).toMatch(
      /^unknown reason code orphan \(did you mean orphan_reference\?\); /,
    );
    const typo = await listQuarantine({ dataDir, reason: "unknwn_code" }).catch((e: unknown) => e);
    expect((typo as Error).message).toMatch(
      /^unknown reason code unknwn_code \(did you mean unknown_code\?\); /,
    );
    const cli = await listQuarantine({ dataDir, reason: "output_unwritable" }).catch((e: unknown) => e);
    expect(cli).toMatchObject({ exitCode: 2 });
  });

  it("reads a reason code in any case", async () => {
    expect(await listQuarantine({ dataDir, reason: "UNKNOWN_CODE" })).toEqual(
      await listQuarantine({ dataDir, reason: "unknown_code" }),
    );
    expect((await listQuarantine({ dataDir, reason: "Unknown_Code" })).length).toBe(2);
  });

  it("exports a CSV whose formula-like cells are neutralised", async () => {
    const file = join(dataDir, "q.csv");
    const r = await quarantineCommand({ dataDir, csv: file });
    expect(r.output).toBe(`Wrote 2 record(s) to ${file}\n`);
    const records = parse(readFileSync(file, "utf8"), { columns: true }) as Record<string, string>[];
    expect(records.map((x) => [x.record, x.column, x.value, x.reason_code, x.hint])).toEqual([
      ["2", "race_ethnicity", "'=1+2", "unknown_code", REASONS.unknown_code.hint],
      ["3", "gender", "'-F", "unknown_code", REASONS.unknown_code.hint],
    ]);
    // A file that cannot be written: a usage error naming it.
    const nowhere = join(dataDir, "no-such-folder", "q.csv");
    const err = await quarantineCommand({ dataDir, csv: nowhere }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "output_unwritable", exitCode: 2 });
    expect((err as Error).message).toBe(`cannot write ${nowhere}: its folder does not exist`);
  });

  it("neutralises exactly the cells a spreadsheet would evaluate", () => {
    expect(["=A1", "+1", "-1", "@x", "\tx", "O'Brien", "Nguyễn", "a=b"].map(neutraliseCell)).toEqual([
      "'=A1",
      "'+1",
      "'-1",
      "'@x",
      "'\tx",
      "O'Brien",
      "Nguyễn",
      "a=b",
    ]);
    expect(quarantineCsv([])).toBe(
      "extract_id,file,record,column,value,reason_code,message,key,hint,state\n",
    );
  });
});

describe("reason-code catalogue documentation", () => {
  it("gives every row reason a hint complete without the record (listings show it as it is)", () => {
    const open = Object.entries(REASONS)
      .filter(([, r]) => r.severity === "row" && /\{\w+\}/.test(r.hint))
      .map(([code]) => code);
    expect(open).toEqual([]);
  });

  it("documents every code with its message, hint and (for files) outcome", () => {
    const md = reasonsMarkdown();
    for (const code of Object.keys(REASONS)) expect(md).toContain(`| \`${code}\` |`);
    expect(md).toContain("| `column_extra` | {extract}/{file}: unknown column {column} was ignored |");
    expect(md).toMatch(/\| `sha256_mismatch` \|[^\n]*\| extract held \|/);
  });
});
