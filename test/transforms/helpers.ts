/**
 * Tiny hand-built warehouses for model tests: the raw tables of ingest (`ensureSchema`) in a fresh
 * `<dir>/warehouse/warehouse.duckdb`, filled with hand-written rows (lineage columns defaulted),
 * plus the extracts ledger; then `build()` and read the marts back.
 */
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { ensureSchema } from "../../ingest/schema.ts";
import { SOURCE_BY_NAME, SOURCES } from "../../ingest/sources/index.ts";
import { type BuildOptions, type BuildResult, build, buildPaths } from "../../transforms/build.ts";
import { openBuildReadOnly } from "../../transforms/metrics-command.ts";
import { ident, lit } from "../../warehouse/db.ts";

export type Value = string | number | boolean | null;
export type RawRow = Record<string, Value>;

export interface Extract {
  extract_id: string;
  kind: "full" | "delta";
  as_of: string;
  since?: string | null;
}

export interface Fixture {
  extracts: Extract[];
  /** Rows per source; lineage columns default to the first extract, current version. */
  raw: Record<string, RawRow[]>;
}

export function tempDir(prefix = "wf-transforms-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

function sqlValue(v: Value | undefined): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return String(v);
  return lit(v);
}

/**
 * The `_load_id` of a source's file in the fixture's `extract`-th extract (from 0): every extract
 * gets a load-log row for every source file.
 */
export function loadIdOf(extract: number, source: string): number {
  const i = SOURCES.findIndex((s) => s.name === source);
  if (i === -1) throw new Error(`unknown source ${source}`);
  return extract * 100 + i + 1;
}

/** Write the fixture into `<dataDir>/warehouse/warehouse.duckdb` (created fresh). */
export async function writeWarehouse(dataDir: string, fixture: Fixture): Promise<void> {
  mkdirSync(join(dataDir, "warehouse"), { recursive: true });
  const instance = await DuckDBInstance.create(buildPaths(dataDir).warehouse);
  const con = await instance.connect();
  try {
    await ensureSchema(con);
    for (const e of fixture.extracts) {
      await con.run(
        `insert into meta.extracts (extract_id, kind, as_of, since, folder, manifest_sha256, status, loaded_at)
         values (${lit(e.extract_id)}, ${lit(e.kind)}, ${lit(e.as_of)}, ${sqlValue(e.since ?? null)},
                 ${lit(`registry-extract-${e.as_of}`)}, 'fixture', 'loaded', now()::timestamp)`,
      );
    }
    for (const [e, x] of fixture.extracts.entries()) {
      const values = SOURCES.map(
        (src) => `(${lit(x.extract_id)}, ${lit(src.file)}, 'loaded', ${loadIdOf(e, src.name)})`,
      );
      await con.run(
        `insert into meta.load_log (extract_id, file, status, load_id) values ${values.join(", ")}`,
      );
    }
    const first = fixture.extracts[0]!;
    for (const [source, rows] of Object.entries(fixture.raw)) {
      const spec = SOURCE_BY_NAME.get(source);
      if (!spec) throw new Error(`unknown source ${source}`);
      for (const [i, row] of rows.entries()) {
        const full: RawRow = {
          _load_id: loadIdOf(0, source),
          _record: i + 1,
          _valid_from: first.as_of,
          _valid_to: null,
          _end_reason: null,
          _end_load_id: null,
          ...row,
        };
        for (const key of Object.keys(full)) {
          if (!key.startsWith("_") && !spec.columns.some((c) => c.name === key)) {
            throw new Error(`${source}: unknown column ${key}`);
          }
        }
        const cols = Object.keys(full);
        await con.run(
          `insert into raw.${ident(source)} (${cols.map(ident).join(", ")}) values (${cols.map((c) => sqlValue(full[c])).join(", ")})`,
        );
      }
    }
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}

export interface BuildReader {
  con: DuckDBConnection;
  /**
   * Rows as JSON values: dates as YYYY-MM-DD, INTEGER and DOUBLE as numbers (cast BIGINT counts and
   * DECIMAL money in the SQL: JSON gives them as strings).
   */
  rows(sql: string, params?: Record<string, string>): Promise<Record<string, unknown>[]>;
  close(): void;
}

/** Open the current build read-only. */
export async function openBuild(dataDir: string): Promise<BuildReader> {
  const db = await openBuildReadOnly(buildPaths(dataDir).current);
  return {
    con: db.con,
    async rows(sql, params) {
      const reader = await db.con.runAndReadAll(sql, params);
      return reader.getRowObjectsJson() as Record<string, unknown>[];
    },
    close: db.close,
  };
}

/** Build, and fail with the reason (the error and the failing blocking tests) unless it swapped in. */
export async function buildOrFail(opts: BuildOptions): Promise<BuildResult> {
  const result = await build(opts);
  if (result.status !== "swapped") {
    const failed = result.tests
      .filter((t) => t.status === "fail" && t.severity === "error")
      .map((t) => `${t.model} ${t.test}: ${t.failures} row(s) ${JSON.stringify(t.sample.slice(0, 2))}`);
    throw new Error(`the build was not swapped in: ${result.error?.message ?? "?"}\n${failed.join("\n")}`);
  }
  return result;
}
