/**
 * Reconciliation: simulate a registry (about 3,000 members, no deltas, no defects), ingest it,
 * build, and compare computeHeadline with the same figures computed independently, straight from
 * the extract CSV files (read as text), by SQL written here from metrics.md alone. Also: the build
 * of a clean simulation passes every blocking model test (grain, not-null, relationships, ...).
 */
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestCommand } from "../../ingest/command.ts";
import { simulate } from "../../synthetic/simulate.ts";
import type { BuildResult } from "../../transforms/build.ts";
import { computeHeadline, type Headline } from "../../transforms/metrics.ts";
import { lit } from "../../warehouse/db.ts";
import { pinnedWithheld } from "./disclosure.ts";
import { type BuildReader, buildOrFail, openBuild, tempDir } from "./helpers.ts";

const AS_OF = "2026-06-30";
const FILES = [
  "people",
  "programs",
  "program_funding",
  "classrooms",
  "classroom_staffing",
  "employment",
  "compensation",
  "education",
  "coursework",
  "credentials",
  "career_ladder",
  "applications",
  "application_events",
  "verifications",
];

/**
 * Everything on D (the SQL variable d), from the CSV tables (all text). Written from metrics.md
 * without looking at the models: surviving accounts, verification status on D, the active workforce and primary spells,
 * attainment on D, covered classrooms and their QSMs.
 */
const INDEPENDENT_SQL = `
create temp table survivor as
with recursive chain(registry_id, target, hops) as (
    select registry_id, registry_id, 0 from people
    union all
    select c.registry_id, p.merged_into, c.hops + 1
    from chain c join people p on p.registry_id = c.target
    where p.member_status = 'MERGED' and c.hops < 10
)
select c.registry_id, arg_max(c.target, c.hops) as person_id
from chain c
group by c.registry_id;

create temp table members as
select registry_id as person_id from people where member_status <> 'MERGED' and joined_on::date <= getvariable('d');

create temp table status_on_d as
select record_type, record_id, arg_max(outcome, (verified_on::date, verification_id)) as status
from verifications
where verified_on::date <= getvariable('d')
group by record_type, record_id;

create temp table verified as
select record_type, record_id from status_on_d where status = 'VERIFIED';

create temp table active_spells as
select e.employment_id, s.person_id, e.program_id, e.role, e.start_date::date as start_date, p.setting
from employment e
join survivor s on s.registry_id = e.registry_id
join members m on m.person_id = s.person_id
join verified v on v.record_type = 'EMPLOYMENT' and v.record_id = e.employment_id
join programs p on p.program_id = e.program_id
where e.start_date::date <= getvariable('d')
  and (e.end_date is null or e.end_date::date >= getvariable('d'))
  and p.opened_on::date <= getvariable('d')
  and (p.closed_on is null or p.closed_on::date >= getvariable('d'));

create temp table pay_on_d as
select
    employment_id,
    arg_max(hours_per_week::double, (effective_date::date, compensation_id)) as hours,
    arg_max(
        case pay_unit
            when 'HOUR' then pay_rate::double
            when 'WEEK' then pay_rate::double / hours_per_week::double
            when 'MONTH' then pay_rate::double * 12 / (hours_per_week::double * weeks_per_year::double)
            when 'YEAR' then pay_rate::double / (hours_per_week::double * weeks_per_year::double)
        end,
        (effective_date::date, compensation_id)
    ) as hourly
from compensation
where effective_date::date <= getvariable('d')
group by employment_id;

create temp table primary_spell as
select * from (
    select a.*, w.hours, w.hourly,
        row_number() over (partition by a.person_id order by w.hours desc nulls last, a.start_date, a.employment_id) as rn
    from active_spells a left join pay_on_d w using (employment_id)
) where rn = 1;

create temp table awards_on_d as
select s.person_id, e.award_level,
    case e.award_level when 'HS_DIPLOMA' then 1 when 'GED' then 1 when 'CDA' then 2 when 'CERTIFICATE' then 3
        when 'ASSOCIATE' then 4 when 'BACHELOR' then 5 when 'MASTER' then 6 when 'DOCTORATE' then 7 end as award_rank,
    e.regionally_accredited = 'Y' as accredited,
    e.ece_concentration = 'Y' as ece
from education e
join survivor s on s.registry_id = e.registry_id
join verified v on v.record_type = 'EDUCATION' and v.record_id = e.education_id
where e.awarded_on::date <= getvariable('d')
  and (e.award_level <> 'CDA' or e.expires_on is null or e.expires_on::date >= getvariable('d'));

create temp table credits_on_d as
select s.person_id, sum(c.credits::double) as ece_credits
from coursework c
join survivor s on s.registry_id = c.registry_id
join verified v on v.record_type = 'COURSEWORK' and v.record_id = c.course_record_id
where c.credit_area = 'EARLY_CHILDHOOD' and c.completed_on::date <= getvariable('d')
group by s.person_id;

create temp table credentials_on_d as
select s.person_id, k.credential_type
from credentials k
join survivor s on s.registry_id = k.registry_id
join verified v on v.record_type = 'CREDENTIAL' and v.record_id = k.credential_id
where (k.status = 'ACTIVE' or (k.status = 'EXPIRED' and k.expires_on is not null))
  and k.issued_on::date <= getvariable('d')
  and (k.expires_on is null or k.expires_on::date >= getvariable('d'));

create temp table attainment as
select
    m.person_id,
    coalesce((select max(award_rank) from awards_on_d a where a.person_id = m.person_id), 0) as top_rank,
    coalesce((select max(award_rank) from awards_on_d a where a.person_id = m.person_id and a.accredited and a.award_rank >= 3), 0) as degree_rank,
    coalesce((select max(award_rank) from awards_on_d a where a.person_id = m.person_id and a.accredited and a.ece and a.award_rank >= 3), 0) as ece_degree_rank,
    coalesce((select ece_credits from credits_on_d c where c.person_id = m.person_id), 0) as ece_credits,
    exists (select 1 from credentials_on_d k where k.person_id = m.person_id
            and k.credential_type in ('TEACHING_CERT_ECE', 'TEACHING_CERT_ECSE', 'ECTC_BACHELOR')) as ba_credential
from members m;

create temp table qualification as
select person_id,
    case top_rank when 0 then 'NONE' when 1 then 'HS_DIPLOMA_GED' when 2 then 'CDA' when 3 then 'CERTIFICATE'
        when 4 then 'ASSOCIATE' when 5 then 'BACHELOR' when 6 then 'MASTER' when 7 then 'DOCTORATE' end as highest_award,
    ece_degree_rank >= 5 or (degree_rank >= 5 and ece_credits >= 12) or ba_credential as is_bachelor_level
from attainment;

create temp table placement_on_d as
select s.person_id,
    arg_max(l.level::int, (l.effective_on::date, l.registry_id = s.person_id, l.level::int)) as level
from career_ladder l
join survivor s on s.registry_id = l.registry_id
where l.effective_on::date <= getvariable('d')
group by s.person_id;

create temp table covered_rooms as
select r.classroom_id
from classrooms r
where r.opened_on::date <= getvariable('d')
  and (r.closed_on is null or r.closed_on::date >= getvariable('d'))
  and r.age_group in ('INFANT_TODDLER', 'PRESCHOOL', 'MIXED')
  and exists (
      select 1 from program_funding f
      where f.program_id = r.program_id
        and f.funding_source in ('CDC', 'SR', 'SS', 'SHS', 'ESCT')
        and f.fiscal_year::int = year(getvariable('d')) + case when month(getvariable('d')) >= 7 then 1 else 0 end
  );

create temp table room_qsm as
select c.classroom_id,
    (select s.person_id
     from classroom_staffing a join survivor s on s.registry_id = a.registry_id
     where a.classroom_id = c.classroom_id and a.assignment_role = 'DESIGNATED_QSM'
       and a.start_date::date <= getvariable('d') and (a.end_date is null or a.end_date::date >= getvariable('d'))
     order by a.start_date::date desc, a.assignment_id desc
     limit 1) as qsm
from covered_rooms c;
`;

async function all(con: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await con.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

async function independentHeadline(
  extractDir: string,
  asOf: string,
  inspect?: (n: (sql: string) => Promise<number>) => Promise<void>,
): Promise<Headline> {
  const instance = await DuckDBInstance.create(":memory:");
  const con = await instance.connect();
  try {
    for (const f of FILES) {
      await con.run(
        `create temp table ${f} as select * from read_csv(${lit(join(extractDir, `${f}.csv`))}, header = true, all_varchar = true)`,
      );
    }
    await con.run(`set variable d = date ${lit(asOf)}`);
    await con.run(INDEPENDENT_SQL);
    const n = async (sql: string) => Number((await all(con, sql))[0]!.n);
    const map = async (sql: string) =>
      Object.fromEntries((await all(con, sql)).map((r) => [String(r.k), Number(r.v)]));
    const covered = await n("select count(*) as n from room_qsm");
    const qualified = await n(
      "select count(*) as n from room_qsm r join qualification q on q.person_id = r.qsm where q.is_bachelor_level",
    );
    const years = await all(
      con,
      `select a.fiscal_year::int as fy,
              count(*) as submitted,
              count(*) filter (where exists (select 1 from application_events e where e.application_id = a.application_id
                  and e.status = 'APPROVED' and e.status_on::date <= getvariable('d'))) as approved,
              count(*) filter (where exists (select 1 from application_events e where e.application_id = a.application_id
                  and e.status = 'DENIED' and e.status_on::date <= getvariable('d'))) as denied,
              coalesce(sum((select sum(e.amount_usd::decimal(12, 2)) from application_events e where e.application_id = a.application_id
                  and e.status = 'APPROVED' and e.status_on::date <= getvariable('d'))), 0)::double as awarded,
              coalesce(sum((select sum(e.amount_usd::decimal(12, 2)) from application_events e where e.application_id = a.application_id
                  and e.status = 'PAID' and e.status_on::date <= getvariable('d'))), 0)::double as paid
       from applications a
       where a.application_type = 'SCHOLARSHIP' and a.submitted_on::date <= getvariable('d')
       group by all order by fy`,
    );
    await inspect?.(n);
    const headline: Headline = {
      as_of: asOf,
      members: await n("select count(*) as n from members"),
      active_workforce: await n("select count(distinct person_id) as n from active_spells"),
      active_by_setting: await map("select setting as k, count(*) as v from primary_spell group by 1"),
      active_by_role: await map("select role as k, count(*) as v from primary_spell group by 1"),
      highest_award: await map(
        "select q.highest_award as k, count(*) as v from primary_spell p join qualification q using (person_id) group by 1",
      ),
      bachelor_level_qualified: await n(
        "select count(*) as n from primary_spell p join qualification q using (person_id) where q.is_bachelor_level",
      ),
      median_hourly_wage_by_role: await map(
        "select role as k, round(quantile_cont(hourly, 0.5), 2) as v from primary_spell where hourly is not null group by 1",
      ),
      ladder_level: await map(
        "select coalesce(l.level::varchar, 'NONE') as k, count(*) as v from primary_spell p left join placement_on_d l using (person_id) group by 1",
      ),
      covered_classrooms: covered,
      covered_classrooms_qualified_qsm: qualified,
      covered_classrooms_without_qsm: await n("select count(*) as n from room_qsm where qsm is null"),
      goal_share: covered > 0 ? Math.round((qualified / covered) * 10_000) / 10_000 : null,
      scholarships_by_fiscal_year: Object.fromEntries(
        years.map((y) => [
          String(y.fy),
          {
            submitted: Number(y.submitted),
            approved: Number(y.approved),
            denied: Number(y.denied),
            awarded_usd: Math.round(Number(y.awarded) * 100) / 100,
            paid_usd: Math.round(Number(y.paid) * 100) / 100,
          },
        ]),
      ),
    };
    return headline;
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}

/**
 * Turnover in a fiscal year (metrics.md), independently: the (member, program) pairs with an active
 * spell on July 1 and on June 30, from the same SQL as the headline figures run on each day.
 */
async function independentTurnover(extractDir: string, fiscalYear: number) {
  const instance = await DuckDBInstance.create(":memory:");
  const con = await instance.connect();
  try {
    for (const f of FILES) {
      await con.run(
        `create temp table ${f} as select * from read_csv(${lit(join(extractDir, `${f}.csv`))}, header = true, all_varchar = true)`,
      );
    }
    const sql = INDEPENDENT_SQL.replaceAll("create temp table", "create or replace temp table");
    for (const [name, day] of [
      ["pairs_first_day", `${fiscalYear - 1}-07-01`],
      ["pairs_last_day", `${fiscalYear}-06-30`],
    ] as const) {
      await con.run(`set variable d = date ${lit(day)}`);
      await con.run(sql);
      await con.run(
        `create temp table ${name} as select distinct a.person_id, a.program_id, p.setting from active_spells a join programs p using (program_id)`,
      );
    }
    return await all(
      con,
      `select f.setting, count(*)::int as pairs,
              count(*) filter (where l.person_id is not null)::int as stayed,
              count(*) filter (where not exists (select 1 from pairs_last_day x where x.person_id = f.person_id))::int as left_field
       from pairs_first_day f
       left join pairs_last_day l using (person_id, program_id)
       group by rollup (f.setting) order by 1 nulls first`,
    );
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}

let dataDir: string;
let extractDir: string;
let result: BuildResult;
let db: BuildReader;

beforeAll(async () => {
  dataDir = tempDir("wf-reconcile-");
  const inbox = join(dataDir, "inbox");
  simulate({
    out: inbox,
    asOf: AS_OF,
    members: 3000,
    seed: "reconcile",
    deltas: 0,
    defects: 0,
    fileDefects: false,
  });
  extractDir = join(inbox, readdirSync(inbox).find((f) => f.startsWith("registry-extract-"))!);
  const code = await ingestCommand({ dataDir, inbox, json: true, stdout: { write: () => true } as never });
  expect(code).toBe(0);
  result = await buildOrFail({ dataDir });
  db = await openBuild(dataDir);
}, 120_000);

afterAll(() => {
  db?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("a clean simulated registry", () => {
  it("builds and swaps in with every blocking model test passing", () => {
    expect(result.error?.message).toBeUndefined();
    expect(result.status).toBe("swapped");
    const blocking = result.tests.filter((t) => t.status === "fail" && t.severity === "error");
    expect(blocking.map((t) => `${t.model} ${t.test}: ${t.failures}`)).toEqual([]);
    expect(result.tests.length).toBeGreaterThan(200);
  });

  it("gives the same headline figures from the marts as independent SQL over the extract files", async () => {
    const fromMarts = await computeHeadline(db.con, AS_OF);
    const headline = await independentHeadline(extractDir, AS_OF);
    expect(fromMarts.active_workforce).toBeGreaterThan(1000);
    expect(fromMarts.covered_classrooms).toBeGreaterThan(50);
    expect(fromMarts).toEqual(headline);
  }, 60_000);

  it("gives the same turnover and left-the-field counts as independent SQL, by setting", async () => {
    for (const fy of [2020, 2026]) {
      const fromMart = await db.rows(
        `select setting_code as setting, count(*)::int as pairs,
                count(*) filter (where not has_left_program)::int as stayed,
                count(*) filter (where has_left_field)::int as left_field
         from marts.fct_turnover_fiscal_year where fiscal_year = ${fy}
         group by rollup (setting_code) order by 1 nulls first`,
      );
      expect(fromMart[0]!.pairs).toBeGreaterThan(300);
      expect(fromMart[0]!.left_field).toBeGreaterThan(0);
      expect(fromMart).toEqual(await independentTurnover(extractDir, fy));
    }
  }, 60_000);

  it("agrees with independent SQL on an earlier month end too", async () => {
    const fromMarts = await computeHeadline(db.con, "2019-12-31");
    // a teaching certificate marked EXPIRED in the extract (status is today's) was active on the
    // dates before its expiry, and counts there: some active members hold one on this date
    let expiredSince = 0;
    const headline = await independentHeadline(extractDir, "2019-12-31", async (n) => {
      expiredSince = await n(
        `select count(distinct s.person_id) as n from credentials k
         join survivor s on s.registry_id = k.registry_id
         join verified v on v.record_type = 'CREDENTIAL' and v.record_id = k.credential_id
         where k.status = 'EXPIRED' and k.credential_type in ('TEACHING_CERT_ECE', 'TEACHING_CERT_ECSE')
           and k.issued_on::date <= getvariable('d') and k.expires_on::date >= getvariable('d')
           and s.person_id in (select person_id from primary_spell)`,
      );
    });
    expect(expiredSince).toBeGreaterThan(0);
    expect(fromMarts).toEqual(headline);
  }, 60_000);
});

/** The room counts of the goal tables, one per kind of room (and all covered rooms). */
const ROOM_COUNTS = [
  "covered_classroom_count",
  "bachelor_level_qsm_classroom_count",
  "associate_level_qsm_classroom_count",
  "below_associate_level_qsm_classroom_count",
  "no_qsm_classroom_count",
];

describe("published counts of part of a population published in another table (k = 10)", () => {
  /**
   * Pairs of published counts where the first is part of the second (people with a wage of the
   * workforce, ...), both published: the rest, found by subtraction, is 0 or at least k.
   */
  const pairs: Record<string, string> = {
    "wage earners of the workforce, by role and setting": `
      select w.people_count as part, f.people_count as whole
      from reporting.rpt_wages_by_role_setting w
      join reporting.rpt_workforce_by_setting_role f using (snapshot_date, role_code, setting_code)`,
    "wage earners of the workforce, by highest award and setting": `
      select w.people_count as part, f.people_count as whole
      from reporting.rpt_wages_by_award_setting w
      join reporting.rpt_workforce_profile_by_setting f
        on f.snapshot_date = w.snapshot_date and f.dimension_code = 'HIGHEST_AWARD'
        and f.category_code = w.highest_award_code and f.setting_code = w.setting_code
      where w.highest_award_code <> 'ALL'`,
    "people with a pay record of the workforce, by role": `
      select b.people_count as part, f.people_count as whole
      from reporting.rpt_benefits_by_role b
      join reporting.rpt_workforce_by_setting_role f
        on f.snapshot_date = b.snapshot_date and f.role_code = b.role_code and f.setting_code = 'ALL'`,
    "people below a wage target of the wage earners, by planning region and setting": `
      select c.people_below_target_count as part, w.people_count as whole
      from reporting.rpt_wage_gap_cost_by_region_setting c
      join reporting.rpt_wages_by_planning_region_setting w using (snapshot_date, planning_region_fips, setting_code)`,
    "people below a wage target of the workforce, by setting": `
      select c.people_below_target_count as part, f.people_count as whole
      from reporting.rpt_wage_gap_cost_by_region_setting c
      join reporting.rpt_workforce_by_setting_role f
        on f.snapshot_date = c.snapshot_date and f.setting_code = c.setting_code and f.role_code = 'ALL'
      where c.planning_region_fips = 'ALL'`,
    "covered rooms funded by a source of the statewide rooms, by kind": ROOM_COUNTS.map(
      (k) => `select f.${k} as part, w.${k} as whole
        from reporting.rpt_goal_share_by_funding_source f
        join reporting.rpt_goal_share_by_planning_region w
          on w.snapshot_date = f.snapshot_date and w.planning_region_fips = 'ALL'`,
    ).join(" union all "),
    // (every planning region wholly inside the OEC region published: the rest of the region follows)
    "an OEC region's rooms of which those in the planning regions wholly inside it are published": `
      with inside as (
        select planning_region_fips, min(oec_region_name) as oec_region_name from marts.dim_geography
        group by planning_region_fips having count(distinct oec_region_name) = 1
      )
      select part, whole from (${ROOM_COUNTS.map(
        (k) => `select o.snapshot_date, o.oec_region_name, o.${k} as whole,
            sum(p.${k}) as part, count(*) filter (where p.${k} is null) as withheld
          from reporting.rpt_goal_share_by_region o
          join inside i on i.oec_region_name = o.oec_region_name
          join reporting.rpt_goal_share_by_planning_region p
            on p.snapshot_date = o.snapshot_date and p.planning_region_fips = i.planning_region_fips
          group by all`,
      ).join(" union all ")}) where withheld = 0`,
  };
  for (const [name, sql] of Object.entries(pairs)) {
    it(`leaves no rest from 1 to k - 1 to subtract: ${name}`, async () => {
      const [r] = (await db.rows(
        `select count(*)::int as compared, count(*) filter (where whole - part between 1 and 9)::int as small_rest
         from (${sql}) where part is not null and whole is not null and part > 0`,
      )) as [{ compared: number; small_rest: number }];
      expect(r.compared, name).toBeGreaterThan(0);
      expect(r.small_rest, name).toBe(0);
    });
  }
});

describe("benefit shares (k = 10)", () => {
  it("are the published counts over the role's published workforce, and only when those counts are published", async () => {
    // Recomputed from the published tables alone: a share adds nothing to what they give.
    const [r] = (await db.rows(
      `with j as (
         select b.*, f.people_count as workforce
         from reporting.rpt_benefits_by_role b
         join reporting.rpt_workforce_by_setting_role f
           on f.snapshot_date = b.snapshot_date and f.role_code = b.role_code and f.setting_code = 'ALL'
       )
       select count(*)::int as rows,
              count(health_insurance_pct)::int as health,
              count(*) filter (where health_insurance_pct is not null and (workforce is null
                or both_benefits_count is null or health_insurance_only_count is null))::int as health_unsupported,
              count(*) filter (where health_insurance_pct is not null and health_insurance_pct
                <> round((both_benefits_count + health_insurance_only_count) / workforce, 4))::int as health_wrong,
              count(*) filter (where retirement_plan_pct is not null and (workforce is null
                or both_benefits_count is null or retirement_plan_only_count is null))::int as retirement_unsupported,
              count(*) filter (where retirement_plan_pct is not null and retirement_plan_pct
                <> round((both_benefits_count + retirement_plan_only_count) / workforce, 4))::int as retirement_wrong,
              count(*) filter (where health_insurance_pct is null and health_insurance_pct_suppression_reason_code is null)::int as unexplained
       from j`,
    )) as [Record<string, number>];
    expect(r.health).toBeGreaterThan(0);
    expect(r).toMatchObject({
      health_unsupported: 0,
      health_wrong: 0,
      retirement_unsupported: 0,
      retirement_wrong: 0,
      unexplained: 0,
    });
  });
});

describe("a count published in two tables (k = 10)", () => {
  /**
   * The same count of the same people in two reporting tables: each table suppresses its own cells,
   * so a count withheld in one and published in the other would undo the suppression.
   */
  const shared: Record<string, string> = {
    "the workforce by setting, in the workforce table and each profile dimension's ALL category": `
      select f.people_count as a, p.people_count as b
      from reporting.rpt_workforce_by_setting_role f
      join reporting.rpt_workforce_profile_by_setting p
        on p.snapshot_date = f.snapshot_date and p.setting_code = f.setting_code and p.category_code = 'ALL'
      where f.role_code = 'ALL'`,
    "the workforce by role, in the workforce table and each profile dimension's ALL category": `
      select f.people_count as a, p.people_count as b
      from reporting.rpt_workforce_by_setting_role f
      join reporting.rpt_workforce_profile_by_role p
        on p.snapshot_date = f.snapshot_date and p.role_code = f.role_code and p.category_code = 'ALL'
      where f.setting_code = 'ALL'`,
    "wage earners by setting, in the wage tables by role, by award and by planning region": `
      select r.people_count as a, x.people_count as b
      from reporting.rpt_wages_by_role_setting r
      join (
        select snapshot_date, setting_code, people_count from reporting.rpt_wages_by_award_setting
        where highest_award_code = 'ALL'
        union all
        select snapshot_date, setting_code, people_count from reporting.rpt_wages_by_planning_region_setting
        where planning_region_fips = 'ALL'
      ) x using (snapshot_date, setting_code)
      where r.role_code = 'ALL'`,
    "people with a pay record by role, in the benefits table and the wage table (all settings)": `
      select b.people_count as a, w.people_count as b
      from reporting.rpt_benefits_by_role b
      join reporting.rpt_wages_by_role_setting w
        on w.snapshot_date = b.snapshot_date and w.role_code = b.role_code and w.setting_code = 'ALL'`,
    "covered rooms of each kind statewide, by OEC region and by planning region": `
      select o.covered_classroom_count as a, p.covered_classroom_count as b
      from reporting.rpt_goal_share_by_region o
      join reporting.rpt_goal_share_by_planning_region p using (snapshot_date)
      where o.oec_region_name = 'ALL' and p.planning_region_fips = 'ALL'
      union all
      select o.no_qsm_classroom_count, p.no_qsm_classroom_count
      from reporting.rpt_goal_share_by_region o
      join reporting.rpt_goal_share_by_planning_region p using (snapshot_date)
      where o.oec_region_name = 'ALL' and p.planning_region_fips = 'ALL'`,
  };
  for (const [name, sql] of Object.entries(shared)) {
    it(`is withheld in both or in neither, and equal: ${name}`, async () => {
      const [r] = (await db.rows(
        `select count(*)::int as compared, count(*) filter (where (a is null) <> (b is null))::int as unlike,
                count(*) filter (where a <> b)::int as unequal
         from (${sql})`,
      )) as [{ compared: number; unlike: number; unequal: number }];
      expect(r.compared, name).toBeGreaterThan(0);
      expect(r, name).toMatchObject({ unlike: 0, unequal: 0 });
    });
  }
});

describe("the count cells' sums", () => {
  it("add up to their totals in every table with row and column groups, NONE included for awards", async () => {
    const broken = await db.rows(
      `select table_name, partition_key, column_key,
              sum(cell_count) filter (where row_key <> 'ALL') as parts, max(cell_count) filter (where row_key = 'ALL') as total
       from marts.fct_publication_cells
       where row_group_key is not null and column_group_key is not null
       group by all having parts <> total order by all limit 5`,
    );
    expect(broken).toEqual([]);
    // The equations the disclosure audit assumes a reader can use (row_sum_role, column_sum_role):
    // each group has one total, and its parts add up to it, in every table.
    const unequal = await db.rows(
      `with groups as (
         select table_name, partition_key, 'row' as kind, row_group_key as grp, row_sum_role as role, cell_count
         from marts.fct_publication_cells where row_sum_role is not null
         union all
         select table_name, partition_key, 'column', column_group_key, column_sum_role, cell_count
         from marts.fct_publication_cells where column_sum_role is not null
       )
       select table_name, partition_key, kind, grp, count(*) filter (where role = 'TOTAL') as totals,
              sum(cell_count) filter (where role = 'PART') as parts, max(cell_count) filter (where role = 'TOTAL') as total
       from groups group by all having totals <> 1 or parts is distinct from total order by all limit 5`,
    );
    expect(unequal).toEqual([]);
    const roles = (await db.rows(
      `select count(distinct table_name) filter (where row_sum_role is not null)::int as row_tables,
              count(distinct table_name) filter (where column_sum_role is not null)::int as column_tables
       from marts.fct_publication_cells`,
    )) as [{ row_tables: number; column_tables: number }];
    expect(roles[0].row_tables).toBeGreaterThan(15);
    expect(roles[0].column_tables).toBeGreaterThan(15);
  });

  it("leave no withheld count that must stay hidden pinned to one value by combining them (k = 10)", async () => {
    const withheld = (await db.rows(
      "select count(*) filter (where suppression_reason_code = 'too_few')::int as n from reporting.rpt_suppressed_cells_by_table",
    )) as [{ n: number }];
    expect(withheld[0].n).toBeGreaterThan(100);
    const pinned = await pinnedWithheld((sql) => db.rows(sql), 10);
    expect(pinned.filter((p) => p.companionLeft)).toEqual([]);
    // Left: the cells only a withheld total could protect (13 of 18,157 too-few cells here, in
    // sparse early years; none at 24,000 members)
    expect(pinned.length).toBeLessThan(withheld[0].n / 1000);
    const none = (await db.rows(
      `select count(*)::int as n from reporting.rpt_wages_by_award_setting where highest_award_code = 'NONE'`,
    )) as [{ n: number }];
    expect(none[0].n).toBeGreaterThan(0);
  });
});
