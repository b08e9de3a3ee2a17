/**
 * The simulated registry looks like Connecticut's (domain-brief.md): program mix, towns, wages by
 * role, setting, region and year, turnover, duplicate accounts, QSM coverage, funding eras, and
 * career-ladder placements consistent with each member's verified education (metrics.md).
 * One Connecticut-size simulation (24,000 members), queried with DuckDB.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SOURCES } from "../../ingest/sources/index.ts";
import { type AwardFact, ladderLevel } from "../../synthetic/qualifications.ts";
import { simulate } from "../../synthetic/simulate.ts";

const AS_OF = "2026-06-30";
let dir: string;
let db: DuckDBInstance;
let con: DuckDBConnection;

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await con.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}
async function one(sql: string): Promise<Record<string, unknown>> {
  return (await rows(sql))[0]!;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sim-dist-"));
  simulate({ out: dir, asOf: AS_OF, members: 24_000, seed: "ct", deltas: 0, defects: 0, fileDefects: false });
  db = await DuckDBInstance.create(":memory:");
  con = await db.connect();
  const folder = join(dir, `registry-extract-${AS_OF}`);
  for (const s of SOURCES) {
    if (s.mode === "deletions") continue;
    await con.run(
      `create table ${s.name} as select * from read_csv('${join(folder, s.file)}', all_varchar = true)`,
    );
  }
  // Verified status on AS_OF of every record (latest check, ties by id).
  await con.run(`create table status as
    select record_type, record_id, arg_max(outcome, verified_on || verification_id) as outcome
    from verifications where verified_on <= '${AS_OF}' group by all`);
  await con.run(`create table current_pay as
    select e.registry_id, e.role, p.setting, p.town, t.planning_region_name as region, c.*,
      case c.pay_unit when 'HOUR' then c.pay_rate::double
        when 'WEEK' then c.pay_rate::double / c.hours_per_week::double
        when 'MONTH' then c.pay_rate::double * 12 / (c.hours_per_week::double * c.weeks_per_year::double)
        else c.pay_rate::double / (c.hours_per_week::double * c.weeks_per_year::double) end as hourly
    from employment e join programs p using (program_id)
    join read_csv('${join(import.meta.dirname, "..", "..", "transforms", "seeds", "ct_towns.csv")}') t on t.town_name = p.town
    join (select *, row_number() over (partition by employment_id order by effective_date desc) as rn
          from compensation where effective_date <= '${AS_OF}') c using (employment_id)
    where c.rn = 1 and e.start_date <= '${AS_OF}' and (e.end_date is null or e.end_date >= '${AS_OF}')`);
}, 180_000);

afterAll(() => {
  con?.closeSync();
  db?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

describe("a Connecticut-size simulation", () => {
  it("has about 4,000 programs, family child care homes outnumbering centers", async () => {
    const r = await one(`select count(*)::int n,
      count(*) filter (where program_type = 'FAMILY_HOME')::int fcc,
      count(*) filter (where program_type = 'CENTER')::int centers from programs`);
    expect(r.n).toBeGreaterThan(3600);
    expect(r.n).toBeLessThan(4400);
    expect(r.fcc as number).toBeGreaterThan(r.centers as number);
    expect((r.fcc as number) / (r.n as number)).toBeGreaterThan(0.4);
    expect((r.fcc as number) / (r.n as number)).toBeLessThan(0.6);
  });

  it("covers all 169 towns", async () => {
    const r = await one(
      `select count(distinct town)::int n from (select town from programs union all select home_town from people where home_town is not null)`,
    );
    expect(r.n).toBe(169);
  });

  it("pays by role and setting within the brief's 2025-2026 anchors", async () => {
    const med = async (where: string) =>
      (await one(`select median(hourly) m, count(*)::int n from current_pay where ${where}`)) as {
        m: number;
        n: number;
      };
    const teacher = await med(`role = 'TEACHER' and setting = 'COMMUNITY'`);
    expect(teacher.n).toBeGreaterThan(1000);
    expect(teacher.m).toBeGreaterThan(18);
    expect(teacher.m).toBeLessThan(26);
    const assistant = await med(`role in ('ASSISTANT_TEACHER', 'AIDE') and setting = 'COMMUNITY'`);
    expect(assistant.m).toBeGreaterThan(16.5);
    expect(assistant.m).toBeLessThan(19.5);
    const director = await med(`role = 'DIRECTOR' and setting = 'COMMUNITY'`);
    expect(director.m).toBeGreaterThan(25);
    expect(director.m).toBeLessThan(40);
    const fcc = await med(`role = 'FCC_PROVIDER'`);
    expect(fcc.m).toBeLessThan(teacher.m);
    const publicAnnual = (await one(
      `select median(hourly * hours_per_week::double * weeks_per_year::double) m from current_pay where role = 'TEACHER' and setting = 'PUBLIC_SCHOOL'`,
    )) as { m: number };
    expect(publicAnnual.m).toBeGreaterThan(45_000);
    expect(publicAnnual.m).toBeLessThan(85_000);
  });

  it("pays more in the southwest than in the northeast, and more each year", async () => {
    const byRegion = await rows(`select region, median(hourly) m from current_pay
      where role = 'TEACHER' and setting = 'COMMUNITY' group by region`);
    const m = Object.fromEntries(byRegion.map((r) => [r.region, r.m as number]));
    expect(m["Western Connecticut Planning Region"]!).toBeGreaterThan(
      m["Northeastern Connecticut Planning Region"]!,
    );
    const byYear =
      await rows(`select year(effective_date::date)::int y, median(pay_rate::double) m from compensation
      where pay_unit = 'HOUR' and year(effective_date::date) in (2013, 2019, 2025) group by y order by y`);
    expect(byYear.map((r) => r.y)).toEqual([2013, 2019, 2025]);
    expect(byYear[0]!.m as number).toBeLessThan(byYear[1]!.m as number);
    expect(byYear[1]!.m as number).toBeLessThan(byYear[2]!.m as number);
  });

  it("has 15-30% turnover a year and about 3% duplicate accounts merged", async () => {
    const t = await one(`with a as (select distinct registry_id, program_id from employment
        where start_date <= '2025-07-01' and (end_date is null or end_date >= '2025-07-01')),
      b as (select distinct registry_id, program_id from employment
        where start_date <= '2026-06-30' and (end_date is null or end_date >= '2026-06-30'))
      select avg(case when b.registry_id is null then 1 else 0 end) turnover from a left join b using (registry_id, program_id)`);
    expect(t.turnover as number).toBeGreaterThan(0.15);
    expect(t.turnover as number).toBeLessThan(0.3);
    const m = await one(
      `select avg(case when member_status = 'MERGED' then 1 else 0 end) merged from people`,
    );
    expect(m.merged as number).toBeGreaterThan(0.015);
    expect(m.merged as number).toBeLessThan(0.04);
  });

  it("verifies most records some weeks after they are reported, and never some", async () => {
    const v = await one(`select avg(case when s.outcome is null then 1 else 0 end) never,
        median(datediff('day', e.updated_at::timestamp::date, f.first_check::date)) lag
      from employment e left join status s on s.record_type = 'EMPLOYMENT' and s.record_id = e.employment_id
      left join (select record_id, min(verified_on) first_check from verifications where record_type = 'EMPLOYMENT' group by 1) f
        on f.record_id = e.employment_id`);
    expect(v.never as number).toBeGreaterThan(0.05);
    expect(v.never as number).toBeLessThan(0.25);
  });

  it("designates one QSM in most covered rooms on the as-of date", async () => {
    const r = await one(`with covered as (
        select c.classroom_id from classrooms c
        where c.age_group in ('INFANT_TODDLER', 'PRESCHOOL', 'MIXED') and c.opened_on <= '${AS_OF}'
          and (c.closed_on is null or c.closed_on >= '${AS_OF}')
          and c.program_id in (select program_id from program_funding
            where fiscal_year = '2026' and funding_source in ('CDC', 'SR', 'SS', 'SHS', 'ESCT'))),
      qsm as (select classroom_id, count(*) n from classroom_staffing where assignment_role = 'DESIGNATED_QSM'
        and start_date <= '${AS_OF}' and (end_date is null or end_date >= '${AS_OF}') group by 1)
      select count(*)::int rooms, count(qsm.classroom_id)::int with_qsm, max(coalesce(qsm.n, 0))::int most
      from covered left join qsm using (classroom_id)`);
    expect(r.rooms as number).toBeGreaterThan(300);
    expect((r.with_qsm as number) / (r.rooms as number)).toBeGreaterThan(0.7);
    expect(r.most).toBe(1);
  });

  it("keeps funding sources in their eras", async () => {
    const r =
      await rows(`select funding_source, min(fiscal_year::int) lo, max(fiscal_year::int) hi from program_funding
      where funding_source in ('CDC', 'SR', 'SHS', 'ESCT', 'SS') group by 1 order by 1`);
    const e = Object.fromEntries(r.map((x) => [x.funding_source, [x.lo, x.hi]]));
    expect(e.CDC![1]).toBe(2025);
    expect(e.SR![1]).toBe(2025);
    expect(e.SHS![1]).toBe(2025);
    expect(e.ESCT![0]).toBe(2026);
    expect(e.SS).toEqual([2015, 2024]);
  });

  it("has diverse names: apostrophes, diacritics, hyphens", async () => {
    const r = await one(`select count(*) filter (where last_name like '%''%')::int apostrophe,
      count(*) filter (where regexp_matches(first_name || last_name, '[^\\x00-\\x7F]'))::int diacritic,
      count(*) filter (where first_name like '%-%' or last_name like '%-%')::int hyphen from people`);
    expect(r.apostrophe as number).toBeGreaterThan(50);
    expect(r.diacritic as number).toBeGreaterThan(500);
    expect(r.hyphen as number).toBeGreaterThan(200);
  });

  it("places at least 95% of members on the ladder level their verified education supports", async () => {
    const placements =
      await rows(`select registry_id, arg_max(level, effective_on)::int placed from career_ladder
      where effective_on <= '${AS_OF}' and registry_id in (select registry_id from people where member_status <> 'MERGED')
      group by 1`);
    const awards =
      await rows(`select e.registry_id, e.award_level, e.ece_concentration, e.regionally_accredited,
        e.awarded_on, e.expires_on from education e
      join status s on s.record_type = 'EDUCATION' and s.record_id = e.education_id and s.outcome = 'VERIFIED'
      where e.awarded_on <= '${AS_OF}'`);
    const credits = await rows(`select c.registry_id, sum(c.credits::double) credits from coursework c
      join status s on s.record_type = 'COURSEWORK' and s.record_id = c.course_record_id and s.outcome = 'VERIFIED'
      where c.credit_area = 'EARLY_CHILDHOOD' and c.completed_on <= '${AS_OF}' group by 1`);
    const creds = await rows(`select k.registry_id, k.credential_type from credentials k
      join status s on s.record_type = 'CREDENTIAL' and s.record_id = k.credential_id and s.outcome = 'VERIFIED'
      where k.status = 'ACTIVE' and k.issued_on <= '${AS_OF}' and (k.expires_on is null or k.expires_on >= '${AS_OF}')`);
    const awardsBy = new Map<string, AwardFact[]>();
    for (const a of awards) {
      const list = awardsBy.get(a.registry_id as string) ?? [];
      list.push({
        level: a.award_level as string,
        ece: a.ece_concentration === "Y",
        accredited: a.regionally_accredited === "Y",
        awardedOn: a.awarded_on as string,
        expiresOn: (a.expires_on as string | null) ?? null,
      });
      awardsBy.set(a.registry_id as string, list);
    }
    const creditsBy = new Map(credits.map((c) => [c.registry_id as string, c.credits as number]));
    const credsBy = new Map<string, Set<string>>();
    for (const c of creds) {
      const s = credsBy.get(c.registry_id as string) ?? new Set();
      s.add(c.credential_type as string);
      credsBy.set(c.registry_id as string, s);
    }
    let agree = 0;
    for (const p of placements) {
      const id = p.registry_id as string;
      const k = credsBy.get(id) ?? new Set();
      const level = ladderLevel(
        {
          awards: awardsBy.get(id) ?? [],
          eceCredits: creditsBy.get(id) ?? 0,
          teachingCert: k.has("TEACHING_CERT_ECE") || k.has("TEACHING_CERT_ECSE"),
          ectcBachelor: k.has("ECTC_BACHELOR"),
          ectcAssociate: k.has("ECTC_ASSOCIATE"),
        },
        AS_OF,
      );
      if (level === p.placed) agree++;
    }
    expect(placements.length).toBeGreaterThan(15_000);
    const share = agree / placements.length;
    expect(share).toBeGreaterThanOrEqual(0.95);
    // ...but not all: the registry's own placements carry some errors for the consistency report.
    expect(share).toBeLessThan(0.995);
  });
});
