/**
 * The metrics added on top of the headline figures (metrics.md): turnover and leaving the field, the
 * federal Head Start goal, the goal share over time against the benchmark in force, NAEYC readiness,
 * real wages, the parity gap and benefits coverage. On the hand-built registry of fixture.ts, where
 * every expected value is worked out. Under the default publishing rules (k = 10) the fixture's
 * counts are all withheld, so the reasons are checked; the reporting models are then re-run with
 * k = 1 and the wage rule relaxed to one program, so that every figure is published and its value
 * can be checked exactly.
 */
import { copyFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPaths } from "../../transforms/build.ts";
import { loadProject, selectModels } from "../../transforms/project.ts";
import { fixture } from "./fixture.ts";
import { type BuildReader, buildOrFail, openBuild, tempDir, writeWarehouse } from "./helpers.ts";

let dataDir: string;
let db: BuildReader;
/** The same build with the reporting models re-run under k = 1, wage rule at 1 program, no share cap. */
let open: BuildReader;
let openInstance: DuckDBInstance;

/**
 * The publishing rules' own blocking test keeps k >= 2 in a real build, so the relaxed copy is made
 * as the publishing property tests do: the built file is copied, staging.stg_publishing_rules is
 * replaced, and every model downstream of it is re-run from its SQL, in build order.
 */
async function openCopy(current: string, file: string): Promise<BuildReader> {
  copyFileSync(current, file);
  openInstance = await DuckDBInstance.create(file);
  const con = await openInstance.connect();
  await con.run(
    `create or replace table staging.stg_publishing_rules as
     select 'DEFAULT' as rule_set_code, 1 as min_cell_count, 2 as min_share_denominator_multiple,
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
      openInstance.closeSync();
    },
  };
}

beforeAll(async () => {
  dataDir = tempDir();
  await writeWarehouse(dataDir, fixture());
  await buildOrFail({ dataDir });
  db = await openBuild(dataDir);
  open = await openCopy(buildPaths(dataDir).current, join(dataDir, "open.duckdb"));
}, 60_000);

afterAll(() => {
  db?.close();
  open?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("marts.fct_turnover_fiscal_year", () => {
  it("follows each member active at a program on July 1 to June 30, per program", async () => {
    expect(
      await db.rows(
        `select program_id, person_id, employment_id, role_code, setting_code, turnover_outcome_code,
                has_left_program, has_left_field
         from marts.fct_turnover_fiscal_year where fiscal_year = 2024 order by program_id, person_id`,
      ),
    ).toEqual([
      t("P000001", "CT0000001", "E00000001", "TEACHER", "COMMUNITY", "STAYED"),
      // two spells at P1 on July 1: the assistant spell (20 h) over the aide spell (10 h)
      t("P000001", "CT0000003", "E00000003", "ASSISTANT_TEACHER", "COMMUNITY", "STAYED"),
      t("P000001", "CT0000005", "E00000002", "TEACHER", "COMMUNITY", "STAYED"),
      // the director's spell ended 2024-03-31 and nothing else is active on June 30
      t("P000001", "CT0000008", "E00000009", "DIRECTOR", "COMMUNITY", "LEFT_FIELD"),
      t("P000002", "CT0000003", "E00000004", "TEACHER", "PUBLIC_SCHOOL", "STAYED"),
      t("P000002", "CT0000004", "E00000006", "TEACHER", "PUBLIC_SCHOOL", "STAYED"),
      // left the family home on 2024-02-29, still teaching at P1
      t("P000003", "CT0000001", "E00000010", "ASSISTANT_TEACHER", "FAMILY_CHILD_CARE", "ACTIVE_ELSEWHERE"),
      t("P000003", "CT0000007", "E00000008", "TEACHER", "FAMILY_CHILD_CARE", "STAYED"),
    ]);
  });

  it("measures only fiscal years that have ended by the latest as-of date", async () => {
    expect(
      await db.rows(
        `select fiscal_year::int as fy, count(*)::int as n, count(*) filter (where has_left_program)::int as left_program
         from marts.fct_turnover_fiscal_year where fiscal_year >= 2023 group by 1 order by 1`,
      ),
    ).toEqual([
      { fy: 2023, n: 8, left_program: 0 },
      { fy: 2024, n: 8, left_program: 2 },
      // FY2026 (from 2025-07-01) has not ended on 2025-09-30
      { fy: 2025, n: 6, left_program: 0 },
    ]);
  });
});

describe("reporting.rpt_turnover_by_fiscal_year_*", () => {
  const cols = `setting_code, active_on_first_day_count::int as n, stayed_count::int as stayed,
    active_elsewhere_count::int as elsewhere, left_field_count::int as left_field, turnover_pct, turnover_suppression_reason_code as turnover_reason,
    left_field_pct, left_field_suppression_reason_code as left_field_reason`;

  it("gives turnover and left-the-field shares by setting (k = 1)", async () => {
    expect(
      await open.rows(
        `select ${cols} from reporting.rpt_turnover_by_fiscal_year_setting where fiscal_year = 2024 order by 1`,
      ),
    ).toEqual([
      // 8 members at a program on 2023-07-01: 1 active elsewhere and 1 gone on 2024-06-30
      turnover("ALL", 8, 6, 1, 1, 0.25, null, 0.125, null),
      turnover("COMMUNITY", 4, 3, 0, 1, 0.25, null, 0.25, null),
      turnover("FAMILY_CHILD_CARE", 2, 1, 1, 0, 0.5, null, 0, null),
      turnover("PUBLIC_SCHOOL", 2, 2, 0, 0, 0, null, 0, null),
    ]);
  });

  it("by role, withholds a share on a denominator under 2k (k = 1)", async () => {
    expect(
      await open.rows(
        `select ${cols.replace("setting_code", "role_code")} from reporting.rpt_turnover_by_fiscal_year_role
         where fiscal_year = 2024 and role_code in ('ALL', 'TEACHER', 'ASSISTANT_TEACHER', 'DIRECTOR', 'AIDE') order by 1`,
      ),
    ).toEqual([
      byRole(turnover("AIDE", 0, 0, 0, 0, null, "no_data", null, "no_data")),
      byRole(turnover("ALL", 8, 6, 1, 1, 0.25, null, 0.125, null)),
      byRole(turnover("ASSISTANT_TEACHER", 2, 1, 1, 0, 0.5, null, 0, null)),
      byRole(turnover("DIRECTOR", 1, 0, 0, 1, null, "too_few", null, "too_few")),
      byRole(turnover("TEACHER", 5, 5, 0, 0, 0, null, 0, null)),
    ]);
  });

  it("suppresses the fixture's small counts and shares under the default rules", async () => {
    expect(
      await db.rows(
        `select setting_code, active_on_first_day_count as n, active_on_first_day_count_suppression_reason_code as n_reason,
                left_field_count as left_field, left_field_count_suppression_reason_code as left_field_reason,
                turnover_pct, turnover_suppression_reason_code as turnover_reason
         from reporting.rpt_turnover_by_fiscal_year_setting where fiscal_year = 2024 and setting_code in ('ALL', 'PUBLIC_SCHOOL') order by 1`,
      ),
    ).toEqual([
      {
        setting_code: "ALL",
        n: null,
        n_reason: "too_few",
        left_field: null,
        left_field_reason: "too_few",
        turnover_pct: null,
        turnover_reason: "too_few",
      },
      // zero may be shown
      {
        setting_code: "PUBLIC_SCHOOL",
        n: null,
        n_reason: "too_few",
        left_field: "0",
        left_field_reason: null,
        turnover_pct: null,
        turnover_reason: "too_few",
      },
    ]);
  });
});

describe("reporting.rpt_head_start_goal_by_setting", () => {
  const cols = `setting_code, teacher_count::int as teachers, bachelor_level_teacher_count::int as bachelor,
    associate_level_teacher_count::int as associate, below_associate_level_teacher_count::int as below,
    bachelor_level_pct, bachelor_level_pct_suppression_reason_code as reason, target_share_pct, benchmark_id, is_target_binding`;

  it("counts TEACHER-primary members of HS-funded programs and their bachelor-level share (k = 1)", async () => {
    // P000001 has HS funding in FY2026: CT0000001 (bachelor-level) and CT0000005 (associate-level)
    expect(
      await open.rows(
        `select ${cols} from reporting.rpt_head_start_goal_by_setting where snapshot_date = '2025-09-30' order by 1`,
      ),
    ).toEqual([
      hs("ALL", 2, 1, 1, 0, 0.5, null),
      hs("COMMUNITY", 2, 1, 1, 0, 0.5, null),
      hs("FAMILY_CHILD_CARE", 0, 0, 0, 0, null, "no_data"),
      hs("PUBLIC_SCHOOL", 0, 0, 0, 0, null, "no_data"),
    ]);
    // FY2025: no HS funding anywhere
    expect(
      await open.rows(
        `select ${cols} from reporting.rpt_head_start_goal_by_setting where snapshot_date = '2025-06-30' and setting_code = 'ALL'`,
      ),
    ).toEqual([hs("ALL", 0, 0, 0, 0, null, "no_data")]);
  });

  it("withholds the counts and the share under the default rules", async () => {
    expect(
      await db.rows(
        `select teacher_count, teacher_count_suppression_reason_code as reason, bachelor_level_pct,
                bachelor_level_pct_suppression_reason_code as pct_reason, law_citation is not null as has_law,
                benchmark_source is not null as has_source
         from reporting.rpt_head_start_goal_by_setting where snapshot_date = '2025-09-30' and setting_code = 'ALL'`,
      ),
    ).toEqual([
      {
        teacher_count: null,
        reason: "too_few",
        bachelor_level_pct: null,
        pct_reason: "too_few",
        has_law: true,
        has_source: true,
      },
    ]);
  });
});

describe("reporting.rpt_goal_share_by_month", () => {
  const cols = `snapshot_date, covered_classroom_count::int as covered, bachelor_level_qsm_classroom_count::int as bachelor,
    associate_level_qsm_classroom_count::int as associate, no_qsm_classroom_count::int as no_qsm, goal_share_pct,
    benchmark_id, benchmark_share_pct, is_benchmark_binding`;

  it("gives the statewide goal share with the benchmark in force on each date (k = 1)", async () => {
    expect(
      await open.rows(
        `select ${cols} from reporting.rpt_goal_share_by_month
         where snapshot_date in ('2012-01-31', '2024-09-30', '2025-06-30', '2025-09-30') order by 1`,
      ),
    ).toEqual([
      // no state-funded program yet; PA 11-54's first phase is upcoming
      gs("2012-01-31", 0, 0, 0, 0, null, "PA11_54_BA50_BY_2015", 0.5, false),
      // FY2025: P1's rooms R1 (bachelor-level QSM), R2 (none), R3 (QSM CT0000003, below associate level)
      gs("2024-09-30", 3, 1, 0, 1, 0.3333, "OEC2024_BA100_BY_2029", 1, false),
      // R3's second designation (2025-01-01, the merged account: CT0000005, associate-level) is measured
      gs("2025-06-30", 3, 1, 1, 1, 0.3333, "OEC2024_BA100_BY_2029", 1, false),
      // FY2026: R5 at P2 (QSM CT0000004, associate-level) is covered too; HB 6921's 25% binds
      gs("2025-09-30", 4, 1, 2, 1, 0.25, "HB6921_BA25_2025_2027", 0.25, true),
    ]);
    expect((await open.rows("select count(*)::int as n from reporting.rpt_goal_share_by_month"))[0]!.n).toBe(
      165,
    );
  });

  it("carries the benchmark's source and the suppression of the region table's ALL row", async () => {
    expect(
      await db.rows(
        `select covered_classroom_count, covered_classroom_count_suppression_reason_code as reason, goal_share_pct,
                goal_share_suppression_reason_code as share_reason, benchmark_effective_from_date as from_date,
                benchmark_effective_to_date as to_date, benchmark_law_citation as law, benchmark_source like 'billtrack50%' as source
         from reporting.rpt_goal_share_by_month where snapshot_date = '2025-09-30'`,
      ),
    ).toEqual([
      {
        covered_classroom_count: null,
        reason: "too_few",
        goal_share_pct: null,
        share_reason: "too_few",
        from_date: "2025-07-01",
        to_date: "2027-06-30",
        law: "2025 HB 6921 (passed 2025-06-04; act number unconfirmed)",
        source: true,
      },
    ]);
  });
});

describe("marts.fct_program_naeyc_readiness_monthly", () => {
  const cols = `program_id, teacher_count::int as t, qualified_teacher_count::int as qt, assistant_count::int as a,
    qualified_assistant_count::int as qa, director_count::int as d, qualified_director_count::int as qd,
    meets_teacher_criterion as mt, meets_assistant_criterion as ma, meets_director_criterion as md,
    is_naeyc_assessed as assessed, is_naeyc_ready as ready`;

  it("applies the three criteria of seeds.naeyc_criteria to each program's staff", async () => {
    expect(
      await db.rows(
        `select ${cols} from marts.fct_program_naeyc_readiness_monthly where snapshot_date = '2021-12-31' order by 1`,
      ),
    ).toEqual([
      // teachers CT1 (bachelor-level), CT5 (associate-level); assistant CT3 with a current CDA;
      // director CT8: a bachelor's in business (not bachelor-level qualified) + 9 admin credits
      n("P000001", [2, 2, 1, 1, 1, 1], [true, true, true], true),
      // CT3's teacher spell here is not the primary one: no assistants, no director
      n("P000002", [1, 1, 0, 0, 0, 0], [true, false, false], false),
      // a family child care home: not assessed (NAEYC does not accredit homes); CT7 has no verified
      // education anyway
      n("P000003", [1, 0, 0, 0, 0, 0], [false, false, false], false, false),
    ]);
    // CT3's CDA expired on 2023-01-01: the assistant criterion no longer holds
    expect(
      await db.rows(
        `select ${cols} from marts.fct_program_naeyc_readiness_monthly where snapshot_date = '2023-01-31' and program_id = 'P000001'`,
      ),
    ).toEqual([n("P000001", [2, 2, 1, 0, 1, 1], [true, false, true], false)]);
  });

  it("is ready while every criterion holds: from the CDA's verification to its expiry", async () => {
    expect(
      await db.rows(
        `select min(snapshot_date) as first, max(snapshot_date) as last, count(*)::int as n
         from marts.fct_program_naeyc_readiness_monthly where is_naeyc_ready`,
      ),
    ).toEqual([{ first: "2020-02-29", last: "2022-12-31", n: 35 }]);
  });

  it("publishes the count of ready programs by setting and region only under the rules", async () => {
    const q = `select setting_code, oec_region_name, ready_program_count::int as n, ready_program_count_suppression_reason_code as reason
      from reporting.rpt_naeyc_readiness_by_setting_region
      where snapshot_date = '2021-12-31' and setting_code in ('ALL', 'COMMUNITY') and oec_region_name in ('ALL', 'North Central', 'East')
      order by 1, 2`;
    // family child care homes are not assessed, so the table has no row for them
    expect(
      await open.rows(
        "select count(*)::int as n from reporting.rpt_naeyc_readiness_by_setting_region where setting_code = 'FAMILY_CHILD_CARE'",
      ),
    ).toEqual([{ n: 0 }]);
    expect(await open.rows(q)).toEqual([
      { setting_code: "ALL", oec_region_name: "ALL", n: 1, reason: null },
      { setting_code: "ALL", oec_region_name: "East", n: 0, reason: null },
      { setting_code: "ALL", oec_region_name: "North Central", n: 1, reason: null },
      { setting_code: "COMMUNITY", oec_region_name: "ALL", n: 1, reason: null },
      { setting_code: "COMMUNITY", oec_region_name: "East", n: 0, reason: null },
      { setting_code: "COMMUNITY", oec_region_name: "North Central", n: 1, reason: null },
    ]);
    expect(await db.rows(q)).toEqual([
      { setting_code: "ALL", oec_region_name: "ALL", n: null, reason: "too_few" },
      { setting_code: "ALL", oec_region_name: "East", n: 0, reason: null },
      { setting_code: "ALL", oec_region_name: "North Central", n: null, reason: "too_few" },
      { setting_code: "COMMUNITY", oec_region_name: "ALL", n: null, reason: "too_few" },
      { setting_code: "COMMUNITY", oec_region_name: "East", n: 0, reason: null },
      { setting_code: "COMMUNITY", oec_region_name: "North Central", n: null, reason: "too_few" },
    ]);
  });

  it("assesses every open program of an accredited setting, with staff in the registry or not", async () => {
    // P000002 (PUBLIC_SCHOOL, Bristol) opened on 2015-01-01; its first spell starts on 2016-08-25.
    expect(
      await db.rows(
        "select count(*)::int as n from marts.fct_program_naeyc_readiness_monthly where program_id = 'P000002' and snapshot_date = '2015-12-31'",
      ),
    ).toEqual([{ n: 0 }]);
    expect(
      await open.rows(
        `select setting_code, assessed_program_count::int as assessed, ready_program_count::int as ready
         from reporting.rpt_naeyc_readiness_by_setting_region
         where snapshot_date = '2015-12-31' and oec_region_name = 'ALL' order by 1`,
      ),
    ).toEqual([
      // P000001 (COMMUNITY, open since 2010) and P000002, not ready: nobody there in the registry
      { setting_code: "ALL", assessed: 2, ready: 0 },
      { setting_code: "COMMUNITY", assessed: 1, ready: 0 },
      { setting_code: "PUBLIC_SCHOOL", assessed: 1, ready: 0 },
    ]);
  });

  it("publishes the programs assessed and the share ready under the share rule", async () => {
    // On 2021-12-31 both centre- and school-based programs are open in North Central (Hartford and
    // Bristol), and only P000001 (COMMUNITY) is ready; the family child care home is not assessed.
    const q = `select setting_code, oec_region_name, assessed_program_count::int as assessed,
        assessed_program_count_suppression_reason_code as assessed_reason, ready_program_count::int as ready,
        ready_share_pct as share, ready_share_suppression_reason_code as share_reason
      from reporting.rpt_naeyc_readiness_by_setting_region
      where snapshot_date = '2021-12-31' and oec_region_name in ('ALL', 'North Central', 'East')
      order by 1, 2`;
    // k = 1: a share needs 2 programs assessed
    expect(await open.rows(q)).toEqual([
      {
        setting_code: "ALL",
        oec_region_name: "ALL",
        assessed: 2,
        assessed_reason: null,
        ready: 1,
        share: 0.5,
        share_reason: null,
      },
      {
        setting_code: "ALL",
        oec_region_name: "East",
        assessed: 0,
        assessed_reason: null,
        ready: 0,
        share: null,
        share_reason: "no_data",
      },
      {
        setting_code: "ALL",
        oec_region_name: "North Central",
        assessed: 2,
        assessed_reason: null,
        ready: 1,
        share: 0.5,
        share_reason: null,
      },
      {
        setting_code: "COMMUNITY",
        oec_region_name: "ALL",
        assessed: 1,
        assessed_reason: null,
        ready: 1,
        share: null,
        share_reason: "too_few",
      },
      {
        setting_code: "COMMUNITY",
        oec_region_name: "East",
        assessed: 0,
        assessed_reason: null,
        ready: 0,
        share: null,
        share_reason: "no_data",
      },
      {
        setting_code: "COMMUNITY",
        oec_region_name: "North Central",
        assessed: 1,
        assessed_reason: null,
        ready: 1,
        share: null,
        share_reason: "too_few",
      },
      {
        setting_code: "PUBLIC_SCHOOL",
        oec_region_name: "ALL",
        assessed: 1,
        assessed_reason: null,
        ready: 0,
        share: null,
        share_reason: "too_few",
      },
      {
        setting_code: "PUBLIC_SCHOOL",
        oec_region_name: "East",
        assessed: 0,
        assessed_reason: null,
        ready: 0,
        share: null,
        share_reason: "no_data",
      },
      {
        setting_code: "PUBLIC_SCHOOL",
        oec_region_name: "North Central",
        assessed: 1,
        assessed_reason: null,
        ready: 0,
        share: null,
        share_reason: "too_few",
      },
    ]);
    // k = 10: 1 or 2 programs are too few to publish, and so is any share of them
    expect(
      (await db.rows(q)).map((r) => [
        r.setting_code,
        r.oec_region_name,
        r.assessed,
        r.assessed_reason,
        r.share_reason,
      ]),
    ).toEqual([
      ["ALL", "ALL", null, "too_few", "too_few"],
      ["ALL", "East", 0, null, "no_data"],
      ["ALL", "North Central", null, "too_few", "too_few"],
      ["COMMUNITY", "ALL", null, "too_few", "too_few"],
      ["COMMUNITY", "East", 0, null, "no_data"],
      ["COMMUNITY", "North Central", null, "too_few", "too_few"],
      ["PUBLIC_SCHOOL", "ALL", null, "too_few", "too_few"],
      ["PUBLIC_SCHOOL", "East", 0, null, "no_data"],
      ["PUBLIC_SCHOOL", "North Central", null, "too_few", "too_few"],
    ]);
  });
});

describe("compensation extras", () => {
  it("deflates each year-end median to 2024 dollars with the CPI-U (k = 1, one program allowed)", async () => {
    expect(
      await open.rows(
        `select calendar_year::int as year, median_hourly_wage_usd as nominal, cpi_u_index, median_hourly_wage_2024_usd as real,
                median_fte_annual_wage_2024_usd as real_fte, wage_suppression_reason_code as reason
         from reporting.rpt_real_wages_by_year_role_setting
         where role_code = 'TEACHER' and setting_code = 'ALL' and calendar_year in (2023, 2024) order by 1`,
      ),
    ).toEqual([
      // teachers on 2023-12-31: 15 (CT7), 18 (CT1), 20 (CT5), 30 (CT4): median 19; x 313.689 / 304.702 = 19.5604
      { year: 2023, nominal: 19, cpi_u_index: 304.702, real: 19.56, real_fte: 40686, reason: null },
      // CT1 is paid 25 from 2024-01-01: 15, 20, 25, 30: median 22.50 (2024 is the base year)
      { year: 2024, nominal: 22.5, cpi_u_index: 313.689, real: 22.5, real_fte: 46800, reason: null },
    ]);
    // Deflated before rounding: CT3 (an assistant) earns 1500 x 12 / (20 x 52) = 17.307692/h, published
    // as 17.31; its full-time equivalent is 36,000 in both tables for the base year 2024 (17.31 x 2080
    // = 36,005 would disagree with rpt_wages_by_role_setting), and 36,000 x 1.029494 = 37,061.8 in 2023
    expect(
      await open.rows(
        `select r.calendar_year::int as year, r.median_hourly_wage_2024_usd as real, r.median_fte_annual_wage_2024_usd as real_fte,
                w.median_fte_annual_wage_usd as nominal_fte
         from reporting.rpt_real_wages_by_year_role_setting r
         join reporting.rpt_wages_by_role_setting w using (snapshot_date, role_code, setting_code)
         where r.role_code = 'ASSISTANT_TEACHER' and r.setting_code = 'ALL' and r.calendar_year in (2023, 2024) order by 1`,
      ),
    ).toEqual([
      { year: 2023, real: 17.82, real_fte: 37062, nominal_fte: 36000 },
      { year: 2024, real: 17.31, real_fte: 36000, nominal_fte: 36000 },
    ]);
    // December 31 of every year from 2012 to 2024 (2025 has no year end by the 2025-09-30 extract)
    expect(
      await open.rows(
        "select min(calendar_year)::int as first, max(calendar_year)::int as last from reporting.rpt_real_wages_by_year_role_setting",
      ),
    ).toEqual([{ first: 2012, last: 2024 }]);
  });

  it("withholds real wages wherever the nominal wage statistic is withheld (default rules)", async () => {
    expect(
      await db.rows(
        `select median_hourly_wage_2024_usd as real, wage_suppression_reason_code as reason
         from reporting.rpt_real_wages_by_year_role_setting where calendar_year = 2024 and role_code = 'TEACHER' and setting_code = 'ALL'`,
      ),
    ).toEqual([{ real: null, reason: "too_few" }]);
  });

  it("divides the median hourly wage by the K-12 benchmark's hourly equivalent (k = 1)", async () => {
    expect(
      await open.rows(
        `select role_code, median_hourly_wage_usd as median, parity_benchmark_code as code, parity_benchmark_year::int as year,
                parity_benchmark_hourly_wage_usd as benchmark, parity_ratio
         from reporting.rpt_wage_parity_by_role_setting
         where snapshot_date = '2025-09-30' and setting_code = 'ALL' and role_code in ('TEACHER', 'ASSISTANT_TEACHER') order by 1`,
      ),
    ).toEqual([
      // CT3's primary spell: 1500 x 12 / (20 x 52) = 17.307692/h, published as 17.31; the benchmark
      // 85,610 / 2080 = 41.158654/h, published as 41.1587; the ratio of the two unrounded:
      // 0.420512 (17.31 / 41.16 would give 0.4206)
      {
        role_code: "ASSISTANT_TEACHER",
        median: 17.31,
        code: "CT_KINDERGARTEN_TEACHER_MEAN_ANNUAL_2023",
        year: 2023,
        benchmark: 41.1587,
        parity_ratio: 0.4205,
      },
      // teachers 20, 25, 30 (CT7's home closed on 2025-08-15): 25 / 41.158654 = 0.607406
      {
        role_code: "TEACHER",
        median: 25,
        code: "CT_KINDERGARTEN_TEACHER_MEAN_ANNUAL_2023",
        year: 2023,
        benchmark: 41.1587,
        parity_ratio: 0.6074,
      },
    ]);
    expect(
      await db.rows(
        `select parity_ratio, wage_suppression_reason_code as reason from reporting.rpt_wage_parity_by_role_setting
         where snapshot_date = '2025-09-30' and setting_code = 'ALL' and role_code = 'TEACHER'`,
      ),
    ).toEqual([{ parity_ratio: null, reason: "too_few" }]);
  });

  it("gives the legislative summary's parity only from the benchmark's year on (k = 1)", async () => {
    const rows = await open.rows(
      `select cast(snapshot_date as varchar) as date, median_hourly_wage_usd is not null as has_wage, parity_ratio
       from reporting.rpt_legislative_summary_by_planning_region
       where planning_region_fips = 'ALL' and snapshot_date in ('2022-06-30', '2023-06-30') order by 1`,
    );
    // The 2023 benchmark divides 2023's wages, not 2022's (that rise would be mostly inflation).
    expect(rows.map((r) => [r.date, r.has_wage, r.parity_ratio === null])).toEqual([
      ["2022-06-30", true, true],
      ["2023-06-30", true, false],
    ]);
  });

  it("gives benefits coverage by role from the primary spell's pay record (k = 1)", async () => {
    // every fixture pay record has health insurance and no retirement plan
    expect(
      await open.rows(
        `select role_code, people_count::int as n, health_insurance_only_count::int as health_only, no_benefits_count::int as neither,
                health_insurance_pct, health_insurance_pct_suppression_reason_code as health_reason,
                retirement_plan_pct, retirement_plan_pct_suppression_reason_code as retirement_reason
         from reporting.rpt_benefits_by_role
         where snapshot_date = '2025-09-30' and role_code in ('ALL', 'TEACHER', 'ASSISTANT_TEACHER') order by 1`,
      ),
    ).toEqual([
      b("ALL", 4, 4, 0, 1, null, 0, null),
      // one person: a share needs a denominator of 2k
      b("ASSISTANT_TEACHER", 1, 1, 0, null, "too_few", null, "too_few"),
      b("TEACHER", 3, 3, 0, 1, null, 0, null),
    ]);
    expect(
      await db.rows(
        `select people_count, people_count_suppression_reason_code as reason, health_insurance_pct,
                health_insurance_pct_suppression_reason_code as health_reason
         from reporting.rpt_benefits_by_role where snapshot_date = '2025-09-30' and role_code = 'ALL'`,
      ),
    ).toEqual([
      { people_count: null, reason: "too_few", health_insurance_pct: null, health_reason: "too_few" },
    ]);
  });
});

function t(
  program_id: string,
  person_id: string,
  employment_id: string,
  role_code: string,
  setting_code: string,
  turnover_outcome_code: string,
) {
  return {
    program_id,
    person_id,
    employment_id,
    role_code,
    setting_code,
    turnover_outcome_code,
    has_left_program: turnover_outcome_code !== "STAYED",
    has_left_field: turnover_outcome_code === "LEFT_FIELD",
  };
}

function turnover(
  setting_code: string,
  n: number,
  stayed: number,
  elsewhere: number,
  left_field: number,
  turnover_pct: number | null,
  turnover_reason: string | null,
  left_field_pct: number | null,
  left_field_reason: string | null,
): Record<string, unknown> {
  return {
    setting_code,
    n,
    stayed,
    elsewhere,
    left_field,
    turnover_pct,
    turnover_reason,
    left_field_pct,
    left_field_reason,
  };
}

function byRole({ setting_code, ...rest }: Record<string, unknown>): Record<string, unknown> {
  return { role_code: setting_code, ...rest };
}

function hs(
  setting_code: string,
  teachers: number,
  bachelor: number,
  associate: number,
  below: number,
  bachelor_level_pct: number | null,
  reason: string | null,
) {
  return {
    setting_code,
    teachers,
    bachelor,
    associate,
    below,
    bachelor_level_pct,
    reason,
    target_share_pct: 0.5,
    benchmark_id: "HSA2007_TEACHER_BA50_BY_2013",
    is_target_binding: true,
  };
}

function gs(
  snapshot_date: string,
  covered: number,
  bachelor: number,
  associate: number,
  no_qsm: number,
  goal_share_pct: number | null,
  benchmark_id: string,
  benchmark_share_pct: number,
  is_benchmark_binding: boolean,
) {
  return {
    snapshot_date,
    covered,
    bachelor,
    associate,
    no_qsm,
    goal_share_pct,
    benchmark_id,
    benchmark_share_pct,
    is_benchmark_binding,
  };
}

function n(
  program_id: string,
  [t, qt, a, qa, d, qd]: number[],
  [mt, ma, md]: boolean[],
  ready: boolean,
  assessed = true,
) {
  return { program_id, t, qt, a, qa, d, qd, mt, ma, md, assessed, ready };
}

function b(
  role_code: string,
  people: number,
  health_only: number,
  neither: number,
  health_insurance_pct: number | null,
  health_reason: string | null,
  retirement_plan_pct: number | null,
  retirement_reason: string | null,
) {
  return {
    role_code,
    n: people,
    health_only,
    neither,
    health_insurance_pct,
    health_reason,
    retirement_plan_pct,
    retirement_reason,
  };
}
