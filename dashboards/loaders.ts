/**
 * The data-loader library of the public site: the only way a page gets data.
 *
 * - Opens `<data-dir>/warehouse/models.duckdb` (data dir from WORKFORCE_DATA_DIR, default ./data)
 *   READ ONLY, with file access disabled (`enable_external_access = false`, configuration locked), so
 *   a loader cannot read the restricted warehouse, an extract or any other file.
 * - Exports only published reporting tables (`reporting.rpt_*`): the query is checked on DuckDB's own
 *   parse tree (`json_serialize_sql`) and any other table, schema or table function is refused.
 * - Every exported column must be documented in the table's model metadata
 *   (`transforms/models/reporting/<table>.ts`); a column that is not fails the loader.
 * - An empty result fails the loader (Framework would only warn and publish an empty file).
 * - Integer columns must be counts (`*_count`) or years (`*_year`): the privacy gate knows a count by
 *   its name, so a count under any other name would escape it.
 *
 * Output (to stdout; Framework caches it): `exportPage(...)` writes a zip of Excel-friendly CSV files
 * (UTF-8 with BOM, every field quoted, CRLF) plus `meta.json` (data-as-of date, k, per-table description,
 * column types and descriptions, and the number of withheld values by reason), one loader run per page;
 * `exportTable(...)` writes one table as CSV, JSON or Parquet.
 */

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { stringify } from "csv-stringify/sync";
import JSZip from "jszip";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const reportingModelsDir = path.join(repoRoot, "transforms", "models", "reporting");
const publishingRulesCsv = path.join(repoRoot, "transforms", "seeds", "publishing_rules.csv");

/** One table a page exports. */
export interface TableExport {
  /** A published reporting table, e.g. `rpt_wages_by_role_setting`. */
  table: string;
  /** File name inside the page's archive, without `.csv` (default: the table name). */
  name?: string;
  /** Columns to export, in order (default: every column of the table). */
  columns?: readonly string[];
  /** An SQL predicate over the table's own columns (may use subqueries on reporting.rpt_* tables). */
  where?: string;
  /** Sort order (default: the table's grain). */
  orderBy?: readonly string[];
}

/**
 * The state funding sources with their first and last fiscal years (for the goal charts' marks of
 * the sources that began or ended: components/benchmark.js), exported by the Overview and the goals
 * page alike.
 */
export const STATE_FUNDING_SOURCES: TableExport = {
  table: "rpt_program_funding_by_fiscal_year_source",
  name: "state_funding_sources",
  columns: [
    "funding_source_code",
    "funding_source_name",
    "is_state_funding",
    "first_fiscal_year",
    "last_fiscal_year",
  ],
  where:
    "setting_code = 'ALL' and is_state_funding and funding_source_code <> 'ANY_STATE' and fiscal_year = (select max(fiscal_year) from reporting.rpt_program_funding_by_fiscal_year_source)",
};

/** The June 30s and the latest snapshot date of a reporting table (an SQL predicate). */
export const annualDates = (table: string) =>
  `((month(snapshot_date) = 6 and day(snapshot_date) = 30) or snapshot_date = (select max(snapshot_date) from reporting.${table}))`;

/**
 * A table with a `snapshot_date` split in two files: its rows of the last `years` years (the page
 * loads them when opened) and its earlier June 30s, as `<name>_earlier` (the page loads them only
 * when a reader picks such a date: `earlierTables` in components/data.js), so that a page can offer
 * every year and still load under 300 KB.
 */
export function recentAndEarlier(spec: TableExport & { name: string }, years: number): TableExport[] {
  const recent = `snapshot_date > (select max(snapshot_date) from reporting.${spec.table}) - interval ${years} year`;
  const base = spec.where ? `${spec.where} and ` : "";
  return [
    { ...spec, where: `${base}${recent}` },
    { ...spec, name: `${spec.name}_earlier`, where: `${base}not (${recent}) and ${annualDates(spec.table)}` },
  ];
}

export type ColumnKind = "integer" | "number" | "string" | "date" | "boolean";

export interface ColumnMeta {
  name: string;
  kind: ColumnKind;
  description: string;
}

export interface TableMeta {
  table: string;
  file: string;
  description: string;
  grain: readonly string[];
  where: string | null;
  rows: number;
  columns: ColumnMeta[];
  /** Withheld values in the file by reason code (too_few, complementary, no_data). */
  withheld: Record<string, number>;
  /**
   * What the file's rows cover, read from them (a filter may keep fewer dates than the table has):
   * "snapshot dates June 30, 2023 to July 3, 2026 (4 dates); geography levels TOWN". Null when the
   * file has none of those columns.
   */
  coverage: string | null;
}

export interface PageMeta {
  /** The latest snapshot date of the reporting tables (the extract's as-of date). */
  as_of_date: string;
  generated_at: string;
  /** The publishing threshold k (transforms/seeds/publishing_rules.csv). */
  k: number;
  tables: Record<string, TableMeta>;
}

export class LoaderError extends Error {
  override name = "LoaderError";
}

/** The data directory the loaders read (WORKFORCE_DATA_DIR, default ./data). */
export function dataDir(): string {
  return path.resolve(process.env.WORKFORCE_DATA_DIR ?? "data");
}

export function modelsFile(dir = dataDir()): string {
  return path.join(dir, "warehouse", "models.duckdb");
}

const TABLE_NAME = /^rpt_[a-z0-9_]+$/;

/** k from the publishing-rules reference table (the DEFAULT rule set). */
export async function publishingK(): Promise<number> {
  const text = await readFile(publishingRulesCsv, "utf8");
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const columns = (header ?? "").split(",");
  const row = lines.map((l) => l.split(",")).find((cells) => cells[0] === "DEFAULT");
  const k = Number(row?.[columns.indexOf("min_cell_count")]);
  if (!Number.isInteger(k) || k < 2) {
    throw new LoaderError(`${publishingRulesCsv}: no DEFAULT rule set with an integer min_cell_count >= 2`);
  }
  return k;
}

interface ModelDoc {
  grain: readonly string[];
  description: string;
  columns: Record<string, string>;
}

async function modelDoc(table: string): Promise<ModelDoc> {
  const file = path.join(reportingModelsDir, `${table}.ts`);
  try {
    const module = (await import(pathToFileURL(file).href)) as { default: ModelDoc };
    return module.default;
  } catch (error) {
    throw new LoaderError(
      `loader: ${table} has no model metadata at transforms/models/reporting/${table}.ts ` +
        `(${error instanceof Error ? error.message : error}): only documented reporting tables are published`,
    );
  }
}

/** A read-only, file-access-free connection to the current model build. */
export class ReportingReader {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly con: DuckDBConnection,
    readonly scratch: string,
  ) {}

  static async open(dir = dataDir()): Promise<ReportingReader> {
    const file = modelsFile(dir);
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(file, { access_mode: "READ_ONLY" });
    } catch (error) {
      throw new LoaderError(
        `loader: cannot open ${file} read-only (${error instanceof Error ? error.message : error}). ` +
          "hint: build the models first (workforce build, or npm start), set WORKFORCE_DATA_DIR to the data " +
          "directory, and make sure no other process is writing the build.",
      );
    }
    const con = await instance.connect();
    const scratch = await mkdtemp(path.join(tmpdir(), "site-loader-"));
    await con.run(`set allowed_directories = ['${scratch.replaceAll("'", "''")}/']`);
    await con.run("set enable_external_access = false");
    await con.run("set lock_configuration = true");
    return new ReportingReader(instance, con, scratch);
  }

  async close(): Promise<void> {
    this.con.closeSync();
    this.instance.closeSync();
    await rm(this.scratch, { recursive: true, force: true });
  }

  /** Refuses any query that reads something other than reporting.rpt_* tables. */
  async assertReportingOnly(sql: string): Promise<void> {
    const reader = await this.con.runAndReadAll(`select json_serialize_sql(${literal(sql)}) as tree`);
    const tree = JSON.parse(String(reader.getRowObjectsJS()[0]?.tree)) as {
      error: boolean;
      error_message?: string;
      statements?: unknown[];
    };
    if (tree.error) throw new LoaderError(`loader: the query does not parse: ${tree.error_message}\n${sql}`);
    if (tree.statements?.length !== 1)
      throw new LoaderError(`loader: one SELECT statement expected:\n${sql}`);
    const problems: string[] = [];
    walk(tree.statements, (node) => {
      if (node.type === "BASE_TABLE") {
        const schema = String(node.schema_name ?? "");
        const table = String(node.table_name ?? "");
        const catalog = String(node.catalog_name ?? "");
        if (catalog !== "" || schema !== "reporting" || !TABLE_NAME.test(table)) {
          problems.push(
            `${[catalog, schema, table].filter(Boolean).join(".")} is not a reporting.rpt_* table`,
          );
        }
      } else if (node.type === "TABLE_FUNCTION") {
        problems.push("table functions are not allowed");
      }
    });
    if (problems.length > 0) {
      throw new LoaderError(
        `loader: refused (only published reporting.rpt_* tables may be read): ${problems.join("; ")}\n${sql}`,
      );
    }
  }

  /** The latest snapshot date of the published tables (the extract's as-of date). */
  async asOfDate(): Promise<string> {
    const reader = await this.con.runAndReadAll(
      "select strftime(max(snapshot_date), '%Y-%m-%d') as d from reporting.rpt_workforce_by_setting_role",
    );
    const value = reader.getRowObjectsJS()[0]?.d;
    if (value == null) {
      throw new LoaderError(
        `loader: reporting.rpt_workforce_by_setting_role is empty in ${modelsFile()}: no data to publish`,
      );
    }
    return String(value);
  }

  /** Runs one export: checked, typed rows plus their metadata. */
  async read(spec: TableExport): Promise<{ meta: TableMeta; rows: Record<string, unknown>[] }> {
    if (!TABLE_NAME.test(spec.table)) {
      throw new LoaderError(`loader: ${spec.table} is not a published reporting table (rpt_*): refused`);
    }
    const doc = await modelDoc(spec.table);
    const typesReader = await this.con.runAndReadAll(
      `select column_name, data_type from information_schema.columns
       where table_schema = 'reporting' and table_name = ${literal(spec.table)} order by ordinal_position`,
    );
    const types = new Map(
      typesReader.getRowObjectsJS().map((r) => [String(r.column_name), String(r.data_type)] as const),
    );
    if (types.size === 0) {
      throw new LoaderError(
        `loader: reporting.${spec.table} does not exist in ${modelsFile()}: rebuild the models`,
      );
    }
    const columns = spec.columns ?? [...types.keys()];
    const columnMeta: ColumnMeta[] = columns.map((name) => {
      const type = types.get(name);
      if (!type) throw new LoaderError(`loader: reporting.${spec.table} has no column ${name}`);
      const description = doc.columns[name];
      if (!description) {
        throw new LoaderError(
          `loader: column ${spec.table}.${name} is not documented in transforms/models/reporting/${spec.table}.ts: undocumented columns are not published`,
        );
      }
      const kind = kindOf(type);
      if (kind === "integer" && !/(_count|_year)$/.test(name)) {
        throw new LoaderError(
          `loader: integer column ${spec.table}.${name} is neither a count (*_count) nor a year (*_year): ` +
            "name counts *_count so that the privacy gate checks them",
        );
      }
      return { name, kind, description };
    });
    const select = columnMeta.map((c) => castFor(c)).join(", ");
    const orderBy = (spec.orderBy ?? doc.grain).map((c) => quoteIdent(c)).join(", ");
    const where = spec.where ? ` where ${spec.where}` : "";
    const sql = `select ${select} from reporting.${spec.table}${where}${orderBy ? ` order by ${orderBy}` : ""}`;
    await this.assertReportingOnly(sql);
    const reader = await this.con.runAndReadAll(sql);
    const rows = (reader.getRowObjectsJS() as Record<string, unknown>[]).map(publicRow);
    if (rows.length === 0) {
      throw new LoaderError(
        `loader: reporting.${spec.table}${where} returned no rows in ${modelsFile()}: nothing to publish ` +
          "(is the build empty, or does the filter match nothing?)",
      );
    }
    const withheld: Record<string, number> = {};
    for (const column of columns.filter((c) => c.endsWith("suppression_reason_code"))) {
      for (const row of rows) {
        const reason = row[column];
        if (reason != null) withheld[String(reason)] = (withheld[String(reason)] ?? 0) + 1;
      }
    }
    const name = spec.name ?? spec.table;
    const coverage = coverageOf(rows);
    return {
      meta: {
        table: spec.table,
        file: `${name}.csv`,
        description: doc.description,
        grain: doc.grain,
        where: spec.where ?? null,
        rows: rows.length,
        columns: columnMeta,
        withheld,
        coverage,
      },
      rows,
    };
  }
}

/** "2026-07-03" or a Date -> "July 3, 2026", as the pages write dates (components/format.js). */
const LONG_DATE = new Intl.DateTimeFormat("en-US", {
  month: "long",
  day: "numeric",
  year: "numeric",
  timeZone: "UTC",
});
const longDate = (v: unknown): string =>
  LONG_DATE.format(v instanceof Date ? v : new Date(`${String(v).slice(0, 10)}T00:00:00Z`));

/** What a file's rows cover (see `TableMeta.coverage`). */
export function coverageOf(rows: readonly Record<string, unknown>[]): string | null {
  const parts: string[] = [];
  const distinct = (column: string) =>
    [
      ...new Set(
        rows
          .map((r) => r[column])
          .filter((v) => v != null)
          .map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v))),
      ),
    ].sort();
  const dates = rows.length > 0 && "snapshot_date" in rows[0]! ? distinct("snapshot_date") : [];
  if (dates.length === 1) parts.push(`snapshot date ${longDate(dates[0])}`);
  else if (dates.length > 1)
    parts.push(`snapshot dates ${longDate(dates[0])} to ${longDate(dates.at(-1))} (${dates.length} dates)`);
  const years =
    rows.length > 0 && "fiscal_year" in rows[0]!
      ? distinct("fiscal_year")
          .map(Number)
          .sort((a, b) => a - b)
      : [];
  if (years.length === 1) parts.push(`fiscal year ${years[0]}`);
  else if (years.length > 1)
    parts.push(`fiscal years ${years[0]} to ${years.at(-1)} (${years.length} years)`);
  const levels =
    rows.length > 0 && "geography_level_code" in rows[0]! ? distinct("geography_level_code") : [];
  if (levels.length > 0) parts.push(`geography level${levels.length === 1 ? "" : "s"} ${levels.join(", ")}`);
  return parts.length > 0 ? parts.join("; ") : null;
}

function walk(node: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
  } else if (node && typeof node === "object") {
    visit(node as Record<string, unknown>);
    for (const child of Object.values(node)) walk(child, visit);
  }
}

function kindOf(type: string): ColumnKind {
  if (/^(BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT)$/.test(type)) {
    return "integer";
  }
  if (/^(DOUBLE|FLOAT|REAL|DECIMAL)/.test(type)) return "number";
  if (type === "DATE") return "date";
  if (type === "BOOLEAN") return "boolean";
  if (type === "VARCHAR") return "string";
  throw new LoaderError(`loader: column type ${type} is not supported on the site (cast it in the model)`);
}

function castFor(column: ColumnMeta): string {
  const id = quoteIdent(column.name);
  switch (column.kind) {
    case "integer":
      return `${id}::integer as ${id}`;
    case "number":
      return `${id}::double as ${id}`;
    case "date":
      return `strftime(${id}, '%Y-%m-%d') as ${id}`;
    default:
      return id;
  }
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Excel-friendly CSV: UTF-8 byte-order mark, a header row, every non-empty field quoted, CRLF line
 * ends; null is an empty field; text that a spreadsheet would run as a formula gets a leading quote.
 */
export function toExcelCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  return stringify(
    rows.map((row) => columns.map((c) => cell(row[c]))),
    { header: true, columns: [...columns], quoted: true, bom: true, record_delimiter: "windows" },
  );
}

function cell(value: unknown): string | number | null {
  if (value == null) return null;
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

async function withReader<T>(fn: (reader: ReportingReader) => Promise<T>): Promise<T> {
  const reader = await ReportingReader.open();
  try {
    return await fn(reader);
  } finally {
    await reader.close();
  }
}

/** Reads several exports and returns the archive members (CSV files and meta.json). */
export async function buildPageArchive(exports: readonly TableExport[]): Promise<Map<string, string>> {
  const names = exports.map((e) => e.name ?? e.table);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new LoaderError(`loader: two exports are named ${duplicate}`);
  return withReader(async (reader) => {
    const files = new Map<string, string>();
    const meta: PageMeta = {
      as_of_date: await reader.asOfDate(),
      generated_at: new Date().toISOString(),
      k: await publishingK(),
      tables: {},
    };
    for (const spec of exports) {
      const { meta: tableMeta, rows } = await reader.read(spec);
      const name = spec.name ?? spec.table;
      meta.tables[name] = tableMeta;
      files.set(
        tableMeta.file,
        toExcelCsv(
          tableMeta.columns.map((c) => c.name),
          rows,
        ),
      );
    }
    files.set("meta.json", `${JSON.stringify(meta, null, 1)}\n`);
    return files;
  });
}

/** A zip of the given members (a fixed date keeps it byte-identical for the same contents). */
export function zipFiles(files: ReadonlyMap<string, string>): Promise<Buffer> {
  const zip = new JSZip();
  const date = new Date("2000-01-01T00:00:00Z");
  for (const [name, contents] of files) zip.file(name, contents, { date });
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

/**
 * A page's data loader (`dashboards/src/data/<page>.zip.ts`): writes a zip with one CSV per export and
 * meta.json to stdout. Pages read `FileAttachment("data/<page>/<name>.csv")` and `.../meta.json`.
 */
/**
 * A reference table's source as the public reads it: the seeds cite the project's summary of the
 * domain (`docs/spec/domain-brief.md`, "as summarised in domain-brief.md"), a file name that means
 * nothing on the site; it is named for what it is.
 */
export function publicText(text: string): string {
  return text.replace(/domain-brief\.md/g, "the project's domain brief");
}

function publicRow(row: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(row))
    if (typeof v === "string" && /source$/.test(k)) row[k] = publicText(v);
  return row;
}

export async function exportPage(exports: readonly TableExport[]): Promise<void> {
  await runLoader(async () => zipFiles(await buildPageArchive(exports)));
}

/** A single-table loader (`data/<table>.<csv|json|parquet>.ts`). */
export async function exportTable(spec: TableExport, format: "csv" | "json" | "parquet"): Promise<void> {
  await runLoader(() =>
    withReader(async (reader) => {
      const { meta, rows } = await reader.read(spec);
      const columns = meta.columns.map((c) => c.name);
      if (format === "csv") return Buffer.from(toExcelCsv(columns, rows), "utf8");
      if (format === "json") return Buffer.from(`${JSON.stringify(rows)}\n`, "utf8");
      const file = path.join(reader.scratch, "out.parquet");
      const select = meta.columns.map((c) => castFor(c)).join(", ");
      const where = spec.where ? ` where ${spec.where}` : "";
      const sql = `select ${select} from reporting.${spec.table}${where}`;
      await reader.assertReportingOnly(sql);
      await reader.con.run(`copy (${sql}) to ${literal(file)} (format parquet)`);
      return readFile(file);
    }),
  );
}

/** Writes the loader's output to stdout, or its error to stderr with exit code 1. */
export async function runLoader(produce: () => Promise<Buffer | string>): Promise<void> {
  try {
    const output = await produce();
    await new Promise<void>((resolve, reject) =>
      process.stdout.write(output, (error) => (error ? reject(error) : resolve())),
    );
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
