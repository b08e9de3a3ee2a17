/**
 * The building blocks of the extract contract (registry-export-spec.md §3). Each extract file is
 * described once, in `ingest/sources/<entity>.ts`, with these column types; everything else is
 * derived from that description: the zod row schema (and so the TypeScript row type), the JSON
 * Schema, the data dictionary of raw tables, the bulk SQL checks of ingest, and the simulator's
 * column order.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";

/** The 169 Connecticut towns, from the reference table (single source: transforms/seeds/ct_towns.csv). */
export const CT_TOWNS: readonly string[] = readFileSync(
  new URL("../../transforms/seeds/ct_towns.csv", import.meta.url),
  "utf8",
)
  .split("\n")
  .slice(1)
  .filter((line) => line.trim() !== "")
  .map((line) => line.slice(0, line.indexOf(",")));

/** USPS state, district and territory codes. */
export const USPS_STATES = [
  "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
  "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC",
  "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
  "PR", "VI", "GU", "AS", "MP",
] as const; // biome-ignore format: a code list reads better packed

export type ColumnType =
  | { kind: "id"; prefix: string; digits: number }
  | { kind: "text" }
  | { kind: "code"; values: readonly string[] }
  /** `notAfterAsOf`: an event date, which cannot be later than the extract's as-of date. */
  | { kind: "date"; notAfterAsOf: boolean }
  | { kind: "timestamp" }
  | { kind: "bool" }
  | { kind: "integer"; min?: number; max?: number }
  /** `minExclusive`: the value must be greater than `min`, not equal. `money`: a USD amount. */
  | { kind: "decimal"; min?: number; max?: number; minExclusive?: boolean; money?: boolean }
  | { kind: "town" }
  | { kind: "zip" }
  | { kind: "state" };

export interface Reference {
  /** The source (entity) the value must exist in. */
  source: string;
  column: string;
  /**
   * What happens to a record whose referenced record is in the same extract but set aside (and not
   * in the warehouse): by default it is set aside with it (`parent_set_aside`); "load" loads it
   * with the reference as written, for an optional reference to someone else's record (a
   * training's trainer), so that one member's fault does not set aside other members' records.
   */
  whenParentSetAside?: "load";
}

export interface ColumnSpec<N extends string = string, V = unknown, O extends boolean = boolean> {
  name: N;
  type: ColumnType;
  optional: O;
  /** Type-level only: the TypeScript type of a valid value. */
  readonly __value?: V;
  /** Personal data: never leaves the restricted zone. */
  pii: boolean;
  description: string;
  references?: Reference;
  /** Reason code for a value outside the column's range, when more specific than value_out_of_range. */
  rangeReason?: string;
}

/** A rule over the values of one row (after each column is valid on its own). */
// biome-ignore lint/suspicious/noExplicitAny: rules are written against each source's typed row
export interface RowRule<Row = any> {
  /** Reason code from warehouse/errors.ts. */
  code: string;
  /** The column the quarantine names (the one to fix). */
  column: string;
  description: string;
  /** True when the (typed) row breaks the rule. */
  violated: (row: Row, ctx: RuleContext) => boolean;
  /**
   * The same rule as a DuckDB SQL boolean expression over typed columns, true when broken.
   * `$as_of` stands for the extract's as-of date literal.
   */
  sql: string;
}

export interface RuleContext {
  asOf: string;
}

export type SourceMode =
  /** Current state of an entity: a full extract has every record, a delta the changed ones. */
  | "entity"
  /** Append-only events: every extract carries only new rows. */
  | "event"
  /** Deltas only: records deleted since the previous extract. */
  | "deletions";

export interface SourceSpec {
  /** Entity name: the file name without `.csv`, and the raw table name. */
  name: string;
  file: string;
  /** "One row per ..." */
  grain: string;
  mode: SourceMode;
  /** Primary key columns; every source has one (career_ladder's is composite). */
  key: readonly string[];
  columns: readonly ColumnSpec[];
  rules: readonly RowRule[];
  /** Spec section, for documentation. */
  section: string;
}

// ---- column constructors ----------------------------------------------------------------------

type ColOpts<O extends boolean> = {
  optional?: O;
  pii?: boolean;
  references?: Reference;
  rangeReason?: string;
};

function col<N extends string, V, O extends boolean = false>(
  name: N,
  type: ColumnType,
  description: string,
  opts: ColOpts<O> = {},
): ColumnSpec<N, V, O> {
  const spec: ColumnSpec<N, V, O> = {
    name,
    type,
    optional: (opts.optional ?? false) as O,
    pii: opts.pii ?? false,
    description,
  };
  if (opts.references) spec.references = opts.references;
  if (opts.rangeReason) spec.rangeReason = opts.rangeReason;
  return spec;
}

export const c = {
  id: <N extends string, O extends boolean = false>(
    name: N,
    prefix: string,
    digits: number,
    description: string,
    opts?: ColOpts<O>,
  ) => col<N, string, O>(name, { kind: "id", prefix, digits }, description, opts),
  text: <N extends string, O extends boolean = false>(name: N, description: string, opts?: ColOpts<O>) =>
    col<N, string, O>(name, { kind: "text" }, description, opts),
  code: <N extends string, const V extends readonly string[], O extends boolean = false>(
    name: N,
    values: V,
    description: string,
    opts?: ColOpts<O>,
  ) => col<N, V[number], O>(name, { kind: "code", values }, description, opts),
  /** A date that cannot be after the extract's as-of date (something that happened). */
  eventDate: <N extends string, O extends boolean = false>(name: N, description: string, opts?: ColOpts<O>) =>
    col<N, string, O>(name, { kind: "date", notAfterAsOf: true }, description, opts),
  /** A date that may lie in the future (an expiry or a validity limit). */
  limitDate: <N extends string, O extends boolean = false>(name: N, description: string, opts?: ColOpts<O>) =>
    col<N, string, O>(name, { kind: "date", notAfterAsOf: false }, description, opts),
  timestamp: <N extends string, O extends boolean = false>(name: N, description: string, opts?: ColOpts<O>) =>
    col<N, string, O>(name, { kind: "timestamp" }, description, opts),
  bool: <N extends string, O extends boolean = false>(name: N, description: string, opts?: ColOpts<O>) =>
    col<N, boolean, O>(name, { kind: "bool" }, description, opts),
  integer: <N extends string, O extends boolean = false>(
    name: N,
    range: { min?: number; max?: number },
    description: string,
    opts?: ColOpts<O>,
  ) => col<N, number, O>(name, { kind: "integer", ...range }, description, opts),
  decimal: <N extends string, O extends boolean = false>(
    name: N,
    range: { min?: number; max?: number; minExclusive?: boolean; money?: boolean },
    description: string,
    opts?: ColOpts<O>,
  ) => col<N, number, O>(name, { kind: "decimal", ...range }, description, opts),
  town: <N extends string, O extends boolean = false>(name: N, description: string, opts?: ColOpts<O>) =>
    col<N, string, O>(name, { kind: "town" }, description, opts),
  zip: <N extends string, O extends boolean = false>(name: N, description: string, opts?: ColOpts<O>) =>
    col<N, string, O>(name, { kind: "zip" }, description, opts),
  state: <N extends string, O extends boolean = false>(name: N, description: string, opts?: ColOpts<O>) =>
    col<N, string, O>(name, { kind: "state" }, description, opts),
};

/** The TypeScript type of a valid row of a source, derived from its column list. */
export type RowOf<S extends { columns: readonly ColumnSpec[] }> = {
  [C in S["columns"][number] as C["name"]]: C extends ColumnSpec<string, infer V, infer O>
    ? O extends true
      ? V | null
      : V
    : never;
};

/** The rule that an end date (optional) is not before its start date: `end_before_start`. */
export function endNotBeforeStart(start: string, end: string): RowRule {
  return {
    code: "end_before_start",
    column: end,
    description: `${end} is before ${start}`,
    violated: (r) => r[end] !== null && r[end] < r[start],
    sql: `${end} < ${start}`,
  };
}

/** A reference to a source's primary key. */
export const ref = (
  source: string,
  column: string,
  opts: Pick<Reference, "whenParentSetAside"> = {},
): Reference => ({
  source,
  column,
  ...opts,
});

// ---- value grammar shared by zod, SQL and the simulator ------------------------------------------

export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
export const TIMESTAMP_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
export const INTEGER_RE = /^-?\d+$/;
export const DECIMAL_RE = /^-?\d+(\.\d+)?$/;

/** True when `s` (YYYY-MM-DD) is a real calendar date. */
export function isCalendarDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

/** An identifier a spreadsheet turned into scientific notation (`1.23E+11`): `identifier_scientific_notation`. */
export const SCIENTIFIC_PATTERN = "[A-Za-z]*[0-9]+(\\.[0-9]+)?[eE][+-]?[0-9]+";

export function idPattern(t: { prefix: string; digits: number }): RegExp {
  return new RegExp(`^${t.prefix}\\d{${t.digits}}$`);
}

export function describeType(t: ColumnType): string {
  switch (t.kind) {
    case "id":
      return `identifier: ${t.prefix} + ${t.digits} digits`;
    case "text":
      return "text";
    case "code":
      return `code: ${t.values.join(", ")}`;
    case "date":
      return t.notAfterAsOf ? "date (YYYY-MM-DD), not after the extract's as-of" : "date (YYYY-MM-DD)";
    case "timestamp":
      return "timestamp (ISO 8601 UTC)";
    case "bool":
      return "boolean (Y/N)";
    case "integer":
      return `integer${rangeText(t)}`;
    case "decimal":
      return `${t.money ? "money (USD decimal)" : "decimal"}${rangeText(t)}`;
    case "town":
      return "one of the 169 Connecticut towns";
    case "zip":
      return "5-digit ZIP code";
    case "state":
      return "2-letter USPS code";
  }
}

function rangeText(t: { min?: number; max?: number; minExclusive?: boolean }): string {
  if (t.min === undefined && t.max === undefined) return "";
  const lo = t.min === undefined ? "" : `${t.minExclusive ? ">" : "≥"} ${t.min}`;
  const hi = t.max === undefined ? "" : `≤ ${t.max}`;
  return `, ${[lo, hi].filter(Boolean).join(" and ")}`;
}

// ---- zod ----------------------------------------------------------------------------------------

/** The zod schema of one column's text value (as read from the CSV), producing the typed value. */
export function zodColumn(column: ColumnSpec): z.ZodType {
  const t = column.type;
  let inner: z.ZodType;
  switch (t.kind) {
    case "id":
      inner = z.string().regex(idPattern(t), { error: `must be ${t.prefix} followed by ${t.digits} digits` });
      break;
    case "text":
      inner = z.string();
      break;
    case "code":
      inner = z.enum(t.values as [string, ...string[]]);
      break;
    case "date":
      inner = z.string().refine(isCalendarDate, { error: "must be a calendar date YYYY-MM-DD" });
      break;
    case "timestamp":
      inner = z.string().regex(TIMESTAMP_RE, { error: "must be an ISO 8601 UTC timestamp" });
      break;
    case "bool":
      inner = z.enum(["Y", "N"]).transform((v) => v === "Y");
      break;
    case "integer": {
      let n = z.coerce.number<string>().int();
      if (t.min !== undefined) n = n.min(t.min);
      if (t.max !== undefined) n = n.max(t.max);
      inner = z.string().regex(INTEGER_RE, { error: "must be an integer" }).pipe(n);
      break;
    }
    case "decimal": {
      let n = z.coerce.number<string>();
      if (t.min !== undefined) n = t.minExclusive ? n.gt(t.min) : n.min(t.min);
      if (t.max !== undefined) n = n.max(t.max);
      inner = z.string().regex(DECIMAL_RE, { error: "must be a plain decimal" }).pipe(n);
      break;
    }
    case "town":
      inner = z.enum(CT_TOWNS as [string, ...string[]]);
      break;
    case "zip":
      inner = z.string().regex(/^\d{5}$/, { error: "must be 5 digits" });
      break;
    case "state":
      inner = z.enum(USPS_STATES);
      break;
  }
  const described = inner.meta({ description: column.description });
  // Empty field = null (spec §2).
  return column.optional
    ? z.preprocess((v) => (v === "" || v === undefined ? null : v), described.nullable())
    : z.preprocess((v) => (v === "" ? undefined : v), described);
}

/** The zod schema of a whole row: every column, then the row rules. */
export function zodRow(source: SourceSpec, ctx: RuleContext = { asOf: "9999-12-31" }) {
  const shape: Record<string, z.ZodType> = {};
  for (const column of source.columns) shape[column.name] = zodColumn(column);
  return z
    .object(shape)
    .strict()
    .superRefine((row, issues) => {
      for (const column of source.columns) {
        const v = row[column.name];
        if (
          column.type.kind === "date" &&
          column.type.notAfterAsOf &&
          typeof v === "string" &&
          v > ctx.asOf
        ) {
          issues.addIssue({
            code: "custom",
            path: [column.name],
            message: `date_in_future: ${v} is after the as-of date ${ctx.asOf}`,
          });
        }
      }
      for (const rule of source.rules) {
        if (rule.violated(row, ctx)) {
          issues.addIssue({
            code: "custom",
            path: [rule.column],
            message: `${rule.code}: ${rule.description}`,
          });
        }
      }
    });
}

export function defineSource<const Cols extends readonly ColumnSpec[]>(
  spec: SourceSpec & { columns: Cols },
): SourceSpec & { columns: Cols } {
  const names = new Set(spec.columns.map((c) => c.name));
  for (const k of spec.key)
    if (!names.has(k)) throw new Error(`${spec.name}: key column ${k} is not a column`);
  for (const r of spec.rules)
    if (!names.has(r.column)) throw new Error(`${spec.name}: rule column ${r.column}`);
  return spec;
}
