/**
 * Writing one validated file into its raw table, keeping every version:
 * - entity files upsert: a new key or changed values add a version (the previous one ends with
 *   `superseded`); identical values change nothing; a full extract ends the current version of
 *   every key it does not contain at all (`absent`);
 * - event files append the events not loaded before;
 * - deletions.csv is appended to raw.deletions and ends the current version of each deleted record.
 * Lineage (`_load_id`: extract and file; `_record`) and validity (`_valid_from` = the extract's as-of)
 * go with each version.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { ident, lit } from "../warehouse/db.ts";
import { referenceChecks } from "./references.ts";
import type { SourceSpec } from "./sources/contract.ts";
import { recordExpr, type Staged, scalar } from "./stage.ts";

export interface ApplyContext {
  extractId: string;
  asOf: string;
  kind: "full" | "delta";
  /** Where a source's records are in this transaction (its bulk staging table, or null: raw). */
  tableOf?: (source: string) => string | null;
}

export interface ApplyResult {
  inserted: number;
  unchanged: number;
}

const keyMatch = (s: SourceSpec, a: string, b: string) =>
  s.key.map((k) => `${a}.${ident(k)} = ${b}.${ident(k)}`).join(" AND ");

function insertSql(st: Staged, ctx: ApplyContext, extraJoin: string, where: string): string {
  const s = st.source;
  const cols = s.columns.map((c) => ident(c.name));
  return `INSERT INTO raw.${ident(s.name)} (${cols.join(", ")}, _load_id, _record, _valid_from)
    SELECT ${cols.map((c) => `s.${c}`).join(", ")}, ${st.loadId}, s._rec, DATE ${lit(ctx.asOf)}
    FROM ${ident(st.view)} s ${extraJoin}
    WHERE s._fail IS NULL ${where}`;
}

async function exists(con: DuckDBConnection, sql: string): Promise<boolean> {
  return Number(await scalar<bigint>(con, `SELECT count(*) FROM (${sql} LIMIT 1)`)) > 0;
}

async function changes(con: DuckDBConnection, sql: string): Promise<number> {
  const r = await con.run(sql);
  return Number(r.rowsChanged);
}

async function applyEntity(
  con: DuckDBConnection,
  st: Staged,
  ctx: ApplyContext,
  loaded: number,
): Promise<ApplyResult> {
  const s = st.source;
  const raw = `raw.${ident(s.name)}`;
  const hasCurrent = await exists(con, `SELECT 1 FROM ${raw} WHERE _valid_to IS NULL`);
  if (!hasCurrent) {
    const inserted = await changes(con, insertSql(st, ctx, "", ""));
    return { inserted, unchanged: 0 };
  }
  const chg = ident(`chg_${s.name}`);
  const diff = s.columns.map((c) => `s.${ident(c.name)} IS DISTINCT FROM c.${ident(c.name)}`).join(" OR ");
  const end = (reason: string) =>
    `_valid_to = DATE ${lit(ctx.asOf)}, _end_reason = ${lit(reason)}, _end_load_id = ${st.loadId}`;
  await con.run(
    `CREATE OR REPLACE TEMP TABLE ${chg} AS
     SELECT s._rid, CASE WHEN c._valid_from IS NULL THEN 'new' WHEN ${diff} THEN 'changed' ELSE 'same' END AS change
     FROM ${ident(st.view)} s LEFT JOIN ${raw} c ON ${keyMatch(s, "s", "c")} AND c._valid_to IS NULL
     WHERE s._fail IS NULL`,
  );
  await con.run(
    `UPDATE ${raw} SET ${end("superseded")}
     FROM (SELECT ${s.key.map((k) => `s.${ident(k)}`).join(", ")}
           FROM ${st.table} s JOIN ${chg} g ON s.rowid = g._rid WHERE g.change = 'changed') k
     WHERE ${raw}._valid_to IS NULL AND ${keyMatch(s, raw, "k")}`,
  );
  const inserted = await changes(
    con,
    insertSql(st, ctx, `JOIN ${chg} g ON s._rid = g._rid`, "AND g.change <> 'same'"),
  );
  if (ctx.kind === "full") {
    await con.run(
      `UPDATE ${raw} SET ${end("absent")}
       WHERE _valid_to IS NULL AND _valid_from < DATE ${lit(ctx.asOf)}
         AND NOT EXISTS (SELECT 1 FROM ${st.table} s WHERE ${keyMatch(s, "s", raw)})`,
    );
  }
  await con.run(`DROP TABLE ${chg}`);
  return { inserted, unchanged: loaded - inserted };
}

async function applyEvents(
  con: DuckDBConnection,
  st: Staged,
  ctx: ApplyContext,
  loaded: number,
): Promise<ApplyResult> {
  const s = st.source;
  const raw = `raw.${ident(s.name)}`;
  const any = await exists(con, `SELECT 1 FROM ${raw}`);
  const inserted = any
    ? await changes(con, insertSql(st, ctx, `ANTI JOIN ${raw} r ON ${keyMatch(s, "s", "r")}`, ""))
    : await changes(con, insertSql(st, ctx, "", ""));
  return { inserted, unchanged: loaded - inserted };
}

async function applyDeletions(con: DuckDBConnection, st: Staged, ctx: ApplyContext): Promise<ApplyResult> {
  const inserted = await changes(con, insertSql(st, ctx, "", ""));
  await endDeleted(con, st, ctx);
  return { inserted, unchanged: 0 };
}

/** End the current version of every record deletions.csv names. */
async function endDeleted(con: DuckDBConnection, st: Staged, ctx: ApplyContext): Promise<void> {
  for (const ref of referenceChecks(st.source)) {
    const raw = ctx.tableOf?.(ref.target) ?? `raw.${ident(ref.target)}`;
    await con.run(
      `UPDATE ${raw} SET _valid_to = DATE ${lit(ctx.asOf)}, _end_reason = 'deleted',
         _end_load_id = ${st.loadId}
       WHERE _valid_to IS NULL AND ${ident(ref.targetColumn)} IN (
         SELECT record_id FROM ${st.table} WHERE _fail IS NULL AND (${ref.when}))`,
    );
  }
}

/**
 * A bulk load (the raw table was empty): the staging table `raw._load_<source>`, committed before
 * the load transaction, already holds the typed rows with their lineage. Number the records and
 * drop the rejected ones; the swap into the raw table's place happens after the commit
 * (schema.ts `completeSwap`), recorded in meta.pending_swaps so a crash cannot lose it.
 */
async function applyBulk(
  con: DuckDBConnection,
  st: Staged,
  ctx: ApplyContext,
  loaded: number,
): Promise<ApplyResult> {
  const expr = recordExpr(st, `rowid - ${st.base}`);
  if (expr) await con.run(`UPDATE ${st.table} SET _record = ${expr}`);
  else {
    await con.run(
      `UPDATE ${st.table} SET _record = v._rec FROM ${ident(st.view)} v WHERE ${st.table}.rowid = v._rid`,
    );
  }
  if (st.source.mode === "deletions") await endDeleted(con, st, ctx);
  await con.run(
    `DELETE FROM ${st.table} WHERE _fail IS NOT NULL;
     DROP VIEW IF EXISTS ${ident(st.view)};
     INSERT INTO meta.pending_swaps VALUES (${lit(st.source.name)}, ${lit(ctx.extractId)})`,
  );
  return { inserted: loaded, unchanged: 0 };
}

export async function applyFile(
  con: DuckDBConnection,
  st: Staged,
  ctx: ApplyContext,
  loaded: number,
): Promise<ApplyResult> {
  if (st.bulk) return applyBulk(con, st, ctx, loaded);
  switch (st.source.mode) {
    case "entity":
      return applyEntity(con, st, ctx, loaded);
    case "event":
      return applyEvents(con, st, ctx, loaded);
    case "deletions":
      return applyDeletions(con, st, ctx);
  }
}
