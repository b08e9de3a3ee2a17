/**
 * The site's loader library (dashboards/loaders.ts) on a hand-made models.duckdb: exact rows and CSV,
 * meta.json, and every refusal (a table that is not reporting.rpt_*, a subquery or table function
 * reaching elsewhere, an undocumented column, an integer column not named as a count or year, an empty
 * result, a missing build), plus the connection's own file-access lock.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildPageArchive,
  coverageOf,
  ReportingReader,
  toExcelCsv,
  zipFiles,
} from "../../dashboards/loaders.ts";

let dataDir = "";
let previousDataDir: string | undefined;

async function makeBuild(dir: string, roleType = "varchar"): Promise<void> {
  await mkdir(path.join(dir, "warehouse"), { recursive: true });
  const instance = await DuckDBInstance.create(path.join(dir, "warehouse", "models.duckdb"));
  const con = await instance.connect();
  await con.run(`
    create schema reporting; create schema marts;
    create table marts.dim_people (person_id varchar, first_name varchar);
    insert into marts.dim_people values ('CT0000001', 'Jo');
    create table reporting.rpt_workforce_by_setting_role (
      snapshot_date date, setting_code varchar, role_code varchar, people_count bigint,
      people_count_suppression_reason_code varchar, secret_note varchar);
    ${roleType === "varchar" ? "" : "alter table reporting.rpt_workforce_by_setting_role drop column role_code; alter table reporting.rpt_workforce_by_setting_role add column role_code integer;"}
    insert into reporting.rpt_workforce_by_setting_role by name select * from (values
      ('2026-05-31', 'ALL', 'ALL', 40, null, 'x'),
      ('2026-06-30', 'ALL', 'ALL', 42, null, 'x'),
      ('2026-06-30', 'COMMUNITY', 'ALL', 30, null, 'x'),
      ('2026-06-30', 'PUBLIC_SCHOOL', 'ALL', null, 'too_few', 'x'),
      ('2026-06-30', 'FAMILY_CHILD_CARE', 'ALL', null, 'complementary', 'x')
    ) as t(snapshot_date, setting_code, role_code, people_count, people_count_suppression_reason_code, secret_note)
    where ${roleType === "varchar" ? "true" : "false"};
  `);
  con.closeSync();
  instance.closeSync();
}

const COLUMNS = [
  "snapshot_date",
  "setting_code",
  "role_code",
  "people_count",
  "people_count_suppression_reason_code",
] as const;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "site-loaders-"));
  await makeBuild(dataDir);
  previousDataDir = process.env.WORKFORCE_DATA_DIR;
  process.env.WORKFORCE_DATA_DIR = dataDir;
});

afterAll(async () => {
  if (previousDataDir === undefined) delete process.env.WORKFORCE_DATA_DIR;
  else process.env.WORKFORCE_DATA_DIR = previousDataDir;
  await rm(dataDir, { recursive: true, force: true });
});

describe("toExcelCsv", () => {
  it("writes a BOM, quotes every field, ends lines with CRLF, leaves null empty and defuses formulas", () => {
    expect(
      toExcelCsv(
        ["a", "b", "c"],
        [
          { a: "Hartford", b: 12, c: null },
          { a: '=HYPERLINK("x")', b: 0.5, c: true },
          { a: 'say "hi", then', b: null, c: "@x" },
        ],
      ),
    ).toBe(
      '\uFEFF"a","b","c"\r\n"Hartford","12",\r\n"\'=HYPERLINK(""x"")","0.5","true"\r\n"say ""hi"", then",,"\'@x"\r\n',
    );
  });
});

describe("coverageOf", () => {
  it("says which dates, fiscal years and geography levels a file's rows hold", () => {
    expect(
      coverageOf([
        { snapshot_date: "2023-06-30", geography_level_code: "TOWN" },
        { snapshot_date: "2026-07-03", geography_level_code: "TOWN" },
        { snapshot_date: "2024-06-30", geography_level_code: "TOWN" },
      ]),
    ).toBe("snapshot dates June 30, 2023 to July 3, 2026 (3 dates); geography level TOWN");
    expect(coverageOf([{ fiscal_year: 2026 }, { fiscal_year: 2008 }, { fiscal_year: 2026 }])).toBe(
      "fiscal years 2008 to 2026 (2 years)",
    );
    expect(coverageOf([{ role_code: "ALL" }])).toBeNull();
    expect(coverageOf([])).toBeNull();
  });
});

describe("ReportingReader", () => {
  it("exports a filtered table with typed values, its documentation and withheld counts", async () => {
    const reader = await ReportingReader.open(dataDir);
    try {
      expect(await reader.asOfDate()).toBe("2026-06-30");
      const { meta, rows } = await reader.read({
        table: "rpt_workforce_by_setting_role",
        name: "latest",
        columns: COLUMNS,
        where: "snapshot_date = (select max(snapshot_date) from reporting.rpt_workforce_by_setting_role)",
      });
      expect(rows).toEqual([
        {
          snapshot_date: "2026-06-30",
          setting_code: "ALL",
          role_code: "ALL",
          people_count: 42,
          people_count_suppression_reason_code: null,
        },
        {
          snapshot_date: "2026-06-30",
          setting_code: "COMMUNITY",
          role_code: "ALL",
          people_count: 30,
          people_count_suppression_reason_code: null,
        },
        {
          snapshot_date: "2026-06-30",
          setting_code: "FAMILY_CHILD_CARE",
          role_code: "ALL",
          people_count: null,
          people_count_suppression_reason_code: "complementary",
        },
        {
          snapshot_date: "2026-06-30",
          setting_code: "PUBLIC_SCHOOL",
          role_code: "ALL",
          people_count: null,
          people_count_suppression_reason_code: "too_few",
        },
      ]);
      expect(meta.file).toBe("latest.csv");
      expect(meta.rows).toBe(4);
      expect(meta.grain).toEqual(["snapshot_date", "setting_code", "role_code"]);
      expect(meta.columns.map((c) => `${c.name}:${c.kind}`)).toEqual([
        "snapshot_date:date",
        "setting_code:string",
        "role_code:string",
        "people_count:integer",
        "people_count_suppression_reason_code:string",
      ]);
      expect(meta.columns[3]?.description).toMatch(/^Members with a verified employment spell/);
      expect(meta.withheld).toEqual({ complementary: 1, too_few: 1 });
      // What the file covers, from its rows (the filter kept one date of the table's).
      expect(meta.coverage).toBe("snapshot date June 30, 2026");
    } finally {
      await reader.close();
    }
  });

  it("refuses anything but a documented column of a reporting.rpt_* table", async () => {
    const reader = await ReportingReader.open(dataDir);
    try {
      await expect(reader.read({ table: "dim_people" })).rejects.toThrow(
        "loader: dim_people is not a published reporting table (rpt_*): refused",
      );
      await expect(reader.read({ table: "rpt_x; drop table y" })).rejects.toThrow(
        /is not a published reporting table/,
      );
      await expect(
        reader.read({
          table: "rpt_workforce_by_setting_role",
          columns: COLUMNS,
          where: "role_code in (select first_name from marts.dim_people)",
        }),
      ).rejects.toThrow(
        /refused \(only published reporting\.rpt_\* tables may be read\): marts\.dim_people is not a reporting\.rpt_\* table/,
      );
      await expect(
        reader.read({
          table: "rpt_workforce_by_setting_role",
          columns: COLUMNS,
          where: "exists (select 1 from read_csv('/etc/passwd'))",
        }),
      ).rejects.toThrow(/table functions are not allowed/);
      await expect(reader.read({ table: "rpt_workforce_by_setting_role" })).rejects.toThrow(
        "loader: column rpt_workforce_by_setting_role.secret_note is not documented in transforms/models/reporting/rpt_workforce_by_setting_role.ts: undocumented columns are not published",
      );
      await expect(
        reader.read({ table: "rpt_workforce_by_setting_role", columns: ["snapshot_date", "nope"] }),
      ).rejects.toThrow("loader: reporting.rpt_workforce_by_setting_role has no column nope");
      await expect(reader.read({ table: "rpt_no_such_table" })).rejects.toThrow(/has no model metadata/);
      await expect(
        reader.read({
          table: "rpt_workforce_by_setting_role",
          columns: COLUMNS,
          where: "snapshot_date > date '2030-01-01'",
        }),
      ).rejects.toThrow(/returned no rows/);
      // The connection itself cannot read files, whatever SQL reaches it.
      await expect(reader.con.run("select * from read_csv('/etc/passwd')")).rejects.toThrow(
        /Permission Error/,
      );
      await expect(reader.con.run("set enable_external_access = true")).rejects.toThrow(/locked/);
    } finally {
      await reader.close();
    }
  });

  it("refuses an integer column that is neither a count nor a year", async () => {
    const other = await mkdtemp(path.join(tmpdir(), "site-loaders-int-"));
    try {
      await makeBuild(other, "integer");
      const reader = await ReportingReader.open(other);
      try {
        await expect(
          reader.read({ table: "rpt_workforce_by_setting_role", columns: COLUMNS }),
        ).rejects.toThrow(
          "loader: integer column rpt_workforce_by_setting_role.role_code is neither a count (*_count) nor a year (*_year)",
        );
      } finally {
        await reader.close();
      }
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it("fails with a hint when there is no build", async () => {
    await expect(ReportingReader.open(path.join(tmpdir(), "no-such-data-dir"))).rejects.toThrow(
      /cannot open .*models\.duckdb read-only .*hint: build the models first/s,
    );
  });
});

describe("buildPageArchive", () => {
  it("writes one CSV per export and meta.json, and refuses two exports of the same name", async () => {
    const files = await buildPageArchive([
      {
        table: "rpt_workforce_by_setting_role",
        name: "all",
        columns: COLUMNS,
        where: "setting_code = 'ALL'",
      },
    ]);
    expect([...files.keys()]).toEqual(["all.csv", "meta.json"]);
    expect(files.get("all.csv")).toBe(
      '\uFEFF"snapshot_date","setting_code","role_code","people_count","people_count_suppression_reason_code"\r\n' +
        '"2026-05-31","ALL","ALL","40",\r\n"2026-06-30","ALL","ALL","42",\r\n',
    );
    const meta = JSON.parse(files.get("meta.json") ?? "{}");
    expect(meta.as_of_date).toBe("2026-06-30");
    expect(meta.k).toBe(10);
    expect(Object.keys(meta.tables)).toEqual(["all"]);
    expect(meta.tables.all.where).toBe("setting_code = 'ALL'");
    // The archive is byte-identical for the same data, and holds exactly these files.
    const [first, second] = [await zipFiles(files), await zipFiles(files)];
    expect(Buffer.compare(first, second)).toBe(0);
    const zip = await JSZip.loadAsync(first);
    expect(Object.keys(zip.files)).toEqual(["all.csv", "meta.json"]);
    expect(await zip.file("all.csv")?.async("string")).toBe(files.get("all.csv"));
    await expect(
      buildPageArchive([
        { table: "rpt_workforce_by_setting_role", name: "a", columns: COLUMNS },
        { table: "rpt_workforce_by_setting_role", name: "a", columns: COLUMNS },
      ]),
    ).rejects.toThrow("loader: two exports are named a");
  });
});
