/**
 * The headline figures of docs/spec/metrics.md on a reference date D, computed from the marts of a
 * build (so the published numbers and the marts agree): the workforce from
 * `marts.fct_workforce_monthly`, the staff-qualification goal from `marts.fct_classroom_qsm_monthly`
 * (both periodic snapshots, so D must be a snapshot date: a month end from 2012-01-31 or an
 * extract's as-of date), members from `marts.dim_people` and scholarships from
 * `marts.fct_applications` / `marts.fct_application_events`.
 *
 * The figures are NOT suppressed: they are for the restricted zone (the publishing rules apply to
 * the reporting tables). Counts are integers, money is USD rounded to cents, shares are fractions
 * rounded to 4 decimals; maps leave out keys with no people.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { usageError } from "../warehouse/errors.ts";

export interface ScholarshipYear {
  /** Scholarship applications of the fiscal year submitted on or before D. */
  submitted: number;
  /** Of those, with an APPROVED event on or before D. */
  approved: number;
  /** Of those, with a DENIED event on or before D (a later appeal does not erase it). */
  denied: number;
  /** Sum of APPROVED amounts on or before D (USD). */
  awarded_usd: number;
  /** Sum of PAID amounts on or before D (USD). */
  paid_usd: number;
}

export interface Headline {
  as_of: string;
  members: number;
  active_workforce: number;
  active_by_setting: Record<string, number>;
  active_by_role: Record<string, number>;
  highest_award: Record<string, number>;
  bachelor_level_qualified: number;
  median_hourly_wage_by_role: Record<string, number>;
  ladder_level: Record<string, number>;
  covered_classrooms: number;
  covered_classrooms_qualified_qsm: number;
  covered_classrooms_without_qsm: number;
  /** Covered classrooms with a bachelor-level qualified designated QSM / covered classrooms; null without covered rooms. */
  goal_share: number | null;
  scholarships_by_fiscal_year: Record<string, ScholarshipYear>;
}

/** The reference date as a bound parameter (never spliced into the SQL text). */
const D = "cast($as_of as date)";

export const HEADLINE_SQL = {
  latestAsOf: "select max(calendar_date)::varchar as as_of from marts.dim_dates where is_extract_as_of_date",
  members: `
    select count(*) as n
    from marts.dim_people
    where is_current and joined_date <= ${D}`,
  workforce: `
    select
        count(*) as active_workforce,
        count(*) filter (where is_bachelor_level_qualified) as bachelor_level_qualified
    from marts.fct_workforce_monthly
    where snapshot_date = ${D}`,
  bySetting: `
    select setting_code as key, count(*) as n
    from marts.fct_workforce_monthly
    where snapshot_date = ${D}
    group by setting_code
    order by key`,
  byRole: `
    select role_code as key, count(*) as n
    from marts.fct_workforce_monthly
    where snapshot_date = ${D}
    group by role_code
    order by key`,
  highestAward: `
    select highest_award_code as key, count(*) as n
    from marts.fct_workforce_monthly
    where snapshot_date = ${D}
    group by highest_award_code
    order by key`,
  ladderLevel: `
    select coalesce(registry_ladder_level::varchar, 'NONE') as key, count(*) as n
    from marts.fct_workforce_monthly
    where snapshot_date = ${D}
    group by all
    order by key`,
  medianWageByRole: `
    select role_code as key, round(quantile_cont(hourly_wage_usd, 0.5), 2) as median_hourly_wage_usd
    from marts.fct_workforce_monthly
    where snapshot_date = ${D} and hourly_wage_usd is not null
    group by role_code
    order by key`,
  classrooms: `
    select
        count(*) as covered_classrooms,
        count(*) filter (where is_qsm_bachelor_level_qualified) as covered_classrooms_qualified_qsm,
        count(*) filter (where not has_designated_qsm) as covered_classrooms_without_qsm
    from marts.fct_classroom_qsm_monthly
    where snapshot_date = ${D}`,
  scholarships: `
    with applications as (
        select *
        from marts.fct_applications
        where application_type_code = 'SCHOLARSHIP' and submitted_date <= ${D}
    ),

    events as (
        select *
        from marts.fct_application_events
        where application_type_code = 'SCHOLARSHIP' and status_date <= ${D}
    ),

    count_applications as (
        select
            fiscal_year,
            count(*) as submitted,
            count(*) filter (where first_approved_date <= ${D}) as approved,
            count(*) filter (where first_denied_date <= ${D}) as denied
        from applications
        group by fiscal_year
    ),

    sum_amounts as (
        select
            e.fiscal_year,
            sum(e.amount_usd) filter (where e.application_status_code = 'APPROVED') as awarded_usd,
            sum(e.amount_usd) filter (where e.application_status_code = 'PAID') as paid_usd
        from events e
        join applications a using (application_id)
        group by e.fiscal_year
    ),

    final as (
        select
            c.fiscal_year,
            c.submitted,
            c.approved,
            c.denied,
            round(coalesce(s.awarded_usd, 0), 2)::double as awarded_usd,
            round(coalesce(s.paid_usd, 0), 2)::double as paid_usd
        from count_applications c
        left join sum_amounts s using (fiscal_year)
    )

    select * from final order by fiscal_year`,
} as const;

type Row = Record<string, unknown>;

async function query(con: DuckDBConnection, sql: string, asOf: string): Promise<Row[]> {
  const reader = await con.runAndReadAll(sql, sql.includes("$as_of") ? { as_of: asOf } : undefined);
  return reader.getRowObjectsJS() as Row[];
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

function toMap(rows: Row[], value = "n"): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) {
    const n = num(r[value]);
    if (n !== 0) out[String(r.key)] = n;
  }
  return out;
}

/** The latest extract's as-of date in a build (the default reference date). */
export async function latestAsOf(con: DuckDBConnection): Promise<string | null> {
  const rows = await query(con, HEADLINE_SQL.latestAsOf, "");
  return (rows[0]?.as_of as string | null) ?? null;
}

/**
 * Why `asOf` (YYYY-MM-DD) cannot be used, or null when it is a snapshot date of the build: which
 * dates are, the latest, and the nearest one before `asOf`, so the message says what to type.
 */
export async function snapshotDateProblem(
  con: DuckDBConnection,
  asOf: string,
  label = "",
): Promise<string | null> {
  const reader = await con.runAndReadAll(
    `select
       bool_or(calendar_date = ${D} and is_snapshot_date) as ok,
       min(calendar_date) filter (where is_snapshot_date)::varchar as first,
       max(calendar_date) filter (where is_snapshot_date)::varchar as latest,
       max(calendar_date) filter (where is_snapshot_date and calendar_date < ${D})::varchar as before
     from marts.dim_dates`,
    { as_of: asOf },
  );
  const [ok, first, latest, before] = reader.getRows()[0] ?? [];
  if (ok === true) return null;
  const nearest = before && before !== latest ? `; the nearest before it: ${before}` : "";
  return (
    `${label}${asOf} is not a snapshot date of the build: use a month end from ${first ?? "2012-01-31"} ` +
    `or an extract's as-of date, up to the latest, ${latest ?? "?"}${nearest}`
  );
}

/** The headline figures on `asOf` (YYYY-MM-DD), which must be a snapshot date of the build. */
export async function computeHeadline(con: DuckDBConnection, asOf: string): Promise<Headline> {
  const problem = await snapshotDateProblem(con, asOf);
  if (problem) throw usageError(problem, "metrics");
  // One connection runs one query at a time: in order.
  const results: Row[][] = [];
  for (const sql of [
    HEADLINE_SQL.members,
    HEADLINE_SQL.workforce,
    HEADLINE_SQL.bySetting,
    HEADLINE_SQL.byRole,
    HEADLINE_SQL.highestAward,
    HEADLINE_SQL.ladderLevel,
    HEADLINE_SQL.medianWageByRole,
    HEADLINE_SQL.classrooms,
    HEADLINE_SQL.scholarships,
  ]) {
    results.push(await query(con, sql, asOf));
  }
  const [members, workforce, bySetting, byRole, award, ladder, wages, rooms, scholarships] = results;
  const w = workforce![0] ?? {};
  const r = rooms![0] ?? {};
  const covered = num(r.covered_classrooms);
  const qualified = num(r.covered_classrooms_qualified_qsm);
  const years: Record<string, ScholarshipYear> = {};
  for (const y of scholarships!) {
    years[String(y.fiscal_year)] = {
      submitted: num(y.submitted),
      approved: num(y.approved),
      denied: num(y.denied),
      awarded_usd: num(y.awarded_usd),
      paid_usd: num(y.paid_usd),
    };
  }
  return {
    as_of: asOf,
    members: num(members![0]?.n),
    active_workforce: num(w.active_workforce),
    active_by_setting: toMap(bySetting!),
    active_by_role: toMap(byRole!),
    highest_award: toMap(award!),
    bachelor_level_qualified: num(w.bachelor_level_qualified),
    median_hourly_wage_by_role: toMap(wages!, "median_hourly_wage_usd"),
    ladder_level: toMap(ladder!),
    covered_classrooms: covered,
    covered_classrooms_qualified_qsm: qualified,
    covered_classrooms_without_qsm: num(r.covered_classrooms_without_qsm),
    goal_share: covered > 0 ? Math.round((qualified / covered) * 10_000) / 10_000 : null,
    scholarships_by_fiscal_year: years,
  };
}
