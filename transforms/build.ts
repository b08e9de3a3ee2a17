/**
 * `workforce build`: builds every model (or a selection and everything downstream) in dependency
 * order into a NEW database file beside the current build, runs the tests, and swaps the new file
 * in (an atomic rename) only when every blocking test passed; otherwise the previous build stays.
 * Model runs and test results are logged in the restricted warehouse (`meta.model_runs`,
 * `meta.test_results`).
 *
 * Files (in `<data-dir>/warehouse/`): `warehouse.duckdb` (raw rows, meta; written by ingest),
 * `models.duckdb` (the current build: seeds, staging, marts, reporting), `models-next.duckdb`
 * (a build in progress; removed when it fails).
 */
import { copyFileSync, existsSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { SOURCES } from "../ingest/sources/index.ts";
import { acquireWriterLock, ident, lit, warehousePaths } from "../warehouse/db.ts";
import { EXIT, WorkforceError } from "../warehouse/errors.ts";
import { loadProject, META_TABLES, type Project, SEEDS_DIR, selectModels } from "./project.ts";
import { type CompiledTest, compileTests } from "./tests.ts";

export interface BuildPaths {
  warehouse: string;
  current: string;
  next: string;
}

export function buildPaths(dataDir: string): BuildPaths {
  const w = warehousePaths(dataDir);
  return {
    warehouse: w.file,
    current: join(w.dir, "models.duckdb"),
    next: join(w.dir, "models-next.duckdb"),
  };
}

export interface ModelRun {
  model: string;
  status: "ok" | "error";
  rows: number | null;
  seconds: number;
  error?: string;
}

export interface TestResult {
  model: string;
  test: string;
  severity: "error" | "warn";
  status: "pass" | "fail";
  failures: number;
  /** First offending rows (grain and tested columns only). */
  sample: Record<string, unknown>[];
}

export interface BuildResult {
  buildId: string;
  status: "swapped" | "failed";
  models: ModelRun[];
  tests: TestResult[];
  seconds: number;
  /** Why the build failed, when it did. */
  error?: WorkforceError;
}

export type BuildEvent =
  | { type: "model"; run: ModelRun; index: number; total: number }
  | { type: "test"; result: TestResult };

export interface BuildOptions {
  dataDir: string;
  select?: readonly string[];
  onEvent?: (e: BuildEvent) => void;
  /** For tests: a different models folder. */
  modelsDir?: string;
  seedsDir?: string;
  /** Hold the lock already (called from `workforce run`). */
  lockHeld?: boolean;
}

const TEXT_COLUMN = /(_fips|_geoid|_code|_id|^zip)$/;

/** Load every seed CSV into `seeds.<name>`; identifier-like columns stay text (leading zeros). */
async function loadSeeds(con: DuckDBConnection, project: Project, seedsDir: string): Promise<void> {
  await con.run("create schema if not exists seeds");
  for (const seed of project.seeds) {
    const path = join(seedsDir, `${seed}.csv`);
    const header = (
      await con.runAndReadAll(
        `select * from read_csv(${lit(path)}, header = true, all_varchar = true) limit 0`,
      )
    ).columnNames();
    const types = header
      .filter((c) => TEXT_COLUMN.test(c))
      .map((c) => `${lit(c)}: 'VARCHAR'`)
      .join(", ");
    await con.run(
      `create or replace table seeds.${ident(seed)} as select * from read_csv(${lit(path)}, header = true${types ? `, types = {${types}}` : ""})`,
    );
  }
}

async function rowsOf(con: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await con.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

export async function runCompiledTests(
  con: DuckDBConnection,
  tests: CompiledTest[],
  hasPrevious: boolean,
  onResult?: (r: TestResult) => void,
): Promise<TestResult[]> {
  const results: TestResult[] = [];
  for (const t of tests) {
    if (t.needsPrevious && !hasPrevious) continue;
    const count = Number((await rowsOf(con, `select count(*) as n from (${t.sql})`))[0]!.n);
    const sample =
      count > 0
        ? await rowsOf(con, `select ${t.show.map(ident).join(", ")} from (${t.sql}) order by all limit 5`)
        : [];
    const result: TestResult = {
      model: t.model,
      test: t.name,
      severity: t.severity,
      status: count > 0 ? "fail" : "pass",
      failures: count,
      sample,
    };
    results.push(result);
    onResult?.(result);
  }
  return results;
}

const LOG_DDL = [
  `create table if not exists wh.meta.model_runs (build_id varchar not null, model varchar not null,
    status varchar not null, rows bigint, seconds double, error varchar, finished_at timestamp)`,
  `create table if not exists wh.meta.test_results (build_id varchar not null, model varchar not null,
    test varchar not null, severity varchar not null, status varchar not null, failures bigint,
    sample varchar, finished_at timestamp)`,
  `create table if not exists wh.meta.builds (build_id varchar not null, status varchar not null,
    models bigint, tests_failed bigint, seconds double, finished_at timestamp)`,
];

async function logBuild(con: DuckDBConnection, r: BuildResult): Promise<void> {
  await con.run(LOG_DDL.join(";\n"));
  const now = "now()::timestamp";
  const values = (rows: string[]) => (rows.length > 0 ? rows.join(", ") : null);
  const runs = values(
    r.models.map(
      (m) =>
        `(${lit(r.buildId)}, ${lit(m.model)}, ${lit(m.status)}, ${m.rows ?? "null"}, ${m.seconds}, ${m.error ? lit(m.error) : "null"}, ${now})`,
    ),
  );
  if (runs) await con.run(`insert into wh.meta.model_runs values ${runs}`);
  const tests = values(
    r.tests.map(
      (t) =>
        `(${lit(r.buildId)}, ${lit(t.model)}, ${lit(t.test)}, ${lit(t.severity)}, ${lit(t.status)}, ${t.failures}, ${lit(JSON.stringify(t.sample))}, ${now})`,
    ),
  );
  if (tests) await con.run(`insert into wh.meta.test_results values ${tests}`);
  const failed = r.tests.filter((t) => t.status === "fail" && t.severity === "error").length;
  await con.run(
    `insert into wh.meta.builds values (${lit(r.buildId)}, ${lit(r.status)}, ${r.models.length}, ${failed}, ${r.seconds}, ${now})`,
  );
}

function buildId(): string {
  return `build-${new Date()
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z")}`;
}

export async function build(opts: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const project = await loadProject(opts.modelsDir, opts.seedsDir);
  const paths = buildPaths(opts.dataDir);
  if (!existsSync(paths.warehouse)) {
    throw new WorkforceError("no_build", { path: paths.warehouse }, EXIT.usage);
  }
  const release = opts.lockHeld ? async () => {} : await acquireWriterLock(opts.dataDir);
  const result: BuildResult = { buildId: buildId(), status: "failed", models: [], tests: [], seconds: 0 };
  let instance: DuckDBInstance | null = null;
  let con: DuckDBConnection | null = null;
  try {
    const selection = selectModels(project, opts.select ?? []);
    const partial = (opts.select?.length ?? 0) > 0 && existsSync(paths.current);
    rmSync(paths.next, { force: true });
    rmSync(`${paths.next}.wal`, { force: true });
    if (partial) copyFileSync(paths.current, paths.next);
    // A bounded memory limit lets DuckDB spill large snapshots to disk instead of growing to 80% of RAM.
    instance = await DuckDBInstance.create(paths.next, {
      memory_limit: process.env.WORKFORCE_BUILD_MEMORY_LIMIT ?? "3GB",
    });
    con = await instance.connect();
    await con.run(`attach ${lit(paths.warehouse)} as wh`);
    // Sources and meta tables as views, so model SQL reads raw.<entity> and meta.<table>.
    await con.run("create schema if not exists raw; create schema if not exists meta");
    const whTables = new Set(
      (
        await rowsOf(
          con,
          "select schema_name || '.' || table_name as t from duckdb_tables() where database_name = 'wh'",
        )
      ).map((r) => r.t as string),
    );
    for (const s of SOURCES) {
      if (whTables.has(`raw.${s.name}`)) {
        await con.run(`create or replace view raw.${ident(s.name)} as select * from wh.raw.${ident(s.name)}`);
      }
    }
    for (const t of META_TABLES) {
      if (whTables.has(`meta.${t}`))
        await con.run(`create or replace view meta.${ident(t)} as select * from wh.meta.${ident(t)}`);
    }
    await loadSeeds(con, project, opts.seedsDir ?? SEEDS_DIR);
    for (const layer of ["staging", "marts", "reporting"])
      await con.run(`create schema if not exists ${layer}`);

    for (const [index, name] of selection.entries()) {
      const m = project.models.get(name)!;
      const t0 = performance.now();
      const run: ModelRun = { model: name, status: "ok", rows: null, seconds: 0 };
      try {
        await con.run(`create or replace table ${m.layer}.${ident(m.table)} as\n${m.sql}`);
        run.rows = Number(
          (await rowsOf(con, `select count(*) as n from ${m.layer}.${ident(m.table)}`))[0]!.n,
        );
      } catch (err) {
        run.status = "error";
        run.error = (err as Error).message;
      }
      run.seconds = Math.round((performance.now() - t0) / 10) / 100;
      result.models.push(run);
      opts.onEvent?.({ type: "model", run, index, total: selection.length });
      if (run.status === "error") {
        result.error = new WorkforceError("model_failed", {
          model: name,
          detail: run.error,
          file: m.sqlPath,
        });
        break;
      }
    }

    if (!result.error) {
      const hasPrevious = existsSync(paths.current);
      if (hasPrevious) await con.run(`attach ${lit(paths.current)} as prev (read_only)`);
      const tests = selection.flatMap((n) => compileTests(project.models.get(n)!));
      result.tests = await runCompiledTests(con, tests, hasPrevious, (r) =>
        opts.onEvent?.({ type: "test", result: r }),
      );
      if (hasPrevious) await con.run("detach prev");
      const failed = result.tests.filter((t) => t.status === "fail" && t.severity === "error").length;
      if (failed > 0) result.error = new WorkforceError("tests_failed", { count: failed });
    }
    result.status = result.error ? "failed" : "swapped";
    result.seconds = Math.round((performance.now() - started) / 10) / 100;
    await logBuild(con, result);
    // The build file must not depend on the warehouse file: drop the source views.
    await con.run("drop schema raw cascade; drop schema meta cascade; detach wh; checkpoint");
    con.closeSync();
    instance.closeSync();
    con = null;
    instance = null;
    if (result.error) {
      rmSync(paths.next, { force: true });
    } else {
      renameSync(paths.next, paths.current);
    }
    return result;
  } finally {
    con?.closeSync();
    instance?.closeSync();
    if (result.status !== "swapped") rmSync(paths.next, { force: true });
    await release();
  }
}

/** `workforce test`: run every model's tests against the current build. */
export async function testCurrent(opts: {
  dataDir: string;
  modelsDir?: string;
  onResult?: (r: TestResult) => void;
}) {
  const project = await loadProject(opts.modelsDir);
  const paths = buildPaths(opts.dataDir);
  if (!existsSync(paths.current)) throw new WorkforceError("no_build", { path: paths.current }, EXIT.usage);
  const instance = await DuckDBInstance.create(paths.current, { access_mode: "READ_ONLY" });
  const con = await instance.connect();
  try {
    const tests = project.order.flatMap((n) => compileTests(project.models.get(n)!));
    return await runCompiledTests(con, tests, false, opts.onResult);
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}
