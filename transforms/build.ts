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
 *
 * Incremental builds. When a current build exists (and `full` is not asked for), the new version
 * starts as a copy of it, and each model is
 *   - reused when its fingerprint is unchanged: a hash of its SQL and incremental declaration, the
 *     DuckDB version and the fingerprints of everything it reads (sources: their row count and the
 *     lineage of every row version, which ingest never rewrites, only closes; seeds: the CSV; other
 *     models: their own fingerprint, so unchanged inputs give unchanged outputs);
 *   - rebuilt from the earliest affected date on when it declares `incremental` (model.ts), its SQL
 *     is unchanged and every changed input is declared: the earliest date on which any changed input
 *     row matters is found by comparing the previous and the new input tables, rows before it are
 *     kept and rows on or after it are recomputed (`select * from (<model>) where <date> >= D`);
 *   - otherwise rebuilt in full.
 *   A model may also declare an `entity` (e.g. `person_id`): changed members are then found per
 *   member and recomputed on every date, everybody else only from the date a change of the other
 *   inputs matters (`rebuildPart`);
 *   - recomputed for the changed entities only when it declares an `entity` and no date column (a
 *     record-level model): the entities of the source row versions loaded or closed since the
 *     previous build's watermark (the load log's highest load id, `_build.watermark`), of the
 *     model inputs' rows that differ per entity, and those an input's `changedEntities` query
 *     names (`affectedEntities`);
 * A test whose fingerprint (its SQL and the fingerprints of the tables it reads) is unchanged keeps
 * its previous result; the others run, the uniqueness and row-condition tests of a model rebuilt in
 * part on its recomputed rows only when they passed on the previous build. The result is the same,
 * row for row, as a full build (test/transforms/incremental.test.ts). State lives in the build file
 * (`_build.models`, `_build.tests`).
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import { copyFile } from "node:fs/promises";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { LINEAGE_COLUMNS } from "../ingest/schema.ts";
import { SOURCES } from "../ingest/sources/index.ts";
import { acquireWriterLock, ident, lit, storageVersionOf, warehousePaths } from "../warehouse/db.ts";
import { EXIT, usageError, WorkforceError } from "../warehouse/errors.ts";
import { defineMacros, macroStatement, macrosUsedBy } from "./macros.ts";
import type { Incremental, IncrementalInput } from "./model.ts";
import {
  LAYERS,
  loadProject,
  META_TABLES,
  type Model,
  type Project,
  replaceReferences,
  SEEDS_DIR,
  selectModels,
  stripSqlNoise,
} from "./project.ts";
import { type CompiledTest, compileTests } from "./tests.ts";

/**
 * The storage format of a new build file (DuckDB's `storage_compatibility_version`): readable by
 * DuckDB 1.3.0 and later; a file keeps the format it was created with. Against the default
 * (readable by 1.0.0) it allows the dictionary-FSST string compression: the 69 million rows of the
 * workforce snapshot at 2,000,000 members were written in 57 s instead of 87 s, in a 9% smaller
 * file. The restricted warehouse keeps DuckDB's default: ingest parses into temporary tables and
 * writes the raw tables at commit, and gained nothing (1,000,000 records: 3.69 s against 3.64 s).
 */
export const STORAGE_VERSION = "v1.3.0";

export interface BuildPaths {
  warehouse: string;
  current: string;
  next: string;
}

/**
 * DuckDB's memory limit for a build (and for publishing): `WORKFORCE_BUILD_MEMORY_LIMIT`, 3GB by
 * default. Bounded so DuckDB spills large snapshots to disk instead of growing to 80% of RAM. The
 * process uses more than the limit: at 2,000,000 members it peaked at 3.8-5.3 GiB with 3GB, and at
 * 5.3-5.9 GiB with 4GB (which spilled less: 590-605 s instead of 634-639 s), too close to 6 GiB.
 */
export function buildMemoryLimit(command = "build"): string {
  const v = process.env.WORKFORCE_BUILD_MEMORY_LIMIT;
  if (v === undefined || v === "") return "3GB";
  if (!/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(v.trim())) {
    throw usageError(
      `WORKFORCE_BUILD_MEMORY_LIMIT is ${JSON.stringify(v)}: expected an amount of memory such as 3GB, 3500MB or 4GiB`,
      command,
    );
  }
  return v.trim();
}

/**
 * How many models a build runs side by side, and tests `workforce build` and `workforce test` run
 * (`WORKFORCE_BUILD_CONCURRENCY`, 2 by default; 1 runs them one after the other). They share
 * DuckDB's threads and memory limit.
 */
export function buildConcurrency(command = "build"): number {
  const v = process.env.WORKFORCE_BUILD_CONCURRENCY;
  if (v === undefined || v === "") return 2;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 16) {
    throw usageError(
      `WORKFORCE_BUILD_CONCURRENCY is ${JSON.stringify(v)}: expected a whole number from 1 to 16`,
      command,
    );
  }
  return n;
}

/**
 * A model reading more rows than this (its inputs' sizes together) runs alone: at 2,000,000
 * members, two big models side by side slowed each other down (a full build in 592 s against
 * 521-566 s one at a time: they share the memory limit and spill). At 24,000 members no model
 * reads as many, and running two at a time took the models of a full build from 7.8 s to 7.2 s.
 */
export const ALONE_INPUT_ROWS = 4_000_000;

/**
 * DuckDB's `threads` while `jobs` queries run side by side: each query is also worked on by the
 * thread that started it, so `base` threads (DuckDB's default: one per core) are kept busy by
 * base - jobs + 1 in its pool (at least 1). On 2 cores with two tests at a time that is 1: with 2,
 * three threads shared the two cores and the 754 tests of a 2,000,000-member build took 87.4 s
 * together instead of 76.4 s (158.7 CPU seconds instead of 135.0).
 */
export function threadsFor(base: number, jobs: number): number {
  return Math.max(1, base - Math.max(jobs, 1) + 1);
}

/** Keeps an instance's `threads` at `threadsFor` the number of jobs running, one SET per change. */
export interface ThreadBudget {
  /** `n` jobs are running now (applied in the order called). */
  jobs(n: number): Promise<void>;
  /** Back to the instance's own number of threads; closes the budget's connection. */
  close(): Promise<void>;
}

export async function threadBudget(instance: DuckDBInstance): Promise<ThreadBudget> {
  // A connection of its own: a SET on a connection running a model would wait for the model.
  const con = await instance.connect();
  const base = Number((await rowsOf(con, "select current_setting('threads') as t"))[0]!.t);
  let current = base;
  let last: Promise<void> = Promise.resolve();
  const apply = (threads: number) => {
    last = last.then(async () => {
      if (threads === current) return;
      await con.run(`set threads = ${threads}`);
      current = threads;
    });
    return last;
  };
  return {
    jobs: (n) => apply(threadsFor(base, n)),
    close: async () => {
      try {
        await apply(base);
      } finally {
        con.closeSync();
      }
    },
  };
}

/**
 * For each of `names`, the number of models on the longest chain of them it starts (itself and
 * those reading it, directly or not): a build starts the longest chains first.
 */
export function chainLengths(project: Project, names: readonly string[]): Map<string, number> {
  const among = new Set(names);
  const readers = new Map<string, string[]>(names.map((n) => [n, []]));
  for (const n of names) {
    for (const d of project.models.get(n)!.dependsOn) if (among.has(d)) readers.get(d)!.push(n);
  }
  const length = new Map<string, number>();
  // Reverse dependency order: every reader of a model is measured before it.
  for (const n of [...project.order].reverse()) {
    if (!among.has(n)) continue;
    length.set(n, 1 + Math.max(0, ...readers.get(n)!.map((r) => length.get(r)!)));
  }
  return length;
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
  /**
   * full: computed from scratch; incremental: rows from `from` on recomputed (none when `from` is
   * null: no change mattered); reused: unchanged inputs, the previous table kept.
   */
  mode?: "full" | "incremental" | "reused";
  from?: string | null;
  /** Entities (of the model's `incremental.entity`) whose rows were recomputed on every date. */
  entities?: number;
  /** The entity column, when `entities` is set. */
  entity?: string;
  /** Set when the model is partitioned by entity only (no date column): `entities` on no date. */
  entityOnly?: boolean;
  /**
   * Seconds spent comparing the previous and the new inputs to find `from` (part of `seconds`);
   * set when the model was considered for an incremental build.
   */
  compareSeconds?: number;
  /**
   * Set when a model partitioned by entity only was rebuilt in full instead of in part: the share
   * of its rows held by the changed entities (over `fullRebuild.share`).
   */
  changedShare?: number;
  /**
   * DuckDB threads of a model run again on one thread after running out of memory alone (fewer
   * threads hold fewer buffers at once: DuckDB's own advice for this error).
   */
  threads?: number;
}

export interface TestResult {
  model: string;
  test: string;
  severity: "error" | "warn";
  status: "pass" | "fail";
  failures: number;
  /** First offending rows (grain and tested columns only). */
  sample: Record<string, unknown>[];
  /** The previous result, kept: the test and every table it reads are unchanged. */
  reused?: boolean;
  /**
   * Run on the rows recomputed in this build only (a model rebuilt in part whose test passed on the
   * previous build; see `CompiledTest.scoped`): the result is the table's.
   */
  scoped?: boolean;
  /** Seconds the test's queries took (a share of the one scan counting a model's row conditions). */
  seconds?: number;
}

export interface BuildResult {
  buildId: string;
  status: "swapped" | "failed";
  models: ModelRun[];
  tests: TestResult[];
  seconds: number;
  /**
   * Where the time went (seconds): preparing (copying the previous build, loading seeds,
   * fingerprinting the sources), the models, the tests, and finishing (state, log, checkpoint).
   */
  phases?: { prepare: number; models: number; tests: number; finish: number };
  /**
   * Set when a current build existed but was not reused: `storage_format` when it was created in an
   * older storage format than `STORAGE_VERSION` (rebuilt in full once).
   */
  full?: "storage_format";
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
  /** For tests: the storage format of a new build file (default `STORAGE_VERSION`). */
  storageVersion?: string;
  seedsDir?: string;
  /** Hold the lock already (called from `workforce run`). */
  lockHeld?: boolean;
  /** Rebuild every model from scratch, even when a previous build could be reused. */
  full?: boolean;
}

const TEXT_COLUMN = /(_fips|_geoid|_code|_id|^zip)$/;

/** Load every seed CSV into `seeds.<name>`; identifier-like columns stay text (leading zeros). */
export async function loadSeeds(
  con: DuckDBConnection,
  project: Project,
  seedsDir: string,
  /** Seeds whose table (in the copied previous build) was loaded from the same CSV: kept when present. */
  unchanged: ReadonlySet<string> = new Set(),
): Promise<void> {
  await con.run("create schema if not exists seeds");
  const present = new Set(
    unchanged.size === 0
      ? []
      : (
          await rowsOf(
            con,
            "select table_name as t from duckdb_tables() where database_name = current_database() and schema_name = 'seeds'",
          )
        ).map((r) => r.t as string),
  );
  for (const seed of project.seeds) {
    if (unchanged.has(seed) && present.has(seed)) continue;
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

/** The rows of a model a test is run on: a condition, and the columns it reads. */
export interface TestScope {
  condition: string;
  columns: readonly string[];
  /** A table holding exactly the rows matching `condition`, when there is one. */
  rows?: string;
  /**
   * With `rows`: kept rows to read as well (`condition`, in the model's table), those matching
   * `recomputed` excluded (they are in `rows`). `condition` above then covers both.
   */
  kept?: { condition: string; recomputed: string };
}

/**
 * Run `jobs`, each on one of `cons` while no other job uses it (so at most `cons.length` at a
 * time); the results in the order of `jobs`.
 */
export async function onConnections<T>(
  cons: readonly DuckDBConnection[],
  jobs: readonly ((con: DuckDBConnection) => Promise<T>)[],
  /**
   * Told how many connections have a job: before any starts, and as each runs out of jobs (a
   * budget of threads: lowering DuckDB's threads waits for a running query's current task, which
   * can take seconds, so it is done before the jobs start; raising them is immediate).
   */
  onActive?: (n: number) => Promise<void>,
): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  let failed = false;
  let active = Math.min(cons.length, jobs.length);
  if (active > 0) await onActive?.(active);
  const worker = async (con: DuckDBConnection) => {
    try {
      while (next < jobs.length && !failed) {
        const i = next++;
        try {
          results[i] = await jobs[i]!(con);
        } catch (e) {
          failed = true;
          throw e;
        }
      }
    } finally {
      await onActive?.(--active);
    }
  };
  // After a failure no job starts, and the running ones finish before it is thrown (the caller may
  // close the connections).
  const outcomes = await Promise.allSettled(cons.slice(0, active).map(worker));
  const rejected = outcomes.find((o) => o.status === "rejected");
  if (rejected) throw (rejected as PromiseRejectedResult).reason;
  return results;
}

export async function runCompiledTests(
  /** One connection, or several to run tests side by side. */
  connections: DuckDBConnection | readonly DuckDBConnection[],
  tests: CompiledTest[],
  hasPrevious: boolean,
  onResult?: (r: TestResult) => void,
  /** A previous result still valid for this test, if any. */
  previous?: (t: CompiledTest) => TestResult | undefined,
  /**
   * A condition restricting the test to the rows recomputed in this build, when running it on
   * those alone gives its full result (see `CompiledTest.scoped`).
   */
  scopeOf?: (t: CompiledTest) => TestScope | undefined | Promise<TestScope | undefined>,
  /** Told how many tests run side by side, when that changes (see `threadBudget`). */
  onActive?: (n: number) => Promise<void>,
): Promise<TestResult[]> {
  const cons = Array.isArray(connections) ? connections : [connections as DuckDBConnection];
  const todo = tests.filter((t) => !(t.needsPrevious && !hasPrevious));
  const kept = new Map(todo.map((t) => [t, previous?.(t)]));
  const scope = new Map<CompiledTest, TestScope | undefined>();
  const timeOf = new Map<CompiledTest, number>();
  for (const t of todo) {
    const t0 = performance.now();
    scope.set(t, kept.get(t) ? undefined : await scopeOf?.(t));
    timeOf.set(t, performance.now() - t0);
  }
  const sqlOf = (t: CompiledTest) => {
    const c = scope.get(t);
    return c === undefined ? t.sql : t.scoped!.sql(c.condition, c.columns, c.rows, c.kept);
  };
  // The row-condition tests of a model that have to run are counted together, in one scan (of the
  // recomputed rows, for those scoped to them).
  const counts = new Map<CompiledTest, number>();
  const byScan = new Map<string, CompiledTest[]>();
  for (const t of todo) {
    if (kept.get(t) || t.where === undefined) continue;
    const key = `${t.model}\u0000${scope.get(t)?.condition ?? ""}\u0000${scope.get(t)?.rows ?? ""}`;
    byScan.set(key, [...(byScan.get(key) ?? []), t]);
  }
  const scans = [...byScan.values()].filter((group) => group.length >= 2);
  await onConnections(
    cons,
    scans.map((group) => async (con) => {
      const t0 = performance.now();
      const [schema, table] = group[0]!.model.split(".") as [string, string];
      const c = scope.get(group[0]!)?.condition;
      const rows = scope.get(group[0]!)?.rows;
      const row = (
        await rowsOf(
          con,
          `select ${group.map((t, i) => `count(*) filter (where ${t.where}) as t${i}`).join(", ")} from ${
            rows ?? `${schema}.${ident(table)}${c === undefined ? "" : ` where ${c}`}`
          }`,
        )
      )[0]!;
      for (const [i, t] of group.entries()) counts.set(t, Number(row[`t${i}`]));
      const share = (performance.now() - t0) / group.length;
      for (const t of group) timeOf.set(t, (timeOf.get(t) ?? 0) + share);
    }),
    onActive,
  );
  // Relationships tests pointing to the same column check their values against its distinct
  // values, listed once in an in-memory database every connection sees (read-write, also in the
  // read-only instance of `workforce test`). At 2,000,000 members the 8.6 million versions of
  // dim_people hold 2 million members: 0.75 s less per test on one thread.
  const pointingTo = new Map<string, CompiledTest[]>();
  for (const t of todo) {
    if (kept.get(t) || scope.get(t) !== undefined || !t.relationship || !t.passesAgainst) continue;
    const key = `${t.relationship.to}.${ident(t.relationship.field)}`;
    pointingTo.set(key, [...(pointingTo.get(key) ?? []), t]);
  }
  const keysOf = new Map<CompiledTest, string>();
  const shared = [...pointingTo.values()].filter((group) => group.length >= 2);
  if (shared.length > 0) await cons[0]!.run(`attach ':memory:' as ${TEST_KEYS} (read_write)`);
  try {
    for (const [i, group] of shared.entries()) {
      const t0 = performance.now();
      const { to, field } = group[0]!.relationship!;
      const [schema, table] = to.split(".") as [string, string];
      const keys = `${TEST_KEYS}.main.${ident(`keys_${i}`)}`;
      await cons[0]!.run(
        `create table ${keys} as select distinct ${ident(field)} as v from ${schema}.${ident(table)}`,
      );
      const share = (performance.now() - t0) / group.length;
      for (const t of group) {
        keysOf.set(t, keys);
        timeOf.set(t, (timeOf.get(t) ?? 0) + share);
      }
    }
    // Then every test not kept, side by side on the connections (a scan's tests have their counts).
    const run = async (t: CompiledTest, con: DuckDBConnection): Promise<TestResult> => {
      const t0 = performance.now();
      const sql = sqlOf(t);
      const keys = keysOf.get(t);
      const passes = keys !== undefined ? t.passesAgainst!(keys) : t.passes;
      const count =
        counts.get(t) ??
        (passes !== undefined && scope.get(t) === undefined && (await rowsOf(con, passes)).length === 0
          ? 0
          : Number((await rowsOf(con, `select count(*) as n from (${sql})`))[0]!.n));
      const sample =
        count > 0
          ? await rowsOf(con, `select ${t.show.map(ident).join(", ")} from (${sql}) order by all limit 5`)
          : [];
      const result: TestResult = {
        model: t.model,
        test: t.name,
        severity: t.severity,
        status: count > 0 ? "fail" : "pass",
        failures: count,
        sample,
        seconds: Math.round((timeOf.get(t)! + performance.now() - t0) / 10) / 100,
      };
      if (scope.get(t) !== undefined) result.scoped = true;
      onResult?.(result);
      return result;
    };
    return await onConnections(
      cons,
      todo.map((t) => async (con) => {
        const reused = kept.get(t);
        if (reused) {
          onResult?.(reused);
          return reused;
        }
        return run(t, con);
      }),
      onActive,
    );
  } finally {
    if (shared.length > 0) await cons[0]!.run(`detach ${TEST_KEYS}`);
  }
}

/** The in-memory database of the relationships tests' distinct values (see `runCompiledTests`). */
const TEST_KEYS = "_test_keys";

const FINGERPRINT_VERSION = "1";

/** SQL reading the clock: a test using it can change its verdict on rows that did not change. */
const CLOCK =
  /\b(current_date|current_time|current_timestamp|now|today|get_current_time|get_current_timestamp|localtime|localtimestamp)\b/i;
const STATE = "_build";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** What the previous build recorded about a model. */
interface ModelState {
  fingerprint: string;
  /** Hash of the model's own definition (SQL, incremental declaration, engine). */
  definition: string;
  /** The fingerprint of each input when the model was built. */
  inputs: Record<string, string>;
}

interface TestState {
  fingerprint: string;
  /** Hash of the test itself (its SQL, severity, engine), without the tables it reads. */
  definition?: string;
  result: TestResult;
}

interface PreviousState {
  models: Map<string, ModelState>;
  tests: Map<string, TestState>;
  /**
   * The highest load id in the warehouse's load log when the previous build ran (null: no load
   * yet; undefined: not recorded). Source rows added or closed by a later load are its changes.
   */
  watermark?: number | null;
}

/** The state a build recorded in `database` (an attached build file). */
async function readState(con: DuckDBConnection, database: string): Promise<PreviousState> {
  const state: PreviousState = { models: new Map(), tests: new Map() };
  const tables = new Set(
    (
      await rowsOf(
        con,
        `select table_name as t from duckdb_tables() where database_name = ${lit(database)} and schema_name = '${STATE}'`,
      )
    ).map((r) => r.t as string),
  );
  if (!tables.has("models") || !tables.has("tests")) return state;
  const at = `${ident(database)}.${STATE}`;
  if (tables.has("watermark")) {
    const w = (await rowsOf(con, `select max_load_id from ${at}.watermark`))[0];
    if (w) state.watermark = w.max_load_id === null ? null : Number(w.max_load_id);
  }
  for (const r of await rowsOf(con, `select * from ${at}.models`)) {
    state.models.set(r.model as string, {
      fingerprint: r.fingerprint as string,
      definition: r.definition as string,
      inputs: JSON.parse(r.inputs as string) as Record<string, string>,
    });
  }
  for (const r of await rowsOf(con, `select * from ${at}.tests`)) {
    state.tests.set(`${r.model} ${r.test}`, {
      fingerprint: r.fingerprint as string,
      definition: (r.definition as string | undefined) ?? undefined,
      result: {
        model: r.model as string,
        test: r.test as string,
        severity: r.severity as TestResult["severity"],
        status: r.status as TestResult["status"],
        failures: Number(r.failures),
        sample: JSON.parse(r.sample as string) as Record<string, unknown>[],
        reused: true,
      },
    });
  }
  return state;
}

async function writeState(
  con: DuckDBConnection,
  models: Map<string, ModelState>,
  tests: Map<string, TestState>,
  watermark: number | null,
): Promise<void> {
  await con.run(`drop schema if exists ${STATE} cascade; create schema ${STATE}`);
  await con.run(
    `create table ${STATE}.watermark as select ${watermark === null ? "null" : watermark}::integer as max_load_id`,
  );
  await con.run(
    `create table ${STATE}.models (model varchar primary key, fingerprint varchar not null,
      definition varchar not null, inputs varchar not null)`,
  );
  await con.run(
    `create table ${STATE}.tests (model varchar not null, test varchar not null, fingerprint varchar not null,
      severity varchar not null, status varchar not null, failures bigint not null, sample varchar not null,
      definition varchar)`,
  );
  const chunks = <T>(xs: T[]) =>
    Array.from({ length: Math.ceil(xs.length / 500) }, (_, i) => xs.slice(i * 500, i * 500 + 500));
  for (const part of chunks([...models])) {
    await con.run(
      `insert into ${STATE}.models values ${part
        .map(
          ([m, st]) =>
            `(${lit(m)}, ${lit(st.fingerprint)}, ${lit(st.definition)}, ${lit(JSON.stringify(st.inputs))})`,
        )
        .join(", ")}`,
    );
  }
  for (const part of chunks([...tests.values()])) {
    await con.run(
      `insert into ${STATE}.tests values ${part
        .map(
          ({ fingerprint, definition, result: t }) =>
            `(${lit(t.model)}, ${lit(t.test)}, ${lit(fingerprint)}, ${lit(t.severity)}, ${lit(t.status)}, ${t.failures}, ${lit(JSON.stringify(t.sample))}, ${definition ? lit(definition) : "null"})`,
        )
        .join(", ")}`,
    );
  }
}

/**
 * Fingerprints of what models read besides other models. A source: its row count and the lineage
 * and validity of every row version (ingest appends versions and closes them, never rewrites one);
 * a meta table: every row; a seed: its CSV.
 */
async function externalFingerprints(
  con: DuckDBConnection,
  project: Project,
  seedsDir: string,
  whTables: Set<string>,
  /** The previous build's watermark: also give each source's fingerprint as it was then. */
  watermark: number | null | undefined,
  sourcesThen: Map<string, string>,
): Promise<Map<string, string>> {
  const fps = new Map<string, string>();
  const read = new Set([...project.models.values()].flatMap((m) => m.reads));
  for (const s of SOURCES) {
    const name = `raw.${s.name}`;
    if (!read.has(name)) continue;
    if (!whTables.has(name)) {
      fps.set(name, "absent");
      continue;
    }
    // The table as it was at the watermark: the versions loaded by then, without the closing a
    // later load gave them (ingest sets _valid_to, _end_reason and _end_load_id together). Its sum
    // of row hashes is the current one less the rows a later load added or closed, plus the hashes
    // those closed rows had then: a second pass over the few rows touched since (filtered on the
    // load ids), not a second hash of every row.
    const w = watermark ?? 0;
    const cur = LINEAGE_COLUMNS.map(([c]) => c).join(", ");
    const then = LINEAGE_COLUMNS.map(([c]) =>
      c === "_valid_to" || c === "_end_reason" || c === "_end_load_id"
        ? `case when _end_load_id <= ${w} then ${c} end`
        : c,
    ).join(", ");
    const table = `wh.raw.${ident(s.name)}`;
    const r = (
      await rowsOf(
        con,
        watermark === undefined
          ? `select count(*)::varchar || ':' || coalesce(sum(hash(${cur}))::varchar, '') as fp, null as fp_then from ${table}`
          : `with a as (select count(*) as c, sum(hash(${cur})) as s from ${table}),
             t as (
                 select count(*) filter (where _load_id > ${w}) as c_new, coalesce(sum(hash(${cur})), 0) as s_cur,
                     coalesce(sum(hash(${then})) filter (where _load_id <= ${w}), 0) as s_then
                 from ${table} where _load_id > ${w} or _end_load_id > ${w}
             )
             select a.c::varchar || ':' || coalesce(a.s::varchar, '') as fp,
                 (a.c - t.c_new)::varchar || ':'
                     || case when a.c = t.c_new then '' else (a.s - t.s_cur + t.s_then)::varchar end as fp_then
             from a, t`,
      )
    )[0]!;
    fps.set(name, r.fp as string);
    if (r.fp_then !== null) sourcesThen.set(name, r.fp_then as string);
  }
  for (const t of META_TABLES) {
    const name = `meta.${t}`;
    if (!read.has(name)) continue;
    if (!whTables.has(name)) {
      fps.set(name, "absent");
      continue;
    }
    const r = (
      await rowsOf(
        con,
        `select count(*)::varchar || ':' || coalesce(sum(hash(t))::varchar, '') as fp from wh.meta.${ident(t)} t`,
      )
    )[0]!;
    fps.set(name, r.fp as string);
  }
  for (const seed of project.seeds) {
    fps.set(`seeds.${seed}`, sha256(readFileSync(join(seedsDir, `${seed}.csv`), "utf8")));
  }
  return fps;
}

/** What a build reads before it writes anything: see `preflight`. */
interface Preflight {
  /** The previous build's state (when it is reused). */
  previous: PreviousState;
  /** The warehouse's tables (`raw.<entity>`, `meta.<table>`). */
  whTables: Set<string>;
  /** The load log's highest load id: this build's watermark. */
  watermark: number | null;
  fps: Map<string, string>;
  sourcesThen: Map<string, string>;
  /** DuckDB's version, part of every model's definition. */
  engine: string;
}

/**
 * The previous build's state (read from the current build), the warehouse's tables and load-log
 * watermark, and the fingerprints of the sources, meta tables and seeds, on an in-memory DuckDB
 * instance of its own that attaches the warehouse and the current build read-only: it runs while
 * the current build is copied to the next one, and is closed before the build opens the warehouse
 * for writing.
 */
async function preflight(
  paths: BuildPaths,
  project: Project,
  seedsDir: string,
  reuse: boolean,
): Promise<Preflight> {
  const scratch = await DuckDBInstance.create(":memory:", { memory_limit: buildMemoryLimit() });
  try {
    const con = await scratch.connect();
    try {
      await con.run(`attach ${lit(paths.warehouse)} as wh (read_only)`);
      let previous: PreviousState = { models: new Map(), tests: new Map() };
      if (reuse) {
        await con.run(`attach ${lit(paths.current)} as prev (read_only)`);
        previous = await readState(con, "prev");
      }
      const whTables = new Set(
        (
          await rowsOf(
            con,
            "select schema_name || '.' || table_name as t from duckdb_tables() where database_name = 'wh'",
          )
        ).map((r) => r.t as string),
      );
      const outdated = await rowsOf(
        con,
        `select table_name from duckdb_columns() where database_name = 'wh' and schema_name = 'raw'
           and column_name = '_extract_id' limit 1`,
      );
      if (outdated.length > 0) {
        throw new WorkforceError("warehouse_outdated", { path: paths.warehouse }, EXIT.usage);
      }
      const engine = String((await rowsOf(con, "select version() as v"))[0]!.v);
      // The load log's highest load id: the next build's watermark (source rows added or closed by a
      // later load are that build's changes).
      const watermark = whTables.has("meta.load_log")
        ? ((v) => (v === null ? null : Number(v)))(
            (await rowsOf(con, "select max(load_id) as w from wh.meta.load_log"))[0]!.w as number | null,
          )
        : null;
      const sourcesThen = new Map<string, string>();
      const fps = await externalFingerprints(
        con,
        project,
        seedsDir,
        whTables,
        reuse ? previous.watermark : undefined,
        sourcesThen,
      );
      return { previous, whTables, watermark, fps, sourcesThen, engine };
    } finally {
      con.closeSync();
    }
  } finally {
    scratch.closeSync();
  }
}

/** What a model's definition fingerprint hashes: its SQL, incremental declaration and macros. */
export function definitionInputs(m: Pick<Model, "sql" | "meta">, engine: string): Record<string, unknown> {
  // The macros it calls are part of its SQL (only when it calls one: other models' definitions stay).
  const macros = macrosUsedBy(m.sql).map((mac) => macroStatement(mac));
  return {
    v: FINGERPRINT_VERSION,
    engine,
    sql: m.sql,
    incremental: m.meta.incremental ?? null,
    ...(macros.length > 0 ? { macros } : {}),
  };
}

function definitionOf(m: Model, engine: string): string {
  return sha256(JSON.stringify(definitionInputs(m, engine)));
}

function inputsOf(m: Model, fps: Map<string, string>): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const n of [...m.dependsOn, ...m.reads].sort()) inputs[n] = fps.get(n) ?? `unknown:${Math.random()}`;
  return inputs;
}

function fingerprintOf(definition: string, inputs: Record<string, string>): string {
  return sha256(JSON.stringify({ definition, inputs }));
}

const DATE_MAX = "'infinity'::date";

/**
 * A model rebuilt in part in this build: its rows on or after `from`, and, when it declares an
 * entity, the rows of the entities listed in `entities` (a table) on every date. The rest were kept.
 */
interface PartialRebuild {
  /** The date column (none for a model partitioned by entity only, whose `from` is null). */
  column?: string;
  /**
   * For a model partitioned by entity only: a scratch table holding exactly its recomputed rows
   * (the tests scoped to them read it instead of finding them in the whole table).
   */
  rows?: string;
  /** The previous build's rows matching the same condition, once materialised (see `comparedSides`). */
  previousRows?: string;
  /**
   * The columns its incremental readers compare (`comparedColumns`): the only ones of the previous
   * rows materialised; undefined for all of them.
   */
  compared?: readonly string[];
  from: string | null;
  entity?: { column: string; table: string };
}

/**
 * The condition selecting the rows of a model rebuilt in part that were recomputed (null when none
 * were), and the columns it uses.
 */
function recomputedRows(part: PartialRebuild): { condition: string | null; columns: string[] } {
  const conditions: string[] = [];
  const columns: string[] = [];
  if (part.from !== null && part.column !== undefined) {
    conditions.push(`${ident(part.column)} >= ${lit(part.from)}::date`);
    columns.push(part.column);
  }
  if (part.entity) {
    conditions.push(`${ident(part.entity.column)} in (select entity from ${part.entity.table})`);
    columns.push(part.entity.column);
  }
  return { condition: conditions.length === 0 ? null : `(${conditions.join(" or ")})`, columns };
}

/**
 * The WHERE clause (possibly empty) selecting the rows of an input to compare with its previous
 * version: the rows the model reads (`where`) and, for an input rebuilt in part in this build, its
 * recomputed rows only (the others were kept). Null when such an input recomputed nothing.
 */
function comparedRows(decl: IncrementalInput, part: PartialRebuild | undefined): string | null {
  const conditions: string[] = [];
  if (decl.where) conditions.push(`(${decl.where})`);
  if (part) {
    const { condition } = recomputedRows(part);
    if (condition === null) return null;
    conditions.push(condition);
  }
  return conditions.length > 0 ? ` where ${conditions.join(" and ")}` : "";
}

/** One side of a comparison: a relation (aliased `r_` where used) and a WHERE clause (or ""). */
interface Side {
  from: string;
  where: string;
}

/** The scratch table of the previous rows of a model rebuilt in part (`PartialRebuild.previousRows`). */
const previousRowsTable = (rel: string) =>
  `${SCRATCH}.${ident(`previous_rows__${rel.replace(/"/g, "").replace(".", "__")}`)}`;

/**
 * The columns of a model rebuilt in part (`table`, as it was in the previous build) kept in its
 * previous rows: only the columns its readers compare (every row is read for the condition: at
 * 2,000,000 members the snapshot's 70 million, so each column left out is one not decompressed).
 */
async function previousColumns(con: DuckDBConnection, table: string, part: PartialRebuild): Promise<string> {
  if (!part.compared) return "*";
  // DuckDB matches names case-insensitively.
  const wanted = new Set(part.compared.map((c) => c.toLowerCase()));
  const kept = (await columnsOf(con, table)).map((c) => c.name).filter((c) => wanted.has(c.toLowerCase()));
  return kept.length > 0 ? kept.map(ident).join(", ") : "*";
}

/** Whether any model declares `input` as an incremental input (and so compares its rows). */
function isCompared(project: Project, input: string): boolean {
  return [...project.models.values()].some((m) => m.meta.incremental?.inputs[input] !== undefined);
}

/**
 * The rows of an input to compare with its previous version (`comparedRows`), each side as a
 * relation and a condition, `also` (a condition) and-ed to both. For an input rebuilt in part with
 * a scratch table of its recomputed rows, the new side reads that table and the old side the
 * previous build's same rows, kept once per build (by `rebuildPart` as it deleted them, otherwise
 * here by the first model comparing the input; at 2,000,000 members the snapshot's 4.5 million
 * recomputed rows instead of its 70 million, both sides, for each model reading it). Null when the
 * input recomputed nothing.
 */
async function comparedSides(
  con: DuckDBConnection,
  rel: string,
  decl: IncrementalInput,
  part: PartialRebuild | undefined,
  also?: string,
): Promise<{ old: Side; new: Side } | null> {
  const where = comparedRows(decl, part);
  if (where === null) return null;
  const and = (w: string) => (also === undefined ? w : w === "" ? ` where ${also}` : `${w} and ${also}`);
  if (!part?.rows)
    return { old: { from: `prev.${rel}`, where: and(where) }, new: { from: rel, where: and(where) } };
  if (part.previousRows === undefined) {
    // (Usually saved by `rebuildPart` as it deleted them.)
    const table = previousRowsTable(rel);
    const [schema, name] = rel.split(".") as [string, string];
    const columns = await previousColumns(
      con,
      `prev.${ident(schema)}.${ident(name.replace(/"/g, ""))}`,
      part,
    );
    await con.run(
      `create schema if not exists ${SCRATCH};
       create or replace table ${table} as select ${columns} from prev.${rel} where ${recomputedRows(part).condition}`,
    );
    part.previousRows = table;
  }
  const own = and(decl.where ? ` where (${decl.where})` : "");
  return { old: { from: part.previousRows, where: own }, new: { from: part.rows, where: own } };
}

/**
 * The columns of a model that the models declaring it as an incremental input compare: the columns,
 * key, dates and entity column of each declaration, its gate's key, and every word of its `where`
 * (those that are not columns are dropped when the table's columns are known). Undefined when a
 * declaration hashes whole rows (no `columns`).
 */
export function comparedColumns(project: Project, input: string): string[] | undefined {
  const columns = new Set<string>();
  for (const m of project.models.values()) {
    const decl = m.meta.incremental?.inputs[input];
    if (!decl) continue;
    if (!decl.columns) return undefined;
    for (const c of [
      ...decl.columns,
      ...(decl.key ?? []),
      decl.from,
      decl.until,
      decl.entityColumn,
      ...Object.keys(decl.activeFrom?.key ?? {}),
      ...(decl.where?.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []),
    ])
      if (c !== undefined) columns.add(c);
  }
  return [...columns];
}

/**
 * The groups (values of `groups`, as `g0_`, `g1_`, ...) whose rows differ between the two sides,
 * compared by a count and a sum of row hashes per group: a change goes unseen only if two sums of
 * 64-bit hashes are equal (about 2^-64).
 */
function differingGroups(sides: { old: Side; new: Side }, hashed: string, groups: readonly string[]): string {
  const sums = (side: Side) =>
    `select ${groups.map((g, i) => `${g} as g${i}_`).join(", ")}, count(*) as c_, sum(${hashed}) as s_
     from ${side.from} r_${side.where} group by all`;
  return `select ${groups.map((_, i) => `case when o.c_ is null then n.g${i}_ else o.g${i}_ end as g${i}_`).join(", ")}
    from (${sums(sides.old)}) o full join (${sums(sides.new)}) n
      on ${groups.map((_, i) => `o.g${i}_ is not distinct from n.g${i}_`).join(" and ")}
    where o.c_ is distinct from n.c_ or o.s_ is distinct from n.s_`;
}

/** Schema of the build's scratch tables and views (dropped before the build file is closed). */
const SCRATCH = "_incremental";

/** The table of the entities whose rows a model recomputes on every date. */
const entityTable = (m: Model) => `${SCRATCH}.${ident(`entities__${m.layer}__${m.table}`)}`;

/**
 * An empty `entityTable(m)`, its column typed as the entity column of the model or, for an additive
 * model (which sums over the entity), of its first input naming one.
 */
async function createEntityTable(con: DuckDBConnection, project: Project, m: Model, inc: Incremental) {
  let typed = `select ${ident(inc.entity!)} as entity from ${m.layer}.${ident(m.table)} limit 0`;
  if (inc.additive) {
    // The first input holding the entity itself (validated when the project loads).
    const [input, decl] = Object.entries(inc.inputs).find(
      ([, d]) => d.entityColumn !== undefined && d.entityVia === undefined,
    )!;
    const u = project.models.get(input)!;
    typed = `select ${ident(decl.entityColumn!)} as entity from ${u.layer}.${ident(u.table)} limit 0`;
  }
  await con.run(
    `create schema if not exists ${SCRATCH};
     create or replace table ${entityTable(m)} as ${typed}`,
  );
}

/**
 * What of the model a change of its inputs (declared in its `incremental.inputs`) can affect,
 * comparing the previous build's tables (`prev.`) with the new ones: the earliest date on which a
 * changed row matters (`from`, null when none), and, for a model declaring an `entity`, how many
 * entities changed in the inputs naming an `entityColumn` (listed in `entityTable(m)`). 'none' when
 * no change matters, 'full' when it cannot be bounded.
 */
async function affectedRows(
  con: DuckDBConnection,
  project: Project,
  m: Model,
  inc: Incremental,
  previous: PreviousState,
  fps: Map<string, string>,
  /** Models rebuilt in part in this build: only their recomputed rows can differ. */
  partlyRebuilt: Map<string, PartialRebuild>,
): Promise<{ from: string | null; entities: number } | "none" | "full"> {
  if (inc.entity) await createEntityTable(con, project, m, inc);
  const was = previous.models.get(m.name)!;
  const now = inputsOf(m, fps);
  let earliest: string | null = null;
  for (const [input, fp] of Object.entries(now)) {
    if (was.inputs[input] === fp) continue;
    const decl = inc.inputs[input];
    const upstream = project.models.get(input);
    // Only a declared model input whose previous table is the one this model was built from can be compared.
    if (!decl || !upstream || previous.models.get(input)?.fingerprint !== was.inputs[input]) return "full";
    const rel = `${upstream.layer}.${ident(upstream.table)}`;
    const others = decl.columns!.filter(
      (c) => !decl.key!.includes(c) && c !== decl.from! && c !== decl.until,
    );
    const key = decl.key!.map(ident);
    const until = decl.until ? ident(decl.until) : "null::date";
    const part = partlyRebuilt.get(input);
    if (comparedRows(decl, part) === null) continue;
    const gate = decl.activeFrom;
    const hashed = `hash(${decl.columns!.map(ident).join(", ")})`;
    if (inc.entity && decl.entityColumn) {
      let before: string | undefined;
      if (part?.column !== undefined && part.from !== null && part.column === decl.from) {
        // An input recomputed from date F on (every entity's rows) partitioned by the date its rows
        // matter from: those rows matter from F, and only its changed entities' rows before F are
        // compared (otherwise every entity with a row on or after F would look changed).
        if (earliest === null || part.from < earliest) earliest = part.from;
        before = `${ident(decl.from)} < ${lit(part.from)}::date`;
      }
      const via = decl.entityVia;
      if (
        inc.additive &&
        via === undefined &&
        part?.entity?.column === decl.entityColumn &&
        // Its rows from a date on were recomputed for everybody: only when they are accounted for
        // by that date (`before`) are the changes all among its entities.
        (part.from === null || before !== undefined)
      ) {
        // An additive model reads the changed entities' rows of both sides anyway to add their
        // difference: the input's recomputed entities are taken as they are, without comparing
        // (an unchanged one adds nothing).
        await con.run(`insert into ${entityTable(m)} select entity from ${part.entity.table}`);
        continue;
      }
      // The entities whose rows differ.
      const differing = differingGroups((await comparedSides(con, rel, decl, part, before))!, hashed, [
        ident(decl.entityColumn),
      ]);
      if (via === undefined) {
        await con.run(`insert into ${entityTable(m)} select g0_ from (${differing})`);
        continue;
      }
      // Another kind of entity: the model's entities paired with a changed one, before or now (a
      // changed row without an entity: null, rebuilt in full).
      const pairs = project.models.get(via.input)!;
      if (!previous.models.has(via.input)) return "full";
      const prel = `${pairs.layer}.${ident(pairs.table)}`;
      const pw = via.where ? ` where (${via.where})` : "";
      const pair = (side: string) =>
        `select ${ident(via.column)} as x_, ${ident(via.entity)} as e_ from ${side}${pw}`;
      await con.run(
        `create or replace table ${SCRATCH}.changed_via as ${differing};
         insert into ${entityTable(m)}
         select e_ from (${pair(`prev.${prel}`)} union all ${pair(prel)}) p
         semi join ${SCRATCH}.changed_via c on p.x_ = c.g0_
         union all select null from ${SCRATCH}.changed_via where g0_ is null`,
      );
      continue;
    }
    if (!decl.until && !gate) {
      // Every row matters from its own `from` date: the earliest `from` whose rows differ, compared
      // per date instead of EXCEPT ALL of the rows: the monthly snapshot's tail (40 million rows a
      // side at 2,000,000 members) in 3.8 s instead of 82 s.
      const d = (
        await rowsOf(
          con,
          `select min(coalesce(g0_, '-infinity'::date))::varchar as d
           from (${differingGroups((await comparedSides(con, rel, decl, part))!, hashed, [`${ident(decl.from!)}::date`])})`,
        )
      )[0]!.d as string | null;
      if (d === null || d === "infinity") continue;
      if (d === "-infinity") return "full";
      if (earliest === null || d < earliest) earliest = d;
      continue;
    }
    // The rows of a key that are the same on both sides cancel out below: only the keys whose rows
    // differ are compared row by row (at 2,000,000 members, the 8.6 million versions of dim_people
    // a side).
    const changedKeys = `${SCRATCH}.changed_keys`;
    const sides = (await comparedSides(con, rel, decl, part))!;
    await con.run(
      `create schema if not exists ${SCRATCH};
       create or replace table ${changedKeys} as ${differingGroups(sides, hashed, decl.key!.map(ident))}`,
    );
    if (Number((await rowsOf(con, `select count(*) as n from ${changedKeys}`))[0]!.n) === 0) continue;
    const ofChangedKeys = `semi join ${changedKeys} k_ on ${decl
      .key!.map((k, i) => `r_.${ident(k)} is not distinct from k_.g${i}_`)
      .join(" and ")}`;
    const gateCols = Object.keys(gate?.key ?? {});
    const project_ = (from: Side) =>
      `select ${[
        ...key,
        `${ident(decl.from!)} as f_`,
        `${until} as u_`,
        `hash(${others.length > 0 ? others.map(ident).join(", ") : "0"}) as h_`,
        ...gateCols.map((c, i) => `${ident(c)} as gk${i}_`),
      ].join(", ")} from ${from.from} r_ ${ofChangedKeys}${from.where}`;
    const on = [
      ...decl.key!.map((k) => `o.${ident(k)} is not distinct from n.${ident(k)}`),
      "o.f_ is not distinct from n.f_",
    ].join(" and ");
    const group = [...key, "f_"].join(", ");
    let gateSql = "";
    let withGate = (side: string) => `select *, '-infinity'::date as g_ from ${side}`;
    if (gate) {
      const g = project.models.get(gate.input);
      if (!g || previous.models.get(gate.input)?.fingerprint !== was.inputs[gate.input]) return "full";
      const grel = `${g.layer}.${ident(g.table)}`;
      const cols = Object.values(gate.key).map((c, i) => `${ident(c)} as gk${i}_`);
      const gw = gate.where ? ` where (${gate.where})` : "";
      gateSql = `gate as (select ${gateCols.map((_, i) => `gk${i}_`).join(", ")}, min(gf_) as g_ from (
          select ${cols.join(", ")}, ${ident(gate.from)} as gf_ from prev.${grel}${gw}
          union all select ${cols.join(", ")}, ${ident(gate.from)} as gf_ from ${grel}${gw}
        ) group by all),`;
      // No gate row: the row never matters.
      withGate = (side: string) =>
        `select r.*, coalesce(gate.g_::date, ${DATE_MAX}) as g_ from ${side} r left join gate on ${gateCols
          .map((_, i) => `r.gk${i}_ = gate.gk${i}_`)
          .join(" and ")}`;
    }
    const sql = `with o_all as (${project_(sides.old)}), n_all as (${project_(sides.new)}), ${gateSql}
      removed as (${withGate("(select * from o_all except all select * from n_all)")}),
      added as (${withGate("(select * from n_all except all select * from o_all)")}),
      o as (select ${group}, count(*) as c_, any_value(u_) as u_, any_value(h_) as h_, min(g_) as g_
        from removed group by ${group}),
      n as (select ${group}, count(*) as c_, any_value(u_) as u_, any_value(h_) as h_, min(g_) as g_
        from added group by ${group})
      select min(greatest(
        case
          when o.c_ = 1 and n.c_ = 1 and o.h_ = n.h_
            then least(coalesce(o.u_::date, ${DATE_MAX}), coalesce(n.u_::date, ${DATE_MAX}))
          else coalesce(o.f_::date, n.f_::date, '-infinity'::date)
        end,
        least(coalesce(o.g_::date, ${DATE_MAX}), coalesce(n.g_::date, ${DATE_MAX}))
      ))::varchar as d
      from o full join n on ${on}`;
    const d = (await rowsOf(con, sql))[0]!.d as string | null;
    if (d === null || d === "infinity") continue;
    if (d === "-infinity") return "full";
    if (earliest === null || d < earliest) earliest = d;
  }
  let entities = 0;
  if (inc.entity) {
    const t = entityTable(m);
    await con.run(`create or replace table ${t} as select distinct entity from ${t}`);
    const r = (
      await rowsOf(con, `select count(*) as n, count(*) filter (where entity is null) as nulls from ${t}`)
    )[0]!;
    // A changed row without an entity: its rows cannot be found.
    if (Number(r.nulls) > 0) return "full";
    entities = Number(r.n);
  }
  return earliest === null && entities === 0 ? "none" : { from: earliest, entities };
}

/**
 * For a model partitioned by entity only: the entities whose input rows changed since the previous
 * build, listed in `entityTable(m)`. A changed source (`raw.*`) gives the entities of the row
 * versions a load added or closed after the previous build's watermark, once its fingerprint as of
 * that watermark is found equal to the one the model was built from (otherwise the source changed
 * in another way: 'full'). A changed model input is compared per entity (a count and a sum of row
 * hashes, both sides; for an input itself rebuilt in part, only its recomputed rows); the same
 * comparison is made once per build (`compared`). 'none' when no entity changed, 'full' when the
 * change cannot be bounded (an undeclared input, an input not built from what it was, a changed row
 * without an entity).
 */
async function affectedEntities(
  con: DuckDBConnection,
  project: Project,
  m: Model,
  inc: Incremental,
  previous: PreviousState,
  fps: Map<string, string>,
  sourcesThen: Map<string, string>,
  partlyRebuilt: Map<string, PartialRebuild>,
  compared: Map<string, string>,
): Promise<{ from: null; entities: number } | "none" | "full"> {
  await createEntityTable(con, project, m, inc);
  const was = previous.models.get(m.name)!;
  for (const [input, fp] of Object.entries(inputsOf(m, fps))) {
    if (was.inputs[input] === fp) continue;
    const decl = inc.inputs[input];
    if (decl?.changedEntities !== undefined) {
      // Read as a whole: the declaration says whose rows its change can change (a model input's
      // previous table must be the one this model was built from; a meta table has none).
      if (
        !input.startsWith("meta.") &&
        (!project.models.has(input) || previous.models.get(input)?.fingerprint !== was.inputs[input])
      )
        return "full";
      await con.run(`insert into ${entityTable(m)} select * from (\n${decl.changedEntities}\n)`);
      continue;
    }
    if (!decl?.entityColumn) return "full";
    const column = ident(decl.entityColumn);
    if (input.startsWith("raw.")) {
      const w = previous.watermark;
      if (w === undefined || sourcesThen.get(input) !== was.inputs[input]) return "full";
      await con.run(
        `insert into ${entityTable(m)} select ${column} from ${input}
         where _load_id > ${w ?? 0} or _end_load_id > ${w ?? 0}`,
      );
      continue;
    }
    const upstream = project.models.get(input);
    if (!upstream || previous.models.get(input)?.fingerprint !== was.inputs[input]) return "full";
    const part = partlyRebuilt.get(input);
    const where = comparedRows(decl, part);
    if (where === null) continue;
    const hashed = decl.columns ? `hash(${decl.columns.map(ident).join(", ")})` : "hash(r_)";
    const rel = `${upstream.layer}.${ident(upstream.table)}`;
    const key = JSON.stringify([rel, where, hashed, column]);
    let table = compared.get(key);
    if (table === undefined) {
      table = `${SCRATCH}.${ident(`changed_${compared.size}`)}`;
      await con.run(
        `create or replace table ${table} as ${differingGroups((await comparedSides(con, rel, decl, part))!, hashed, [column])}`,
      );
      compared.set(key, table);
    }
    await con.run(`insert into ${entityTable(m)} select g0_ from ${table}`);
  }
  const t = entityTable(m);
  await con.run(`create or replace table ${t} as select distinct entity from ${t}`);
  const r = (
    await rowsOf(con, `select count(*) as n, count(*) filter (where entity is null) as nulls from ${t}`)
  )[0]!;
  // A changed row without an entity: its rows cannot be found.
  if (Number(r.nulls) > 0) return "full";
  const entities = Number(r.n);
  return entities === 0 ? "none" : { from: null, entities };
}

/**
 * A model partitioned by entity only is rebuilt in full when its changed entities hold more than
 * this share of its rows: deleting and inserting most of a table costs more than writing it anew.
 * At 2,000,000 members a delta crossing July 1 changes the funding of 61% of the programs:
 * `stg_program_funding` took 3.3 s rebuilt in part and 1.0 s in full.
 */
export const fullRebuild = {
  share: 0.4,
  /** Smaller tables are rebuilt in part whatever their share (a few milliseconds either way). */
  minRows: 100_000,
};

/**
 * The share of a model's rows held by its changed entities (`entityTable(m)`), when it is over
 * `fullRebuild.share`; undefined otherwise, and without counting when the table is small or the
 * changed entities are fewer than 1% of the rows (each has a row or a few: their share is small).
 */
async function fullRebuildShare(
  con: DuckDBConnection,
  m: Model,
  rel: string,
  entities: number,
  /** The table's rows as DuckDB last counted them (`estimated_size`), when known. */
  rows: number | undefined,
): Promise<number | undefined> {
  // The size only chooses between two ways of building the same rows: an estimate will do.
  const total = rows ?? Number((await rowsOf(con, `select count(*) as n from ${rel}`))[0]!.n);
  if (total < fullRebuild.minRows || entities < total / 100) return undefined;
  const changed = Number(
    (
      await rowsOf(
        con,
        `select count(*) as n from ${rel} where ${ident(m.meta.incremental!.entity!)} in (select entity from ${entityTable(m)})`,
      )
    )[0]!.n,
  );
  const share = changed / total;
  return share > fullRebuild.share ? Math.round(share * 1000) / 1000 : undefined;
}

/**
 * Recompute a model's rows on or after `from` (every entity's), and, with `entities`, the rows of
 * the entities listed in `entityTable(m)` before it: their input rows are read through views
 * restricted to them (the inputs declaring an `entityColumn`; views
 * `_entity_<model layer>_<model table>__[prev_]<input layer>.<input table>`).
 */
async function rebuildPart(
  con: DuckDBConnection,
  m: Model,
  from: string | null,
  entities: boolean,
  partlyRebuilt: Map<string, PartialRebuild>,
  /** Its own entry in `partlyRebuilt` when a reader compares its rows: the deleted rows are kept. */
  keep: PartialRebuild | undefined,
): Promise<void> {
  const inc = m.meta.incremental!;
  const rel = `${m.layer}.${ident(m.table)}`;
  const since =
    from === null || inc.column === undefined ? null : `${ident(inc.column)} >= ${lit(from)}::date`;
  const ofEntities = entities ? `${ident(inc.entity!)} in (select entity from ${entityTable(m)})` : null;
  // An additive model has no entity column: the changed entities' difference is added below.
  const deleted = [since, inc.additive ? null : ofEntities].filter((c) => c !== null);
  const where = deleted.join(" or ");
  if (deleted.length > 0 && keep && keep.previousRows === undefined) {
    // The rows about to be deleted are the previous build's rows its readers compare with the
    // recomputed ones (`recomputedRows`, the same condition; this table started as a copy of the
    // previous build's): kept in a scratch table as they are deleted, in one transaction. Finding
    // them in the previous build while a reader was planned instead took 12.6 s of the
    // 2,000,000-member delta's one-at-a-time planning. (Deleting by the kept rows' row ids instead
    // of the condition: 1.2-1.6 s against 0.8-0.9 s for the snapshot's 69 million rows.)
    const table = previousRowsTable(rel);
    const columns = await previousColumns(con, rel, keep);
    await con.run("begin transaction");
    try {
      await con.run(
        `create or replace table ${table} as select ${columns} from ${rel} where ${where};
         delete from ${rel} where ${where}`,
      );
      await con.run("commit");
    } catch (err) {
      await con.run("rollback");
      throw err;
    }
    keep.previousRows = table;
  } else if (deleted.length > 0) await con.run(`delete from ${rel} where ${where}`);
  // Every recomputed row goes to a scratch table first (`rowsTable(m)`, then inserted), kept for
  // the tests and for the models comparing this one; an additive model's go straight in.
  const rows = rowsTable(m);
  if (since !== null) {
    await con.run(`set variable incremental_from = ${lit(from!)}::date`);
    try {
      await con.run(
        inc.additive
          ? `insert into ${rel} select * from (\n${m.sql}\n) where ${since}`
          : `create or replace table ${rows} as select * from (\n${m.sql}\n) where ${since}`,
      );
    } finally {
      await con.run("reset variable incremental_from");
    }
  }
  if (!entities) {
    if (since !== null && !inc.additive) await con.run(`insert into ${rel} select * from ${rows}`);
    return;
  }
  // The inputs declaring an entity column, restricted to the changed entities (`prefix`: read from
  // the previous build).
  const restrictedInputs = async (prefix: "" | "prev.") => {
    const restricted = new Map<string, string>();
    for (const [input, decl] of Object.entries(inc.inputs)) {
      if (!decl.entityColumn) continue;
      // A model, or a source (`raw.<entity>`, read through its view in the build file).
      const [layer, table] = input.split(".") as [string, string];
      // Views of this model's own (models are built side by side).
      const schema = ident(`_entity_${m.layer}_${m.table}__${prefix === "" ? "" : "prev_"}${layer}`);
      const view = `${schema}.${ident(table)}`;
      const via = decl.entityVia;
      // Another kind of entity: those paired with the changed ones (in the same build's pairing).
      const [viaLayer, viaTable] = (via?.input ?? ".").split(".") as [string, string];
      const entities = via
        ? `select ${ident(via.column)} from ${prefix}${viaLayer}.${ident(viaTable)} where ${ident(via.entity)} in (select entity from ${entityTable(m)})${via.where ? ` and (${via.where})` : ""}`
        : `select entity from ${entityTable(m)}`;
      // An input rebuilt in part whose recomputed rows hold every row of these entities (its own
      // recomputed entities include them): those rows are read instead of the whole table (the
      // count tables' changed members in the snapshot's 70 million rows at 2,000,000 members).
      let from = `${prefix}${layer}.${ident(table)}`;
      const part = prefix === "" && !via ? partlyRebuilt.get(input) : undefined;
      if (part?.rows && part.entity && part.entity.column === decl.entityColumn) {
        const outside = await rowsOf(
          con,
          `select count(*) as n from ${entityTable(m)} e anti join ${part.entity.table} p on e.entity = p.entity`,
        );
        if (Number(outside[0]!.n) === 0) from = part.rows;
      }
      await con.run(
        `create schema if not exists ${schema};
         create or replace view ${view} as select * from ${from}
         where ${ident(decl.entityColumn)} in (${entities})`,
      );
      restricted.set(input, view);
    }
    return restricted;
  };
  const restricted = await restrictedInputs("");
  const sql = replaceReferences(m.sql, (name) => restricted.get(name));
  if (inc.additive) {
    // The changed entities' counts before `from`: what they add now minus what they added in the
    // previous build (the same SQL on the previous build's tables, restricted to them).
    const old = await restrictedInputs("prev.");
    const oldSql = replaceReferences(
      m.sql,
      (name) =>
        old.get(name) ?? (/^(staging|marts|reporting|seeds)\./.test(name) ? `prev.${name}` : undefined),
    );
    await addDifference(con, m, sql, oldSql, since);
    return;
  }
  // Only the changed entities' rows (whatever the restricted inputs let through) and only before
  // `from`: exactly the rows deleted above and not recomputed by the first pass.
  const recomputed = `select * from (\n${sql}\n) where ${ofEntities}${since === null ? "" : ` and (${since}) is not true`}`;
  await con.run(
    `${since === null ? `create or replace table ${rows} as` : `insert into ${rows}`} ${recomputed};
     insert into ${rel} select * from ${rows}`,
  );
}

/**
 * For an additive model (`Incremental.additive`): add to its table, group by group, the measures of
 * `sql` minus those of `oldSql` (rows before `since` only, when given), and remove the groups whose
 * count falls to zero. Groups are matched with nulls equal.
 */
async function addDifference(
  con: DuckDBConnection,
  m: Model,
  sql: string,
  oldSql: string,
  since: string | null,
): Promise<void> {
  const { measures, count } = m.meta.incremental!.additive!;
  const rel = `${m.layer}.${ident(m.table)}`;
  const columns = (await columnsOf(con, rel)).map((c) => c.name);
  const grain = columns.filter((c) => !measures.includes(c)).map(ident);
  const sums = measures.map(ident);
  const before = since === null ? "" : ` where (${since}) is not true`;
  const difference = `${SCRATCH}.${ident(`difference__${m.layer}__${m.table}`)}`;
  const merged = `${SCRATCH}.${ident(`merged__${m.layer}__${m.table}`)}`;
  const same = grain.map((g) => `t.${g} is not distinct from d.${g}`).join(" and ");
  await con.run(
    `create schema if not exists ${SCRATCH};
     create or replace table ${difference} as
     select ${grain.join(", ")}, ${sums.map((c) => `sum(${c}) as ${c}`).join(", ")}
     from (
       select ${grain.join(", ")}, ${sums.join(", ")} from (
${sql}
)${before}
       union all
       select ${grain.join(", ")}, ${sums.map((c) => `-${c}`).join(", ")} from (
${oldSql}
)${before}
     )
     group by ${grain.join(", ")}
     having ${sums.map((c) => `sum(${c}) <> 0`).join(" or ")};
     create or replace table ${merged} as
     select ${grain.map((g) => `d.${g}`).join(", ")}, ${sums.map((c) => `coalesce(t.${c}, 0) + d.${c} as ${c}`).join(", ")}
     from ${difference} d left join ${rel} t on ${same};
     delete from ${rel} t using ${difference} d where ${same};
     insert into ${rel} (${[...grain, ...sums].join(", ")})
     select ${[...grain, ...sums].join(", ")} from ${merged} where ${ident(count)} <> 0`,
  );
}

/** The scratch table of the rows a model partitioned by entity only recomputed in this build. */
const rowsTable = (m: Model) => `${SCRATCH}.${ident(`rows__${m.layer}__${m.table}`)}`;

/** Whether the model's SQL gives the columns (names, types, order) of its table in the build. */
async function sameColumns(con: DuckDBConnection, m: Model): Promise<boolean> {
  const query = await columnsOf(con, `select * from (\n${m.sql}\n)`);
  const table = await columnsOf(con, `${m.layer}.${ident(m.table)}`);
  return JSON.stringify(query) === JSON.stringify(table);
}

/**
 * The columns (name, type, in order) of a table or query, by `describe`: it binds only the one
 * relation, where `duckdb_columns()` lists every column of every attached database (8.5 ms a call
 * in a build at 24,000 members against 0.5 ms).
 */
async function columnsOf(con: DuckDBConnection, relation: string): Promise<{ name: string; type: string }[]> {
  return (await rowsOf(con, `describe ${relation}`)).map((r) => ({
    name: r.column_name as string,
    type: r.column_type as string,
  }));
}

/**
 * Run a model with DuckDB's threads (an instance-wide setting) set to one, and set back after: only
 * for a model running alone.
 */
async function onOneThread(con: DuckDBConnection, run: () => Promise<ModelRun>): Promise<ModelRun> {
  const threads = Number((await rowsOf(con, "select current_setting('threads') as t"))[0]!.t);
  await con.run("set threads = 1");
  try {
    return { ...(await run()), threads: 1 };
  } finally {
    await con.run(`set threads = ${threads}`);
  }
}

/** Drop the scratch tables and views of partial rebuilds. */
async function dropScratch(con: DuckDBConnection): Promise<void> {
  const schemas = (
    await rowsOf(
      con,
      `select schema_name as s from duckdb_schemas() where database_name = current_database()
       and (schema_name = '${SCRATCH}' or starts_with(schema_name, '_entity_'))`,
    )
  ).map((r) => r.s as string);
  for (const s of schemas) await con.run(`drop schema ${ident(s)} cascade`);
}

const LOG_DDL = [
  `create table if not exists wh.meta.model_runs (build_id varchar not null, model varchar not null,
    status varchar not null, rows bigint, seconds double, error varchar, finished_at timestamp)`,
  `create table if not exists wh.meta.test_results (build_id varchar not null, model varchar not null,
    test varchar not null, severity varchar not null, status varchar not null, failures bigint,
    sample varchar, finished_at timestamp)`,
  `create table if not exists wh.meta.builds (build_id varchar not null, status varchar not null,
    models bigint, tests_failed bigint, seconds double, finished_at timestamp)`,
  // Added with incremental builds: how each model was built, and from which date on.
  "alter table wh.meta.model_runs add column if not exists mode varchar",
  "alter table wh.meta.model_runs add column if not exists from_date date",
  "alter table wh.meta.test_results add column if not exists reused boolean",
  // Added with entity declarations: how many entities were recomputed on every date.
  "alter table wh.meta.model_runs add column if not exists entities bigint",
  // Added with per-test timings.
  "alter table wh.meta.test_results add column if not exists seconds double",
  "alter table wh.meta.test_results add column if not exists scoped boolean",
];

async function logBuild(con: DuckDBConnection, r: BuildResult): Promise<void> {
  await con.run(LOG_DDL.join(";\n"));
  const now = "now()::timestamp";
  const values = (rows: string[]) => (rows.length > 0 ? rows.join(", ") : null);
  const runs = values(
    r.models.map(
      (m) =>
        `(${lit(r.buildId)}, ${lit(m.model)}, ${lit(m.status)}, ${m.rows ?? "null"}, ${m.seconds}, ${m.error ? lit(m.error) : "null"}, ${now}, ${m.mode ? lit(m.mode) : "null"}, ${m.from ? `${lit(m.from)}::date` : "null"}, ${m.entities ?? "null"})`,
    ),
  );
  if (runs)
    await con.run(
      `insert into wh.meta.model_runs (build_id, model, status, rows, seconds, error, finished_at, mode, from_date, entities) values ${runs}`,
    );
  const tests = values(
    r.tests.map(
      (t) =>
        `(${lit(r.buildId)}, ${lit(t.model)}, ${lit(t.test)}, ${lit(t.severity)}, ${lit(t.status)}, ${t.failures}, ${lit(JSON.stringify(t.sample))}, ${now}, ${t.reused === true}, ${t.reused ? "null" : (t.seconds ?? "null")}, ${t.scoped === true})`,
    ),
  );
  if (tests)
    await con.run(
      `insert into wh.meta.test_results (build_id, model, test, severity, status, failures, sample, finished_at, reused, seconds, scoped) values ${tests}`,
    );
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

async function countRows(con: DuckDBConnection, rel: string): Promise<number> {
  return Number((await rowsOf(con, `select count(*) as n from ${rel}`))[0]!.n);
}

export async function build(opts: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  // Settings from the environment, checked before anything is read or locked.
  buildMemoryLimit();
  buildConcurrency();
  const project = await loadProject(opts.modelsDir, opts.seedsDir);
  const seedsDir = opts.seedsDir ?? SEEDS_DIR;
  const paths = buildPaths(opts.dataDir);
  if (!existsSync(paths.warehouse)) {
    throw new WorkforceError("no_warehouse", { path: paths.warehouse }, EXIT.usage);
  }
  const release = opts.lockHeld ? async () => {} : await acquireWriterLock(opts.dataDir);
  const result: BuildResult = { buildId: buildId(), status: "failed", models: [], tests: [], seconds: 0 };
  let instance: DuckDBInstance | null = null;
  let con: DuckDBConnection | null = null;
  // The connections beside `con` that models and tests run on.
  const extra: DuckDBConnection[] = [];
  let budget: ThreadBudget | undefined;
  try {
    const selection = selectModels(project, opts.select ?? []);
    const selected = new Set(selection);
    const partial = (opts.select?.length ?? 0) > 0;
    const hasPrevious = existsSync(paths.current);
    // Start from the current build (reuse what did not change) unless a full rebuild is asked for,
    // or the current build is in an older storage format (a copy keeps its format: rebuilt once; a
    // partial build keeps the rest of the current build, so it copies it and leaves the format).
    const reuse =
      hasPrevious &&
      !opts.full &&
      (partial || (await storageVersionOf(paths.current)) === `${opts.storageVersion ?? STORAGE_VERSION}+`);
    if (hasPrevious && !reuse && !opts.full) result.full = "storage_format";
    rmSync(paths.next, { force: true });
    rmSync(`${paths.next}.wal`, { force: true });
    // The copy of the current build (7.8 GB at 2,000,000 members: 7-13 s) runs while another
    // DuckDB instance reads the previous build's state and fingerprints the sources (which read
    // only the warehouse and the current build, both left as they are).
    const copying = reuse ? copyFile(paths.current, paths.next).then(() => undefined) : Promise.resolve();
    const [pre, copied] = await Promise.allSettled([preflight(paths, project, seedsDir, reuse), copying]);
    if (copied.status === "rejected") throw copied.reason;
    if (pre.status === "rejected") throw pre.reason;
    const { previous, whTables, watermark, fps, sourcesThen, engine } = pre.value;
    instance = await DuckDBInstance.create(paths.next, {
      memory_limit: buildMemoryLimit(),
      storage_compatibility_version: opts.storageVersion ?? STORAGE_VERSION,
    });
    con = await instance.connect();
    await con.run(`attach ${lit(paths.warehouse)} as wh`);
    if (hasPrevious) await con.run(`attach ${lit(paths.current)} as prev (read_only)`);
    // Sources and meta tables as views, so model SQL reads raw.<entity> and meta.<table>.
    await con.run("create schema if not exists raw; create schema if not exists meta");
    for (const s of SOURCES) {
      if (whTables.has(`raw.${s.name}`)) {
        await con.run(`create or replace view raw.${ident(s.name)} as select * from wh.raw.${ident(s.name)}`);
      }
    }
    for (const t of META_TABLES) {
      if (whTables.has(`meta.${t}`))
        await con.run(`create or replace view meta.${ident(t)} as select * from wh.meta.${ident(t)}`);
    }
    // A seed whose CSV is the one the previous build's models were built from is kept as copied
    // (reading the nine CSVs again took 0.15 s of a nightly build).
    const unchangedSeeds = new Set(
      reuse && !partial
        ? project.seeds.filter((seed) =>
            [...previous.models.values()].some(
              (st) =>
                st.inputs[`seeds.${seed}`] !== undefined &&
                st.inputs[`seeds.${seed}`] === fps.get(`seeds.${seed}`),
            ),
          )
        : [],
    );
    await loadSeeds(con, project, seedsDir, unchangedSeeds);
    await defineMacros(con);
    for (const layer of LAYERS) await con.run(`create schema if not exists ${layer}`);
    const existing = new Set(
      (
        await rowsOf(
          con,
          `select schema_name || '.' || table_name as t from duckdb_tables()
           where database_name = current_database() and schema_name in ('seeds', ${LAYERS.map(lit).join(", ")})`,
        )
      ).map((r) => r.t as string),
    );
    // A copied build may hold tables of models or seeds that no longer exist.
    for (const t of existing) {
      const [schema, table] = t.split(".") as [string, string];
      if (!project.models.has(t) && !(schema === "seeds" && project.seeds.includes(table))) {
        await con.run(`drop table ${schema}.${ident(table)}`);
      }
    }
    const compared = new Map<string, string>();
    const state = new Map<string, ModelState>();
    const partlyRebuilt = new Map<string, PartialRebuild>();

    let lapStart = started;
    const lap = () => {
      const now = performance.now();
      const s = Math.round((now - lapStart) / 10) / 100;
      lapStart = now;
      return s;
    };
    const phases = { prepare: lap(), models: 0, tests: 0, finish: 0 };
    result.phases = phases;
    // Models run side by side on `concurrency` connections, each once the models it reads are built
    // (and no model running alone is first in line), the longest chain still to run first. Deciding how much of a model to rebuild
    // (comparing its inputs with the previous build, in shared scratch tables) is done one model at
    // a time; building runs concurrently.
    const concurrency = buildConcurrency();
    const cons = [con];
    for (let i = 1; i < concurrency; i++) extra.push(await instance.connect());
    cons.push(...extra);
    await con.run(`create schema if not exists ${SCRATCH}`);
    let planning: Promise<unknown> = Promise.resolve();
    const oneAtATime = <T>(f: () => Promise<T>): Promise<T> => {
      const next = planning.then(f, f);
      planning = next.catch(() => {});
      return next;
    };
    let index = 0;
    const runModel = async (name: string, c: DuckDBConnection): Promise<ModelRun> => {
      const m = project.models.get(name)!;
      const rel = `${m.layer}.${ident(m.table)}`;
      const definition = definitionOf(m, engine);
      const inputs = inputsOf(m, fps);
      const fingerprint = fingerprintOf(definition, inputs);
      const was = previous.models.get(name);
      const t0 = performance.now();
      // Time spent waiting for another model's planning: not this model's.
      let waited = 0;
      const run: ModelRun = { model: name, status: "ok", rows: null, seconds: 0, mode: "full" };
      // (A model run again after running out of memory starts afresh.)
      partlyRebuilt.delete(name);
      try {
        const inc = m.meta.incremental;
        const usable = reuse && !partial && was !== undefined && existing.has(name);
        let plan: Awaited<ReturnType<typeof affectedRows>> | "reused" = "full";
        if (usable && was.fingerprint === fingerprint) plan = "reused";
        else if (usable && inc && was.definition === definition) {
          const asked = performance.now();
          let planned = asked;
          plan = await oneAtATime(async () => {
            planned = performance.now();
            waited = planned - asked;
            const p =
              inc.column === undefined
                ? await affectedEntities(
                    c,
                    project,
                    m,
                    inc,
                    previous,
                    fps,
                    sourcesThen,
                    partlyRebuilt,
                    compared,
                  )
                : await affectedRows(c, project, m, inc, previous, fps, partlyRebuilt);
            // An input's column type may change without changing its rows' hashes (hash(5::int) =
            // hash(5::bigint)); rows inserted into the kept table would keep its old types.
            return p !== "full" && !(await sameColumns(c, m)) ? "full" : p;
          });
          run.compareSeconds = Math.round(performance.now() - planned) / 1000;
        }
        if (typeof plan === "object" && inc!.column === undefined && !inc!.additive && plan.entities > 0) {
          const share = await fullRebuildShare(c, m, rel, plan.entities, size.get(name));
          if (share !== undefined) {
            plan = "full";
            run.changedShare = share;
          }
        }
        // A table created from a query: its row count is the statement's result (a count(*) after
        // each of a nightly build's 40 full models was one statement more each).
        let created: number | undefined;
        if (plan === "reused") {
          run.mode = "reused";
        } else if (plan === "full") {
          created = Number(
            (await c.runAndReadAll(`create or replace table ${rel} as\n${m.sql}`)).getRows()[0]![0],
          );
        } else {
          run.mode = "incremental";
          run.from = plan === "none" ? null : plan.from;
          const entities = plan === "none" ? 0 : plan.entities;
          if (entities > 0) {
            run.entities = entities;
            run.entity = inc!.entity;
            if (inc!.column === undefined) run.entityOnly = true;
          }
          // An additive model's groups can all change: read as a whole downstream.
          if (!inc!.additive)
            partlyRebuilt.set(name, {
              compared: comparedColumns(project, name),
              column: inc!.column,
              from: run.from,
              entity: entities > 0 ? { column: inc!.entity!, table: entityTable(m) } : undefined,
              // Recomputed rows in a scratch table: of the changed entities, and from a date on.
              rows:
                plan !== "none" && (entities > 0 || (plan.from !== null && inc!.column !== undefined))
                  ? rowsTable(m)
                  : undefined,
            });
          if (plan !== "none")
            await rebuildPart(
              c,
              m,
              plan.from,
              entities > 0,
              partlyRebuilt,
              isCompared(project, name) ? partlyRebuilt.get(name) : undefined,
            );
        }
        run.rows = created ?? (await countRows(c, rel));
        state.set(name, { fingerprint, definition, inputs });
        fps.set(name, fingerprint);
      } catch (err) {
        run.status = "error";
        run.error = (err as Error).message;
      }
      run.seconds = Math.round((performance.now() - t0 - waited) / 10) / 100;
      return run;
    };
    const todo: string[] = [];
    for (const name of project.order) {
      if (partial && !selected.has(name)) {
        // Not selected: the current table stays as it is, with what it was built from.
        const was = previous.models.get(name);
        if (was && existing.has(name)) {
          state.set(name, was);
          fps.set(name, was.fingerprint);
        } else fps.set(name, `unknown:${Math.random()}`);
      } else todo.push(name);
    }
    const priority = chainLengths(project, todo);
    // The rows each model reads (its inputs' sizes: the previous build's, then this one's as models
    // finish): a model reading more than ALONE_INPUT_ROWS runs alone.
    const size = new Map<string, number>();
    for (const r of await rowsOf(
      con,
      `select database_name as d, schema_name || '.' || table_name as t, estimated_size as n from duckdb_tables()
       where database_name in (current_database(), 'wh')`,
    )) {
      const rel = r.t as string;
      // The build reads the warehouse's tables through views (raw.<entity>, meta.<table>).
      if (r.d === "wh" ? /^(raw|meta)\./.test(rel) : !/^(raw|meta)\./.test(rel)) size.set(rel, Number(r.n));
    }
    const inputRows = (name: string) => {
      const m = project.models.get(name)!;
      return [...m.dependsOn, ...m.reads].reduce((sum, input) => sum + (size.get(input) ?? 0), 0);
    };
    const done = new Set(project.order.filter((n) => !todo.includes(n)));
    const waiting = new Set(todo);
    const running = new Map<string, Promise<void>>();
    const free = [...cons];
    // Run alone: models reading many rows (side by side, big models slowed each other down, sharing
    // the memory limit), and a model that ran out of memory beside others (run again).
    const alone = new Set<string>();
    // Run again alone on one DuckDB thread: a model built in full that ran out of memory alone (at
    // 2,000,000 members the snapshot did so once in a full build, after 24 s of the 80-110 s it
    // takes, and not in the runs before or after: how much memory is held at once varies with the
    // threads' timing).
    const oneThread = new Set<string>();
    let runningAlone = false;
    const runsAlone = (name: string) => alone.has(name) || inputRows(name) > ALONE_INPUT_ROWS;
    // Only a model built (or being planned) in full: its table is replaced in one statement, so a
    // failure leaves nothing half done. A partial rebuild deletes, inserts and adds in several.
    const outOfMemory = (run: ModelRun) =>
      run.status === "error" && run.mode === "full" && /out of memory/i.test(run.error ?? "");
    const finished = (run: ModelRun) => {
      result.models.push(run);
      opts.onEvent?.({ type: "model", run, index, total: selection.length });
      index++;
      if (run.status === "error") {
        const m = project.models.get(run.model)!;
        result.error ??= new WorkforceError("model_failed", {
          model: run.model,
          detail: run.error,
          file: m.sqlPath,
        });
      } else {
        done.add(run.model);
        if (run.rows !== null) size.set(run.model, run.rows);
      }
    };
    try {
      while (!result.error) {
        const ready = [...waiting]
          .filter((n) => project.models.get(n)!.dependsOn.every((d) => done.has(d) || !project.models.has(d)))
          .sort((a, b) => priority.get(b)! - priority.get(a)!);
        // The ready models, the longest chains first; one that runs alone waits for the others.
        while (!runningAlone && ready.length > 0 && free.length > 0) {
          const name = ready[0]!;
          const byItself = runsAlone(name);
          if (byItself && running.size > 0) break;
          ready.shift();
          const c = free.pop()!;
          waiting.delete(name);
          runningAlone = byItself;
          const besideOthers = running.size > 0;
          running.set(
            name,
            (oneThread.has(name) ? onOneThread(c, () => runModel(name, c)) : runModel(name, c)).then(
              (run) => {
                running.delete(name);
                free.push(c);
                if (byItself) runningAlone = false;
                if (outOfMemory(run) && !byItself && (besideOthers || running.size > 0)) {
                  alone.add(name);
                  waiting.add(name);
                } else if (outOfMemory(run) && !oneThread.has(name)) {
                  alone.add(name);
                  oneThread.add(name);
                  waiting.add(name);
                } else finished(run);
              },
            ),
          );
        }
        if (running.size === 0) break;
        await Promise.race(running.values());
      }
    } finally {
      // Whatever happened, no model is left running on a connection about to be closed.
      await Promise.allSettled(running.values());
    }
    // Reported in dependency order, whichever finished first.
    const position = new Map(project.order.map((n, i) => [n, i]));
    result.models.sort((a, b) => position.get(a.model)! - position.get(b.model)!);

    phases.models = lap();
    const testState = new Map<string, TestState>();
    if (!result.error) {
      const tests = selection.flatMap((n) => compileTests(project.models.get(n)!));
      // Tests side by side share the cores by threads. Models do not: at 2,000,000 members most
      // run alone, and sharing made no measurable difference (models 441.9 s against 444.5 s).
      if (cons.length > 1) budget = await threadBudget(instance);
      const testDefinition = (t: CompiledTest) =>
        sha256(JSON.stringify({ v: FINGERPRINT_VERSION, engine, sql: t.sql, severity: t.severity }));
      const testFingerprint = (t: CompiledTest) =>
        sha256(
          JSON.stringify({
            v: FINGERPRINT_VERSION,
            engine,
            sql: t.sql,
            severity: t.severity,
            reads: [...new Set([t.model, ...t.reads])].sort().map((n) => [n, fps.get(n) ?? null]),
          }),
        );
      // The values of a column a table rebuilt in this build had before and has no more, as a
      // scratch table (null when none; once per table and column). Only its recomputed rows can
      // have lost one, when it was rebuilt in part: their previous values are looked up in the
      // new table (a semi join on them).
      const lostValues = new Map<string, string | null>();
      const lostOf = async (to: Model, column: string): Promise<string | null> => {
        const key = `${to.name}\u0000${column}`;
        if (lostValues.has(key)) return lostValues.get(key)!;
        const rel = `${to.layer}.${ident(to.table)}`;
        const field = ident(column);
        const part = partlyRebuilt.get(to.name);
        const condition = part ? recomputedRows(part).condition : undefined;
        let table: string | null = null;
        if (condition !== null) {
          table = `${SCRATCH}.${ident(`lost_${lostValues.size}`)}`;
          await con!.run(
            `create schema if not exists ${SCRATCH};
             create or replace table ${table} as
             with o as (select distinct ${field} as v from prev.${rel}${condition ? ` where ${condition}` : ""}),
             n as (select distinct n.${field} as v from ${rel} n semi join o on n.${field} = o.v)
             select o.v from o anti join n on o.v = n.v where o.v is not null`,
          );
          if (Number((await rowsOf(con!, `select count(*) as n from ${table}`))[0]!.n) === 0) table = null;
        }
        lostValues.set(key, table);
        return table;
      };
      result.tests = await runCompiledTests(
        cons,
        tests,
        hasPrevious,
        (r) => opts.onEvent?.({ type: "test", result: r }),
        (t) => {
          const fp = testFingerprint(t);
          const kept = t.needsPrevious ? undefined : previous.tests.get(`${t.model} ${t.name}`);
          const reusable = kept?.fingerprint === fp ? kept.result : undefined;
          testState.set(`${t.model} ${t.name}`, {
            fingerprint: fp,
            definition: testDefinition(t),
            result: reusable!,
          });
          return reusable;
        },
        async (t) => {
          // Only the recomputed rows of a model rebuilt in part, when the same test passed before
          // and judges a row by that row alone and tables that did not change in this build (the
          // model read once, other models unchanged; no clock). A relationships test may also
          // point to a table that changed but lost none of the values it had: a kept row's value
          // was found there before.
          const part = partlyRebuilt.get(t.model);
          const was = previous.tests.get(`${t.model} ${t.name}`);
          if (!part || !t.scoped || !was || was.definition !== testDefinition(t)) return undefined;
          const unchanged = (name: string) =>
            project.models.has(name) &&
            state.get(name) !== undefined &&
            state.get(name)?.fingerprint === previous.models.get(name)?.fingerprint;
          if (t.reads.includes(t.model) || CLOCK.test(stripSqlNoise(t.sql))) return undefined;
          if (was.result.status !== "pass" || was.result.failures !== 0) return undefined;
          const { condition, columns } = recomputedRows(part);
          const allowed = t.scoped.columns;
          if (allowed !== "all" && !columns.every((c) => allowed.includes(c))) return undefined;
          // A relationships test whose table lost values: also the kept rows holding one of them.
          const alsoKept: string[] = [];
          for (const r of t.reads.filter((r) => !unchanged(r))) {
            const to = project.models.get(r);
            if (!t.relationship || t.relationship.to !== r || !to || !previous.models.has(r))
              return undefined;
            const lost = await lostOf(to, t.relationship.field);
            if (lost !== null) alsoKept.push(`${ident(t.relationship.column)} in (select v from ${lost})`);
          }
          // Nothing recomputed: the table is the previous one, on which the test passed.
          return {
            condition: [condition ?? "false", ...alsoKept].join(" or "),
            columns: alsoKept.length > 0 ? [...columns, t.relationship!.column] : columns,
            rows: part.rows,
            // The recomputed rows from their table, and the kept rows holding a lost value from
            // the model's (a scan of one column), instead of the model's table filtered by both.
            kept:
              alsoKept.length > 0 && part.rows !== undefined && condition !== null
                ? { condition: alsoKept.join(" or "), recomputed: condition }
                : undefined,
          };
        },
        async (n) => budget?.jobs(n),
      );
      for (const r of result.tests) {
        const st = testState.get(`${r.model} ${r.test}`);
        if (st) st.result = r;
      }
      const failed = result.tests.filter((t) => t.status === "fail" && t.severity === "error").length;
      if (failed > 0) result.error = new WorkforceError("tests_failed", { count: failed });
    }
    for (const c of extra.splice(0)) c.closeSync();
    await budget?.close();
    budget = undefined;
    await dropScratch(con);
    phases.tests = lap();
    if (hasPrevious) await con.run("detach prev");
    result.status = result.error ? "failed" : "swapped";
    if (!result.error) {
      // Tests not run this time (a partial build) keep their previous result.
      for (const [k, v] of previous.tests) {
        const model = v.result.model;
        if (!testState.has(k) && state.get(model) === previous.models.get(model)) testState.set(k, v);
      }
      await writeState(
        con,
        state,
        new Map(
          [...testState].filter(
            ([, v]) => v.result !== undefined && !v.result.test.startsWith("row_count_change"),
          ),
        ),
        watermark,
      );
    }
    result.seconds = Math.round((performance.now() - started) / 10) / 100;
    await logBuild(con, result);
    // The build file must not depend on the warehouse file: drop the source views.
    await con.run("drop schema raw cascade; drop schema meta cascade; detach wh; checkpoint");
    con.closeSync();
    instance.closeSync();
    con = null;
    instance = null;
    phases.finish = lap();
    if (result.error) {
      rmSync(paths.next, { force: true });
    } else {
      renameSync(paths.next, paths.current);
    }
    return result;
  } finally {
    for (const c of extra) c.closeSync();
    await budget?.close().catch(() => {});
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
  const cons: DuckDBConnection[] = [];
  let budget: ThreadBudget | undefined;
  try {
    for (let i = 0; i < buildConcurrency("test"); i++) cons.push(await instance.connect());
    if (cons.length > 1) budget = await threadBudget(instance);
    const tests = project.order.flatMap((n) => compileTests(project.models.get(n)!));
    return await runCompiledTests(cons, tests, false, opts.onResult, undefined, undefined, async (n) =>
      budget?.jobs(n),
    );
  } finally {
    await budget?.close().catch(() => {});
    for (const c of cons) c.closeSync();
    instance.closeSync();
  }
}
