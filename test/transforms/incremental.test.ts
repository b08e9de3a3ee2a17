/**
 * Incremental builds give exactly the tables of a full build. A simulated registry (full extract and
 * two nightly deltas) is ingested one extract at a time into one warehouse; after each extract the
 * build reuses the previous build (unchanged models kept, monthly snapshots recomputed from the
 * earliest affected date). After each delta, the same warehouse is copied and built from scratch
 * (`full`), and every table of both builds (seeds, staging, marts, reporting) is compared: same
 * columns and types in the same order, and the same rows (as multisets, doubles compared exactly).
 */
import { copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestCommand } from "../../ingest/command.ts";
import { simulate } from "../../synthetic/simulate.ts";
import {
  type BuildOptions,
  type BuildResult,
  build,
  buildPaths,
  comparedColumns,
  fullRebuild,
  runCompiledTests,
  STORAGE_VERSION,
} from "../../transforms/build.ts";
import { loadProject, type Model, replaceReferences } from "../../transforms/project.ts";
import { compileTests } from "../../transforms/tests.ts";
import { ident, lit, storageVersionOf } from "../../warehouse/db.ts";
import { fixture } from "./fixture.ts";
import { buildOrFail, loadIdOf, openBuild, tempDir, writeWarehouse } from "./helpers.ts";

const MONTHLY = [
  "marts.fct_workforce_monthly",
  "marts.fct_classroom_qsm_monthly",
  "marts.fct_program_naeyc_readiness_monthly",
];

let root: string;
let dataDir: string;
const inboxes: string[] = [];

async function ingest(inbox: string, dir: string): Promise<void> {
  const code = await ingestCommand({
    dataDir: dir,
    inbox,
    json: true,
    stdout: { write: () => true } as never,
  });
  expect(code).toBe(0);
}

async function rows(con: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await con.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

/** Every difference between two builds: missing tables, column lists, rows only in one of them. */
async function differences(a: string, b: string): Promise<string[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const con = await instance.connect();
  const out: string[] = [];
  try {
    await con.run(`attach ${lit(a)} as a (read_only); attach ${lit(b)} as b (read_only)`);
    const tables = async (db: string) =>
      (
        await rows(
          con,
          `select schema_name || '.' || table_name as t from duckdb_tables()
           where database_name = '${db}' and schema_name in ('seeds', 'staging', 'marts', 'reporting') order by 1`,
        )
      ).map((r) => r.t as string);
    const ta = await tables("a");
    const tb = await tables("b");
    if (JSON.stringify(ta) !== JSON.stringify(tb)) out.push(`tables: ${ta.join(",")} vs ${tb.join(",")}`);
    for (const t of ta.filter((x) => tb.includes(x))) {
      const [schema, table] = t.split(".") as [string, string];
      const columns = async (db: string) =>
        JSON.stringify(
          await rows(
            con,
            `select column_name, data_type from duckdb_columns()
             where database_name = '${db}' and schema_name = ${lit(schema)} and table_name = ${lit(table)}
             order by column_index`,
          ),
        );
      if ((await columns("a")) !== (await columns("b"))) {
        out.push(`${t}: columns differ`);
        continue;
      }
      const rel = `${schema}.${ident(table)}`;
      const [d] = await rows(
        con,
        `select (select count(*) from a.${rel})::int as na, (select count(*) from b.${rel})::int as nb,
           (select count(*) from (select * from a.${rel} except all select * from b.${rel}))::int as only_a,
           (select count(*) from (select * from b.${rel} except all select * from a.${rel}))::int as only_b`,
      );
      if (d!.na !== d!.nb || d!.only_a !== 0 || d!.only_b !== 0) out.push(`${t}: ${JSON.stringify(d)}`);
    }
  } finally {
    con.closeSync();
    instance.closeSync();
  }
  return out;
}

/** The same warehouse built from scratch in a directory of its own; returns its build file. */
async function fullBuildOf(name: string): Promise<{ file: string; result: BuildResult }> {
  const dir = join(root, name);
  mkdirSync(join(dir, "warehouse"), { recursive: true });
  copyFileSync(buildPaths(dataDir).warehouse, buildPaths(dir).warehouse);
  const result = await buildOrFail({ dataDir: dir, full: true });
  return { file: buildPaths(dir).current, result };
}

const modeOf = (r: BuildResult, model: string) => r.models.find((m) => m.model === model);

/** Run SQL against the restricted warehouse of a data directory (standing in for a load). */
async function runOnWarehouse(dataDir: string, sql: string): Promise<void> {
  const instance = await DuckDBInstance.create(buildPaths(dataDir).warehouse);
  const con = await instance.connect();
  try {
    await con.run(sql);
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}

/**
 * Build a copy of a data directory's warehouse from scratch in `dir` and list every difference
 * between its build and the data directory's current build.
 */
async function differencesFromFull(
  dataDir: string,
  dir: string,
  opts: Partial<BuildOptions> = {},
): Promise<string[]> {
  mkdirSync(join(dir, "warehouse"), { recursive: true });
  copyFileSync(buildPaths(dataDir).warehouse, buildPaths(dir).warehouse);
  await buildOrFail({ ...opts, dataDir: dir, full: true });
  return differences(buildPaths(dataDir).current, buildPaths(dir).current);
}

beforeAll(() => {
  root = tempDir("wf-incremental-");
  dataDir = join(root, "nightly");
  const sim = join(root, "simulated");
  const summary = simulate({
    out: sim,
    asOf: "2026-06-30",
    members: 1200,
    seed: "incremental",
    deltas: 2,
    defects: 0,
    fileDefects: false,
  });
  for (const [i, e] of summary.extracts.entries()) {
    const inbox = join(root, `inbox-${i}`);
    mkdirSync(inbox);
    renameSync(join(sim, e.folder), join(inbox, e.folder));
    inboxes.push(inbox);
  }
  expect(summary.extracts.map((e) => e.kind)).toEqual(["full", "delta", "delta"]);
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("an incremental build", () => {
  let first: BuildResult;

  it("without a previous build builds every model in full", async () => {
    await ingest(inboxes[0]!, dataDir);
    first = await buildOrFail({ dataDir });
    expect(first.models.every((m) => m.mode === "full")).toBe(true);
    expect(first.tests.some((t) => t.reused)).toBe(false);
    expect(first.full).toBeUndefined();
    expect(await storageVersionOf(buildPaths(dataDir).current)).toBe(`${STORAGE_VERSION}+`);
  }, 300_000);

  it("with nothing changed keeps every model and every test result, and the same tables", async () => {
    const before = join(root, "before.duckdb");
    copyFileSync(buildPaths(dataDir).current, before);
    const again = await buildOrFail({ dataDir });
    expect(again.models.filter((m) => m.mode !== "reused")).toEqual([]);
    expect(again.models.map((m) => m.rows)).toEqual(first.models.map((m) => m.rows));
    // row_count_change compares with the previous build: it always runs.
    expect(again.tests.filter((t) => !t.reused).map((t) => t.test)).toEqual(
      again.tests.filter((t) => t.test === "row_count_change").map((t) => t.test),
    );
    expect(again.tests.length).toBe(first.tests.length + again.tests.filter((t) => !t.reused).length);
    expect(await differences(before, buildPaths(dataDir).current)).toEqual([]);
  }, 300_000);

  for (const delta of [1, 2]) {
    it(`after nightly delta ${delta} equals a full build of the same warehouse, table for table`, async () => {
      const before = join(root, `before-${delta}.duckdb`);
      copyFileSync(buildPaths(dataDir).current, before);
      await ingest(inboxes[delta]!, dataDir);
      const nightly = await buildOrFail({ dataDir });
      // The comparison sees a delta's changes (it is not blind).
      expect((await differences(before, buildPaths(dataDir).current)).join("\n")).toContain(
        "marts.fct_workforce_monthly",
      );
      const modes = new Set(nightly.models.map((m) => m.mode));
      expect(modes.has("reused")).toBe(true);
      expect(modes.has("full")).toBe(true);
      // The monthly snapshots keep their history and recompute a tail only.
      for (const name of MONTHLY) {
        const run = modeOf(nightly, name)!;
        expect(run.mode, name).toBe("incremental");
        expect(run.from! > "2012-01-31", name).toBe(true);
      }
      // The workforce snapshot recomputes the members whose records changed on every date, and
      // everybody's rows only from the earliest date a change of the dates or programs matters.
      // Record-level staging models, facts and dim_people recompute the accounts, records, spells
      // or members the delta touched (found from the sources' load ids, then compared per entity
      // downstream); none is rebuilt in full.
      const project = await loadProject();
      const byEntity = [...project.models.values()]
        .filter((m) => m.meta.incremental && m.meta.incremental.column === undefined)
        .map((m) => m.name);
      expect(byEntity.length).toBeGreaterThanOrEqual(20);
      for (const name of byEntity) expect(modeOf(nightly, name)!.mode, name).not.toBe("full");
      const recomputed = nightly.models
        .filter((m) => m.entityOnly && (m.entities ?? 0) > 0)
        .map((m) => m.model);
      expect(recomputed).toContain("marts.dim_people");
      expect(recomputed.length).toBeGreaterThanOrEqual(8);
      const workforce = modeOf(nightly, "marts.fct_workforce_monthly")!;
      expect(workforce.entities).toBeGreaterThan(0);
      expect(workforce.entities).toBeLessThan(1200);
      // NAEYC readiness recomputes, on every date, the programs whose snapshot rows changed (not
      // every program from the earliest date a changed member's rows differ).
      // (The second delta changes no program's snapshot rows before its as-of date.)
      const naeyc = modeOf(nightly, "marts.fct_program_naeyc_readiness_monthly")!;
      expect([naeyc.mode, naeyc.entity, (naeyc.entities ?? 0) > 0]).toEqual(
        delta === 1 ? ["incremental", "program_id", true] : ["incremental", undefined, false],
      );
      expect(naeyc.entities ?? 0).toBeLessThan(workforce.entities!);
      const full = await fullBuildOf(`full-${delta}`);
      expect(full.result.models.every((m) => m.mode === "full")).toBe(true);
      expect(nightly.models.map((m) => [m.model, m.rows])).toEqual(
        full.result.models.map((m) => [m.model, m.rows]),
      );
      expect(await differences(buildPaths(dataDir).current, full.file)).toEqual([]);
      // The tests of the snapshots rebuilt in part ran on the recomputed rows only, with the
      // results of the full build's tests.
      const scoped = nightly.tests.filter((t) => t.scoped).map((t) => `${t.model} ${t.test}`);
      expect(scoped).toContain("marts.fct_workforce_monthly unique:snapshot_date+person_id");
      expect(scoped).toContain("marts.fct_workforce_monthly not_null:person_id");
      const outcome = (r: BuildResult) =>
        r.tests
          .filter((t) => t.test !== "row_count_change")
          .map((t) => `${t.model} ${t.test} ${t.status} ${t.failures}`)
          .sort();
      expect(outcome(nightly)).toEqual(outcome(full.result));
    }, 600_000);
  }

  it("with --full rebuilds every model even when nothing changed", async () => {
    const result = await build({ dataDir, full: true });
    expect(result.status).toBe("swapped");
    expect(result.models.every((m) => m.mode === "full")).toBe(true);
    expect(result.tests.some((t) => t.reused)).toBe(false);
    // Where the time went: the phases before the log cover the measured build time.
    const p = result.phases!;
    for (const v of Object.values(p)) expect(v).toBeGreaterThanOrEqual(0);
    expect(p.prepare + p.models + p.tests).toBeLessThanOrEqual(result.seconds + 0.02);
    // Models run two at a time: the phase lasts at least as long as the slowest model and half of
    // their total (each model's time is rounded to 0.01 s: allow half of that per model), and at
    // most the total.
    const total = result.models.reduce((s, m) => s + m.seconds, 0);
    expect(p.models).toBeGreaterThanOrEqual(Math.max(...result.models.map((m) => m.seconds)) - 0.005);
    expect(p.models).toBeGreaterThanOrEqual(total / 2 - 0.005 * result.models.length);
    expect(p.models).toBeLessThanOrEqual(total + 0.005 * result.models.length + 0.5);
  }, 300_000);
});

describe("models side by side", () => {
  it("give the same build as one model at a time", async () => {
    const two = await fullBuildOf("two-at-a-time");
    process.env.WORKFORCE_BUILD_CONCURRENCY = "1";
    let one: Awaited<ReturnType<typeof fullBuildOf>>;
    try {
      one = await fullBuildOf("one-at-a-time");
    } finally {
      delete process.env.WORKFORCE_BUILD_CONCURRENCY;
    }
    expect(await differences(one.file, two.file)).toEqual([]);
    expect(one.result.models.map((m) => m.model)).toEqual(two.result.models.map((m) => m.model));
    // One at a time, the models phase is at least the models' times added up.
    const total = one.result.models.reduce((s, m) => s + m.seconds, 0);
    expect(one.result.phases!.models).toBeGreaterThanOrEqual(total - 0.005 * one.result.models.length);
  }, 300_000);
});

describe("a current build in an older storage format", () => {
  it("is rebuilt in full once, in the project's format, and reused after that", async () => {
    const old = await build({ dataDir, full: true, storageVersion: "v1.0.0" });
    expect(old.status).toBe("swapped");
    expect(await storageVersionOf(buildPaths(dataDir).current)).toBe("v1.0.0+");
    // A partial build keeps the rest of the current build: it copies it, format and all.
    const partial = await buildOrFail({ dataDir, select: ["marts.fct_wage_statistics"] });
    expect(partial.full).toBeUndefined();
    expect(partial.models.map((m) => m.model)).toContain("marts.fct_wage_statistics");
    expect(partial.models.every((m) => m.mode === "full")).toBe(true);
    expect(await storageVersionOf(buildPaths(dataDir).current)).toBe("v1.0.0+");
    const upgraded = await buildOrFail({ dataDir });
    expect(upgraded.full).toBe("storage_format");
    expect(upgraded.models.every((m) => m.mode === "full")).toBe(true);
    expect(await storageVersionOf(buildPaths(dataDir).current)).toBe(`${STORAGE_VERSION}+`);
    const next = await buildOrFail({ dataDir });
    expect(next.full).toBeUndefined();
    expect(next.models.every((m) => m.mode === "reused")).toBe(true);
  }, 300_000);
});

describe("an incremental declaration", () => {
  async function loadWith(declaration: string): Promise<string> {
    const dir = tempDir("wf-models-");
    try {
      mkdirSync(join(dir, "marts"));
      writeFileSync(join(dir, "marts", "a.sql"), "select 1 as a_id, date '2020-01-31' as d\n");
      writeFileSync(
        join(dir, "marts", "a.ts"),
        `export default { grain: ["a_id"], description: "One row per a.", columns: {} };\n`,
      );
      writeFileSync(join(dir, "marts", "b.sql"), "select a_id, d from marts.a\n");
      writeFileSync(
        join(dir, "marts", "b.ts"),
        `export default { grain: ["a_id", "d"], description: "One row per a and date.", columns: {}, incremental: ${declaration} };\n`,
      );
      await loadProject(dir, join(dir, "no-seeds"));
      return "loaded";
    } catch (err) {
      return (err as Error).message;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it("is checked when the project loads: date column in the grain, inputs read by the SQL, key and dates among the columns", async () => {
    expect(
      await loadWith(
        `{ column: "d", inputs: { "marts.a": { key: ["a_id"], from: "d", columns: ["a_id", "d"] } } }`,
      ),
    ).toBe("loaded");
    expect(await loadWith(`{ column: "x", inputs: {} }`)).toBe(
      "model marts.b: incremental.column x is not part of the grain (a_id, d)",
    );
    expect(
      await loadWith(
        `{ column: "d", inputs: { "marts.c": { key: ["a_id"], from: "d", columns: ["a_id", "d"] } } }`,
      ),
    ).toBe("model marts.b: incremental.inputs names marts.c, which the SQL does not read (it reads marts.a)");
    expect(
      await loadWith(
        `{ column: "d", inputs: { "marts.a": { key: ["a_id"], from: "d", columns: ["a_id"] } } }`,
      ),
    ).toBe("model marts.b: incremental.inputs.marts.a: d must be listed in columns");
    expect(
      await loadWith(
        `{ column: "d", entity: "a_id", inputs: { "marts.a": { key: ["a_id"], from: "d", columns: ["a_id", "d"], entityColumn: "a_id" } } }`,
      ),
    ).toBe("loaded");
    expect(await loadWith(`{ column: "d", entity: "b_id", inputs: {} }`)).toBe(
      "model marts.b: incremental.entity b_id is not part of the grain (a_id, d)",
    );
    expect(
      await loadWith(
        `{ column: "d", inputs: { "marts.a": { key: ["a_id"], from: "d", columns: ["a_id", "d"], entityColumn: "a_id" } } }`,
      ),
    ).toBe("model marts.b: incremental.inputs.marts.a.entityColumn needs incremental.entity");
    expect(
      await loadWith(
        `{ column: "d", entity: "a_id", inputs: { "marts.a": { key: ["d"], from: "d", columns: ["d"], entityColumn: "a_id" } } }`,
      ),
    ).toBe("model marts.b: incremental.inputs.marts.a: a_id must be listed in columns");
    expect(await loadWith(`{ column: "d", inputs: { "marts.a": { columns: ["a_id", "d"] } } }`)).toBe(
      "model marts.b: incremental.inputs.marts.a needs key, from and columns",
    );
    // Partitioned by entity only: every input names its entity column, and nothing about dates.
    expect(await loadWith(`{ entity: "a_id", inputs: { "marts.a": { entityColumn: "a_id" } } }`)).toBe(
      "loaded",
    );
    expect(await loadWith(`{ inputs: {} }`)).toBe(
      "model marts.b: incremental needs a date column, an entity, or both",
    );
    expect(await loadWith(`{ entity: "a_id", inputs: { "marts.a": {} } }`)).toBe(
      "model marts.b: incremental.inputs.marts.a.entityColumn (or changedEntities) is required without incremental.column",
    );
    expect(
      await loadWith(`{ entity: "a_id", inputs: { "marts.a": { entityColumn: "a_id", from: "d" } } }`),
    ).toBe("model marts.b: incremental.inputs.marts.a.from needs incremental.column");
    expect(
      await loadWith(`{ entity: "a_id", inputs: { "raw.people": { entityColumn: "registry_id" } } }`),
    ).toBe(
      "model marts.b: incremental.inputs names raw.people, which the SQL does not read (it reads marts.a)",
    );
    // Another kind of entity, paired with the model's by another input the SQL reads.
    expect(
      await loadWith(
        `{ column: "d", entity: "a_id", inputs: { "marts.a": { key: ["a_id"], from: "d", columns: ["a_id", "d"], entityVia: { input: "marts.a", column: "a_id", entity: "a_id" } } } }`,
      ),
    ).toBe("model marts.b: incremental.inputs.marts.a.entityVia needs entityColumn");
    expect(
      await loadWith(
        `{ column: "d", entity: "a_id", inputs: { "marts.a": { key: ["a_id"], from: "d", columns: ["a_id", "d"], entityColumn: "a_id", entityVia: { input: "marts.c", column: "a_id", entity: "a_id" } } } }`,
      ),
    ).toBe("model marts.b: incremental.inputs.marts.a.entityVia names marts.c, which the SQL does not read");
    // Additive: the entity is summed over, the measures are described columns outside the grain.
    const additive = (rest: string) =>
      loadWith(`{ ${rest}, inputs: { "marts.a": { entityColumn: "a_id" } } }`);
    expect(await additive(`additive: { measures: ["n"], count: "n" }`)).toBe(
      "model marts.b: incremental.additive needs the inputs' entity (incremental.entity)",
    );
    expect(await additive(`entity: "a_id", additive: { measures: ["n"], count: "n" }`)).toBe(
      "model marts.b: incremental.additive: the entity a_id is summed over, not part of the grain",
    );
    expect(await additive(`entity: "p", additive: { measures: ["n"], count: "m" }`)).toBe(
      "model marts.b: incremental.additive.count m must be one of its measures",
    );
    expect(await additive(`entity: "p", additive: { measures: ["n"], count: "n" }`)).toBe(
      "model marts.b: incremental.additive: measure n must be a described column outside the grain",
    );
  });
});

describe("the previous rows of a model rebuilt in part", () => {
  it("are materialised with the columns its incremental readers compare only, or whole when one hashes whole rows", async () => {
    const project = await loadProject();
    const snapshot = comparedColumns(project, "marts.fct_workforce_monthly")!;
    // NAEYC's, the wage models' and the count tables' declared columns, keys and dates.
    for (const c of [
      "snapshot_date",
      "person_id",
      "program_id",
      "hourly_wage_usd",
      "ece_credits",
      "program_town_name",
    ])
      expect(snapshot, c).toContain(c);
    // Columns no reader compares are left out (the snapshot has 29).
    for (const c of [
      "home_town_name",
      "primary_employment_id",
      "fte_annual_wage_usd",
      "computed_ladder_level",
    ])
      expect(snapshot, c).not.toContain(c);
    // A declaration's `where` counts (fct_training's readers filter on is_verified).
    expect(comparedColumns(project, "marts.fct_training")).toContain("is_verified");
    // stg_people has readers comparing whole rows (no `columns`): every column.
    expect(comparedColumns(project, "staging.stg_people")).toBeUndefined();
  });
});

describe("replaceReferences", () => {
  it("replaces table references in code, not in comments, strings or quoted names", () => {
    const sql = [
      "-- reads marts.dim_people",
      "select p.person_id, 'marts.dim_people' as label",
      "from marts.dim_people p /* marts.dim_people */ join MARTS.dim_people q using (person_id)",
      "join staging.stg_people s using (person_id) -- it's marts.dim_people's twin",
      "select 1 as \"see marts.dim_people\", 'it''s marts.dim_people'",
    ].join("\n");
    expect(
      replaceReferences(sql, (n) => (n === "marts.dim_people" ? "_entity_marts.dim_people" : undefined)),
    ).toBe(
      [
        "-- reads marts.dim_people",
        "select p.person_id, 'marts.dim_people' as label",
        "from _entity_marts.dim_people p /* marts.dim_people */ join _entity_marts.dim_people q using (person_id)",
        "join staging.stg_people s using (person_id) -- it's marts.dim_people's twin",
        "select 1 as \"see marts.dim_people\", 'it''s marts.dim_people'",
      ].join("\n"),
    );
  });
});

describe("the uniqueness test", () => {
  it("passes on unique values by its hash check, and counts duplicates (nulls equal) exactly", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const con = await instance.connect();
    try {
      await con.run(`create schema marts;
        create table marts.ok as select * from (values
          ('a', date '2026-01-31'), ('a', date '2026-02-28'), ('b', date '2026-01-31'),
          (null, date '2026-01-31'), ('a', null)) v(person_id, d);
        create table marts.dup as select * from (values
          ('a', date '2026-01-31'), ('a', date '2026-01-31'), ('a', date '2026-01-31'),
          (null, date '2026-01-31'), (null, date '2026-01-31'), ('b', date '2026-01-31')) v(person_id, d)`);
      const modelOf = (table: string) =>
        ({
          name: `marts.${table}`,
          layer: "marts",
          table,
          meta: { grain: ["person_id", "d"], description: "One row per person and date.", columns: {} },
        }) as unknown as Model;
      const uniqueOf = (table: string) =>
        compileTests(modelOf(table)).find((t) => t.name === "unique:person_id+d")!;
      // The quick check finds no neighbours with equal hashes on unique rows, and some on duplicates.
      expect((await con.runAndReadAll(uniqueOf("ok").passes!)).getRows()).toEqual([]);
      expect((await con.runAndReadAll(uniqueOf("dup").passes!)).getRows().length).toBe(1);
      const [ok] = await runCompiledTests(con, [uniqueOf("ok")], false);
      expect(ok).toMatchObject({ status: "pass", failures: 0, sample: [] });
      const [dup] = await runCompiledTests(con, [uniqueOf("dup")], false);
      expect(dup).toMatchObject({ status: "fail", failures: 2 });
      expect(dup!.sample).toEqual([
        { person_id: "a", d: "2026-01-31", n: "3" },
        { person_id: null, d: "2026-01-31", n: "2" },
      ]);
    } finally {
      con.closeSync();
      instance.closeSync();
    }
  });
});

describe("a test scoped to the recomputed rows", () => {
  it("counts the offending rows among them only, and says so", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const con = await instance.connect();
    try {
      // Kept rows (before March) hold a duplicate and a null that a previous build would have
      // failed on; the recomputed rows (from March) hold one duplicate and one bad value.
      await con.run(`create schema marts; create table marts.t as select * from (values
        ('a', date '2026-01-31', 1), ('a', date '2026-01-31', 1), ('b', date '2026-01-31', null),
        ('a', date '2026-03-31', 1), ('b', date '2026-03-31', 5), ('b', date '2026-03-31', 2),
        ('c', date '2026-03-31', 3)) v(person_id, d, x)`);
      const model = {
        name: "marts.t",
        layer: "marts",
        table: "t",
        meta: {
          grain: ["person_id", "d"],
          description: "One row per person and date.",
          columns: {},
          tests: [
            { type: "not_null", column: "x" },
            { type: "accepted_range", column: "x", max: 4 },
          ],
        },
      } as unknown as Model;
      const tests = compileTests(model);
      const results = await runCompiledTests(con, tests, false, undefined, undefined, () => ({
        condition: "(d >= '2026-03-01'::date)",
        columns: ["d"],
      }));
      const byName = Object.fromEntries(results.map((r) => [r.test, r]));
      expect(byName["unique:person_id+d"]).toMatchObject({ status: "fail", failures: 1, scoped: true });
      expect(byName["unique:person_id+d"]!.sample).toEqual([{ person_id: "b", d: "2026-03-31", n: "2" }]);
      expect(byName["not_null:x"]).toMatchObject({ status: "pass", failures: 0, scoped: true });
      expect(byName["accepted_range:x"]).toMatchObject({ status: "fail", failures: 1, scoped: true });
      // Unscoped, the same tests see every row.
      const all = Object.fromEntries((await runCompiledTests(con, tests, false)).map((r) => [r.test, r]));
      expect(all["unique:person_id+d"]).toMatchObject({ failures: 2 });
      expect(all["unique:person_id+d"]!.scoped).toBeUndefined();
      expect(all["not_null:x"]).toMatchObject({ failures: 1 });

      // Recomputed rows selected by a column outside the tested ones (an entity-only model: the
      // spells of account r3): a recomputed row duplicating a kept row is found, and a
      // relationships test counts the recomputed rows only.
      await con.run(`create table marts.u as select * from (values
        ('E1', 'r1', 'P1'), ('E2', 'r2', 'P9'), ('E1', 'r3', 'P2'), ('E3', 'r3', 'P8')) v(employment_id, registry_id, program_id);
        create table marts.p as select * from (values ('P1'), ('P2')) v(program_id)`);
      const spells = compileTests({
        name: "marts.u",
        layer: "marts",
        table: "u",
        meta: {
          grain: ["employment_id"],
          description: "One row per spell.",
          columns: {},
          tests: [{ type: "relationships", column: "program_id", to: "marts.p", field: "program_id" }],
        },
      } as unknown as Model);
      const ofR3 = Object.fromEntries(
        (
          await runCompiledTests(con, spells, false, undefined, undefined, () => ({
            condition: "(registry_id = 'r3')",
            columns: ["registry_id"],
          }))
        ).map((r) => [r.test, r]),
      );
      expect(ofR3["unique:employment_id"]).toMatchObject({ status: "fail", failures: 1, scoped: true });
      expect(ofR3["unique:employment_id"]!.sample).toEqual([{ employment_id: "E1", n: "2" }]);
      expect(ofR3["relationships:program_id->marts.p.program_id"]).toMatchObject({
        failures: 1,
        scoped: true,
      });
      expect(ofR3["relationships:program_id->marts.p.program_id"]!.sample).toEqual([
        { employment_id: "E3", program_id: "P8" },
      ]);
      // The same, reading a table that holds exactly the recomputed rows (an entity-only model's).
      await con.run("create table marts.u_r3 as select * from marts.u where registry_id = 'r3'");
      const fromRows = await runCompiledTests(con, spells, false, undefined, undefined, () => ({
        condition: "(registry_id = 'r3')",
        columns: ["registry_id"],
        rows: "marts.u_r3",
      }));
      expect(fromRows.map((r) => [r.test, r.status, r.failures, r.sample, r.scoped])).toEqual(
        Object.values(ofR3).map((r) => [r.test, r.status, r.failures, r.sample, r.scoped]),
      );
      // Nulls not allowed: the null check too stays within the scope (kept E2 is not read).
      const strict = compileTests({
        name: "marts.u",
        layer: "marts",
        table: "u",
        meta: {
          grain: ["employment_id"],
          description: "One row per spell.",
          columns: {},
          tests: [
            {
              type: "relationships",
              column: "program_id",
              to: "marts.p",
              field: "program_id",
              allowNull: false,
            },
          ],
        },
      } as unknown as Model).filter((t) => t.name.startsWith("relationships"));
      const strictOfR3 = await runCompiledTests(con, strict, false, undefined, undefined, () => ({
        condition: "(registry_id = 'r3')",
        columns: ["registry_id"],
      }));
      expect(strictOfR3.map((r) => [r.failures, r.sample])).toEqual([
        [1, [{ employment_id: "E3", program_id: "P8" }]],
      ]);
      // The recomputed rows from their table and the kept rows holding a value the referenced
      // table lost (P9 and P8): E2 is read from the model's table, E3 once only.
      const withLost = await runCompiledTests(con, strict, false, undefined, undefined, () => ({
        condition: "(registry_id = 'r3') or program_id in ('P9', 'P8')",
        columns: ["registry_id", "program_id"],
        rows: "marts.u_r3",
        kept: { condition: "program_id in ('P9', 'P8')", recomputed: "(registry_id = 'r3')" },
      }));
      expect(withLost.map((r) => [r.failures, r.sample])).toEqual([
        [
          2,
          [
            { employment_id: "E2", program_id: "P9" },
            { employment_id: "E3", program_id: "P8" },
          ],
        ],
      ]);
    } finally {
      con.closeSync();
      instance.closeSync();
    }
  });
});

describe("a model rebuilt in part", () => {
  it("is rebuilt in full instead when an input's column type changed (row hashes cannot see it)", async () => {
    const dir = tempDir("wf-types-");
    try {
      const models = join(dir, "models");
      const seeds = join(dir, "seeds");
      const data = join(dir, "data");
      mkdirSync(join(models, "marts"), { recursive: true });
      mkdirSync(seeds);
      await writeWarehouse(data, fixture());
      writeFileSync(join(seeds, "s.csv"), "id,d,v\n1,2026-01-31,5\n2,2026-02-28,6\n");
      const writeA = (type: string) => {
        writeFileSync(join(models, "marts", "a.sql"), `select id, d, v::${type} as v from seeds.s\n`);
        writeFileSync(
          join(models, "marts", "a.ts"),
          `export default { grain: ["id"], description: "One row per id.", columns: {} };\n`,
        );
      };
      writeA("INTEGER");
      writeFileSync(join(models, "marts", "b.sql"), "select id, d, v from marts.a\n");
      writeFileSync(
        join(models, "marts", "b.ts"),
        `export default { grain: ["id", "d"], description: "One row per id and date.", columns: {},
          incremental: { column: "d", inputs: { "marts.a": { key: ["id"], from: "d", columns: ["id", "d", "v"] } } } };\n`,
      );
      const opts = { dataDir: data, modelsDir: models, seedsDir: seeds };
      await buildOrFail(opts);
      // Same values, a wider type: the same row hashes, so no row of b looks changed.
      writeA("BIGINT");
      const second = await buildOrFail(opts);
      expect(second.models.map((m) => [m.model, m.mode])).toEqual([
        ["marts.a", "full"],
        ["marts.b", "full"],
      ]);
      const build = await openBuild(data);
      try {
        expect(
          await build.rows(
            "select data_type from duckdb_columns() where table_name = 'b' and column_name = 'v'",
          ),
        ).toEqual([{ data_type: "BIGINT" }]);
      } finally {
        build.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Two models partitioned by account, in `dir/models` over the fixture's warehouse in `dir/data`:
 * `staging.a` counts each account's current spells (plus `extra` columns) from `raw.employment`,
 * and `marts.b` doubles the count (with `tests`).
 */
async function accountModels(
  dir: string,
  opts: { extra?: string; tests?: string } = {},
): Promise<{ models: string; data: string }> {
  const models = join(dir, "models");
  const data = join(dir, "data");
  mkdirSync(join(models, "staging"), { recursive: true });
  mkdirSync(join(models, "marts"));
  await writeWarehouse(data, fixture());
  writeFileSync(
    join(models, "staging", "a.sql"),
    `select registry_id, count(*)::integer as spells${opts.extra ?? ""}
     from raw.employment where _valid_to is null group by registry_id\n`,
  );
  writeFileSync(
    join(models, "staging", "a.ts"),
    `export default { grain: ["registry_id"], description: "One row per account.", columns: {},
      incremental: { entity: "registry_id", inputs: { "raw.employment": { entityColumn: "registry_id" } } } };\n`,
  );
  writeFileSync(
    join(models, "marts", "b.sql"),
    "select registry_id, spells * 2 as double_spells from staging.a\n",
  );
  writeFileSync(
    join(models, "marts", "b.ts"),
    `export default { grain: ["registry_id"], description: "One row per account.", columns: {},${opts.tests ? ` tests: ${opts.tests},` : ""}
      incremental: { entity: "registry_id", inputs: { "staging.a": { entityColumn: "registry_id" } } } };\n`,
  );
  return { models, data };
}

describe("a model partitioned by entity only", () => {
  it("is rebuilt in full when its changed entities hold most of its rows, with the same rows", async () => {
    const dir = tempDir("wf-entity-share-");
    const saved = { ...fullRebuild };
    try {
      const { models, data } = await accountModels(dir);
      const opts = { dataDir: data, modelsDir: models, seedsDir: join(dir, "no-seeds") };
      await buildOrFail(opts);
      const build0 = await openBuild(data);
      const [{ n }] = (await build0.rows("select count(*)::int as n from staging.a")) as [{ n: number }];
      build0.close();
      // New spells for the first half of the accounts (rounded up) with a spell.
      const changed = Math.ceil(n / 2);
      await runOnWarehouse(
        data,
        `insert into meta.load_log (extract_id, file, status, load_id) values ('later', 'employment.csv', 'loaded', 1000);
         insert into raw.employment select * replace ('X' || employment_id as employment_id, 1000 as _load_id,
             date '2026-07-01' as _valid_from)
           from raw.employment where _valid_to is null and registry_id in (
             select distinct registry_id from raw.employment where _valid_to is null order by 1 limit ${changed})
           qualify row_number() over (partition by registry_id order by employment_id) = 1`,
      );
      // Tables this small are rebuilt in part whatever the share, unless told otherwise.
      fullRebuild.minRows = 0;
      fullRebuild.share = 0.4;
      const later = await buildOrFail(opts);
      const share = Math.round((changed / n) * 1000) / 1000;
      expect(share).toBeGreaterThan(0.4);
      expect(later.models.map((m) => [m.model, m.mode, m.changedShare])).toEqual([
        ["staging.a", "full", share],
        // Its input rebuilt in full: compared as a whole, the same entities changed.
        ["marts.b", "full", share],
      ]);
      expect(await differencesFromFull(data, join(dir, "full"), opts)).toEqual([]);
      const build1 = await openBuild(data);
      try {
        const [r] = await build1.rows("select count(*)::int as n, sum(spells)::int as spells from staging.a");
        const wh = await DuckDBInstance.create(buildPaths(data).warehouse, { access_mode: "READ_ONLY" });
        const con = await wh.connect();
        const w = (
          await con.runAndReadAll(
            "select count(distinct registry_id)::int as n, count(*)::int as spells from raw.employment where _valid_to is null",
          )
        ).getRowObjectsJson()[0];
        con.closeSync();
        wh.closeSync();
        expect(r).toEqual(w);
      } finally {
        build1.close();
      }
      // Below the share: rebuilt in part.
      fullRebuild.share = 0.99;
      await runOnWarehouse(
        data,
        `insert into meta.load_log (extract_id, file, status, load_id) values ('later2', 'employment.csv', 'loaded', 1001);
         update raw.employment set _valid_to = date '2026-07-02', _end_reason = 'deleted', _end_load_id = 1001
           where employment_id like 'X%' and _valid_to is null`,
      );
      const again = await buildOrFail(opts);
      expect(again.models.map((m) => [m.model, m.mode, m.entities, m.changedShare])).toEqual([
        ["staging.a", "incremental", changed, undefined],
        ["marts.b", "incremental", changed, undefined],
      ]);
      expect(await differencesFromFull(data, join(dir, "full2"), opts)).toEqual([]);
    } finally {
      Object.assign(fullRebuild, saved);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("recomputes the entities whose source rows a later load added or closed, and is rebuilt in full when a source changed otherwise", async () => {
    const dir = tempDir("wf-entity-");
    try {
      const { models, data } = await accountModels(dir, {
        extra: ", min(start_date) as first_start",
        tests: `[{ type: "relationships", column: "registry_id", to: "staging.a", field: "registry_id" }]`,
      });
      const opts = { dataDir: data, modelsDir: models, seedsDir: join(dir, "no-seeds") };
      const modes = (r: BuildResult) => r.models.map((m) => [m.model, m.mode, m.entities ?? null]);
      expect(modes(await buildOrFail(opts))).toEqual([
        ["staging.a", "full", null],
        ["marts.b", "full", null],
      ]);
      const warehouse = (sql: string) => runOnWarehouse(data, sql);
      // A load (id 1000): a new version of E00000002 (CT0000002 started earlier), a new spell of
      // CT0000004, and E00000008 (CT0000007's only spell) deleted.
      await warehouse(`
        insert into meta.load_log (extract_id, file, status, load_id) values ('later', 'employment.csv', 'loaded', 1000);
        update raw.employment set _valid_to = date '2026-07-01', _end_reason = 'updated', _end_load_id = 1000
          where employment_id in ('E00000002', 'E00000008') and _valid_to is null;
        insert into raw.employment select * replace (date '2017-01-01' as start_date, 1000 as _load_id,
            date '2026-07-01' as _valid_from, null as _valid_to, null as _end_reason, null as _end_load_id)
          from raw.employment where employment_id = 'E00000002';
        insert into raw.employment select * replace ('E00000011' as employment_id, date '2021-01-01' as start_date,
            1000 as _load_id, 2 as _record, date '2026-07-01' as _valid_from, null as _valid_to, null as _end_reason,
            null as _end_load_id)
          from raw.employment where employment_id = 'E00000006';`);
      const later = await buildOrFail(opts);
      expect(modes(later)).toEqual([
        ["staging.a", "incremental", 3],
        ["marts.b", "incremental", 3],
      ]);
      expect(later.models.every((m) => m.entityOnly === true && m.from === null)).toBe(true);
      // The table b points to lost CT0000007: its relationships test reads b's recomputed rows and
      // the kept rows holding a lost value (none).
      const relationship = (r: BuildResult) =>
        r.tests.find((t) => t.test === "relationships:registry_id->staging.a.registry_id")!;
      expect(relationship(later)).toMatchObject({ status: "pass", scoped: true });
      expect(await differencesFromFull(data, join(dir, "full"), opts)).toEqual([]);
      const build = await openBuild(data);
      try {
        expect(
          await build.rows(
            "select registry_id, double_spells from marts.b where registry_id in ('CT0000002', 'CT0000004', 'CT0000007') order by 1",
          ),
        ).toEqual([
          { registry_id: "CT0000002", double_spells: 2 },
          { registry_id: "CT0000004", double_spells: 4 },
        ]);
      } finally {
        build.close();
      }
      // A source row version rewritten outside a load: its changes cannot be found by load id.
      await warehouse("update raw.employment set _record = _record + 1000 where employment_id = 'E00000001'");
      const rewritten = await buildOrFail(opts);
      // a was rebuilt (same rows): no value b points to was lost, so its test runs on b's
      // recomputed rows (none).
      expect(relationship(rewritten)).toMatchObject({ status: "pass", scoped: true });
      expect(modes(rewritten)).toEqual([
        ["staging.a", "full", null],
        // Its input was rebuilt, and is the same: nothing to recompute.
        ["marts.b", "incremental", null],
      ]);
      // A previous build that recorded no watermark (an older version's): rebuilt in full.
      await warehouse(`
        insert into meta.load_log (extract_id, file, status, load_id) values ('later2', 'employment.csv', 'loaded', 1001);
        update raw.employment set _valid_to = date '2026-07-02', _end_reason = 'deleted', _end_load_id = 1001
          where employment_id = 'E00000011' and _valid_to is null;`);
      const current = await DuckDBInstance.create(buildPaths(data).current);
      const con = await current.connect();
      await con.run("drop table _build.watermark");
      con.closeSync();
      current.closeSync();
      expect(modes(await buildOrFail(opts))).toEqual([
        ["staging.a", "full", null],
        ["marts.b", "incremental", 1],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("dim_people after the as-of date moved", () => {
  it("recomputes the members with a date between the two as-of dates (a CDA expiring in between)", async () => {
    const dir = tempDir("wf-asof-");
    try {
      const data = join(dir, "data");
      await writeWarehouse(data, fixture());
      const warehouse = (sql: string) => runOnWarehouse(data, sql);
      // CT0000003's CDA now expires after the latest as-of date (2025-09-30).
      await warehouse(
        "update raw.education set expires_on = date '2025-10-15' where education_id = 'D00000004'",
      );
      await buildOrFail({ dataDir: data });
      const versions = async (dataDir: string) => {
        const b = await openBuild(dataDir);
        try {
          return await b.rows(
            "select valid_from::varchar as valid_from, has_current_cda from marts.dim_people where person_id = 'CT0000003' and valid_from >= date '2025-01-01' order by valid_from",
          );
        } finally {
          b.close();
        }
      };
      expect(await versions(data)).not.toContainEqual({ valid_from: "2025-10-16", has_current_cda: false });
      // A later extract changes no record: only the as-of date moves past the expiry.
      await warehouse(`insert into meta.extracts (extract_id, kind, as_of, since, folder, manifest_sha256, status, loaded_at)
        values ('CTREG-2025-10-31-DELTA', 'delta', date '2025-10-31', date '2025-09-30', 'registry-extract-2025-10-31', 'fixture', 'loaded', now()::timestamp)`);
      const later = await buildOrFail({ dataDir: data });
      const run = modeOf(later, "marts.dim_people")!;
      expect(run.mode).toBe("incremental");
      expect(run.entities).toBeGreaterThanOrEqual(1);
      expect(await versions(data)).toContainEqual({ valid_from: "2025-10-16", has_current_cda: false });
      // The same fiscal years have ended: the turnover table keeps its rows.
      expect(modeOf(later, "marts.fct_turnover_fiscal_year")!.mode).toBe("incremental");
      // An extract after June 30, 2026 ends fiscal year 2026: the turnover table is rebuilt.
      await warehouse(`insert into meta.extracts (extract_id, kind, as_of, since, folder, manifest_sha256, status, loaded_at)
        values ('CTREG-2026-07-01-DELTA', 'delta', date '2026-07-01', date '2025-10-31', 'registry-extract-2026-07-01', 'fixture', 'loaded', now()::timestamp)`);
      const newYear = await buildOrFail({ dataDir: data });
      expect(modeOf(newYear, "marts.fct_turnover_fiscal_year")!.mode).toBe("full");
      expect(await differencesFromFull(data, join(dir, "full"))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("stg_training after a trainer's account was merged", () => {
  it("recomputes the accounts whose records name the trainer (changedEntities of stg_people)", async () => {
    const dir = tempDir("wf-trainer-");
    try {
      const data = join(dir, "data");
      await writeWarehouse(data, fixture());
      const warehouse = (sql: string) => runOnWarehouse(data, sql);
      // Two training records, delivered by CT0000006 and CT0000007.
      await warehouse(`insert into raw.training
        (training_record_id, registry_id, title, topic_area, hours, completed_on, trainer_registry_id, reported_on,
         _load_id, _record, _valid_from, _valid_to, _end_reason, _end_load_id) values
        ('T000000001', 'CT0000001', 'Safe sleep', 'HEALTH_SAFETY', 2, date '2024-03-01', 'CT0000006', date '2024-03-02',
         ${loadIdOf(0, "training")}, 1, date '2025-06-30', null, null, null),
        ('T000000002', 'CT0000003', 'Play', 'CURRICULUM', 3, date '2024-04-01', 'CT0000007', date '2024-04-02',
         ${loadIdOf(0, "training")}, 2, date '2025-06-30', null, null, null)`);
      await buildOrFail({ dataDir: data });
      // A load (id 1000) merges the trainer CT0000006 into CT0000004; no training record changes.
      await warehouse(`
        insert into meta.load_log (extract_id, file, status, load_id) values ('later', 'people.csv', 'loaded', 1000);
        update raw.people set _valid_to = date '2025-10-01', _end_reason = 'updated', _end_load_id = 1000
          where registry_id = 'CT0000006' and _valid_to is null;
        insert into raw.people select * replace ('MERGED' as member_status, 'CT0000004' as merged_into,
            1000 as _load_id, date '2025-10-01' as _valid_from, null as _valid_to, null as _end_reason,
            null as _end_load_id)
          from raw.people where registry_id = 'CT0000006' and _end_load_id = 1000`);
      const later = await buildOrFail({ dataDir: data });
      const run = modeOf(later, "staging.stg_training")!;
      expect([run.mode, run.entities]).toEqual(["incremental", 1]);
      const b = await openBuild(data);
      try {
        expect(
          await b.rows(
            "select training_record_id, person_id, trainer_person_id from staging.stg_training order by 1",
          ),
        ).toEqual([
          { training_record_id: "T000000001", person_id: "CT0000001", trainer_person_id: "CT0000004" },
          { training_record_id: "T000000002", person_id: "CT0000003", trainer_person_id: "CT0000007" },
        ]);
      } finally {
        b.close();
      }
      expect(await differencesFromFull(data, join(dir, "full"))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("a kept model's relationships test", () => {
  it("runs again when the table it points to changed, and blocks the swap when a value vanished", async () => {
    const dir = tempDir("wf-relationship-");
    try {
      const models = join(dir, "models");
      const seeds = join(dir, "seeds");
      const data = join(dir, "data");
      mkdirSync(join(models, "staging"), { recursive: true });
      mkdirSync(join(models, "marts"));
      mkdirSync(seeds);
      await writeWarehouse(data, fixture());
      writeFileSync(join(seeds, "p.csv"), "program_id\nP1\nP2\n");
      writeFileSync(join(seeds, "e.csv"), "employment_id,program_id\nE1,P1\nE2,P2\n");
      writeFileSync(join(models, "staging", "p.sql"), "select program_id from seeds.p\n");
      writeFileSync(
        join(models, "staging", "p.ts"),
        `export default { grain: ["program_id"], description: "One row per program.", columns: {} };\n`,
      );
      writeFileSync(join(models, "marts", "e.sql"), "select employment_id, program_id from seeds.e\n");
      writeFileSync(
        join(models, "marts", "e.ts"),
        `export default { grain: ["employment_id"], description: "One row per spell.", columns: {},
          tests: [{ type: "relationships", column: "program_id", to: "staging.p", field: "program_id" }] };\n`,
      );
      const opts = { dataDir: data, modelsDir: models, seedsDir: seeds };
      await buildOrFail(opts);
      writeFileSync(join(seeds, "p.csv"), "program_id\nP1\n");
      const second = await build(opts);
      expect(second.models.map((m) => [m.model, m.mode])).toEqual([
        ["staging.p", "full"],
        ["marts.e", "reused"],
      ]);
      const rel = second.tests.find((t) => t.test === "relationships:program_id->staging.p.program_id")!;
      expect(rel).toMatchObject({ status: "fail", failures: 1 });
      expect(rel.reused).toBeUndefined();
      expect(second.status).toBe("failed");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("an additive model", () => {
  it("adds the changed entities' difference to its groups, removes emptied groups, and equals a full build", async () => {
    const dir = tempDir("wf-additive-");
    try {
      const models = join(dir, "models");
      const seeds = join(dir, "seeds");
      const data = join(dir, "data");
      mkdirSync(join(models, "marts"), { recursive: true });
      mkdirSync(seeds);
      await writeWarehouse(data, fixture());
      // One row per person and date (the entity is person_id); a group without a name is NONE.
      const writeSeed = (csv: string) => writeFileSync(join(seeds, "s.csv"), `person_id,d,g,v\n${csv}`);
      writeSeed(
        [
          "1,2026-01-31,x,5",
          "1,2026-02-28,x,5",
          "2,2026-01-31,x,",
          "3,2026-01-31,y,6",
          "3,2026-02-28,y,6",
          "4,2026-02-28,,7",
          "",
        ].join("\n"),
      );
      writeFileSync(join(models, "marts", "a.sql"), "select person_id, d::date as d, g, v from seeds.s\n");
      writeFileSync(
        join(models, "marts", "a.ts"),
        `export default { grain: ["person_id", "d"], description: "One row per person and date.", columns: {} };\n`,
      );
      writeFileSync(
        join(models, "marts", "b.sql"),
        "select d, coalesce(g, 'NONE') as g, count(*) as people, count(v) as with_v, coalesce(sum(v), 0) as v_total\nfrom marts.a group by all\n",
      );
      writeFileSync(
        join(models, "marts", "b.ts"),
        `export default { grain: ["d", "g"], description: "One row per date and group.",
          columns: { d: "date", g: "group", people: "people", with_v: "people with v", v_total: "sum of v" },
          tests: [{ type: "accepted_range", column: "people", min: 1 }],
          incremental: { entity: "person_id", additive: { measures: ["people", "with_v", "v_total"], count: "people" },
            inputs: { "marts.a": { entityColumn: "person_id" } } } };\n`,
      );
      const opts = { dataDir: data, modelsDir: models, seedsDir: seeds };
      await buildOrFail(opts);
      // Person 2 leaves, 3 moves from y to x (y empties on both dates), 4 loses v, 5 arrives in z.
      writeSeed(
        [
          "1,2026-01-31,x,5",
          "1,2026-02-28,x,5",
          "3,2026-01-31,x,6",
          "3,2026-02-28,x,6",
          "4,2026-02-28,,",
          "5,2026-02-28,z,8",
          "",
        ].join("\n"),
      );
      const later = await buildOrFail(opts);
      expect(later.models.map((m) => [m.model, m.mode, m.entities ?? null])).toEqual([
        ["marts.a", "full", null],
        ["marts.b", "incremental", 4],
      ]);
      const build = await openBuild(data);
      try {
        expect(
          await build.rows(
            "select d::varchar as d, g, people::int as people, with_v::int as with_v, v_total::int as v_total from marts.b order by d, g",
          ),
        ).toEqual([
          { d: "2026-01-31", g: "x", people: 2, with_v: 2, v_total: 11 },
          { d: "2026-02-28", g: "NONE", people: 1, with_v: 0, v_total: 0 },
          { d: "2026-02-28", g: "x", people: 2, with_v: 2, v_total: 11 },
          { d: "2026-02-28", g: "z", people: 1, with_v: 1, v_total: 8 },
        ]);
      } finally {
        build.close();
      }
      expect(await differencesFromFull(data, join(dir, "full"), opts)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
