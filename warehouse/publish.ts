/**
 * `workforce publish`: the analyst copy. From the current build (`warehouse/models.duckdb`) it writes a
 * new published version (published.ts) holding
 * - `analytics.duckdb`: the marts and reporting tables only, people keyed by pseudonym (HMAC-SHA256 of
 *   the registry id, pseudonym.ts), personal data and free text dropped (publish-policy.ts), table and
 *   column descriptions from the model metadata as DuckDB comments; the file is made read-only;
 * - `parquet/`: one Parquet file per table (`marts.dim_people.parquet`), fact tables with a
 *   `fiscal_year` column as Hive-partitioned folders (`marts.fct_x/fiscal_year=2025/*.parquet`),
 *   readable by DuckDB, Spark and Trino;
 * - `manifest.json`: version, as-of date, tables, dropped and pseudonymised columns, file hashes.
 * Before anything is switched, every text and date value is scanned for leaks (publish-policy.ts).
 * `stageOnly` (used by `workforce run`) leaves the version staged so the site can join it before
 * the one atomic switch.
 */
import { chmodSync, cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { buildMemoryLimit, buildPaths } from "../transforms/build.ts";
import { defineMacros } from "../transforms/macros.ts";
import { loadProject } from "../transforms/project.ts";
import { acquireWriterLock, ident, lit, warehousePaths } from "./db.ts";
import { EXIT, WorkforceError } from "./errors.ts";
import type { OpsLogger } from "./ops-log.ts";
import { definePseudonymMacro, demoKeyWarning, pseudonymKey } from "./pseudonym.ts";
import {
  type Decision,
  PUBLISH_DECISIONS,
  publishPlan,
  REGISTRY_ID_PATTERN,
  type TablePlan,
} from "./publish-policy.ts";
import {
  commitVersion,
  currentVersion,
  ensurePublishedRoot,
  newVersionId,
  type PublishedTable,
  removeStaleStaging,
  stagingDir,
  type VersionManifest,
} from "./published.ts";

export interface PublishOptions {
  dataDir: string;
  runId?: string | null;
  log?: OpsLogger;
  /** Warnings for the operator (the demo-key warning). */
  warn?: (message: string) => void;
  /** Leave the version staged (no switch); `workforce run` adds the site and commits. */
  stageOnly?: boolean;
  /** Publishing decisions (tests: to show an undecided column fails). */
  decisions?: Record<string, Decision>;
  env?: NodeJS.ProcessEnv;
}

export interface StagedPublication {
  version: string;
  staging: string;
  manifest: Omit<VersionManifest, "files">;
  seconds: number;
}

/** Fact tables with a fiscal year are partitioned by it in Parquet. */
function partitionColumn(table: string, columns: string[]): string | null {
  return /^marts\.fct_/.test(table) && columns.includes("fiscal_year") ? "fiscal_year" : null;
}

async function rows(con: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await con.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

function mask(value: unknown): string {
  const s = String(value);
  return s.length <= 1 ? "*" : `${s[0]}${"*".repeat(Math.min(6, s.length - 1))}`;
}

/**
 * Dates equal to the birth date of the person on the same row (a registry entry error, such as a
 * birth date typed as an award date) would disclose it: they are set to null, and counted.
 */
export async function redactBirthDates(
  con: DuckDBConnection,
  plans: TablePlan[],
): Promise<{ table: string; column: string; count: number }[]> {
  await con.run(`create or replace temp table _pii_birth as
    select distinct pseudonym(registry_id) as person, birth_date from wh.raw.people where birth_date is not null`);
  const redacted: { table: string; column: string; count: number }[] = [];
  for (const plan of plans) {
    const [schema, table] = plan.table.split(".") as [string, string];
    const persons = plan.columns.filter((c) => c.action === "pseudonymise").map((c) => c.column);
    if (persons.length === 0) continue;
    const dates = await rows(
      con,
      `select column_name as c from duckdb_columns() where database_name = 'out' and schema_name = ${lit(schema)}
         and table_name = ${lit(table)} and (data_type = 'DATE' or data_type like 'TIMESTAMP%')`,
    );
    const ref = `out.${ident(schema)}.${ident(table)}`;
    for (const { c } of dates as { c: string }[]) {
      const match = persons
        .map(
          (p) =>
            `exists (select 1 from _pii_birth b where b.person = ${ref}.${ident(p)} and b.birth_date = ${ref}.${ident(c)}::date)`,
        )
        .join(" or ");
      const [{ n }] = (await rows(con, `select count(*)::integer as n from ${ref} where ${match}`)) as [
        { n: number },
      ];
      if (n > 0) {
        await con.run(`update ${ref} set ${ident(c)} = null where ${match}`);
        redacted.push({ table: plan.table, column: c, count: n });
      }
    }
  }
  return redacted;
}

/**
 * Scan the written analyst copy (`out`) for leaks against the restricted warehouse (`wh`): text values
 * that look like a registry id or equal a name, email or birth date of the extract; dates equal to
 * the birth date of the person on the same row. Throws `publish_leak` on the first one found.
 */
export async function scanForLeaks(con: DuckDBConnection, plans: TablePlan[]): Promise<void> {
  // Reference vocabulary (every text value of the seed tables, e.g. the 169 town names) is public:
  // a town called Thompson is not a leak of the surname Thompson.
  const seedColumns = await rows(
    con,
    `select table_name as t, column_name as c from duckdb_columns()
     where database_name = 'b' and schema_name = 'seeds' and data_type = 'VARCHAR'`,
  );
  const reference = seedColumns.map(
    (r) => `select ${ident(String(r.c))} as v from b.seeds.${ident(String(r.t))}`,
  );
  await con.run(
    `create or replace temp table _reference_text as ${reference.length > 0 ? reference.join(" union ") : "select null::varchar as v"}`,
  );
  await con.run(`create or replace temp table _pii_text as
    select distinct v from (
      select unnest([first_name, last_name, first_name || ' ' || last_name, last_name || ', ' || first_name,
                     email, lower(email), birth_date::varchar, strftime(birth_date, '%m/%d/%Y')]) as v
      from wh.raw.people)
    where v is not null and v <> '' and v not in (select v from _reference_text where v is not null)`);
  await con.run(`create or replace temp table _pii_birth as
    select distinct pseudonym(registry_id) as person, birth_date from wh.raw.people where birth_date is not null`);
  for (const plan of plans) {
    const [schema, table] = plan.table.split(".") as [string, string];
    const cols = await rows(
      con,
      `select column_name as c, data_type as t from duckdb_columns()
       where database_name = 'out' and schema_name = ${lit(schema)} and table_name = ${lit(table)}`,
    );
    const pseudonymised = plan.columns.filter((c) => c.action === "pseudonymise").map((c) => c.column);
    const ref = `out.${ident(schema)}.${ident(table)}`;
    // All text columns at once: their distinct (column, value) pairs, unpivoted, checked in one join.
    const text = (cols as { c: string; t: string }[]).filter((x) => x.t === "VARCHAR").map((x) => x.c);
    if (text.length > 0) {
      const hits = await rows(
        con,
        `with pairs as (
           select distinct col, val from (unpivot (select ${text.map(ident).join(", ")} from ${ref})
             on ${text.map(ident).join(", ")} into name col value val))
         select col,
                count(*) filter (where regexp_full_match(val, ${lit(REGISTRY_ID_PATTERN)}))::integer as ids,
                any_value(val) filter (where regexp_full_match(val, ${lit(REGISTRY_ID_PATTERN)})) as id_example,
                count(*) filter (where val in (select v from _pii_text))::integer as pii,
                any_value(val) filter (where val in (select v from _pii_text)) as pii_example
         from pairs group by col`,
      );
      const byColumn = new Map(hits.map((h) => [String(h.col), h]));
      for (const c of text) {
        const hit = byColumn.get(c);
        if (!hit) continue;
        if (Number(hit.ids) > 0)
          throw new WorkforceError("publish_leak", {
            table: plan.table,
            column: c,
            count: hit.ids,
            kind: "a registry id",
            example: mask(hit.id_example),
          });
        if (Number(hit.pii) > 0)
          throw new WorkforceError("publish_leak", {
            table: plan.table,
            column: c,
            count: hit.pii,
            kind: "a name, email or birth date",
            example: mask(hit.pii_example),
          });
      }
    }
    for (const { c, t } of cols as { c: string; t: string }[]) {
      if ((t === "DATE" || t.startsWith("TIMESTAMP")) && pseudonymised.length > 0) {
        for (const p of pseudonymised) {
          const [hit] = await rows(
            con,
            `select count(*)::integer as n from ${ref} x join _pii_birth b
               on x.${ident(p)} = b.person and x.${ident(c)}::date = b.birth_date`,
          );
          if (Number(hit!.n) > 0)
            throw new WorkforceError("publish_leak", {
              table: plan.table,
              column: c,
              count: hit!.n,
              kind: `the birth date of the person in ${p}`,
              example: "(a date)",
            });
        }
      }
    }
  }
}

/** Write a new version of the analyst copy into a staging folder (and switch to it unless stageOnly). */
export async function publish(opts: PublishOptions): Promise<StagedPublication | VersionManifest> {
  const started = performance.now();
  const memoryLimit = buildMemoryLimit("publish");
  const log = opts.log;
  const key = pseudonymKey(opts.env ?? process.env);
  if (key.kind === "demo") {
    opts.warn?.(demoKeyWarning());
    log?.("warn", "pseudonym_demo_key", { message: demoKeyWarning() });
  }
  const paths = buildPaths(opts.dataDir);
  if (!existsSync(paths.current)) throw new WorkforceError("no_build", { path: paths.current }, EXIT.usage);
  const project = await loadProject();
  ensurePublishedRoot(opts.dataDir);
  removeStaleStaging(opts.dataDir);
  const version = newVersionId();
  const staging = stagingDir(opts.dataDir, version);
  mkdirSync(join(staging, "parquet"), { recursive: true });
  const analytics = join(staging, "analytics.duckdb");

  // Hold the warehouse writer lock while reading the build and the warehouse, so no ingest or build
  // changes them underneath.
  const release = await acquireWriterLock(opts.dataDir);
  // Bounded like the build (WORKFORCE_BUILD_MEMORY_LIMIT), so DuckDB spills instead of growing.
  const instance = await DuckDBInstance.create(":memory:", { memory_limit: memoryLimit });
  const con = await instance.connect();
  let ok = false;
  try {
    await con.run(`attach ${lit(paths.current)} as b (read_only)`);
    await con.run(`attach ${lit(warehousePaths(opts.dataDir).file)} as wh (read_only)`);
    await definePseudonymMacro(con, key.key);
    const columnRows = await rows(
      con,
      `select schema_name || '.' || table_name as t, list(column_name order by column_index) as cols
       from duckdb_columns() where database_name = 'b' group by all`,
    );
    const columnsByTable = new Map(columnRows.map((r) => [String(r.t), r.cols as string[]]));
    const { tables: plans, unclassified } = publishPlan(
      project,
      (t) => columnsByTable.get(t),
      opts.decisions ?? PUBLISH_DECISIONS,
    );
    if (unclassified.length > 0) {
      const u = unclassified[0]!;
      const more = unclassified.length - 1;
      throw new WorkforceError("publish_unclassified_column", {
        ...u,
        more:
          more > 0
            ? ` (and ${more} more: ${unclassified
                .slice(1, 6)
                .map((x) => `${x.table}.${x.column}`)
                .join(", ")}${more > 5 ? ", ..." : ""})`
            : "",
      });
    }

    const personColumns = plans.flatMap((p) =>
      p.columns
        .filter((c) => c.action === "pseudonymise")
        .map((c) => {
          const [schema, table] = p.table.split(".") as [string, string];
          return `select ${ident(c.column)}::varchar as id from b.${ident(schema)}.${ident(table)}`;
        }),
    );
    await con.run(
      `create temp table _pseudonyms as select id, pseudonym(id) as p from (${
        personColumns.length > 0 ? personColumns.join(" union ") : "select null::varchar as id"
      }) where id is not null`,
    );
    await con.run(`attach ${lit(analytics)} as out`);
    await con.run("create schema out.marts; create schema out.reporting");
    // The publishing rules' macros, so that a model's SQL (and an analyst's query) runs on the copy.
    await defineMacros(con, "out");
    const tables: PublishedTable[] = [];
    for (const plan of plans) {
      const [schema, table] = plan.table.split(".") as [string, string];
      // Each person column is looked up in the table of pseudonyms (one HMAC per distinct registry id,
      // not per row: the monthly snapshots repeat each person up to ~200 times).
      const kept = plan.columns.filter((c) => c.action !== "drop");
      const joins: string[] = [];
      const select = kept.map((c) => {
        if (c.action !== "pseudonymise") return `src.${ident(c.column)}`;
        const k = `k${joins.length}`;
        joins.push(`left join _pseudonyms ${k} on ${k}.id = src.${ident(c.column)}::varchar`);
        return `${k}.p as ${ident(c.column)}`;
      });
      const target = `out.${ident(schema)}.${ident(table)}`;
      await con.run(
        `create table ${target} as select ${select.join(", ")} from b.${ident(schema)}.${ident(table)} as src ${joins.join(" ")}`,
      );
      // Descriptions as DuckDB comments, in one round trip per table.
      const comments = [`comment on table ${target} is ${lit(plan.description)}`];
      for (const [column, description] of Object.entries(plan.descriptions)) {
        const action = plan.columns.find((c) => c.column === column)?.action;
        if (action === "drop") continue;
        const text =
          action === "pseudonymise"
            ? `${description} Pseudonymised: HMAC-SHA256 of the registry id (same person, same value in every table).`
            : description;
        comments.push(`comment on column ${target}.${ident(column)} is ${lit(text)}`);
      }
      await con.run(comments.join(";\n"));
      const keptNames = kept.map((c) => c.column);
      const partition = partitionColumn(plan.table, keptNames);
      const parquet = partition ? `parquet/${plan.table}` : `parquet/${plan.table}.parquet`;
      const [{ n }] = (await rows(con, `select count(*)::bigint as n from ${target}`)) as [{ n: unknown }];
      tables.push({
        name: plan.table,
        rows: Number(n),
        columns: keptNames,
        parquet,
        partitioned_by: partition,
      });
    }
    const lap = (() => {
      let t = started;
      return () => {
        const now = performance.now();
        const s = Math.round((now - t) / 10) / 100;
        t = now;
        return s;
      };
    })();
    log?.("info", "publish_tables_written", { version, tables: tables.length, seconds: lap() });

    const redacted = await redactBirthDates(con, plans);
    if (redacted.length > 0) log?.("warn", "publish_redacted_birth_dates", { version, redacted });
    await scanForLeaks(con, plans);
    log?.("info", "publish_scanned", { version, seconds: lap() });

    for (const t of tables) {
      const [schema, table] = t.name.split(".") as [string, string];
      const options = t.partitioned_by
        ? `format parquet, compression zstd, partition_by (${ident(t.partitioned_by)})`
        : "format parquet, compression zstd";
      await con.run(
        `copy out.${ident(schema)}.${ident(table)} to ${lit(join(staging, t.parquet))} (${options})`,
      );
    }

    log?.("info", "publish_parquet_written", { version, seconds: lap() });
    const [latest] = await rows(
      con,
      `select extract_id, as_of::varchar as as_of from wh.meta.extracts
       where status = 'loaded' order by as_of desc, extract_id desc limit 1`,
    );
    const builds = await rows(
      con,
      `select table_name from duckdb_tables() where database_name = 'wh' and schema_name = 'meta' and table_name = 'builds'`,
    );
    const buildId =
      builds.length > 0
        ? ((
            await rows(
              con,
              "select build_id from wh.meta.builds where status = 'swapped' order by finished_at desc limit 1",
            )
          )[0]?.build_id as string | undefined)
        : undefined;
    await con.run("detach out");
    chmodSync(analytics, 0o444);

    const manifest: Omit<VersionManifest, "files"> = {
      version,
      created_at: new Date().toISOString(),
      run_id: opts.runId ?? null,
      build_id: buildId ?? null,
      extract_id: (latest?.extract_id as string | undefined) ?? null,
      as_of: (latest?.as_of as string | undefined) ?? null,
      pseudonym_key: key.kind,
      tables,
      dropped_columns: plans.flatMap((p) =>
        p.columns
          .filter((c) => c.action === "drop")
          .map((c) => ({ table: p.table, column: c.column, reason: c.reason })),
      ),
      pseudonymised_columns: plans.flatMap((p) =>
        p.columns
          .filter((c) => c.action === "pseudonymise")
          .map((c) => ({ table: p.table, column: c.column })),
      ),
      redacted_values: redacted.map((r) => ({
        ...r,
        reason: "equal to the birth date of the person on the row",
      })),
      has_site: false,
    };
    ok = true;
    const seconds = Math.round((performance.now() - started) / 10) / 100;
    if (opts.stageOnly) return { version, staging, manifest, seconds };
    // Stand-alone publish: the site stays the one already published.
    const current = currentVersion(opts.dataDir);
    if (current && existsSync(join(current.dir, "site"))) {
      cpSync(join(current.dir, "site"), join(staging, "site"), { recursive: true });
      manifest.has_site = true;
    }
    return commitVersion(opts.dataDir, staging, manifest);
  } finally {
    con.closeSync();
    instance.closeSync();
    await release();
    if (!ok) rmSync(staging, { recursive: true, force: true });
  }
}
