/**
 * SQL generated from the extract contract (ingest/sources/): the DuckDB type of each column, the
 * cast from the text read from the CSV, and one CASE expression naming the first rule a record
 * breaks (format, then each column in contract order, then the source's row rules). Nothing here
 * is written per file by hand: every source gets its SQL from its column list.
 *
 * The CASE result is `'<reason_code>:<column>'` (column empty for record-level faults), or NULL
 * for a valid record.
 */
import { ident, lit } from "../warehouse/db.ts";
import type { ReasonCode } from "../warehouse/errors.ts";
import {
  type ColumnSpec,
  CT_TOWNS,
  SCIENTIFIC_PATTERN,
  type SourceSpec,
  USPS_STATES,
} from "./sources/contract.ts";

/** Prefix of the raw-text copy of a column inside the generated SELECT. */
export const RAW = "_r_";
/** Number of overflow columns declared after the header to detect records with too many fields. */
export const OVERFLOW_COLUMNS = 4;
export const overflowName = (i: number) => `_x${i}`;
export const extraName = (i: number) => `_extra${i}`;

export function duckType(column: ColumnSpec): string {
  const t = column.type;
  switch (t.kind) {
    case "date":
      return "DATE";
    case "timestamp":
      return "TIMESTAMP";
    case "bool":
      return "BOOLEAN";
    case "integer":
      return "INTEGER";
    case "decimal":
      return t.money ? "DECIMAL(12,2)" : "DOUBLE";
    default:
      return "VARCHAR";
  }
}

const sqlList = (values: readonly string[]) => `(${values.map(lit).join(", ")})`;
/**
 * Membership of a code list for the per-row validity test: `list_contains` over a constant list is
 * cheaper per row than an IN list evaluated as a chain of comparisons (the IN-to-join rewrite is
 * disabled, stage.ts), a plain function keeps file order, and NULL gives NULL, as IN does.
 */
const inList = (x: string, values: readonly string[]) =>
  `list_contains([${values.map(lit).join(", ")}], ${x})`;
const re = (x: string, pattern: string) => `regexp_full_match(${x}, ${lit(pattern)})`;
/** GLOB matches the whole value and is cheaper than a regular expression for fixed shapes. */
const glob = (x: string, pattern: string) => `${x} GLOB ${lit(pattern)}`;
const DIGIT = "[0-9]";
const digits = (n: number) => DIGIT.repeat(n);
const DATE_GLOB = `${digits(4)}-${digits(2)}-${digits(2)}`;
const TIMESTAMP_GLOB = `${DATE_GLOB}T${digits(2)}:${digits(2)}:${digits(2)}Z`;

/** The typed value of a column from its raw text `x` (empty text is null). */
export function castExpr(column: ColumnSpec, x: string): string {
  const t = column.type;
  switch (t.kind) {
    case "date":
    case "timestamp":
    case "integer":
    case "decimal":
      return `try_cast(nullif(${x}, '') AS ${duckType(column)})`;
    case "bool":
      return `CASE ${x} WHEN 'Y' THEN true WHEN 'N' THEN false END`;
    default:
      return `nullif(${x}, '')`;
  }
}

const TIMESTAMP_PATTERN = "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,6})?Z";
const INTEGER_PATTERN = "-?[0-9]+";
const DECIMAL_PATTERN = "-?[0-9]+(\\.[0-9]+)?";
const US_DATE_PATTERN = "[0-9]{1,2}/[0-9]{1,2}/([0-9]{2}|[0-9]{4})";
const EXCEL_SERIAL_PATTERN = "[0-9]{5}(\\.[0-9]+)?";
const MONEY_TEXT_PATTERN = "-?\\$?-?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\\.[0-9]+)?";

function rangeCond(t: { min?: number; max?: number; minExclusive?: boolean }, typed: string): string[] {
  const parts: string[] = [];
  if (t.min !== undefined) parts.push(`${typed} ${t.minExclusive ? ">" : ">="} ${t.min}`);
  if (t.max !== undefined) parts.push(`${typed} <= ${t.max}`);
  return parts;
}

interface ColumnCheck {
  /** True when the (non-empty) value is valid. */
  valid: string;
  /** Among invalid values: [condition, code] in order; the last is the fallback (condition "true"). */
  reasons: [string, ReasonCode | string][];
}

/** Checks of a non-empty raw value `x` with typed value `v`. */
function columnCheck(column: ColumnSpec, x: string, v: string, asOf: string): ColumnCheck | null {
  const t = column.type;
  const asOfLit = `DATE ${lit(asOf)}`;
  switch (t.kind) {
    case "text":
      return null;
    case "id": {
      return {
        valid: glob(x, `${t.prefix}${digits(t.digits)}`),
        reasons: [
          [re(x, SCIENTIFIC_PATTERN), "identifier_scientific_notation"],
          ["true", "invalid_identifier"],
        ],
      };
    }
    case "code":
      return {
        valid: inList(x, t.values),
        reasons: [
          [`upper(trim(${x})) IN ${sqlList(t.values)}`, "code_not_canonical"],
          ["true", "unknown_code"],
        ],
      };
    case "date": {
      const shape = `${glob(x, DATE_GLOB)} AND ${v} IS NOT NULL`;
      const valid = t.notAfterAsOf ? `${shape} AND ${v} <= ${asOfLit}` : shape;
      const reasons: [string, string][] = [
        [re(x, US_DATE_PATTERN), "date_us_format"],
        [re(x, EXCEL_SERIAL_PATTERN), "date_excel_serial"],
      ];
      if (t.notAfterAsOf) {
        reasons.push([`NOT (${shape})`, "invalid_date"]);
        reasons.push(["true", "date_in_future"]);
      } else reasons.push(["true", "invalid_date"]);
      return { valid, reasons };
    }
    case "timestamp":
      return {
        valid: `(${glob(x, TIMESTAMP_GLOB)} OR ${re(x, TIMESTAMP_PATTERN)}) AND ${v} IS NOT NULL`,
        reasons: [["true", "invalid_timestamp"]],
      };
    case "bool":
      return { valid: `${x} IN ('Y', 'N')`, reasons: [["true", "invalid_boolean"]] };
    case "integer":
    case "decimal": {
      const pattern = t.kind === "integer" ? INTEGER_PATTERN : DECIMAL_PATTERN;
      const shape = re(x, pattern);
      const range = rangeCond(t, v);
      const valid = [shape, `${v} IS NOT NULL`, ...range].join(" AND ");
      const rangeCode = column.rangeReason ?? "value_out_of_range";
      const reasons: [string, string][] = [];
      if (t.kind === "decimal" && t.money) {
        reasons.push([`NOT ${shape} AND ${re(x, MONEY_TEXT_PATTERN)}`, "money_format"]);
      }
      reasons.push([`NOT ${shape}`, "invalid_number"]);
      reasons.push(["true", rangeCode]);
      return { valid, reasons };
    }
    case "town":
      return { valid: inList(x, CT_TOWNS), reasons: [["true", "unknown_town"]] };
    case "zip":
      return {
        valid: glob(x, digits(5)),
        reasons: [
          [glob(x, digits(4)), "zip_leading_zero_lost"],
          ["true", "invalid_zip"],
        ],
      };
    case "state":
      return { valid: inList(x, USPS_STATES), reasons: [["true", "invalid_state"]] };
  }
}

const tag = (code: string, column: string) => lit(`${code}:${column}`);

function caseOf(reasons: [string, string][], column: string): string {
  if (reasons.length === 1) return tag(reasons[0]![1], column);
  const whens = reasons
    .slice(0, -1)
    .map(([cond, code]) => `WHEN ${cond} THEN ${tag(code, column)}`)
    .join(" ");
  return `CASE ${whens} ELSE ${tag(reasons[reasons.length - 1]![1], column)} END`;
}

export function substituteAsOf(sql: string, asOf: string): string {
  return sql.replaceAll("$as_of", `DATE ${lit(asOf)}`);
}

/**
 * A rule's `regexp_full_match(col, 'P[0-9]{n}')` (a fixed prefix and n digits: the id formats) as
 * the equivalent GLOB, which costs a fraction of a regular expression per row. Same result for
 * every value, NULL included; any other pattern is left as written.
 */
export function cheapenRuleSql(sql: string): string {
  return sql.replace(
    /regexp_full_match\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*,\s*'([A-Za-z0-9_]*)\[0-9\]\{(\d{1,2})\}'\s*\)/g,
    (_m, col: string, prefix: string, n: string) => `(${glob(col, `${prefix}${digits(Number(n))}`)})`,
  );
}

/**
 * The WHEN branches for every column and row rule of a source, in precedence order. `x(c)` is the
 * raw text of a column (never NULL here: format faults come first), `v(c)` its typed value.
 */
export function failureBranches(
  source: SourceSpec,
  asOf: string,
  x: (c: ColumnSpec) => string = (c) => ident(RAW + c.name),
  v: (c: ColumnSpec) => string = (c) => ident(c.name),
): string[] {
  const branches: string[] = [];
  for (const column of source.columns) {
    const check = columnCheck(column, x(column), v(column), asOf);
    if (!check) {
      if (!column.optional)
        branches.push(`WHEN ${x(column)} = '' THEN ${tag("missing_required", column.name)}`);
      continue;
    }
    // An empty value never passes a typed check, so a required column needs one WHEN only.
    const reasons: [string, string][] = column.optional
      ? check.reasons
      : [[`${x(column)} = ''`, "missing_required"], ...check.reasons];
    const guard = column.optional ? `${x(column)} <> '' AND ` : "";
    branches.push(`WHEN ${guard}NOT (${check.valid}) THEN ${caseOf(reasons, column.name)}`);
  }
  for (const rule of source.rules) {
    branches.push(
      `WHEN (${cheapenRuleSql(substituteAsOf(rule.sql, asOf))}) THEN ${tag(rule.code, rule.column)}`,
    );
  }
  return branches;
}

/** How the columns of one file line up with the contract (header matched by name). */
export interface FileLayout {
  /** The names DuckDB gives the file's columns, in file order (contract names, or _extraN). */
  fileColumns: string[];
}

export interface ReadCsvOptions {
  path: string;
  layout: FileLayout;
  rejectsTable: string;
  rejectsScan: string;
  /** DuckDB cannot read quoted newlines in parallel together with null padding: retry with false. */
  parallel?: boolean;
}

/** `read_csv(...)` reading every column as text, in file order, plus overflow columns. */
export function readCsvSql(o: ReadCsvOptions): string {
  const cols = [...o.layout.fileColumns];
  for (let i = 1; i <= OVERFLOW_COLUMNS; i++) cols.push(overflowName(i));
  const columns = `{${cols.map((c) => `${lit(c)}: 'VARCHAR'`).join(", ")}}`;
  return `read_csv(${lit(o.path)}, header = true, columns = ${columns}, auto_detect = false,
    delim = ',', quote = '"', escape = '"', strict_mode = false, null_padding = true,
    nullstr = '\u0001', store_rejects = true, rejects_table = ${lit(o.rejectsTable)},
    rejects_scan = ${lit(o.rejectsScan)}, parallel = ${o.parallel === false ? "false" : "true"})`;
}

/**
 * The staging SELECT: typed columns in contract order, `_fail` ('code:column' or NULL) and `_raw`
 * (the raw text of every contract column, kept only for failing records).
 */
/** Lineage of a bulk stage (a staging table that becomes the raw table): its load id. */
export interface BulkLineage {
  loadId: number;
}

/** The lineage and validity columns of a bulk stage: constants and NULLs (schema.ts LINEAGE_COLUMNS). */
export function lineageSelect(asOf: string, l: BulkLineage): string {
  return [
    `${Math.trunc(l.loadId)}::INTEGER AS _load_id`,
    "NULL::BIGINT AS _record",
    `DATE ${lit(asOf)} AS _valid_from`,
    "NULL::DATE AS _valid_to",
    "NULL::VARCHAR AS _end_reason",
    "NULL::INTEGER AS _end_load_id",
  ].join(", ");
}

export function stageSelectSql(
  source: SourceSpec,
  asOf: string,
  read: ReadCsvOptions,
  bulk: BulkLineage | null = null,
): string {
  const fileCols = read.layout.fileColumns;
  const lastFileColumn = fileCols[fileCols.length - 1]!;
  const inner = [
    ...fileCols.map((c) => `${ident(c)} AS ${ident(RAW + c)}`),
    ...source.columns.map((c) => `${castExpr(c, ident(c.name))} AS ${ident(c.name)}`),
    ...Array.from({ length: OVERFLOW_COLUMNS }, (_, i) => ident(overflowName(i + 1))),
  ];
  const branches = [
    `WHEN ${ident(overflowName(1))} IS NOT NULL THEN 'too_many_fields:'`,
    `WHEN ${ident(RAW + lastFileColumn)} IS NULL THEN 'too_few_fields:'`,
    ...failureBranches(source, asOf),
  ];
  const rawFields = [
    ...fileCols.map((c) => ident(RAW + c)),
    ...Array.from({ length: OVERFLOW_COLUMNS }, (_, i) => ident(overflowName(i + 1))),
  ];
  const lineage = bulk ? `${lineageSelect(asOf, bulk)}, ` : "";
  return `SELECT ${source.columns.map((c) => ident(c.name)).join(", ")}, ${lineage}_fail,
  CASE WHEN _fail IS NOT NULL THEN [${rawFields.join(", ")}] END AS _raw
FROM (
  SELECT *, CASE ${branches.join("\n    ")} END AS _fail
  FROM (SELECT ${inner.join(", ")} FROM ${readCsvSql(read)})
)`;
}
