/**
 * Tables of the restricted warehouse written by ingest:
 * - `raw.<source>`: every version of every record as received, typed, with lineage and validity.
 *   Lineage is `_load_id` (the `meta.load_log` row of the extract file that delivered the version:
 *   extract id and file name) and `_record` (its record number in that file). `_valid_from` is the
 *   as-of date of the extract that delivered the version, `_valid_to` the as-of date of the
 *   extract that superseded or deleted it (null = current); `_end_reason` says which
 *   (`superseded`, `deleted` by deletions.csv, `absent` from a later full extract) and
 *   `_end_load_id` which file of that extract ended it. Event sources and deletions are
 *   append-only (their versions never end).
 * - `meta.extracts`: the ledger (one row per extract loaded or held).
 * - `meta.load_log`: per extract and file, the accounting records = loaded + quarantined + deduplicated;
 *   `load_id` numbers the files whose rows were written (1, 2, ... in load order; null otherwise).
 * - `meta.quarantine`: every rejected record with its location and reason.
 * - `meta.duplicates`: identical copies of a record that were dropped (one copy kept).
 * - `waiting.<source>`: records set aside only because a record they refer to was set aside, kept
 *   (typed, with `_load_id`, `_record` and the `_as_of` of the extract that set them aside) until
 *   what they wait for loads (`replay.ts`); `meta.replays`: each record loaded so, by the
 *   `load_id` of its `replayed` row of meta.load_log, with the file and record it came from.
 * - `meta.pending_swaps`: bulk loads committed whose staging table still has to replace the raw
 *   table (empty except between the commit of a bulk load and the end of its second phase).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { ident, lit } from "../warehouse/db.ts";
import { duckType } from "./checks.ts";
import { REPLAYS_DDL, waitingTableDdl } from "./replay.ts";
import type { SourceSpec } from "./sources/contract.ts";
import { SOURCES } from "./sources/index.ts";

/**
 * Lineage and validity of each version (no NOT NULL: a bulk load creates the table by CTAS).
 * The extract and file are an integer (`_load_id`, a row of meta.load_log) rather than their
 * names: a constant text column costs DuckDB about 100 ns a row to write (string compression
 * analysis), an integer next to nothing (ingest/README.md, Performance).
 */
export const LINEAGE_COLUMNS = [
  ["_load_id", "INTEGER"],
  ["_record", "BIGINT"],
  ["_valid_from", "DATE"],
  ["_valid_to", "DATE"],
  ["_end_reason", "VARCHAR"],
  ["_end_load_id", "INTEGER"],
] as const;

export function rawTableDdl(source: SourceSpec): string {
  const cols = [
    ...source.columns.map((c) => `${ident(c.name)} ${duckType(c)}`),
    ...LINEAGE_COLUMNS.map(([n, t]) => `${n} ${t}`),
  ];
  return `CREATE TABLE IF NOT EXISTS raw.${ident(source.name)} (${cols.join(", ")})`;
}

export const META_DDL = [
  `CREATE TABLE IF NOT EXISTS meta.extracts (
    extract_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, as_of DATE NOT NULL, since DATE,
    folder VARCHAR NOT NULL, manifest_sha256 VARCHAR NOT NULL, status VARCHAR NOT NULL,
    reason_code VARCHAR, message VARCHAR, loaded_at TIMESTAMP)`,
  `CREATE TABLE IF NOT EXISTS meta.load_log (
    extract_id VARCHAR NOT NULL, file VARCHAR NOT NULL, status VARCHAR NOT NULL,
    reason_code VARCHAR, message VARCHAR, manifest_records BIGINT, records BIGINT, loaded BIGINT,
    quarantined BIGINT, deduplicated BIGINT, inserted BIGINT, unchanged BIGINT, sha256 VARCHAR,
    load_id INTEGER)`,
  `CREATE TABLE IF NOT EXISTS meta.quarantine (
    extract_id VARCHAR NOT NULL, file VARCHAR NOT NULL, record BIGINT NOT NULL, "column" VARCHAR,
    value VARCHAR, reason_code VARCHAR NOT NULL, message VARCHAR NOT NULL, "key" VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS meta.pending_swaps (source VARCHAR NOT NULL, extract_id VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS meta.duplicates (
    extract_id VARCHAR NOT NULL, file VARCHAR NOT NULL, record BIGINT NOT NULL, "key" VARCHAR,
    kept_record BIGINT NOT NULL)`,
];

/** Prefix of the staging table of a bulk load, renamed to the raw table at commit. */
export const BULK_PREFIX = "_load_";
/** Staging-only columns of a bulk stage, dropped right after the commit. */
export const STAGE_COLUMNS = ["_fail", "_raw"] as const;

/**
 * Second phase of a bulk load, after the load transaction committed (with a row in
 * meta.pending_swaps): checkpoint, then in a transaction of its own per table replace the empty raw
 * table by the staging table and clear the pending row, then drop the staging columns.
 * (DuckDB cannot replay a WAL that renames a table updated in the same transaction, nor drop a
 * column of a table updated in the same transaction: hence the separate steps.)
 */
export async function completeSwaps(con: DuckDBConnection, sources: readonly string[]): Promise<void> {
  if (sources.length === 0) return;
  await con.run("CHECKPOINT");
  for (const source of sources) {
    await con.run(
      `BEGIN TRANSACTION;
       DROP TABLE IF EXISTS raw.${ident(source)};
       ALTER TABLE raw.${ident(BULK_PREFIX + source)} RENAME TO ${ident(source)};
       DELETE FROM meta.pending_swaps WHERE source = '${source}';
       COMMIT`,
    );
  }
  for (const source of sources) {
    for (const c of STAGE_COLUMNS) {
      await con.run(`ALTER TABLE raw.${ident(source)} DROP COLUMN IF EXISTS ${ident(c)}`);
    }
  }
}

/**
 * Finish what a run that died may have left, before anything else: complete the swaps of bulk
 * loads that committed, drop staging tables of loads that did not, and drop staging columns left
 * on a raw table. Idempotent.
 */
export async function recoverLeftovers(con: DuckDBConnection): Promise<void> {
  const pending = await con.runAndReadAll("SELECT source FROM meta.pending_swaps ORDER BY source");
  const staged = new Set(
    (
      await con.runAndReadAll(
        `SELECT table_name FROM duckdb_tables() WHERE schema_name = 'raw' AND starts_with(table_name, '${BULK_PREFIX}')`,
      )
    )
      .getRows()
      .map(([n]) => String(n)),
  );
  const swaps: string[] = [];
  for (const [source] of pending.getRows()) {
    const name = String(source);
    if (staged.has(BULK_PREFIX + name)) {
      swaps.push(name);
      staged.delete(BULK_PREFIX + name);
    } else await con.run(`DELETE FROM meta.pending_swaps WHERE source = '${name}'`);
  }
  await completeSwaps(con, swaps);
  for (const name of staged) await con.run(`DROP TABLE IF EXISTS raw.${ident(name)}`);
  const c = await con.runAndReadAll(
    `SELECT table_name, column_name FROM duckdb_columns()
     WHERE schema_name = 'raw' AND column_name IN (${STAGE_COLUMNS.map((x) => `'${x}'`).join(", ")})`,
  );
  for (const [table, column] of c.getRows()) {
    await con.run(`ALTER TABLE raw.${ident(String(table))} DROP COLUMN IF EXISTS ${ident(String(column))}`);
  }
}

/** Create the schemas and tables that do not exist yet (idempotent; see `upgradeLineage` too). */
export async function ensureSchema(con: DuckDBConnection): Promise<void> {
  const statements = [
    "CREATE SCHEMA IF NOT EXISTS raw",
    "CREATE SCHEMA IF NOT EXISTS meta",
    "CREATE SCHEMA IF NOT EXISTS waiting",
    ...SOURCES.map(rawTableDdl),
    ...SOURCES.filter((s) => s.mode !== "deletions").map(waitingTableDdl),
    ...META_DDL,
    REPLAYS_DDL,
  ];
  await con.run(statements.join(";\n"));
}

/**
 * Upgrade a warehouse written before lineage became `_load_id` (raw tables with the text columns
 * `_extract_id`, `_file`, `_end_extract_id`). Run after `recoverLeftovers`, so that a bulk load an
 * older version committed but did not swap in is in place first. Numbers the loaded files of
 * meta.load_log that have no load id in load order (as-of date, extract, file: the order ingest
 * gives new ones) and rewrites every raw table still in the old layout, its columns in the current
 * order. Every version must find its file (and an ended one the file that ended it) in the load
 * log, or nothing is changed and the run stops. One transaction: a crash leaves the old layout,
 * and the next run upgrades it. Does nothing on a current warehouse.
 */
export async function upgradeLineage(con: DuckDBConnection): Promise<void> {
  const cols = await con.runAndReadAll(
    `SELECT schema_name || '.' || table_name, column_name FROM duckdb_columns()
     WHERE schema_name IN ('raw', 'meta')`,
  );
  const has = new Set(cols.getRows().map(([t, c]) => `${t}.${c}`));
  const old = SOURCES.filter((s) => has.has(`raw.${s.name}._extract_id`));
  const addIds = !has.has("meta.load_log.load_id");
  if (!addIds && old.length === 0) return;
  const statements: string[] = [];
  if (addIds) statements.push("ALTER TABLE meta.load_log ADD COLUMN load_id INTEGER");
  statements.push(
    `UPDATE meta.load_log SET load_id = n.id FROM (
       SELECT l.extract_id, l.file,
         (SELECT coalesce(max(load_id), 0) FROM meta.load_log)
           + row_number() OVER (ORDER BY e.as_of, l.extract_id, l.file) AS id
       FROM meta.load_log l JOIN meta.extracts e USING (extract_id)
       WHERE l.status = 'loaded' AND l.load_id IS NULL) n
     WHERE load_log.extract_id = n.extract_id AND load_log.file = n.file
       AND load_log.status = 'loaded' AND load_log.load_id IS NULL`,
  );
  for (const s of old) {
    const keep = s.columns.map((c) => `r.${ident(c.name)}`);
    statements.push(
      `CREATE OR REPLACE TABLE raw.${ident(s.name)} AS
       SELECT ${keep.join(", ")}, l.load_id AS _load_id, r._record, r._valid_from, r._valid_to,
         r._end_reason, e.load_id AS _end_load_id
       FROM raw.${ident(s.name)} r
       LEFT JOIN meta.load_log l ON l.extract_id = r._extract_id AND l.file = r._file
       LEFT JOIN meta.load_log e ON e.extract_id = r._end_extract_id
         AND e.file = CASE r._end_reason WHEN 'deleted' THEN 'deletions.csv' ELSE ${lit(s.file)} END`,
    );
  }
  await con.run("BEGIN TRANSACTION");
  try {
    for (const sql of statements) await con.run(sql);
    for (const s of old) {
      const lost = await con.runAndReadAll(
        `SELECT count(*) FROM raw.${ident(s.name)}
         WHERE _load_id IS NULL OR (_end_reason IS NOT NULL AND _end_load_id IS NULL)`,
      );
      const n = Number(lost.getRows()[0]![0]);
      if (n > 0) {
        throw new Error(
          `cannot upgrade raw.${s.name} to load ids: ${n} version(s) name an extract file that meta.load_log does not list as loaded; nothing was changed (restore the warehouse from a backup, or load the extracts again into a new data directory)`,
        );
      }
    }
    await con.run("COMMIT");
  } catch (e) {
    await con.run("ROLLBACK");
    throw e;
  }
}
