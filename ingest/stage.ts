/**
 * Staging one extract file: a single DuckDB pass reads it (every column as text, columns matched by
 * header name, quoted newlines, BOM and mixed line ends handled by DuckDB), casts each column and
 * names the first rule each record breaks, into a temporary table. Records DuckDB cannot read at
 * all (invalid UTF-8) come back through its reject table and are kept with their record number.
 *
 * Staging runs outside the load transaction (temporary tables never reach the warehouse file), so
 * a read that DuckDB refuses can be retried and a crash while parsing leaves nothing behind.
 *
 * Record numbers: data records are numbered from 1 in file order (header excluded). The staging
 * table keeps file order (preserve_insertion_order), so a staged row's number is its position
 * plus the number of rejected records before it; DuckDB's reject `line` counts records (not
 * physical lines) with the header as line 1.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { ident } from "../warehouse/db.ts";
import { type BulkLineage, type FileLayout, stageSelectSql } from "./checks.ts";
import type { FileCheck } from "./extract.ts";
import { BULK_PREFIX } from "./schema.ts";
import type { SourceSpec } from "./sources/contract.ts";

export interface RejectedRecord {
  record: number;
  errorType: string;
  column: string | null;
  line: string | null;
  detail: string;
}

export interface Staged {
  source: SourceSpec;
  check: FileCheck;
  layout: FileLayout;
  /**
   * SQL reference of the staging table with the typed rows, `_fail` and `_raw`: a temporary table,
   * or for a bulk load (the raw table is still empty) `raw."_load_<source>"` with the lineage
   * columns too, which becomes the raw table at commit (no copy).
   */
  table: string;
  bulk: boolean;
  /** The file's `meta.load_log.load_id`: the lineage of every version it writes. */
  loadId: number;
  /** rowid of the first staged row (positions are rowid - base). */
  base: bigint;
  /** View over `table` adding `_rid` (row position) and `_rec` (record number). */
  view: string;
  stageRows: number;
  rejects: RejectedRecord[];
  /** Data records in the file: staged rows plus records DuckDB rejected. */
  records: number;
  /** The last record is cut short (too few fields or unreadable) and the file has no final line end. */
  lastRecordIncomplete: boolean;
}

export async function scalar<T = unknown>(con: DuckDBConnection, sql: string): Promise<T> {
  const r = await con.runAndReadAll(sql);
  return r.getRows()[0]?.[0] as T;
}

export async function rows(con: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const r = await con.runAndReadAll(sql);
  return r.getRowObjects() as Record<string, unknown>[];
}

/**
 * Stage one file. `reader` runs the staging statement and reads its rejects; `con` (the connection
 * of the load transaction) gets the views. They may differ only for a bulk load, whose staging
 * table is a table of the warehouse every connection sees: ingest stages bulk files side by side,
 * each on a connection of its own (one read leaves part of the machine idle). A temporary staging
 * table exists on `con` alone.
 */
export async function stageFile(
  con: DuckDBConnection,
  source: SourceSpec,
  check: FileCheck,
  asOf: string,
  loadId: number,
  bulkLoad = false,
  reader: DuckDBConnection = con,
): Promise<Staged> {
  const bulk: BulkLineage | null = bulkLoad ? { loadId } : null;
  if (!bulk && reader !== con)
    throw new Error(`${check.name}: a temporary staging table must be staged on the load's connection`);
  const table = bulk ? `raw.${ident(BULK_PREFIX + source.name)}` : ident(`stage_${source.name}`);
  const view = `v_${source.name}`;
  const rejectsTable = `rej_${source.name}`;
  const rejectsScan = `rejscan_${source.name}`;
  const layout: FileLayout = { fileColumns: check.fileColumns };
  await con.run(`DROP VIEW IF EXISTS ${ident(view)}; DROP TABLE IF EXISTS ${ident(`recmap_${source.name}`)}`);
  const dropRead = `DROP TABLE IF EXISTS ${table};
     DROP TABLE IF EXISTS ${ident(rejectsTable)}; DROP TABLE IF EXISTS ${ident(rejectsScan)}`;
  await reader.run(dropRead);
  const create = (parallel: boolean) =>
    `CREATE ${bulk ? "" : "TEMP "}TABLE ${table} AS ${stageSelectSql(
      source,
      asOf,
      { path: check.path, layout, rejectsTable, rejectsScan, parallel },
      bulk,
    )}`;
  await assertOrderPreserving(reader, create(true), check.name);
  try {
    await reader.run(create(true));
  } catch (e) {
    // Null padding (needed to see records with too many fields) and quoted newlines cannot be read
    // in parallel: DuckDB stops with an error rather than guess where records start. Read serially.
    if (!/parallel\s*=\s*false/.test((e as Error).message)) throw e;
    await reader.run(dropRead);
    await reader.run(create(false));
  }
  // Inside a transaction the rows of a new table get transaction-local row ids (from 2^55): the
  // position of a row is its rowid minus the first one, provided the ids are contiguous.
  const span = (
    await rows(reader, `SELECT count(*) AS n, min(rowid) AS lo, max(rowid) AS hi FROM ${table}`)
  )[0]!;
  const stageRows = Number(span.n);
  const base = span.lo === null ? 0n : (span.lo as bigint);
  if (stageRows > 0 && (span.hi as bigint) - base + 1n !== BigInt(stageRows)) {
    throw new Error(`${check.name}: staged row ids are not contiguous; record numbers cannot be derived`);
  }
  const rejected = await rows(
    reader,
    `SELECT line, min(error_type) AS error_type, min(column_name) AS column_name,
       min(csv_line) AS csv_line, min(error_message) AS error_message
     FROM ${ident(rejectsTable)} GROUP BY line ORDER BY line`,
  );
  const rejects: RejectedRecord[] = rejected.map((r) => ({
    record: Number(r.line) - 1,
    errorType: String(r.error_type),
    column: check.fileColumns.includes(String(r.column_name)) ? String(r.column_name) : null,
    line: r.csv_line === null ? null : String(r.csv_line),
    detail: String(r.error_message ?? r.error_type),
  }));
  const records = stageRows + rejects.length;
  await createRecordView(con, table, view, source.name, rejects, base);

  let lastRecordIncomplete = false;
  if (!check.endsWithNewline && records > 0) {
    const lastReject = rejects[rejects.length - 1];
    if (lastReject && lastReject.record === records)
      lastRecordIncomplete = lastReject.errorType !== "INVALID ENCODING";
    else if (stageRows > 0) {
      const fail = await scalar<string | null>(reader, `SELECT _fail FROM ${table} WHERE rowid = ${span.hi}`);
      lastRecordIncomplete = fail === "too_few_fields:";
    }
  }
  return {
    source,
    check,
    layout,
    table,
    bulk: bulk !== null,
    loadId,
    base,
    view,
    stageRows,
    rejects,
    records,
    lastRecordIncomplete,
  };
}

/**
 * Record numbers come from the staged rows' positions, so the staging statement must keep file
 * order: DuckDB does (an order-preserving batch insert with several threads, a plain insert with
 * one: a single task reads the file from start to end) unless the plan has an operator that
 * reorders rows. Its optimizer turns a long IN list (the code lists) into a hash join, which does:
 * that rewrite is disabled for this connection, and the plan is checked before every staging.
 */
async function assertOrderPreserving(con: DuckDBConnection, sql: string, file: string): Promise<void> {
  await con.run("SET disabled_optimizers = 'in_clause'");
  const plan = (await con.runAndReadAll(`EXPLAIN ${sql}`))
    .getRows()
    .map((r) => String(r[1]))
    .join("\n");
  const ordered =
    plan.includes("BATCH_CREATE_TABLE_AS") ||
    (plan.includes("CREATE_TABLE_AS") &&
      Number(await scalar<bigint>(con, "SELECT current_setting('threads')")) === 1);
  if (!ordered || /JOIN|ORDER_BY|HASH_GROUP_BY/.test(plan)) {
    throw new Error(`${file}: the staging plan does not keep file order; record numbers would be wrong`);
  }
}

/**
 * `_rec` of the k-th staged row (k = position + 1): k plus the number of rejected records before it.
 * The i-th rejected record (number r_i, i from 1) has r_i - i staged rows before it, so a staged
 * row comes after it when rowid >= r_i - i.
 */
async function createRecordView(
  con: DuckDBConnection,
  table: string,
  view: string,
  name: string,
  rejects: RejectedRecord[],
  base: bigint,
): Promise<void> {
  if (rejects.length === 0) {
    await con.run(
      `CREATE TEMP VIEW ${ident(view)} AS SELECT *, rowid AS _rid, rowid - ${base} + 1 AS _rec FROM ${table}`,
    );
    return;
  }
  const recmap = `recmap_${name}`;
  const values = rejects.map((r, i) => `(${r.record - (i + 1)}, ${i + 1})`).join(", ");
  await con.run(
    `CREATE TEMP TABLE ${ident(recmap)} AS SELECT * FROM (VALUES ${values}) t(adj, cnt);
     CREATE TEMP VIEW ${ident(view)} AS
       SELECT s.* EXCLUDE (_pos), s._pos + 1 + coalesce(m.cnt, 0) AS _rec
       FROM (SELECT *, rowid AS _rid, rowid - ${base} AS _pos FROM ${table}) s
       ASOF LEFT JOIN ${ident(recmap)} m ON s._pos >= m.adj`,
  );
}

/**
 * The record number of each staged row as an SQL expression of its position `pos` (rowid - base),
 * for an UPDATE of the bulk table: null when there are too many rejected records for a CASE
 * (then use the view's `_rec`).
 */
export function recordExpr(st: Staged, pos: string): string | null {
  if (st.rejects.length === 0) return `${pos} + 1`;
  if (st.rejects.length > 200) return null;
  const whens = st.rejects
    .map((r, i) => [r.record - (i + 1), i + 1] as const)
    .reverse()
    .map(([adj, cnt]) => `WHEN ${pos} >= ${adj} THEN ${cnt}`)
    .join(" ");
  return `${pos} + 1 + CASE ${whens} ELSE 0 END`;
}

export async function dropStage(con: DuckDBConnection, staged: Staged): Promise<void> {
  const n = staged.source.name;
  await con.run(
    `DROP VIEW IF EXISTS ${ident(staged.view)}; DROP TABLE IF EXISTS ${staged.table};
     DROP TABLE IF EXISTS ${ident(`rej_${n}`)}; DROP TABLE IF EXISTS ${ident(`rejscan_${n}`)};
     DROP TABLE IF EXISTS ${ident(`recmap_${n}`)}; DROP TABLE IF EXISTS ${ident(`setaside_${n}`)}`,
  );
}
