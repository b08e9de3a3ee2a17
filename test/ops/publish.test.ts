/**
 * The analyst copy (`workforce publish`) and the analysts' verbs (`sql`, `tables`, `describe`),
 * and `status`, on a 1,500-member simulated registry built once for the file. The privacy checks
 * compare every value of analytics.duckdb with the extract's own CSV files, read independently.
 */
import { createHash, createHmac } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { stripVTControlCharacters } from "node:util";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ingest } from "../../ingest/run.ts";
import { build } from "../../transforms/build.ts";
import { loadProject } from "../../transforms/project.ts";
import { ident, lit, warehousePaths } from "../../warehouse/db.ts";
import { WorkforceError } from "../../warehouse/errors.ts";
import { appendRunRecord } from "../../warehouse/ops-log.ts";
import { definePseudonymMacro } from "../../warehouse/pseudonym.ts";
import { publish, scanForLeaks } from "../../warehouse/publish.ts";
import { classifyColumn, contractClasses, publishPlan } from "../../warehouse/publish-policy.ts";
import {
  currentVersion,
  publishedPaths,
  type VersionManifest,
  verifyVersion,
} from "../../warehouse/published.ts";
import { formatResult, openAnalytics, runQuery, streamQuery, TABLE_MAX_ROWS } from "../../warehouse/sql.ts";
import { simulate, TEST_KEY, tempDataDir, workforce } from "./helpers.ts";

// Scans of every column and child processes: seconds each on a busy 2-core machine.
vi.setConfig({ testTimeout: 120_000 });

let dir: string;
let manifest: VersionManifest;
let people: Record<string, string>[];
let con: DuckDBConnection;
let instance: DuckDBInstance;

const hmac = (id: string) => createHmac("sha256", TEST_KEY).update(id).digest("hex");
const towns = new Set(
  readFileSync(join(import.meta.dirname, "..", "..", "transforms", "seeds", "ct_towns.csv"), "utf8")
    .split("\n")
    .slice(1)
    .map((l) => l.split(",")[0]!)
    .filter(Boolean),
);

async function all(sql: string): Promise<Record<string, unknown>[]> {
  return (await con.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

beforeAll(async () => {
  dir = tempDataDir("wf-ops-publish-");
  const inbox = join(dir, "inbox");
  await simulate(inbox, 1500, 2, "ops-publish");
  // Take the first delta away: the second then waits behind a gap (for `status`).
  renameSync(join(inbox, "registry-extract-2026-07-01"), join(dir, "registry-extract-2026-07-01"));
  const summary = await ingest({ dataDir: dir, inbox });
  expect(summary.extracts.map((e) => e.status)).toEqual(["loaded", "gap"]);
  const built = await build({ dataDir: dir });
  expect(built.status).toBe("swapped");
  manifest = (await publish({ dataDir: dir, env: { WORKFORCE_PSEUDONYM_KEY: TEST_KEY } })) as VersionManifest;
  people = parse(readFileSync(join(inbox, "registry-extract-2026-06-30", "people.csv")), {
    columns: true,
    bom: true,
  }) as Record<string, string>[];
  instance = await DuckDBInstance.create(publishedPaths(dir).analytics, { access_mode: "READ_ONLY" });
  con = await instance.connect();
}, 240_000);

afterAll(() => {
  con?.closeSync();
  instance?.closeSync();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A reader with a small buffer that takes a turn of the event loop per chunk: writers must wait. */
function slowReader() {
  const got = { text: "", drains: 0 };
  const sink = new Writable({
    highWaterMark: 1024,
    write(chunk, _enc, done) {
      got.text += String(chunk);
      setImmediate(done);
    },
  });
  sink.on("drain", () => got.drains++);
  return { sink, got };
}

describe("the analyst copy", () => {
  it("holds the marts and reporting tables only, read-only, with the manifest's row counts", async () => {
    const project = await loadProject();
    const expected = project.order.filter((n) => /^(marts|reporting)\./.test(n)).sort();
    const tables = (
      await all(
        "select schema_name || '.' || table_name as t from duckdb_tables() where database_name = current_database()",
      )
    )
      .map((r) => String(r.t))
      .sort();
    expect(tables).toEqual(expected);
    expect(manifest.tables.map((t) => t.name).sort()).toEqual(expected);
    for (const t of manifest.tables) {
      const [{ n }] = (await all(`select count(*)::integer as n from ${t.name}`)) as [{ n: number }];
      expect(n, t.name).toBe(t.rows);
    }
    expect(statSync(join(currentVersion(dir)!.dir, "analytics.duckdb")).mode & 0o222).toBe(0);
    expect(manifest).toMatchObject({ as_of: "2026-06-30", pseudonym_key: "secret", has_site: false });
  });

  it("keys people by HMAC-SHA256 of the registry id: exactly the surviving members, birth year only", async () => {
    // Members whose people.csv record was quarantined (the simulator's defects) are not in the marts.
    const mem = await DuckDBInstance.create(":memory:");
    const mc = await mem.connect();
    await mc.run(`attach ${lit(warehousePaths(dir).file)} as wh (read_only)`);
    const quarantined = new Set(
      (
        await mc.runAndReadAll(
          "select distinct record::integer as r from wh.meta.quarantine where file = 'people.csv'",
        )
      )
        .getRowObjectsJson()
        .map((r) => Number(r.r)),
    );
    mc.closeSync();
    mem.closeSync();
    expect(quarantined.size).toBeGreaterThan(0);
    const survivors = people.filter((p, i) => p.member_status !== "MERGED" && !quarantined.has(i + 1));
    const rows = await all("select person_id, birth_year from marts.dim_people where is_current");
    expect(rows).toHaveLength(survivors.length);
    const byKey = new Map(rows.map((r) => [String(r.person_id), Number(r.birth_year)]));
    for (const p of survivors)
      expect(byKey.get(hmac(p.registry_id!)), p.registry_id).toBe(Number(p.birth_date!.slice(0, 4)));
    // The same person has the same key in a fact table.
    const facts = await all("select distinct person_id from marts.fct_employment_spells");
    for (const f of facts) expect(byKey.has(String(f.person_id))).toBe(true);
    const columns = await all(
      "select table_name, column_name from duckdb_columns() where database_name = current_database()",
    );
    const names = columns.map((c) => String(c.column_name));
    for (const banned of [
      "first_name",
      "last_name",
      "email",
      "birth_date",
      "program_name",
      "room_name",
      "course_title",
    ])
      expect(names).not.toContain(banned);
    expect(manifest.pseudonymised_columns.map((c) => `${c.table}.${c.column}`)).toContain(
      "marts.fct_training.trainer_person_id",
    );
  });

  it("no value of any column equals a name, email, birth date, registry id or unkeyed hash of a registry id", async () => {
    const ids = people.map((p) => p.registry_id!);
    const forbidden = new Map<string, string>();
    for (const p of people) {
      for (const [kind, v] of [
        ["first name", p.first_name],
        ["last name", p.last_name],
        ["full name", `${p.first_name} ${p.last_name}`],
        ["email", p.email],
      ] as const) {
        // Town names are public reference data (a town called Thompson is not the surname Thompson).
        if (v && !towns.has(v)) forbidden.set(v, kind);
      }
    }
    for (const id of ids) {
      forbidden.set(id, "registry id");
      for (const algo of ["md5", "sha1", "sha256"])
        forbidden.set(createHash(algo).update(id).digest("hex"), `${algo} of a registry id`);
    }
    // Birth dates as text, in the text columns of person-level tables. (Dates are not personal by
    // themselves: dim_dates has every day since 1990 and aggregate tables key cells by snapshot date,
    // so some equal someone's birth date; in person-level tables dates are also checked per person below.)
    const birthDates = new Set(people.map((p) => p.birth_date!));
    const birthByKey = new Map(people.map((p) => [hmac(p.registry_id!), p.birth_date!]));
    const columns = await all(
      `select schema_name || '.' || table_name as t, column_name as c, data_type as d
       from duckdb_columns() where database_name = current_database()`,
    );
    const personTables = new Set(
      (columns as { t: string; c: string }[]).filter((x) => /person_id$/.test(x.c)).map((x) => x.t),
    );
    expect(personTables.size).toBeGreaterThan(10);
    let scanned = 0;
    const leaks: string[] = [];
    for (const { t, c, d } of columns as { t: string; c: string; d: string }[]) {
      const values = await all(
        `select distinct ${ident(c)}::varchar as v from ${t} where ${ident(c)} is not null`,
      );
      scanned += values.length;
      for (const { v } of values) {
        const kind =
          forbidden.get(String(v)) ??
          (d === "VARCHAR" && personTables.has(t) && birthDates.has(String(v)) ? "birth date" : undefined);
        if (kind) leaks.push(`${t}.${c} holds a ${kind}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(scanned).toBeGreaterThan(10_000);
    // Dates: none equals the birth date of the person on the same row.
    for (const { t, c } of (columns as { t: string; c: string; d: string }[]).filter((x) => x.d === "DATE")) {
      const personCols = (columns as { t: string; c: string }[]).filter(
        (x) => x.t === t && /person_id$/.test(x.c),
      );
      for (const p of personCols) {
        const rows = await all(
          `select ${ident(p.c)} as k, ${ident(c)}::varchar as d from ${t} where ${ident(p.c)} is not null`,
        );
        const same = rows.filter((r) => birthByKey.get(String(r.k)) === r.d);
        expect(same, `${t}.${c} vs ${p.c}`).toEqual([]);
      }
    }
  });

  it("writes Parquet per table, facts partitioned by fiscal year, with the same rows", async () => {
    const root = currentVersion(dir)!.dir;
    const partitioned = manifest.tables.filter((t) => t.partitioned_by);
    expect(partitioned.map((t) => t.name)).toContain("marts.fct_workforce_monthly");
    for (const t of manifest.tables) {
      const path = join(root, t.parquet);
      expect(existsSync(path), t.parquet).toBe(true);
      const glob = t.partitioned_by ? `${path}/*/*.parquet` : path;
      if (t.partitioned_by)
        expect(readdirSync(path).every((d) => /^fiscal_year=(\d{4}|NULL)$/.test(d))).toBe(true);
      const mem = await DuckDBInstance.create(":memory:");
      const c = await mem.connect();
      const [{ n }] = (
        await c.runAndReadAll(
          `select count(*)::integer as n from read_parquet(${lit(glob)}, hive_partitioning = true)`,
        )
      ).getRowObjectsJson() as [{ n: number }];
      c.closeSync();
      mem.closeSync();
      expect(n, t.name).toBe(t.rows);
    }
  });

  it("fails rather than leaks: a column without a decision, a value that is personal data", async () => {
    const before = currentVersion(dir)!.manifest.version;
    await expect(
      publish({ dataDir: dir, env: { WORKFORCE_PSEUDONYM_KEY: TEST_KEY }, decisions: {} }),
    ).rejects.toMatchObject({ code: "publish_unclassified_column", params: { kind: "free text" } });
    expect(currentVersion(dir)!.manifest.version).toBe(before);

    // The value scan on a copy with a name, a registry id and a birth date smuggled into kept columns.
    const mem = await DuckDBInstance.create(":memory:");
    const c = await mem.connect();
    try {
      await c.run(`attach ${lit(join(dir, "warehouse", "models.duckdb"))} as b (read_only)`);
      await c.run(`attach ${lit(warehousePaths(dir).file)} as wh (read_only)`);
      await c.run("attach ':memory:' as out; create schema out.marts");
      await definePseudonymMacro(c, Buffer.from(TEST_KEY));
      const p = people.find((x) => !towns.has(x.last_name!))!;
      const cases: [string, string][] = [
        [`select ${lit(p.last_name!)} as note`, "a name, email or birth date"],
        [`select ${lit(p.registry_id!)} as note`, "a registry id"],
        [
          `select pseudonym(${lit(p.registry_id!)}) as person_id, ${lit(p.birth_date!)}::date as seen_date`,
          "the birth date of the person in person_id",
        ],
      ];
      for (const [sql, kind] of cases) {
        await c.run(`create or replace table out.marts.leaky as ${sql}`);
        const cols = (await c.runAndReadAll("select * from out.marts.leaky")).columnNames();
        const plan = {
          table: "marts.leaky",
          description: "One row per test.",
          descriptions: {},
          columns: cols.map((col) => ({
            column: col,
            action: col === "person_id" ? ("pseudonymise" as const) : ("keep" as const),
            reason: "",
          })),
        };
        const err = await scanForLeaks(c, [plan]).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(WorkforceError);
        expect((err as WorkforceError).code).toBe("publish_leak");
        expect((err as WorkforceError).params.kind).toBe(kind);
        expect((err as WorkforceError).message).not.toContain(p.last_name!.slice(1));
      }
    } finally {
      c.closeSync();
      mem.closeSync();
    }
  });

  it("classifies a new model's columns from the contract: ids pseudonymised, personal data and free text need a decision", async () => {
    const classes = contractClasses();
    const t = "marts.fct_new";
    expect(classifyColumn(t, "first_name", "", classes)).toMatchObject({ kind: "personal data" });
    expect(classifyColumn(t, "member_email", "", classes)).toMatchObject({ kind: "personal data" });
    expect(classifyColumn(t, "birth_date", "", classes)).toMatchObject({
      kind: "personal data",
      evidence: "contract column people.birth_date is marked pii",
    });
    expect(classifyColumn(t, "title", "", classes)).toMatchObject({ kind: "free text" });
    expect(classifyColumn(t, "merged_into", "", classes)).toMatchObject({ action: "pseudonymise" });
    expect(classifyColumn(t, "mentor_person_id", "", classes)).toMatchObject({ action: "pseudonymise" });
    expect(classifyColumn(t, "coach", "The coach's registry id.", classes)).toMatchObject({
      action: "pseudonymise",
    });
    expect(classifyColumn(t, "birth_year", "Year of birth.", classes)).toMatchObject({ action: "keep" });
    expect(classifyColumn(t, "credential_family_name", "", classes)).toMatchObject({ action: "keep" });
    const project = await loadProject();
    const plan = publishPlan(project, (name) =>
      name === "marts.dim_people" ? ["person_id", "first_name"] : undefined,
    );
    expect(plan.unclassified).toEqual([
      {
        table: "marts.dim_people",
        column: "first_name",
        kind: "personal data",
        evidence: "contract column people.first_name is marked pii",
      },
    ]);
  });

  it("without WORKFORCE_PSEUDONYM_KEY uses the labelled demo key with a warning; a short key is refused", async () => {
    const demo = await workforce(["--data-dir", dir, "publish", "--json"], { WORKFORCE_PSEUDONYM_KEY: "" });
    expect(demo.code, demo.err).toBe(0);
    expect(demo.err).toContain("WORKFORCE_PSEUDONYM_KEY is not set");
    expect((JSON.parse(demo.out) as VersionManifest).pseudonym_key).toBe("demo");
    const short = await workforce(["--data-dir", dir, "publish"], { WORKFORCE_PSEUDONYM_KEY: "too-short" });
    expect(short.code).toBe(2);
    expect(short.err).toContain("WORKFORCE_PSEUDONYM_KEY is 9 characters long, shorter than 32");
    expect(currentVersion(dir)!.manifest.pseudonym_key).toBe("demo");
  }, 120_000);
});

describe("sql, tables, describe", () => {
  const refused: [string, string][] = [
    ["create table x as select 1", "CREATE"],
    ["create temp table x as select 1", "CREATE"],
    ["copy marts.dim_roles to '/tmp/wf-ops-copy.csv'", "COPY"],
    ["attach '/tmp/wf-ops-other.duckdb' as other", "ATTACH"],
    ["install httpfs", "INSTALL"],
    ["load json", "LOAD"],
    ["set threads = 1", "SET"],
    ["pragma table_info('marts.dim_roles')", "PRAGMA"],
    ["insert into marts.dim_roles select * from marts.dim_roles", "INSERT"],
    ["with r as (select 1) delete from marts.dim_roles", "DELETE"],
    ["select 1; drop table marts.dim_roles", "DROP"],
    ["export database '/tmp/wf-ops-export'", "EXPORT"],
    ["call pragma_version()", "CALL"],
  ];
  it.each(refused)("refuses %s with a clear message (exit code 2)", async (query, word) => {
    const db = await openAnalytics(dir);
    try {
      const err = await runQuery(db.con, query).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkforceError);
      expect(err).toMatchObject({ code: "sql_not_read_only", exitCode: 2 });
      expect((err as WorkforceError).message).toMatch(/^refused: /);
      expect((err as WorkforceError).message).toContain(word);
      expect((err as WorkforceError).message).toContain("the analyst copy is read-only");
    } finally {
      db.close();
    }
  });

  it("reports a misspelt keyword as a syntax error, not as a refused write", async () => {
    const db = await openAnalytics(dir);
    try {
      const err = await runQuery(db.con, "selec 1").catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "sql_error", exitCode: 2 });
      expect((err as WorkforceError).message).toMatch(/Parser Error: syntax error at or near "selec"/);
      // DuckDB's API call is not the problem: its prefix is left out
      expect((err as WorkforceError).message).not.toContain("Failed to extract statements");
    } finally {
      db.close();
    }
  });

  it("refuses an empty query and several statements, running none; a query may start with a comment after --", async () => {
    const db = await openAnalytics(dir);
    try {
      for (const q of ["", "   ", "-- just a comment\n"])
        expect(await runQuery(db.con, q).catch((e: unknown) => e)).toMatchObject({
          code: "sql_empty",
          exitCode: 2,
        });
      const several = await runQuery(db.con, "select 1 as x; select 2 as y").catch((e: unknown) => e);
      expect(several).toMatchObject({ code: "sql_several_statements", exitCode: 2 });
      expect((several as WorkforceError).message).toBe(
        "the query holds 2 statements; one runs at a time, and nothing was run",
      );
      // A trailing semicolon is still one statement.
      expect((await runQuery(db.con, "select 1 as x;")).rows).toEqual([{ x: 1 }]);
      // The table format shows the first rows and counts the rest; CSV and JSON get every row.
      const big = "select range::integer as n from range(250) order by n";
      const first = await runQuery(db.con, big, { maxRows: TABLE_MAX_ROWS });
      expect([first.rows.length, first.rows[99], first.total]).toEqual([100, { n: 99 }, 250]);
      expect(formatResult(first, "table")).toMatch(
        /\n\(the first 100 of 250 rows: add a LIMIT or a WHERE, or write every row with --format csv --output FILE\)\n$/,
      );
      const all = await runQuery(db.con, big);
      expect([all.rows.length, all.total]).toEqual([250, undefined]);
      expect(formatResult(all, "csv").trim().split("\n").length).toBe(251);
      // A result within the cap is whole, and says how many rows it has.
      const few = await runQuery(db.con, "select range::integer as n from range(100)", { maxRows: 100 });
      expect([few.rows.length, few.total]).toEqual([100, undefined]);
      expect(formatResult(few, "table")).toMatch(/\n\(100 rows\)\n$/);
      // CSV and JSON are streamed chunk by chunk (DuckDB's chunks are 2,048 rows): the same text as
      // the whole result formatted at once, quoting, nulls, nested values and counts included.
      const mixed = `select range::integer as n, range::bigint * 3 as big, case when range % 7 = 0 then null
                     else 'a,"b"' || range end as t, [range, 1] as l from range(5000) order by n`;
      const whole = await runQuery(db.con, mixed);
      for (const format of ["csv", "json"] as const) {
        // The writer waits for the slow reader to drain, many times over.
        const { sink, got } = slowReader();
        expect(await streamQuery(db.con, mixed, format, sink)).toBe(5000);
        expect(got.text).toBe(formatResult(whole, format));
        expect(got.drains).toBeGreaterThan(1);
      }
      // Many waits (a chunk each), and no listener left behind by any of them: Node warns of a
      // listener leak past ten on one stream.
      const { sink, got } = slowReader();
      expect(await streamQuery(db.con, "select range as n from range(50000)", "csv", sink)).toBe(50000);
      expect(got.drains).toBeGreaterThan(10);
      expect([sink.listenerCount("drain"), sink.listenerCount("close")]).toEqual([1, 0]);
      const none = await runQuery(db.con, "select 1 as x where false");
      for (const format of ["csv", "json"] as const) {
        const { sink, got } = slowReader();
        expect(await streamQuery(db.con, "select 1 as x where false", format, sink)).toBe(0);
        expect(got.text).toBe(formatResult(none, format));
      }
    } finally {
      db.close();
    }
    // A query starting with a comment: after `--`; without it (an argument starting with "-- " is a
    // query, not an option); and with the options after it.
    const orders: [number, (q: string) => string[]][] = [
      [7, (q) => ["--format", "json", "--", q]],
      [8, (q) => ["--format", "json", q]],
      [9, (q) => [q, "--format", "json"]],
    ];
    for (const [n, args] of orders) {
      const r = await workforce(["--data-dir", dir, "sql", ...args(`-- headcount\nselect ${n} as n`)]);
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(r.out)).toEqual([{ n }]);
    }
  }, 60_000);

  it("runs a PIVOT with or without its IN list (DuckDB creates temporary enum types for the latter) and still refuses a write after one", async () => {
    const db = await openAnalytics(dir);
    try {
      const roles = (
        await runQuery(db.con, "select role_code from marts.dim_roles order by role_code")
      ).rows.map((r) => r.role_code as string);
      expect(roles.length).toBeGreaterThan(2);
      const expected = Object.fromEntries(roles.map((r) => [r, 1]));
      const open = await runQuery(
        db.con,
        "pivot (select role_code, 1 as n from marts.dim_roles) on role_code using sum(n)",
      );
      expect(open.rows).toEqual([expected]);
      const listed = await runQuery(
        db.con,
        `pivot (select role_code, 1 as n from marts.dim_roles) on role_code in (${roles.map((r) => `'${r}'`).join(", ")}) using sum(n)`,
      );
      expect(listed.rows).toEqual([expected]);
      for (const q of [
        "pivot marts.dim_roles on role_code using count(*); drop table marts.dim_roles",
        "pivot marts.dim_roles on role_code using count(*); create table x as select 1",
      ])
        expect(await runQuery(db.con, q).catch((e: unknown) => e)).toMatchObject({
          code: "sql_not_read_only",
          exitCode: 2,
        });
    } finally {
      db.close();
    }
  });

  it("the command refuses a write with exit code 2 and the message on stderr; the copy is unchanged", async () => {
    const r = await workforce(["--data-dir", dir, "sql", "create table marts.x as select 1 as a"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      "error sql_not_read_only: refused: CREATE is not a query; the analyst copy is read-only",
    );
    expect(r.out).toBe("");
    expect(verifyVersion(currentVersion(dir)!.dir)).toEqual([]);
  }, 60_000);

  it("cannot read files, such as the restricted inbox", async () => {
    const csv = join(dir, "inbox", "registry-extract-2026-06-30", "people.csv");
    const r = await workforce(["--data-dir", dir, "sql", `select * from read_csv(${lit(csv)})`]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      `error sql_file_access: refused: the query reads ${csv}; \`workforce sql\` reads the analyst copy's tables only, not files`,
    );
    expect(r.err).toContain("hint: Query the tables by name (`workforce tables` lists them)");
    expect(r.out).toBe("");
  }, 60_000);

  it("answers queries as a table, CSV (to a file) or JSON", async () => {
    const q =
      "select role_code, count(*)::integer as n from marts.fct_employment_spells group by 1 order by 1";
    const expected = (await all(q)) as { role_code: string; n: number }[];
    const json = await workforce(["--data-dir", dir, "sql", q, "--format", "json"]);
    expect(json.code, json.err).toBe(0);
    expect(JSON.parse(json.out)).toEqual(expected);
    const out = join(dir, "result.csv");
    const csv = await workforce(["--data-dir", dir, "sql", q, "--format", "csv", "--output", out]);
    expect(csv.code, csv.err).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(
      `role_code,n\n${expected.map((r) => `${r.role_code},${r.n}`).join("\n")}\n`,
    );
    expect(csv.err).toContain(`wrote ${expected.length} rows (csv) to ${out}`);
    // A query failing part way (on its third chunk of 2,048 rows) leaves the file as it was.
    writeFileSync(out, "yesterday's export\n");
    const failing = await workforce([
      "--data-dir",
      dir,
      "sql",
      "select cast(case when range < 5000 then range::varchar else 'x' end as integer) as n from range(10000)",
      "--format",
      "csv",
      "--output",
      out,
    ]);
    expect(failing.code).toBe(2);
    expect(failing.err).toContain("error sql_error:");
    expect(readFileSync(out, "utf8")).toBe("yesterday's export\n");
    expect(readdirSync(dir).filter((f) => f.includes(".partial-"))).toEqual([]);
    // A file that cannot be written is a usage error naming it, and the query is not run.
    const nowhere = join(dir, "no-such-folder", "result.csv");
    const bad = await workforce(["--data-dir", dir, "sql", q, "--format", "csv", "--output", nowhere]);
    expect([bad.code, bad.err.trim()]).toEqual([
      2,
      `error output_unwritable: cannot write ${nowhere}: its folder does not exist\nhint: Name a file in a folder that exists and that you may write to.`,
    ]);
    // The publishing rules' macros are in the copy, for a model's SQL and analysts' own queries.
    const rule = await workforce([
      "--data-dir",
      dir,
      "sql",
      "select too_few_share(5, 40, 10, 2) as t",
      "--format",
      "json",
    ]);
    expect(rule.code, rule.err).toBe(0);
    expect(JSON.parse(rule.out)).toEqual([{ t: true }]);
    // Without --format, a .csv or .json file gets that format.
    const byName = join(dir, "result.json");
    const inferred = await workforce(["--data-dir", dir, "sql", q, "--output", byName]);
    expect(inferred.code, inferred.err).toBe(0);
    expect(JSON.parse(readFileSync(byName, "utf8"))).toEqual(expected);
    expect(inferred.err).toContain(`(json) to ${byName}`);
    // count(*) is a BIGINT: a JSON number, not a string.
    const count = await workforce([
      "--data-dir",
      dir,
      "sql",
      "select count(*) as n from marts.dim_roles",
      "--format",
      "json",
    ]);
    expect(JSON.parse(count.out)).toEqual([
      { n: (await all("select count(*)::integer as n from marts.dim_roles"))[0]!.n },
    ]);
    const table = await workforce(["--data-dir", dir, "sql", q]);
    expect(table.out).toContain(`(${expected.length} rows)`);
    expect(table.out).toContain(expected[0]!.role_code);
  }, 60_000);

  it("offers an interactive prompt when no query is given (multi-line queries, refusals, .quit)", async () => {
    const [{ n }] = (await all("select count(*)::integer as n from marts.dim_roles")) as [{ n: number }];
    const r = await workforce(
      ["--data-dir", dir, "sql", "--format", "csv"],
      {},
      ".help\n.foo\nselect count(*)::integer as n\nfrom marts.dim_roles;\ndrop table marts.dim_roles;\n.quit\n",
    );
    expect(r.code, r.err).toBe(0);
    // dot commands are answered at once, never taken as the start of a query
    expect(r.out).toContain(".tables lists the tables, .help this help, .quit (or .exit) leaves.");
    expect(r.out).toContain("unknown command .foo.");
    expect(r.out).toContain(`n\n${n}\n`);
    expect(r.out).toContain("refused: DROP is not a query");
  }, 60_000);

  it("finds a table by its name alone, and suggests only tables of the copy", async () => {
    const [{ n }] = (await all("select count(*)::integer as n from marts.dim_people")) as [{ n: number }];
    const bare = await workforce([
      "--data-dir",
      dir,
      "sql",
      "select count(*)::integer as n from dim_people",
      "--format",
      "csv",
    ]);
    expect(bare.code, bare.err).toBe(0);
    expect(bare.out).toBe(`n\n${n}\n`);
    const missing = await workforce(["--data-dir", dir, "sql", "select * from nonexistent"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("Table with name nonexistent does not exist!");
    expect(missing.err).not.toContain("pg_");
    const typo = await workforce(["--data-dir", dir, "sql", "select * from rpt_workforce_by_twn"]);
    expect(typo.err).toContain('Did you mean "rpt_workforce_by_town"?');
    // The configuration stays locked to queries.
    const set = await workforce(["--data-dir", dir, "sql", "select * from read_csv('/etc/passwd')"]);
    expect(set.code).toBe(2);
  }, 60_000);

  it("lists the tables and describes one with the dictionary's column descriptions", async () => {
    const tables = await workforce(["--data-dir", dir, "tables", "--format", "json"]);
    expect(tables.code, tables.err).toBe(0);
    const listed = JSON.parse(tables.out) as { table: string; description: string }[];
    expect(listed.map((t) => t.table).sort()).toEqual(manifest.tables.map((t) => t.name).sort());
    expect(listed.find((t) => t.table === "marts.dim_people")!.description).toMatch(
      /^One row per registry member/,
    );
    const d = await workforce(["--data-dir", dir, "describe", "dim_people", "--format", "json"]);
    expect(d.code, d.err).toBe(0);
    const cols = JSON.parse(d.out) as { column: string; type: string; description: string }[];
    expect(cols.find((c) => c.column === "birth_year")).toEqual({
      column: "birth_year",
      type: "BIGINT",
      description: "Year of birth (the birth date stays in staging).",
    });
    expect(cols.find((c) => c.column === "person_id")!.description).toContain("HMAC-SHA256");
    const unknown = await workforce(["--data-dir", dir, "describe", "marts.dim_peple"]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain(
      "no table marts.dim_peple in the analyst copy (did you mean marts.dim_people?)",
    );
    const unqualified = await workforce(["--data-dir", dir, "describe", "dim_peple"]);
    expect(unqualified.code).toBe(2);
    expect(unqualified.err).toContain(
      "no table dim_peple in the analyst copy (did you mean marts.dim_people?)",
    );
  }, 60_000);
});

describe("status", () => {
  it("reports the newest extract, the gap, quarantine totals, and exits 1 when the data is too old", async () => {
    const r = await workforce(["--data-dir", dir, "status", "--json"]);
    expect(r.code).toBe(1); // as of 2026-06-30: older than 48 hours
    const s = JSON.parse(r.out);
    expect(s.newest_extract).toMatchObject({ extract_id: "CTREG-2026-06-30-FULL", as_of: "2026-06-30" });
    expect(s.published.as_of).toBe("2026-06-30");
    // Counted from the end of 2026-06-30 in New York (04:00Z on 07-01, daylight time).
    const age = (Date.parse(s.checked_at) - Date.parse("2026-07-01T04:00:00Z")) / 36e5;
    expect(Math.abs(s.data_age_hours - age)).toBeLessThanOrEqual(0.5);
    expect(s.open_gaps).toEqual([
      {
        after: "2026-06-30",
        needed_since: "2026-07-01",
        kind: "missing",
        waiting: ["CTREG-2026-07-02-DELTA"],
      },
    ]);
    const [{ n }] = (await (async () => {
      const mem = await DuckDBInstance.create(":memory:");
      const c = await mem.connect();
      await c.run(`attach ${lit(warehousePaths(dir).file)} as wh (read_only)`);
      const rows = (
        await c.runAndReadAll("select count(*)::integer as n from wh.meta.quarantine")
      ).getRowObjectsJson();
      c.closeSync();
      mem.closeSync();
      return rows;
    })()) as [{ n: number }];
    expect(s.quarantine.total).toBe(n);
    expect(n).toBeGreaterThan(0);
    expect(s.is_stale).toBe(true);
    const fresh = await workforce(["--data-dir", dir, "status", "--max-age-hours", "100000"]);
    expect(fresh.code, fresh.out).toBe(0);
    expect(fresh.out).toContain("fresh: the published data is current to the end of 2026-06-30, ");
    expect(fresh.out).toContain(
      "missing: the extract(s) after 2026-06-30 up to 2026-07-01 (CTREG-2026-07-02-DELTA is a delta since 2026-07-01); waiting: CTREG-2026-07-02-DELTA",
    );
  }, 60_000);

  it("exits 1 after a failed run while the data is still fresh, saying when it goes stale; 0 once a run succeeds", async () => {
    const record = (id: string, status: string, extra: Record<string, unknown>) => {
      appendRunRecord(dir, {
        record: "start",
        run_id: id,
        trigger: "schedule",
        pid: 1,
        started_at: "2026-07-02T06:00:00.000Z",
      });
      appendRunRecord(dir, {
        record: "end",
        run_id: id,
        status,
        ended_at: "2026-07-02T06:01:00.000Z",
        ...extra,
      });
    };
    record("run-failed", "failed", {
      failed_step: "build",
      error: { code: "tests_failed", message: "2 blocking test(s) failed" },
    });
    const failed = await workforce(["--data-dir", dir, "status", "--max-age-hours", "100000"]);
    expect(failed.code, failed.out).toBe(1);
    // The end of 2026-06-30 in New York, plus the limit.
    const staleAt = new Date(Date.parse("2026-07-01T04:00:00Z") + 100000 * 36e5).toISOString();
    expect(stripVTControlCharacters(failed.out).replace(/\s+/g, " ")).toContain(
      `the last run, run-failed, ended failed at step build at 2026-07-02T06:01:00.000Z (tests_failed); the published data is still current to the end of 2026-06-30 (New York time) and passes the limit of 100000 hours at ${staleAt}`,
    );
    const json = JSON.parse(
      (await workforce(["--data-dir", dir, "status", "--max-age-hours", "100000", "--json"])).out,
    );
    expect(json).toMatchObject({ is_stale: false, last_run_failed: true, stale_at: staleAt });
    record("run-ok", "succeeded", {});
    const ok = await workforce(["--data-dir", dir, "status", "--max-age-hours", "100000"]);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toContain("fresh: the published data is current to the end of 2026-06-30, ");
  }, 60_000);
});
