/**
 * A canonical text dump of every table ingest writes (raw.*, meta.* and waiting.*): rows sorted by all
 * columns, values in a fixed text form. Two warehouses in the same state give byte-identical
 * dumps; wall-clock columns (`meta.extracts.loaded_at`) can be left out to compare two separate
 * loads of the same inbox. A bulk load's staging table (`raw._load_*`, transient: a run that dies
 * while loading can leave one, which the next run drops first) is not part of the warehouse.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { ident, withReadOnly } from "../warehouse/db.ts";
import { BULK_PREFIX } from "./schema.ts";
import { rows } from "./stage.ts";

export const VOLATILE_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  "meta.extracts": ["loaded_at"],
};

export async function dumpConnection(
  con: DuckDBConnection,
  opts: { volatile?: boolean } = {},
): Promise<string> {
  const tables = await rows(
    con,
    `SELECT schema_name, table_name FROM duckdb_tables()
     WHERE schema_name IN ('raw', 'meta', 'waiting') AND NOT temporary AND NOT starts_with(table_name, '${BULK_PREFIX}')
     ORDER BY schema_name, table_name`,
  );
  const out: string[] = [];
  for (const t of tables) {
    const name = `${t.schema_name}.${t.table_name}`;
    const skip = opts.volatile ? [] : (VOLATILE_COLUMNS[name] ?? []);
    const cols = (
      await rows(
        con,
        `SELECT column_name FROM duckdb_columns() WHERE schema_name = '${t.schema_name}'
         AND table_name = '${t.table_name}' ORDER BY column_index`,
      )
    )
      .map((c) => String(c.column_name))
      .filter((c) => !skip.includes(c));
    const list = cols.map((c) => `coalesce(CAST(${ident(c)} AS VARCHAR), '∅')`).join(" || '\t' || ");
    const lines = await rows(
      con,
      `SELECT ${list} AS line FROM ${ident(String(t.schema_name))}.${ident(String(t.table_name))} ORDER BY line`,
    );
    out.push(`## ${name} (${cols.join(", ")}) ${lines.length} rows`);
    for (const l of lines) out.push(JSON.stringify(l.line));
  }
  return `${out.join("\n")}\n`;
}

/** Dump the warehouse of `dataDir` (empty string when there is none). */
export async function canonicalDump(dataDir: string, opts: { volatile?: boolean } = {}): Promise<string> {
  return withReadOnly(dataDir, async (db) => (db ? dumpConnection(db.con, opts) : ""));
}
