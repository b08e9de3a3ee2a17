/**
 * Tables of the restricted warehouse written by ingest:
 * - `raw.<source>`: every version of every record as received, typed, with lineage and validity.
 *   `_valid_from` is the as-of date of the extract that delivered the version, `_valid_to` the
 *   as-of date of the extract that superseded or deleted it (null = current); `_end_reason` says
 *   which (`superseded`, `deleted` by deletions.csv, `absent` from a later full extract).
 *   Event sources and deletions are append-only (their versions never end).
 * - `meta.extracts`: the ledger (one row per extract loaded or held).
 * - `meta.load_log`: per extract and file, the accounting records = loaded + quarantined + deduplicated.
 * - `meta.quarantine`: every rejected record with its location and reason.
 * - `meta.duplicates`: identical copies of a record that were dropped (one copy kept).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { ident } from "../warehouse/db.ts";
import { duckType } from "./checks.ts";
import type { SourceSpec } from "./sources/contract.ts";
import { SOURCES } from "./sources/index.ts";

export const LINEAGE_COLUMNS = [
  ["_extract_id", "VARCHAR NOT NULL"],
  ["_file", "VARCHAR NOT NULL"],
  ["_record", "BIGINT NOT NULL"],
  ["_valid_from", "DATE NOT NULL"],
  ["_valid_to", "DATE"],
  ["_end_reason", "VARCHAR"],
  ["_end_extract_id", "VARCHAR"],
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
    quarantined BIGINT, deduplicated BIGINT, inserted BIGINT, unchanged BIGINT, sha256 VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS meta.quarantine (
    extract_id VARCHAR NOT NULL, file VARCHAR NOT NULL, record BIGINT NOT NULL, "column" VARCHAR,
    value VARCHAR, reason_code VARCHAR NOT NULL, message VARCHAR NOT NULL, "key" VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS meta.duplicates (
    extract_id VARCHAR NOT NULL, file VARCHAR NOT NULL, record BIGINT NOT NULL, "key" VARCHAR,
    kept_record BIGINT NOT NULL)`,
];

/** Create the schemas and tables if they do not exist (idempotent). */
export async function ensureSchema(con: DuckDBConnection): Promise<void> {
  const statements = [
    "CREATE SCHEMA IF NOT EXISTS raw",
    "CREATE SCHEMA IF NOT EXISTS meta",
    ...SOURCES.map(rawTableDdl),
    ...META_DDL,
  ];
  await con.run(statements.join(";\n"));
}
