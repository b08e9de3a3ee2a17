/**
 * `workforce cost --target FILE|PRESET [--as-of D] [--format table|csv|json] [--output FILE]`: how
 * many people in the active workforce earn less than a target wage schedule, and the annual cost of
 * closing the gap, by planning region, setting and funding source (restricted use: unsuppressed).
 *
 * A target schedule gives, per role x qualification level (`*` = any), either an hourly floor
 * (`target_hourly_wage_usd`) or a share of the K-12 benchmark's hourly rate (`k12_parity_pct`, the
 * `is_parity_benchmark` row of seeds.wage_benchmarks). The most specific row applies (an exact role
 * before `*`, then an exact level before `*`). Presets are the rows of seeds.wage_target_presets.
 *
 * The cost logic is SQL over the marts (COST_SQL): per person, on the primary spell on D,
 * `max(0, target - hourly wage) x hours_per_week x weeks_per_year` of the pay record in force,
 * rounded to cents, then summed.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, extname } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { ROLES } from "../ingest/sources/codes.ts";
import { buildPaths } from "../transforms/build.ts";
import { latestAsOf, snapshotDateProblem } from "../transforms/metrics.ts";
import { openBuildReadOnly } from "../transforms/metrics-command.ts";
import { QUALIFICATION_LEVELS } from "../transforms/models/marts/dim_people.ts";
import { dataLayout } from "./config.ts";
import { EXIT, outputError, usageError, WorkforceError } from "./errors.ts";
import { COST_FORMATS, type CostFormat } from "./reports/kinds.ts";

export { COST_FORMATS, type CostFormat };

export const TARGET_COLUMNS = [
  "role_code",
  "qualification_level_code",
  "target_hourly_wage_usd",
  "k12_parity_pct",
] as const;

const decimal = (what: string) =>
  z.any().transform((v: unknown, ctx): number => {
    if (typeof v === "number" && Number.isFinite(v)) return v;
    if (typeof v === "string" && /^\d+(\.\d+)?$/.test(v.trim())) return Number(v.trim());
    ctx.addIssue({
      code: "custom",
      message: `must be a plain decimal ${what} (no $, % or thousands separator)`,
    });
    return z.NEVER;
  });

const emptyToNull = (v: unknown) => (v === "" || v === undefined ? null : v);

/** One row of a target schedule (CSV cells arrive as text, JSON values as numbers or text). */
export const TargetRowSchema = z
  .object({
    role_code: z.enum([...ROLES, "*"], {
      error: `must be a role code (${ROLES.join(", ")}) or * for any role`,
    }),
    qualification_level_code: z.enum([...QUALIFICATION_LEVELS, "*"], {
      error: `must be a qualification level (${QUALIFICATION_LEVELS.join(", ")}) or * for any level`,
    }),
    target_hourly_wage_usd: z.preprocess(
      emptyToNull,
      decimal("such as 22.50")
        .pipe(z.number().gt(0, "must be more than 0").max(500, "must be at most 500 (an hourly wage in USD)"))
        .nullable(),
    ),
    k12_parity_pct: z.preprocess(
      emptyToNull,
      decimal("such as 0.8")
        .pipe(
          z
            .number()
            .gt(0, "must be more than 0")
            .max(1, "must be a fraction from 0 to 1 (0.8 = 80% of the K-12 benchmark)"),
        )
        .nullable(),
    ),
  })
  .strict()
  .superRefine((row, ctx) => {
    const n = Number(row.target_hourly_wage_usd !== null) + Number(row.k12_parity_pct !== null);
    if (n !== 1) {
      ctx.addIssue({
        code: "custom",
        path: ["target_hourly_wage_usd"],
        message:
          n === 0
            ? "give target_hourly_wage_usd or k12_parity_pct (one of them)"
            : "give target_hourly_wage_usd or k12_parity_pct, not both",
      });
    }
  });

export type TargetRow = z.output<typeof TargetRowSchema>;

export interface Target {
  /** Preset code or file name. */
  name: string;
  description: string;
  source: string;
  rows: TargetRow[];
}

const JsonTargetSchema = z.union([
  z.array(z.unknown()),
  z.object({ description: z.string().optional(), rows: z.array(z.unknown()) }).strict(),
]);

function fail(file: string, problems: string[]): never {
  const shown = problems.slice(0, 20);
  const more = problems.length > shown.length ? `\n  ... and ${problems.length - shown.length} more` : "";
  throw new WorkforceError(
    "target_invalid",
    {
      file,
      detail:
        problems.length === 1 ? shown[0] : `${problems.length} problems:\n  ${shown.join("\n  ")}${more}`,
    },
    EXIT.usage,
  );
}

function describeValue(v: unknown): string {
  return v === undefined ? "(missing)" : JSON.stringify(v);
}

/** Validate raw rows (objects) of a target file; `label(i)` names row i for messages. */
function validateRows(file: string, raw: unknown[], label: (i: number) => string): TargetRow[] {
  const problems: string[] = [];
  const rows: TargetRow[] = [];
  const seen = new Map<string, number>();
  raw.forEach((item, i) => {
    const parsed = TargetRowSchema.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        if (issue.code === "unrecognized_keys") {
          for (const key of issue.keys) {
            problems.push(
              `${label(i)}, column ${key}: unknown column (expected ${TARGET_COLUMNS.join(", ")})`,
            );
          }
          continue;
        }
        const column = String(issue.path[0] ?? "");
        const value = (item as Record<string, unknown> | null)?.[column];
        problems.push(`${label(i)}, column ${column}, value ${describeValue(value)}: ${issue.message}`);
      }
      return;
    }
    const key = `${parsed.data.role_code}|${parsed.data.qualification_level_code}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(
        `${label(i)}: repeats role_code ${parsed.data.role_code} x qualification_level_code ${parsed.data.qualification_level_code} of ${label(first)}`,
      );
      return;
    }
    seen.set(key, i);
    rows.push(parsed.data);
  });
  if (raw.length === 0) problems.push("the schedule has no rows");
  if (problems.length) fail(file, problems);
  return rows;
}

/** Read and validate a target schedule file (CSV or JSON). */
export function readTargetFile(path: string): Target {
  const file = basename(path);
  const ext = extname(path).toLowerCase();
  const text = readFileSync(path, "utf8").replace(/^\uFEFF/, "");
  if (ext === ".csv") {
    let records: string[][];
    try {
      records = parse(text, { skip_empty_lines: true, relax_column_count: false, trim: false });
    } catch (e) {
      fail(file, [`not valid CSV: ${(e as Error).message}`]);
    }
    const [header, ...body] = records;
    if (!header) fail(file, ["the file is empty: expected a header row and one row per target"]);
    const missing = ["role_code", "qualification_level_code"].filter((c) => !header.includes(c));
    const unknown = header.filter((c) => !(TARGET_COLUMNS as readonly string[]).includes(c));
    const problems = [
      ...missing.map((c) => `header: column ${c} is missing (the header has ${header.join(", ")})`),
      ...unknown.map((c) => `header: unknown column ${c} (expected ${TARGET_COLUMNS.join(", ")})`),
    ];
    if (!header.includes("target_hourly_wage_usd") && !header.includes("k12_parity_pct")) {
      problems.push("header: needs a target_hourly_wage_usd or a k12_parity_pct column");
    }
    if (problems.length) fail(file, problems);
    const objects = body.map((cells) => Object.fromEntries(header.map((c, j) => [c, cells[j] ?? ""])));
    return {
      name: file,
      description: `target schedule from ${path}`,
      source: path,
      rows: validateRows(file, objects, (i) => `row ${i + 1} (line ${i + 2})`),
    };
  }
  if (ext === ".json") {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      fail(file, [`not valid JSON: ${(e as Error).message}`]);
    }
    const shape = JsonTargetSchema.safeParse(data);
    if (!shape.success) {
      fail(file, [
        'expected an array of rows, or an object {"description": "...", "rows": [...]}, each row an object with ' +
          TARGET_COLUMNS.join(", "),
      ]);
    }
    const rows = Array.isArray(shape.data) ? shape.data : shape.data.rows;
    const description = Array.isArray(shape.data) ? undefined : shape.data.description;
    return {
      name: file,
      description: description ?? `target schedule from ${path}`,
      source: path,
      rows: validateRows(file, rows, (i) => `rows[${i}]`),
    };
  }
  throw usageError(`--target ${path}: a target file must end in .csv or .json`, "cost");
}

const D = "cast($as_of as date)";

/**
 * The cost of closing the gap, from the marts, against the schedule in `cost_targets` (a temporary
 * table: role_code, qualification_level_code, target_hourly_wage_usd, k12_parity_pct). One row per
 * dimension (ALL, PLANNING_REGION, SETTING, FUNDING_SOURCE) and group. A person is counted once in
 * every breakdown except FUNDING_SOURCE, where they count under every source of their program in
 * the fiscal year of D (NONE: no funding row), so those rows overlap.
 */
export const COST_SQL = `
with workforce as (
    select * from marts.fct_workforce_monthly where snapshot_date = ${D}
),

pay as (
    select compensation_id, weeks_per_year from marts.fct_compensation
),

geography as (
    select * from marts.dim_geography
),

funding as (
    select * from marts.fct_program_funding
),

targets as (
    select * from cost_targets
),

benchmark as (
    select max(hourly_wage_from_annual_2080_usd)::double as k12_hourly_wage_usd
    from seeds.wage_benchmarks
    where is_parity_benchmark = 'Y'
),

match_targets as (
    select
        w.person_id,
        w.program_id,
        w.fiscal_year,
        w.role_code,
        w.qualification_level_code,
        w.setting_code,
        coalesce(g.planning_region_name, 'UNKNOWN') as planning_region_name,
        w.hourly_wage_usd,
        w.hours_per_week::double as hours_per_week,
        p.weeks_per_year::double as weeks_per_year,
        round(coalesce(t.target_hourly_wage_usd, t.k12_parity_pct * b.k12_hourly_wage_usd), 2)
            as target_hourly_wage_usd
    from workforce w
    left join pay p using (compensation_id)
    left join geography g on g.town_name = w.program_town_name
    cross join benchmark b
    left join targets t
        on (t.role_code = w.role_code or t.role_code = '*')
        and (t.qualification_level_code = w.qualification_level_code or t.qualification_level_code = '*')
    qualify row_number() over (
        partition by w.person_id
        order by t.role_code = '*', t.qualification_level_code = '*'
    ) = 1
),

compute_costs as (
    select
        *,
        case
            when target_hourly_wage_usd is null then 'NO_TARGET'
            when hourly_wage_usd is null then 'NO_PAY_RECORD'
            when round(target_hourly_wage_usd - hourly_wage_usd, 4) > 0 then 'BELOW_TARGET'
            else 'AT_OR_ABOVE_TARGET'
        end as cost_status_code,
        greatest(round(target_hourly_wage_usd - hourly_wage_usd, 4), 0) as hourly_gap_usd
    from match_targets
),

price_gaps as (
    select
        *,
        case
            when cost_status_code = 'BELOW_TARGET'
                then round((target_hourly_wage_usd - hourly_wage_usd) * hours_per_week * weeks_per_year, 2)::decimal(18, 2)
            else 0::decimal(18, 2)
        end as annual_cost_usd
    from compute_costs
),

add_funding as (
    select p.*, coalesce(f.funding_source_code, 'NONE') as funding_source_code
    from price_gaps p
    left join funding f on f.program_id = p.program_id and f.fiscal_year = p.fiscal_year
),

summarise as (
    select
        case
            when grouping(planning_region_name) = 0 then 'PLANNING_REGION'
            when grouping(setting_code) = 0 then 'SETTING'
            else 'ALL'
        end as dimension_code,
        coalesce(planning_region_name, setting_code, 'ALL') as group_code,
        count(*) as workforce_count,
        count(*) filter (where cost_status_code in ('BELOW_TARGET', 'AT_OR_ABOVE_TARGET')) as costed_count,
        count(*) filter (where cost_status_code = 'NO_PAY_RECORD') as no_pay_record_count,
        count(*) filter (where cost_status_code = 'NO_TARGET') as no_target_count,
        count(*) filter (where cost_status_code = 'BELOW_TARGET') as below_target_count,
        sum(annual_cost_usd) as annual_cost_usd,
        avg(hourly_gap_usd) filter (where cost_status_code = 'BELOW_TARGET') as mean_hourly_gap_usd
    from price_gaps
    group by grouping sets ((planning_region_name), (setting_code), ())
),

summarise_funding as (
    select
        'FUNDING_SOURCE' as dimension_code,
        funding_source_code as group_code,
        count(*) as workforce_count,
        count(*) filter (where cost_status_code in ('BELOW_TARGET', 'AT_OR_ABOVE_TARGET')) as costed_count,
        count(*) filter (where cost_status_code = 'NO_PAY_RECORD') as no_pay_record_count,
        count(*) filter (where cost_status_code = 'NO_TARGET') as no_target_count,
        count(*) filter (where cost_status_code = 'BELOW_TARGET') as below_target_count,
        sum(annual_cost_usd) as annual_cost_usd,
        avg(hourly_gap_usd) filter (where cost_status_code = 'BELOW_TARGET') as mean_hourly_gap_usd
    from add_funding
    group by funding_source_code
),

final as (
    select * from summarise
    union all
    select * from summarise_funding
)

select
    dimension_code,
    group_code,
    workforce_count::integer as workforce_count,
    costed_count::integer as costed_count,
    no_pay_record_count::integer as no_pay_record_count,
    no_target_count::integer as no_target_count,
    below_target_count::integer as below_target_count,
    coalesce(annual_cost_usd, 0)::double as annual_cost_usd,
    round(mean_hourly_gap_usd, 2)::double as mean_hourly_gap_usd
from final
order by
    case dimension_code when 'ALL' then 0 when 'PLANNING_REGION' then 1 when 'SETTING' then 2 else 3 end,
    group_code`;

export interface CostRow {
  dimension_code: "ALL" | "PLANNING_REGION" | "SETTING" | "FUNDING_SOURCE";
  group_code: string;
  workforce_count: number;
  costed_count: number;
  no_pay_record_count: number;
  no_target_count: number;
  below_target_count: number;
  annual_cost_usd: number;
  mean_hourly_gap_usd: number | null;
}

export interface CostResult {
  as_of: string;
  target: {
    name: string;
    description: string;
    source: string;
    rows: (TargetRow & { resolved_hourly_wage_usd: number })[];
  };
  k12_benchmark: { benchmark_code: string; hourly_wage_usd: number; annual_wage_usd: number } | null;
  assumptions: string[];
  totals: CostRow;
  by_planning_region: CostRow[];
  by_setting: CostRow[];
  by_funding_source: CostRow[];
}

async function rows(
  con: DuckDBConnection,
  sql: string,
  params: Record<string, string> = {},
): Promise<Record<string, unknown>[]> {
  return (await con.runAndReadAll(sql, params)).getRowObjectsJson() as Record<string, unknown>[];
}

export function normalisePreset(name: string): string {
  return name.trim().toUpperCase().replaceAll("-", "_");
}

/** The presets of seeds.wage_target_presets, by code. */
export async function loadPresets(con: DuckDBConnection): Promise<Map<string, Target>> {
  const list = await rows(
    con,
    `select preset_code, any_value(preset_name) as preset_name,
            string_agg(distinct source, '; ') as source,
            list({'role_code': role_code, 'qualification_level_code': qualification_level_code,
                  'target_hourly_wage_usd': target_hourly_wage_usd::double, 'k12_parity_pct': k12_parity_pct::double}
                 order by role_code, qualification_level_code) as rows
     from seeds.wage_target_presets group by preset_code order by preset_code`,
  );
  return new Map(
    list.map((p) => [
      String(p.preset_code),
      {
        name: String(p.preset_code),
        description: String(p.preset_name),
        source: `seeds.wage_target_presets: ${p.source}`,
        rows: (p.rows as Record<string, unknown>[]).map((r) => TargetRowSchema.parse(r)),
      },
    ]),
  );
}

/** Compute the cost of a target schedule on D from an open build. */
export async function computeCost(con: DuckDBConnection, target: Target, asOf: string): Promise<CostResult> {
  await con.run(
    "create or replace temp table cost_targets (role_code varchar, qualification_level_code varchar, target_hourly_wage_usd double, k12_parity_pct double)",
  );
  const insert = await con.prepare("insert into cost_targets values ($1, $2, $3, $4)");
  for (const r of target.rows) {
    insert.bindVarchar(1, r.role_code);
    insert.bindVarchar(2, r.qualification_level_code);
    if (r.target_hourly_wage_usd === null) insert.bindNull(3);
    else insert.bindDouble(3, r.target_hourly_wage_usd);
    if (r.k12_parity_pct === null) insert.bindNull(4);
    else insert.bindDouble(4, r.k12_parity_pct);
    await insert.run();
  }
  const bench = (
    await rows(
      con,
      `select benchmark_code, hourly_wage_from_annual_2080_usd::double as hourly, annual_wage_usd::double as annual
       from seeds.wage_benchmarks where is_parity_benchmark = 'Y'`,
    )
  )[0];
  const k12 = bench
    ? {
        benchmark_code: String(bench.benchmark_code),
        hourly_wage_usd: Number(bench.hourly),
        annual_wage_usd: Number(bench.annual),
      }
    : null;
  if (!k12 && target.rows.some((r) => r.k12_parity_pct !== null)) {
    throw usageError(
      "the target uses k12_parity_pct but seeds.wage_benchmarks has no parity benchmark row",
      "cost",
    );
  }
  const result = (await rows(con, COST_SQL, { as_of: asOf })) as unknown as CostRow[];
  const of = (d: string) => result.filter((r) => r.dimension_code === d);
  const totals = of("ALL")[0]!;
  const resolved = target.rows.map((r) => ({
    ...r,
    resolved_hourly_wage_usd:
      r.target_hourly_wage_usd ??
      Math.round((r.k12_parity_pct ?? 0) * (k12?.hourly_wage_usd ?? 0) * 100) / 100,
  }));
  const assumptions = [
    `Reference date ${asOf}: the active workforce (verified employment at an open program), each person once, on their primary position (metrics.md).`,
    "Annual cost per person = max(0, target - current hourly wage) x hours_per_week x weeks_per_year, from the pay record in force on that position; rounded to cents, then summed.",
    "Hours and weeks are the pay record's usual weekly hours and paid weeks a year: the cost is the pay rise at today's schedules, with no change in hours, staffing, payroll taxes or benefits.",
    `People with no pay record in force on their primary position (${totals.no_pay_record_count}) have no known wage, hours or weeks: they are not costed (not assumed to be below target) and are counted apart.`,
    `The most specific target row applies (an exact role before *, then an exact qualification level before *); people matched by no row (${totals.no_target_count}) are not costed.`,
    "Targets are rounded to cents; a wage counts as below its target when the difference is more than $0.00005 an hour.",
    k12
      ? `K-12 parity targets = k12_parity_pct x ${k12.benchmark_code} at 2080 hours ($${k12.hourly_wage_usd.toFixed(2)} an hour, $${k12.annual_wage_usd.toLocaleString("en-US")} a year), rounded to cents: full-time, full-year parity; school-year teachers' actual hourly rate is higher.`
      : "No K-12 parity benchmark in seeds.wage_benchmarks.",
    "Qualification level: bachelor-level, associate-level or neither on the reference date (metrics.md), from verified records.",
    "Funding-source rows overlap: a person counts under every funding source of their program in the fiscal year (NONE = no funding row), so they do not add up to the total.",
    "Restricted: counts are not suppressed; the public page applies the publishing rules.",
  ];
  return {
    as_of: asOf,
    target: { name: target.name, description: target.description, source: target.source, rows: resolved },
    k12_benchmark: k12,
    assumptions,
    totals,
    by_planning_region: of("PLANNING_REGION"),
    by_setting: of("SETTING"),
    by_funding_source: of("FUNDING_SOURCE"),
  };
}

export const CSV_COLUMNS = [
  "as_of",
  "target_name",
  "dimension_code",
  "group_code",
  "workforce_count",
  "costed_count",
  "no_pay_record_count",
  "no_target_count",
  "below_target_count",
  "annual_cost_usd",
  "mean_hourly_gap_usd",
] as const;

function allRows(r: CostResult): CostRow[] {
  return [r.totals, ...r.by_planning_region, ...r.by_setting, ...r.by_funding_source];
}

export function costCsv(r: CostResult): string {
  return stringify(
    allRows(r).map((row) => [
      r.as_of,
      r.target.name,
      row.dimension_code,
      row.group_code,
      row.workforce_count,
      row.costed_count,
      row.no_pay_record_count,
      row.no_target_count,
      row.below_target_count,
      row.annual_cost_usd.toFixed(2),
      row.mean_hourly_gap_usd === null ? "" : row.mean_hourly_gap_usd.toFixed(2),
    ]),
    { header: true, columns: [...CSV_COLUMNS], record_delimiter: "\n" },
  );
}

const money = (n: number) =>
  `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const int = (n: number) => n.toLocaleString("en-US");

function table(title: string, list: CostRow[]): string[] {
  const head = ["group", "workforce", "costed", "below target", "annual cost", "mean gap/h"];
  const body = list.map((r) => [
    r.group_code,
    int(r.workforce_count),
    int(r.costed_count),
    int(r.below_target_count),
    money(r.annual_cost_usd),
    r.mean_hourly_gap_usd === null ? "" : money(r.mean_hourly_gap_usd),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ")}`;
  return [title, line(head), ...body.map(line), ""];
}

export function costTable(r: CostResult): string {
  const t = r.totals;
  const lines = [
    `Cost of closing the wage gap on ${r.as_of}: ${r.target.name} (${r.target.description})`,
    "Restricted use: unsuppressed.",
    "",
    "Target schedule (the most specific row applies):",
    ...r.target.rows.map(
      (row) =>
        `  ${row.role_code.padEnd(22)} ${row.qualification_level_code.padEnd(16)} ${money(row.resolved_hourly_wage_usd).padStart(9)}/h${row.k12_parity_pct !== null ? `  (${Math.round(row.k12_parity_pct * 100)}% of the K-12 benchmark)` : ""}`,
    ),
    "",
    "Assumptions:",
    ...r.assumptions.map((a) => `  - ${a}`),
    "",
    `Total: ${int(t.workforce_count)} people in the workforce, ${int(t.costed_count)} costed, ${int(t.below_target_count)} below target; annual cost ${money(t.annual_cost_usd)}.`,
    "",
    ...table("By planning region:", r.by_planning_region),
    ...table("By setting:", r.by_setting),
    ...table(
      "By funding source (overlapping: a person counts under each source of their program):",
      r.by_funding_source,
    ),
  ];
  return `${lines.join("\n")}`;
}

export interface CostOptions {
  dataDir: string;
  target: string;
  asOf?: string;
  format?: CostFormat;
  output?: string;
  stdout?: { write(chunk: string): unknown };
  stderr?: { write(chunk: string): unknown };
}

/** Resolve --target: a preset code of seeds.wage_target_presets, or a CSV/JSON file. */
async function resolveTarget(con: DuckDBConnection, spec: string): Promise<Target> {
  const presets = await loadPresets(con);
  const preset = presets.get(normalisePreset(spec));
  if (preset) return preset;
  if (existsSync(spec)) return readTargetFile(spec);
  throw usageError(
    `--target ${spec} is neither a preset (${[...presets.keys()].join(", ")}) nor an existing .csv or .json file`,
    "cost",
  );
}

export async function runCost(
  opts: Omit<CostOptions, "format" | "output" | "stdout" | "stderr">,
): Promise<CostResult> {
  const buildFile = buildPaths(dataLayout(opts.dataDir).root).current;
  if (!existsSync(buildFile)) throw new WorkforceError("no_build", { path: buildFile }, EXIT.usage);
  const db = await openBuildReadOnly(buildFile);
  try {
    const target = await resolveTarget(db.con, opts.target);
    const asOf = opts.asOf ?? (await latestAsOf(db.con));
    if (!asOf) throw usageError("the build has no loaded extract: pass --as-of", "cost");
    const problem = await snapshotDateProblem(db.con, asOf, "--as-of ");
    if (problem) throw usageError(problem, "cost");
    return await computeCost(db.con, target, asOf);
  } finally {
    db.close();
  }
}

/** The `cost` verb. */
export async function costCommand(opts: CostOptions): Promise<number> {
  const stdout = opts.stdout ?? process.stdout;
  const stderr = opts.stderr ?? process.stderr;
  const format = opts.format ?? "table";
  const result = await runCost(opts);
  const text =
    format === "json"
      ? `${JSON.stringify(result, null, 2)}\n`
      : format === "csv"
        ? costCsv(result)
        : `${costTable(result)}\n`;
  if (format === "csv") {
    stderr.write(
      `Assumptions (${result.target.name}, ${result.as_of}):\n${result.assumptions.map((a) => `  - ${a}`).join("\n")}\n`,
    );
  }
  if (opts.output) {
    try {
      writeFileSync(opts.output, text);
    } catch (e) {
      throw outputError(opts.output, e);
    }
    stderr.write(`Wrote ${opts.output} (${format}).\n`);
  } else {
    stdout.write(text);
  }
  return EXIT.ok;
}
