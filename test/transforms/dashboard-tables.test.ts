/**
 * The reporting tables behind the dashboard pages (workforce profile, towns, funding, applications,
 * denials, training, college credits, education verification), on the hand-built registry of
 * fixture.ts with a few additions made here (worked out by hand below):
 *
 * - CT0000003 is HISPANIC, speaks SPANISH, born 1999 (26 in 2025: 25_34); CT0000004 is BLACK, born
 *   1958 (67: 65_AND_OVER); everyone else WHITE, ENGLISH, born 1985 (40: 35_44).
 * - Head Teacher applications, FY2025: AP00000004 (CT4) submitted 2024-10-01, approved 2024-10-11
 *   (10 days); AP00000005 (CT5) submitted 2024-11-01, denied 2024-12-31 INCOMPLETE_DOCUMENTS (60
 *   days); AP00000006 (CT1) submitted 2025-01-10, denied 2025-01-30 with no reason (20 days).
 *   Days to decision 10, 20, 60: median 20, p90 = 20 + 0.8 x (60 - 20) = 52. ECTC FY2026:
 *   AP00000007 (CT4) submitted 2025-07-15, withdrawn 2025-07-20.
 * - Training: T1 CT1 HEALTH_SAFETY 3 h (2024-10-01), T2 CT1 CURRICULUM 2.5 h (2024-11-01), T3 CT3
 *   HEALTH_SAFETY 4 h (2025-03-01), T4 CT4 HEALTH_SAFETY 6 h (2025-08-01, FY2026), all verified; T5
 *   CT5 CURRICULUM 10 h never checked and T6 CT6 1 h rejected (neither counts).
 * - Education: CT4 also reports a MASTER (never checked: SELF_REPORTED) and CT5 a CERTIFICATE whose
 *   check asked for more information (NEEDS_INFORMATION).
 *
 * Under the default rules (k = 10) every small count is withheld; the reporting models are then
 * re-run on copies of the build with k = 1 (every count published, exact values checked) and k = 2
 * (complementary suppression checked by hand).
 */
import { copyFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPaths } from "../../transforms/build.ts";
import { DASHBOARD_COUNT_TABLES } from "../../transforms/models/marts/fct_publication_cells_dashboards.ts";
import { loadProject, selectModels } from "../../transforms/project.ts";
import { fixture } from "./fixture.ts";
import {
  type BuildReader,
  buildOrFail,
  type Fixture,
  openBuild,
  type RawRow,
  tempDir,
  writeWarehouse,
} from "./helpers.ts";

let dataDir: string;
let db: BuildReader;
let k1: BuildReader;
let k2: BuildReader;

function dashboardFixture(): Fixture {
  const f = fixture();
  const people = f.raw.people!;
  const set = (id: string, extra: RawRow) => {
    const row = people.find((p) => p.registry_id === id)!;
    Object.assign(row, extra);
  };
  for (const p of people) p.birth_date = "1985-04-01";
  set("CT0000003", { race_ethnicity: "HISPANIC", primary_language: "SPANISH", birth_date: "1999-03-01" });
  set("CT0000004", { race_ethnicity: "BLACK", birth_date: "1958-01-01" });

  const app = (
    id: string,
    registry_id: string,
    type: string,
    subtype: string,
    fy: number,
    submitted: string,
  ): RawRow => ({
    application_id: id,
    registry_id,
    application_type: type,
    application_subtype: subtype,
    program_id: "P000001",
    submitted_on: submitted,
    fiscal_year: fy,
    institution: null,
    requested_usd: null,
  });
  f.raw.applications!.push(
    app("AP00000004", "CT0000004", "HEAD_TEACHER", "CENTER", 2025, "2024-10-01"),
    app("AP00000005", "CT0000005", "HEAD_TEACHER", "CENTER", 2025, "2024-11-01"),
    app("AP00000006", "CT0000001", "HEAD_TEACHER", "CENTER", 2025, "2025-01-10"),
    app("AP00000007", "CT0000004", "ECTC", "BACHELOR", 2026, "2025-07-15"),
  );
  let eid = 100;
  const ev = (
    application_id: string,
    status: string,
    status_on: string,
    reason_code: string | null = null,
  ): RawRow => {
    eid += 1;
    return {
      event_id: `AE${String(eid).padStart(9, "0")}`,
      application_id,
      status,
      status_on,
      amount_usd: null,
      reason_code,
    };
  };
  f.raw.application_events!.push(
    ev("AP00000004", "SUBMITTED", "2024-10-01"),
    ev("AP00000004", "APPROVED", "2024-10-11"),
    ev("AP00000005", "SUBMITTED", "2024-11-01"),
    ev("AP00000005", "DENIED", "2024-12-31", "INCOMPLETE_DOCUMENTS"),
    ev("AP00000006", "SUBMITTED", "2025-01-10"),
    ev("AP00000006", "DENIED", "2025-01-30"),
    ev("AP00000007", "SUBMITTED", "2025-07-15"),
    ev("AP00000007", "WITHDRAWN", "2025-07-20"),
  );

  const training = (
    n: number,
    registry_id: string,
    topic_area: string,
    hours: string,
    completed_on: string,
  ): RawRow => ({
    training_record_id: `T${String(n).padStart(9, "0")}`,
    registry_id,
    title: `Training ${n}`,
    topic_area,
    hours,
    completed_on,
    trainer_registry_id: null,
    reported_on: completed_on,
  });
  f.raw.training = [
    training(1, "CT0000001", "HEALTH_SAFETY", "3.0", "2024-10-01"),
    training(2, "CT0000001", "CURRICULUM", "2.5", "2024-11-01"),
    training(3, "CT0000003", "HEALTH_SAFETY", "4.0", "2025-03-01"),
    training(4, "CT0000004", "HEALTH_SAFETY", "6.0", "2025-08-01"),
    training(5, "CT0000005", "CURRICULUM", "10.0", "2025-02-01"),
    training(6, "CT0000006", "CURRICULUM", "1.0", "2025-02-01"),
  ];
  f.raw.education!.push(
    {
      education_id: "D00000101",
      registry_id: "CT0000004",
      award_level: "MASTER",
      field: "EARLY_CHILDHOOD",
      ece_concentration: true,
      institution: null,
      regionally_accredited: true,
      awarded_on: "2020-05-15",
      expires_on: null,
      reported_on: "2020-06-01",
    },
    {
      education_id: "D00000102",
      registry_id: "CT0000005",
      award_level: "CERTIFICATE",
      field: "EARLY_CHILDHOOD",
      ece_concentration: true,
      institution: null,
      regionally_accredited: true,
      awarded_on: "2021-05-15",
      expires_on: null,
      reported_on: "2021-06-01",
    },
  );
  let vid = 100;
  const check = (
    record_type: string,
    record_id: string,
    verified_on: string,
    outcome = "VERIFIED",
  ): RawRow => {
    vid += 1;
    return {
      verification_id: `V${String(vid).padStart(9, "0")}`,
      record_type,
      record_id,
      outcome,
      verified_on,
      verified_by: "REGISTRY_STAFF",
      document_type: record_type === "TRAINING" ? "CERTIFICATE" : "TRANSCRIPT",
    };
  };
  f.raw.verifications!.push(
    check("TRAINING", "T000000001", "2024-10-15"),
    check("TRAINING", "T000000002", "2024-11-15"),
    check("TRAINING", "T000000003", "2025-03-15"),
    check("TRAINING", "T000000004", "2025-08-15"),
    check("TRAINING", "T000000006", "2025-02-15", "REJECTED"),
    check("EDUCATION", "D00000102", "2021-07-01", "NEEDS_INFORMATION"),
  );
  return f;
}

/**
 * A copy of the build with the publishing rules replaced (k, and the wage rule relaxed) and every
 * model downstream of them re-run from its SQL, in build order (as workforce-metrics.test.ts does:
 * the rules' own blocking test keeps k >= 2 in a real build).
 */
async function openCopy(current: string, file: string, k: number): Promise<BuildReader> {
  copyFileSync(current, file);
  const instance = await DuckDBInstance.create(file);
  const con = await instance.connect();
  await con.run(
    `create or replace table staging.stg_publishing_rules as
     select 'DEFAULT' as rule_set_code, ${k} as min_cell_count, 2 as min_share_denominator_multiple,
            1 as min_wage_program_count, 1.0::double as max_wage_program_share_pct, 'test' as source`,
  );
  const project = await loadProject();
  for (const name of selectModels(project, ["staging.stg_publishing_rules"])) {
    if (name === "staging.stg_publishing_rules") continue;
    const m = project.models.get(name)!;
    await con.run(`create or replace table ${m.layer}.${m.table} as\n${m.sql}`);
  }
  return {
    con,
    async rows(sql, params) {
      return (await con.runAndReadAll(sql, params)).getRowObjectsJson() as Record<string, unknown>[];
    },
    close: () => {
      con.closeSync();
      instance.closeSync();
    },
  };
}

beforeAll(async () => {
  dataDir = tempDir();
  await writeWarehouse(dataDir, dashboardFixture());
  await buildOrFail({ dataDir });
  db = await openBuild(dataDir);
  k1 = await openCopy(buildPaths(dataDir).current, join(dataDir, "k1.duckdb"), 1);
  k2 = await openCopy(buildPaths(dataDir).current, join(dataDir, "k2.duckdb"), 2);
}, 120_000);

afterAll(() => {
  db?.close();
  k1?.close();
  k2?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("reporting.rpt_workforce_profile_by_setting (demographics)", () => {
  const cols = `category_code, setting_code, people_count as n, people_count_suppression_reason_code as reason,
    people_pct as pct, people_pct_suppression_reason_code as pct_reason`;
  const row = (
    category_code: string,
    setting_code: string,
    n: number,
    pct: number | null,
    pct_reason: string | null = null,
  ) => ({
    category_code,
    setting_code,
    n,
    reason: null,
    pct,
    pct_reason,
  });

  it("counts the workforce on June 30 by age band and setting, with shares of the setting (k = 1)", async () => {
    // 2025-06-30: CT1, CT3, CT5 at the community center P1; CT4 at the public school P2; CT7 at the
    // family home P3 (open until 2025-08-15)
    expect(
      await k1.rows(
        `select ${cols} from reporting.rpt_workforce_profile_by_setting
         where snapshot_date = '2025-06-30' and dimension_code = 'AGE_BAND' and people_count > 0 order by 2, 1`,
      ),
    ).toEqual([
      row("25_34", "ALL", 1, 0.2),
      row("35_44", "ALL", 3, 0.6),
      row("65_AND_OVER", "ALL", 1, 0.2),
      row("ALL", "ALL", 5, 1),
      row("25_34", "COMMUNITY", 1, 0.3333),
      row("35_44", "COMMUNITY", 2, 0.6667),
      row("ALL", "COMMUNITY", 3, 1),
      // one person: a share needs a denominator of at least 2k = 2
      row("35_44", "FAMILY_CHILD_CARE", 1, null, "too_few"),
      row("ALL", "FAMILY_CHILD_CARE", 1, null, "too_few"),
      row("65_AND_OVER", "PUBLIC_SCHOOL", 1, null, "too_few"),
      row("ALL", "PUBLIC_SCHOOL", 1, null, "too_few"),
    ]);
  });

  it("describes race and ethnicity, language and state funding on the latest as-of date (k = 1)", async () => {
    // 2025-09-30: the family home has closed; CT1, CT3, CT5 (P1) and CT4 (P2), both state-funded in FY2026
    expect(
      await k1.rows(
        `select dimension_code, category_code, people_count as n, fiscal_year from reporting.rpt_workforce_profile_by_setting
         where snapshot_date = '2025-09-30' and setting_code = 'ALL' and people_count > 0
           and dimension_code in ('RACE_ETHNICITY', 'PRIMARY_LANGUAGE', 'STATE_FUNDING') order by 1, 2`,
      ),
    ).toEqual([
      { dimension_code: "PRIMARY_LANGUAGE", category_code: "ALL", n: 4, fiscal_year: 2026 },
      { dimension_code: "PRIMARY_LANGUAGE", category_code: "ENGLISH", n: 3, fiscal_year: 2026 },
      { dimension_code: "PRIMARY_LANGUAGE", category_code: "SPANISH", n: 1, fiscal_year: 2026 },
      { dimension_code: "RACE_ETHNICITY", category_code: "ALL", n: 4, fiscal_year: 2026 },
      { dimension_code: "RACE_ETHNICITY", category_code: "BLACK", n: 1, fiscal_year: 2026 },
      { dimension_code: "RACE_ETHNICITY", category_code: "HISPANIC", n: 1, fiscal_year: 2026 },
      { dimension_code: "RACE_ETHNICITY", category_code: "WHITE", n: 2, fiscal_year: 2026 },
      { dimension_code: "STATE_FUNDING", category_code: "ALL", n: 4, fiscal_year: 2026 },
      { dimension_code: "STATE_FUNDING", category_code: "STATE_FUNDED", n: 4, fiscal_year: 2026 },
    ]);
  });

  it("publishes June 30 of every year from 2012 and the latest as-of date, with complete grids", async () => {
    const dates = await db.rows(
      `select distinct snapshot_date::varchar as d from reporting.rpt_workforce_profile_by_setting order by 1`,
    );
    expect(dates.map((r) => r.d)).toEqual([
      ...Array.from({ length: 14 }, (_, i) => `${2012 + i}-06-30`),
      "2025-09-30",
    ]);
    // 8 dimensions: 5 + 8 + 8 + 7 + 8 + 16 + 3 + 2 = 57 categories, plus 8 ALL rows; 4 setting columns
    const [{ n }] = (await db.rows(
      `select count(*)::int as n from reporting.rpt_workforce_profile_by_setting where snapshot_date = '2025-09-30'`,
    )) as [{ n: number }];
    expect(n).toBe((57 + 8) * 4);
  });

  it("splits state funding by role (k = 1)", async () => {
    // 2025-06-30 (FY2025): P1 has SR (state-funded): CT1, CT5 teachers and CT3 assistant; P2 has C4K
    // only and P3 nothing: CT4 and CT7 teachers are not in state-funded programs
    expect(
      await k1.rows(
        `select category_code, role_code, people_count as n from reporting.rpt_workforce_profile_by_role
         where snapshot_date = '2025-06-30' and dimension_code = 'STATE_FUNDING' and people_count > 0 order by 1, 2`,
      ),
    ).toEqual([
      { category_code: "ALL", role_code: "ALL", n: 5 },
      { category_code: "ALL", role_code: "ASSISTANT_TEACHER", n: 1 },
      { category_code: "ALL", role_code: "TEACHER", n: 4 },
      { category_code: "NOT_STATE_FUNDED", role_code: "ALL", n: 2 },
      { category_code: "NOT_STATE_FUNDED", role_code: "TEACHER", n: 2 },
      { category_code: "STATE_FUNDED", role_code: "ALL", n: 3 },
      { category_code: "STATE_FUNDED", role_code: "ASSISTANT_TEACHER", n: 1 },
      { category_code: "STATE_FUNDED", role_code: "TEACHER", n: 2 },
    ]);
  });
});

describe("reporting.rpt_workforce_by_town", () => {
  const cols = `geography_level_code as level, geography_name as name, geography_fips as fips, people_count as n,
    people_count_suppression_reason_code as reason`;
  const nonEmpty = "(people_count is null or people_count > 0)";

  it("counts towns, their planning regions and the state (k = 1)", async () => {
    expect(
      await k1.rows(
        `select ${cols} from reporting.rpt_workforce_by_town where snapshot_date = '2025-06-30' and ${nonEmpty} order by 1, 2`,
      ),
    ).toEqual([
      { level: "PLANNING_REGION", name: "Capitol Planning Region", fips: "09110", n: 3, reason: null },
      {
        level: "PLANNING_REGION",
        name: "Naugatuck Valley Planning Region",
        fips: "09140",
        n: 1,
        reason: null,
      },
      {
        level: "PLANNING_REGION",
        name: "Southeastern Connecticut Planning Region",
        fips: "09180",
        n: 1,
        reason: null,
      },
      { level: "STATE", name: "Connecticut", fips: "09", n: 5, reason: null },
      { level: "TOWN", name: "Bristol", fips: "08490", n: 1, reason: null },
      { level: "TOWN", name: "Hartford", fips: "37070", n: 3, reason: null },
      { level: "TOWN", name: "Norwich", fips: "56270", n: 1, reason: null },
    ]);
  });

  it("protects a lone small town through its region and the other regions (k = 2)", async () => {
    // 2025-06-30: Bristol 1 and Norwich 1 (too few) make their regions too few as well; two regions
    // are withheld, so the state's sum is protected and Hartford and the Capitol region stay.
    expect(
      await k2.rows(
        `select ${cols} from reporting.rpt_workforce_by_town where snapshot_date = '2025-06-30' and ${nonEmpty} order by 1, 2`,
      ),
    ).toEqual([
      { level: "PLANNING_REGION", name: "Capitol Planning Region", fips: "09110", n: 3, reason: null },
      {
        level: "PLANNING_REGION",
        name: "Naugatuck Valley Planning Region",
        fips: "09140",
        n: null,
        reason: "too_few",
      },
      {
        level: "PLANNING_REGION",
        name: "Southeastern Connecticut Planning Region",
        fips: "09180",
        n: null,
        reason: "too_few",
      },
      { level: "STATE", name: "Connecticut", fips: "09", n: 5, reason: null },
      { level: "TOWN", name: "Bristol", fips: "08490", n: null, reason: "too_few" },
      { level: "TOWN", name: "Hartford", fips: "37070", n: 3, reason: null },
      { level: "TOWN", name: "Norwich", fips: "56270", n: null, reason: "too_few" },
    ]);
    // 2025-09-30: only Bristol (1) is small. Its region alone would be 4 - 3 = 1 from the state, so
    // the Capitol region is withheld too, and then Hartford (its only town with people).
    expect(
      await k2.rows(
        `select ${cols} from reporting.rpt_workforce_by_town where snapshot_date = '2025-09-30' and ${nonEmpty} order by 1, 2`,
      ),
    ).toEqual([
      {
        level: "PLANNING_REGION",
        name: "Capitol Planning Region",
        fips: "09110",
        n: null,
        reason: "complementary",
      },
      {
        level: "PLANNING_REGION",
        name: "Naugatuck Valley Planning Region",
        fips: "09140",
        n: null,
        reason: "too_few",
      },
      { level: "STATE", name: "Connecticut", fips: "09", n: 4, reason: null },
      { level: "TOWN", name: "Bristol", fips: "08490", n: null, reason: "too_few" },
      { level: "TOWN", name: "Hartford", fips: "37070", n: null, reason: "complementary" },
    ]);
  });

  it("has every town, region and the state on every annual date", async () => {
    expect(
      await db.rows(
        `select geography_level_code as level, count(*)::int as n from reporting.rpt_workforce_by_town
         where snapshot_date = '2025-09-30' group by 1 order by 1`,
      ),
    ).toEqual([
      { level: "PLANNING_REGION", n: 9 },
      { level: "STATE", n: 1 },
      { level: "TOWN", n: 169 },
    ]);
  });
});

describe("reporting.rpt_applications_by_fiscal_year_type (the pipeline)", () => {
  const cols = `application_type_code as type, fiscal_year as fy, submitted_count as submitted, approved_count as approved,
    denied_count as denied, appealed_count as appealed, withdrawn_count as withdrawn, paid_count as paid,
    completed_count as completed, awarded_usd, paid_usd, completion_rate_pct, completion_rate_pct_suppression_reason_code as rate_reason,
    median_days_to_decision as median_days, p90_days_to_decision as p90_days, days_to_decision_suppression_reason_code as days_reason`;

  it("follows each type and year from submitted to completed, with amounts and days to decision (k = 1)", async () => {
    expect(
      await k1.rows(`select ${cols} from reporting.rpt_applications_by_fiscal_year_type order by 1, 2`),
    ).toEqual([
      {
        type: "ECTC",
        fy: 2026,
        submitted: 1,
        approved: 0,
        denied: 0,
        appealed: 0,
        withdrawn: 1,
        paid: 0,
        completed: 0,
        awarded_usd: null,
        paid_usd: null,
        completion_rate_pct: null,
        rate_reason: "no_data",
        median_days: null,
        p90_days: null,
        days_reason: "no_data",
      },
      {
        // decisions after 10, 60 and 20 days: median 20, p90 20 + 0.8 x 40 = 52
        type: "HEAD_TEACHER",
        fy: 2025,
        submitted: 3,
        approved: 1,
        denied: 2,
        appealed: 0,
        withdrawn: 0,
        paid: 0,
        completed: 0,
        awarded_usd: null,
        paid_usd: null,
        completion_rate_pct: null,
        rate_reason: "no_data",
        median_days: 20,
        p90_days: 52,
        days_reason: null,
      },
      {
        // AP1 approved 1,500 (paid 1,400); AP2 denied, appealed, upheld, approved 1,000; 31 days each
        type: "SCHOLARSHIP",
        fy: 2025,
        submitted: 2,
        approved: 2,
        denied: 1,
        appealed: 1,
        withdrawn: 0,
        paid: 1,
        completed: 0,
        awarded_usd: 2500,
        paid_usd: 1400,
        completion_rate_pct: null,
        rate_reason: "too_few",
        median_days: 31,
        p90_days: 31,
        days_reason: null,
      },
      {
        type: "SCHOLARSHIP",
        fy: 2026,
        submitted: 1,
        approved: 0,
        denied: 0,
        appealed: 0,
        withdrawn: 0,
        paid: 0,
        completed: 0,
        awarded_usd: null,
        paid_usd: null,
        completion_rate_pct: null,
        rate_reason: "no_data",
        median_days: null,
        p90_days: null,
        days_reason: "no_data",
      },
    ]);
  });

  it("agrees with rpt_scholarships_by_fiscal_year on scholarships", async () => {
    expect(
      await k1.rows(
        `select fiscal_year, submitted_count, approved_count, denied_count, paid_count, awarded_usd, median_days_to_decision
         from reporting.rpt_applications_by_fiscal_year_type where application_type_code = 'SCHOLARSHIP' order by 1`,
      ),
    ).toEqual(
      await k1.rows(
        `select fiscal_year, submitted_count::int as submitted_count, approved_count::int as approved_count,
                denied_count::int as denied_count, paid_count::int as paid_count, awarded_usd::double as awarded_usd,
                median_days_to_decision from reporting.rpt_scholarships_by_fiscal_year order by 1`,
      ),
    );
  });

  it("withholds small counts, their amounts and days to decision on fewer than k decisions (k = 10)", async () => {
    expect(
      await db.rows(
        `select submitted_count, submitted_count_suppression_reason_code as reason, approved_count, awarded_usd,
                awarded_usd_suppression_reason_code as awarded_reason, withdrawn_count, median_days_to_decision,
                days_to_decision_suppression_reason_code as days_reason
         from reporting.rpt_applications_by_fiscal_year_type where application_type_code = 'SCHOLARSHIP' and fiscal_year = 2025`,
      ),
    ).toEqual([
      {
        submitted_count: null,
        reason: "too_few",
        approved_count: null,
        awarded_usd: null,
        awarded_reason: "too_few",
        // zero may be shown
        withdrawn_count: 0,
        median_days_to_decision: null,
        days_reason: "too_few",
      },
    ]);
  });
});

describe("reporting.rpt_application_denials_by_fiscal_year_reason", () => {
  const cols = `application_type_code as type, fiscal_year as fy, denial_reason_code as reason, denied_count as n,
    denied_count_suppression_reason_code as n_reason, denial_pct as pct, denial_pct_suppression_reason_code as pct_reason`;

  it("counts denials by the reason of the first denial, with shares of the year's denials (k = 1)", async () => {
    expect(
      await k1.rows(
        `select ${cols} from reporting.rpt_application_denials_by_fiscal_year_reason
         where denied_count > 0 or denial_reason_code = 'OTHER' order by 1, 2, 3`,
      ),
    ).toEqual([
      // ECTC FY2026 has no denial: its grid is there, with zeros and no share
      { type: "ECTC", fy: 2026, reason: "OTHER", n: 0, n_reason: null, pct: null, pct_reason: "no_data" },
      { type: "HEAD_TEACHER", fy: 2025, reason: "ALL", n: 2, n_reason: null, pct: 1, pct_reason: null },
      {
        type: "HEAD_TEACHER",
        fy: 2025,
        reason: "INCOMPLETE_DOCUMENTS",
        n: 1,
        n_reason: null,
        pct: 0.5,
        pct_reason: null,
      },
      {
        type: "HEAD_TEACHER",
        fy: 2025,
        reason: "NOT_RECORDED",
        n: 1,
        n_reason: null,
        pct: 0.5,
        pct_reason: null,
      },
      { type: "HEAD_TEACHER", fy: 2025, reason: "OTHER", n: 0, n_reason: null, pct: 0, pct_reason: null },
      // the upheld appeal leaves the first denial (FUNDS_EXHAUSTED) on record; one denial: no share
      {
        type: "SCHOLARSHIP",
        fy: 2025,
        reason: "ALL",
        n: 1,
        n_reason: null,
        pct: null,
        pct_reason: "too_few",
      },
      {
        type: "SCHOLARSHIP",
        fy: 2025,
        reason: "FUNDS_EXHAUSTED",
        n: 1,
        n_reason: null,
        pct: null,
        pct_reason: "too_few",
      },
      {
        type: "SCHOLARSHIP",
        fy: 2025,
        reason: "OTHER",
        n: 0,
        n_reason: null,
        pct: null,
        pct_reason: "too_few",
      },
      {
        type: "SCHOLARSHIP",
        fy: 2026,
        reason: "OTHER",
        n: 0,
        n_reason: null,
        pct: null,
        pct_reason: "no_data",
      },
    ]);
  });

  it("never leaves one withheld reason alone in a year (k = 2)", async () => {
    // Head Teacher FY2025: two reasons of 1 each (too few), total 2 published
    expect(
      await k2.rows(
        `select ${cols} from reporting.rpt_application_denials_by_fiscal_year_reason
         where application_type_code = 'HEAD_TEACHER' and (denied_count is null or denied_count > 0) order by 3`,
      ),
    ).toEqual([
      {
        type: "HEAD_TEACHER",
        fy: 2025,
        reason: "ALL",
        n: 2,
        n_reason: null,
        pct: null,
        pct_reason: "too_few",
      },
      {
        type: "HEAD_TEACHER",
        fy: 2025,
        reason: "INCOMPLETE_DOCUMENTS",
        n: null,
        n_reason: "too_few",
        pct: null,
        pct_reason: "too_few",
      },
      {
        type: "HEAD_TEACHER",
        fy: 2025,
        reason: "NOT_RECORDED",
        n: null,
        n_reason: "too_few",
        pct: null,
        pct_reason: "too_few",
      },
    ]);
  });
});

describe("reporting.rpt_training_by_fiscal_year_topic (training hours)", () => {
  const cols = `fiscal_year as fy, is_complete_fiscal_year as complete, topic_area_code as topic, people_count as n,
    people_count_suppression_reason_code as reason, training_record_count as records, training_hours as hours,
    training_hours_suppression_reason_code as hours_reason, training_hours_per_person as per_person`;

  it("sums verified hours by topic and year; a member counts once per topic and once in ALL (k = 1)", async () => {
    expect(
      await k1.rows(
        `select ${cols} from reporting.rpt_training_by_fiscal_year_topic where people_count > 0 order by 1, 3`,
      ),
    ).toEqual([
      // FY2025: CT1 3 h + 2.5 h, CT3 4 h; CT5's unchecked and CT6's rejected records do not count
      {
        fy: 2025,
        complete: true,
        topic: "ALL",
        n: 2,
        reason: null,
        records: 3,
        hours: 9.5,
        hours_reason: null,
        per_person: 4.8,
      },
      {
        fy: 2025,
        complete: true,
        topic: "CURRICULUM",
        n: 1,
        reason: null,
        records: 1,
        hours: 2.5,
        hours_reason: null,
        per_person: 2.5,
      },
      {
        fy: 2025,
        complete: true,
        topic: "HEALTH_SAFETY",
        n: 2,
        reason: null,
        records: 2,
        hours: 7,
        hours_reason: null,
        per_person: 3.5,
      },
      // FY2026 has not ended on 2025-09-30
      {
        fy: 2026,
        complete: false,
        topic: "ALL",
        n: 1,
        reason: null,
        records: 1,
        hours: 6,
        hours_reason: null,
        per_person: 6,
      },
      {
        fy: 2026,
        complete: false,
        topic: "HEALTH_SAFETY",
        n: 1,
        reason: null,
        records: 1,
        hours: 6,
        hours_reason: null,
        per_person: 6,
      },
    ]);
  });

  it("withholds a small topic with a companion, so its hours cannot be recovered from the year's (k = 2)", async () => {
    // FY2025: CURRICULUM (1) is too few; the smallest other non-empty topic (HEALTH_SAFETY) goes with it, the year stays
    expect(
      await k2.rows(
        `select ${cols} from reporting.rpt_training_by_fiscal_year_topic where fiscal_year = 2025 and (people_count is null or people_count > 0) order by 3`,
      ),
    ).toEqual([
      {
        fy: 2025,
        complete: true,
        topic: "ALL",
        n: 2,
        reason: null,
        records: 3,
        hours: 9.5,
        hours_reason: null,
        per_person: 4.8,
      },
      {
        fy: 2025,
        complete: true,
        topic: "CURRICULUM",
        n: null,
        reason: "too_few",
        records: null,
        hours: null,
        hours_reason: "too_few",
        per_person: null,
      },
      {
        fy: 2025,
        complete: true,
        topic: "HEALTH_SAFETY",
        n: null,
        reason: "complementary",
        records: null,
        hours: null,
        hours_reason: "complementary",
        per_person: null,
      },
    ]);
  });
});

describe("reporting.rpt_college_credits_by_fiscal_year_area", () => {
  it("sums verified college credits by area and year (k = 1)", async () => {
    // CT5: 6 ECE credits completed 2019-05-01 (FY2019) and 6 on 2019-12-15 (FY2020); CT8: 6 + 3
    // administration credits on 2019-12-01 (FY2020); CT6's rejected course does not count
    expect(
      await k1.rows(
        `select fiscal_year as fy, credit_area_code as area, people_count as n, course_count as courses, credits, credits_per_person as per_person
         from reporting.rpt_college_credits_by_fiscal_year_area where people_count > 0 order by 1, 2`,
      ),
    ).toEqual([
      { fy: 2019, area: "ALL", n: 1, courses: 1, credits: 6, per_person: 6 },
      { fy: 2019, area: "EARLY_CHILDHOOD", n: 1, courses: 1, credits: 6, per_person: 6 },
      { fy: 2020, area: "ADMINISTRATION", n: 1, courses: 2, credits: 9, per_person: 9 },
      { fy: 2020, area: "ALL", n: 2, courses: 3, credits: 15, per_person: 7.5 },
      { fy: 2020, area: "EARLY_CHILDHOOD", n: 1, courses: 1, credits: 6, per_person: 6 },
    ]);
  });
});

describe("reporting.rpt_program_funding_by_fiscal_year_source", () => {
  it("counts programs, spaces and awards by source, including the move to Early Start CT (k = 1)", async () => {
    expect(
      await k1.rows(
        `select fiscal_year as fy, funding_source_code as source, program_count as n, funded_space_count as spaces,
                funded_space_count_suppression_reason_code as spaces_reason, annual_award_usd as award
         from reporting.rpt_program_funding_by_fiscal_year_source
         where setting_code = 'ALL' and program_count > 0 order by 1, 2`,
      ),
    ).toEqual([
      // FY2025: P1 School Readiness (10 spaces, $100,000) and Care 4 Kids; P2 Care 4 Kids only
      { fy: 2025, source: "ANY", n: 2, spaces: 10, spaces_reason: null, award: 100000 },
      { fy: 2025, source: "ANY_STATE", n: 1, spaces: 10, spaces_reason: null, award: 100000 },
      { fy: 2025, source: "C4K", n: 2, spaces: null, spaces_reason: "no_data", award: null },
      { fy: 2025, source: "SR", n: 1, spaces: 10, spaces_reason: null, award: 100000 },
      // FY2026: School Readiness has become Early Start CT at P1 and P2; P1 also has Head Start
      { fy: 2026, source: "ANY", n: 2, spaces: 30, spaces_reason: null, award: 300000 },
      { fy: 2026, source: "ANY_STATE", n: 2, spaces: 20, spaces_reason: null, award: 200000 },
      { fy: 2026, source: "C4K", n: 1, spaces: null, spaces_reason: "no_data", award: null },
      { fy: 2026, source: "ESCT", n: 2, spaces: 20, spaces_reason: null, award: 200000 },
      { fy: 2026, source: "HS", n: 1, spaces: 10, spaces_reason: null, award: 100000 },
    ]);
    expect(
      await k1.rows(
        `select setting_code, program_count as n from reporting.rpt_program_funding_by_fiscal_year_source
         where fiscal_year = 2026 and funding_source_code = 'ESCT' order by 1`,
      ),
    ).toEqual([
      { setting_code: "ALL", n: 2 },
      { setting_code: "COMMUNITY", n: 1 },
      { setting_code: "FAMILY_CHILD_CARE", n: 0 },
      { setting_code: "PUBLIC_SCHOOL", n: 1 },
    ]);
  });
});

describe("reporting.rpt_education_verification_by_award_level", () => {
  it("counts the workforce's education records by verification outcome, with the verified share (k = 1)", async () => {
    // on 2025-09-30 the workforce is CT1, CT3, CT4, CT5: CT1 bachelor's, CT3 diploma and CDA, CT4 and
    // CT5 (through CT2) associate degrees, all verified; CT4's master's never checked; CT5's
    // certificate waiting for information. CT6 and CT8 are not in the workforce.
    expect(
      await k1.rows(
        `select award_level_code as level, record_count as n, verified_count as verified, self_reported_count as self,
                needs_information_count as needs_info, rejected_count as rejected, verified_pct as pct,
                verified_pct_suppression_reason_code as pct_reason
         from reporting.rpt_education_verification_by_award_level where record_count > 0 order by 1`,
      ),
    ).toEqual([
      { level: "ALL", n: 7, verified: 5, self: 1, needs_info: 1, rejected: 0, pct: 0.7143, pct_reason: null },
      {
        level: "ASSOCIATE",
        n: 2,
        verified: 2,
        self: 0,
        needs_info: 0,
        rejected: 0,
        pct: 1,
        pct_reason: null,
      },
      {
        level: "BACHELOR",
        n: 1,
        verified: 1,
        self: 0,
        needs_info: 0,
        rejected: 0,
        pct: null,
        pct_reason: "too_few",
      },
      {
        level: "CDA",
        n: 1,
        verified: 1,
        self: 0,
        needs_info: 0,
        rejected: 0,
        pct: null,
        pct_reason: "too_few",
      },
      {
        level: "CERTIFICATE",
        n: 1,
        verified: 0,
        self: 0,
        needs_info: 1,
        rejected: 0,
        pct: null,
        pct_reason: "too_few",
      },
      {
        level: "HS_DIPLOMA_GED",
        n: 1,
        verified: 1,
        self: 0,
        needs_info: 0,
        rejected: 0,
        pct: null,
        pct_reason: "too_few",
      },
      {
        level: "MASTER",
        n: 1,
        verified: 0,
        self: 1,
        needs_info: 0,
        rejected: 0,
        pct: null,
        pct_reason: "too_few",
      },
    ]);
  });
});

describe("the publishing rules over the dashboard tables (k = 10)", () => {
  it("publishes no count from 1 to k - 1 in any column of any dashboard table", async () => {
    const project = await loadProject();
    let checked = 0;
    for (const table of DASHBOARD_COUNT_TABLES) {
      const m = project.models.get(`reporting.${table}`)!;
      const countColumns = Object.keys(m.meta.columns).filter((c) => c.endsWith("_count"));
      expect(countColumns.length, table).toBeGreaterThan(0);
      for (const column of countColumns) {
        const [{ total, small, published }] = (await db.rows(
          `select count(*)::int as total, count(*) filter (where ${column} between 1 and 9)::int as small,
                  count(${column})::int as published from reporting.${table}`,
        )) as [{ total: number; small: number; published: number }];
        expect(total, table).toBeGreaterThan(0);
        expect(small, `${table}.${column}`).toBe(0);
        checked += published;
      }
    }
    // zeros are published, so something was checked
    expect(checked).toBeGreaterThan(0);
    // the fixture's counts are all small: under k = 10 nothing non-zero is left
    expect(
      (
        await db.rows(
          `select count(*)::int as n from reporting.rpt_suppressed_cells_by_table
           where table_name in (${DASHBOARD_COUNT_TABLES.map((t) => `'${t}'`).join(", ")}) and cell_count > 0`,
        )
      )[0],
    ).toEqual({ n: 0 });
  });
});
