/**
 * Models on a small hand-built registry (fixture.ts, where every expected value is worked out):
 * merged accounts folded, verification ties, unverified records ignored, expired CDAs, the four pay
 * units (an annual salary over 40 weeks), two spells tied on hours and start date, rooms with no
 * or two designated QSMs, a program whose state funding starts in July, and the headline figures.
 */
import { readFileSync, rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuildResult, buildPaths } from "../../transforms/build.ts";
import { dataDictionary, shortType, writeDocs } from "../../transforms/docs.ts";
import { computeHeadline } from "../../transforms/metrics.ts";
import { loadProject } from "../../transforms/project.ts";
import { DELTA, fixture } from "./fixture.ts";
import { type BuildReader, buildOrFail, openBuild, tempDir, writeWarehouse } from "./helpers.ts";

let dataDir: string;
let result: BuildResult;
let db: BuildReader;

beforeAll(async () => {
  dataDir = tempDir();
  await writeWarehouse(dataDir, fixture());
  result = await buildOrFail({ dataDir });
  db = await openBuild(dataDir);
}, 60_000);

afterAll(() => {
  db?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the fixture build", () => {
  it("swaps in with every blocking test passing; the two-QSM room is reported as a warning", () => {
    expect(result.error?.message).toBeUndefined();
    expect(result.status).toBe("swapped");
    const failed = result.tests.filter((t) => t.status === "fail");
    expect(failed.map((t) => `${t.model} ${t.test} ${t.severity}`)).toEqual([
      "marts.fct_classroom_qsm_monthly expression_is_true:no_multiple_qsms warn",
    ]);
  });
});

describe("staging", () => {
  it("folds a merged account into the account it was merged into", async () => {
    expect(
      await db.rows("select registry_id, person_id, is_merged from staging.stg_people order by 1"),
    ).toEqual([
      { registry_id: "CT0000001", person_id: "CT0000001", is_merged: false },
      { registry_id: "CT0000002", person_id: "CT0000005", is_merged: true },
      { registry_id: "CT0000003", person_id: "CT0000003", is_merged: false },
      { registry_id: "CT0000004", person_id: "CT0000004", is_merged: false },
      { registry_id: "CT0000005", person_id: "CT0000005", is_merged: false },
      { registry_id: "CT0000006", person_id: "CT0000006", is_merged: false },
      { registry_id: "CT0000007", person_id: "CT0000007", is_merged: false },
      { registry_id: "CT0000008", person_id: "CT0000008", is_merged: false },
    ]);
    const merged = await db.rows(
      `select 'employment' as entity, person_id from staging.stg_employment where registry_id = 'CT0000002'
       union all select 'education', person_id from staging.stg_education where registry_id = 'CT0000002'
       union all select 'assignment', person_id from staging.stg_classroom_staffing where registry_id = 'CT0000002'
       union all select 'ladder', person_id from staging.stg_career_ladder where registry_id = 'CT0000002'
       union all select 'application', person_id from staging.stg_applications where registry_id = 'CT0000002'
       order by 1`,
    );
    expect(merged).toEqual(
      ["application", "assignment", "education", "employment", "ladder"].map((entity) => ({
        entity,
        person_id: "CT0000005",
      })),
    );
  });

  it("converts every pay unit to an hourly wage and a full-time annual equivalent", async () => {
    const rows = await db.rows(
      `select compensation_id, pay_unit_code, round(hourly_wage_usd, 6) as hourly, round(fte_annual_wage_usd, 2) as fte
       from staging.stg_compensation where compensation_id in ('W000000002', 'W000000003', 'W000000004', 'W000000007')
       order by 1`,
    );
    expect(rows).toEqual([
      { compensation_id: "W000000002", pay_unit_code: "HOUR", hourly: 25, fte: 52000 },
      // WEEK: 800 / 40 h
      { compensation_id: "W000000003", pay_unit_code: "WEEK", hourly: 20, fte: 41600 },
      // MONTH: 1500 x 12 / (20 h x 52 weeks)
      { compensation_id: "W000000004", pay_unit_code: "MONTH", hourly: 17.307692, fte: 36000 },
      // YEAR: an annual salary of 48,000 paid over 40 weeks of 40 h
      { compensation_id: "W000000007", pay_unit_code: "YEAR", hourly: 30, fte: 62400 },
    ]);
  });

  it("marks a spell's replaced pay records as once in force but not current", async () => {
    const rows = await db.rows(
      `select compensation_id, cast(valid_to as varchar) as valid_to, is_in_force, is_current
       from marts.fct_compensation where employment_id = 'E00000001' order by 1`,
    );
    expect(rows).toEqual([
      { compensation_id: "W000000001", valid_to: "2024-01-01", is_in_force: true, is_current: false },
      { compensation_id: "W000000002", valid_to: null, is_in_force: true, is_current: true },
    ]);
  });

  it("gives a record the status of its latest check, the highest id winning a same-day tie", async () => {
    expect(
      await db.rows(
        `select valid_from, valid_to, verification_status_code, verification_id
         from staging.stg_verification_periods where record_id = 'D00000001' order by valid_from`,
      ),
    ).toEqual([
      {
        valid_from: "2015-03-01",
        valid_to: "2016-01-01",
        verification_status_code: "REJECTED",
        verification_id: "V000000009",
      },
      {
        valid_from: "2016-01-01",
        valid_to: null,
        verification_status_code: "VERIFIED",
        verification_id: "V000000010",
      },
    ]);
  });

  it("counts a record only while verified and within its dates (a CDA stops the day after it expires)", async () => {
    expect(
      await db.rows(
        `select record_type_code, record_id, person_id, counts_from_date, counts_until_date
         from staging.stg_record_counting_periods
         where record_id in ('D00000001', 'D00000004', 'D00000006', 'C000000003', 'E00000002', 'E00000007')
         order by record_id`,
      ),
    ).toEqual([
      {
        record_type_code: "EDUCATION",
        record_id: "D00000001",
        person_id: "CT0000001",
        counts_from_date: "2016-01-01",
        counts_until_date: null,
      },
      {
        record_type_code: "EDUCATION",
        record_id: "D00000004",
        person_id: "CT0000003",
        counts_from_date: "2020-02-01",
        counts_until_date: "2023-01-02",
      },
      {
        record_type_code: "EMPLOYMENT",
        record_id: "E00000002",
        person_id: "CT0000005",
        counts_from_date: "2019-01-01",
        counts_until_date: null,
      },
    ]);
  });
});

describe("marts.dim_programs", () => {
  it("splits a program's history on July 1 when its state funding changes, and on a new extract version that changes something tracked", async () => {
    expect(
      await db.rows(
        `select program_id, valid_from, valid_to, is_current, licensed_capacity, is_open, is_state_funded, funding_source_codes
         from marts.dim_programs order by program_id, valid_from`,
      ),
    ).toEqual([
      {
        program_id: "P000001",
        valid_from: "2010-01-01",
        valid_to: "2024-07-01",
        is_current: false,
        licensed_capacity: 40,
        is_open: true,
        is_state_funded: false,
        funding_source_codes: null,
      },
      {
        program_id: "P000001",
        valid_from: "2024-07-01",
        valid_to: "2025-07-01",
        is_current: false,
        licensed_capacity: 40,
        is_open: true,
        is_state_funded: true,
        funding_source_codes: "C4K,SR",
      },
      {
        program_id: "P000001",
        valid_from: "2025-07-01",
        valid_to: DELTA.as_of,
        is_current: false,
        licensed_capacity: 40,
        is_open: true,
        is_state_funded: true,
        funding_source_codes: "C4K,ESCT,HS",
      },
      {
        program_id: "P000001",
        valid_from: DELTA.as_of,
        valid_to: null,
        is_current: true,
        licensed_capacity: 50,
        is_open: true,
        is_state_funded: true,
        funding_source_codes: "C4K,ESCT,HS",
      },
      {
        program_id: "P000002",
        valid_from: "2015-01-01",
        valid_to: "2024-07-01",
        is_current: false,
        licensed_capacity: 40,
        is_open: true,
        is_state_funded: false,
        funding_source_codes: null,
      },
      // Care 4 Kids alone does not make a program state-funded.
      {
        program_id: "P000002",
        valid_from: "2024-07-01",
        valid_to: "2025-07-01",
        is_current: false,
        licensed_capacity: 40,
        is_open: true,
        is_state_funded: false,
        funding_source_codes: "C4K",
      },
      {
        program_id: "P000002",
        valid_from: "2025-07-01",
        valid_to: null,
        is_current: true,
        licensed_capacity: 40,
        is_open: true,
        is_state_funded: true,
        funding_source_codes: "ESCT",
      },
      {
        program_id: "P000003",
        valid_from: "2012-05-01",
        valid_to: "2025-08-16",
        is_current: false,
        licensed_capacity: 6,
        is_open: true,
        is_state_funded: false,
        funding_source_codes: null,
      },
      {
        program_id: "P000003",
        valid_from: "2025-08-16",
        valid_to: null,
        is_current: true,
        licensed_capacity: 6,
        is_open: false,
        is_state_funded: false,
        funding_source_codes: null,
      },
    ]);
  });

  it("numbers up to 63 funding source codes as bits, and stops with an error at 64", async () => {
    // The model's SQL on the fixture's funding plus extra codes for P000002 in fiscal year 2026 (its
    // version from 2025-07-01 has ESCT): the 4 codes of the fixture and 59 more make 63.
    const sql = (await loadProject()).models.get("marts.dim_programs")!.sql;
    const withCodes = (extra: number) => {
      const funding = "select * from marts.fct_program_funding";
      expect(sql).toContain(funding);
      return sql.replace(
        funding,
        `${funding} union all by name
         select 'P000002' as program_id, 'X' || lpad(i::varchar, 2, '0') as funding_source_code, 2026 as fiscal_year,
           date '2025-07-01' as fiscal_year_start_date, date '2026-06-30' as fiscal_year_end_date,
           false as is_state_funding, false as is_head_start_funding
         from range(${extra}) t(i)`,
      );
    };
    const codes = await db.rows(
      `select funding_source_codes from (${withCodes(59)}) where program_id = 'P000002' and valid_from = '2025-07-01'`,
    );
    const expected = ["ESCT", ...Array.from({ length: 59 }, (_, i) => `X${String(i).padStart(2, "0")}`)];
    expect(codes).toEqual([{ funding_source_codes: expected.join(",") }]);
    await expect(db.rows(`select count(*) from (${withCodes(60)})`)).rejects.toThrow(
      "dim_programs: more than 63 funding source codes",
    );
  });
});

describe("marts.dim_people", () => {
  const columns = `person_id, valid_from, valid_to, highest_award_code, has_current_cda, ece_credits::int as ece_credits,
    qualification_level_code, computed_ladder_level, registry_ladder_level`;

  it("has one history per member; the merged account is folded into its survivor", async () => {
    expect(
      (await db.rows("select distinct person_id from marts.dim_people order by 1")).map((r) => r.person_id),
    ).toEqual(["CT0000001", "CT0000003", "CT0000004", "CT0000005", "CT0000006", "CT0000007", "CT0000008"]);
    expect(
      await db.rows(
        `select ${columns} from marts.dim_people where person_id = 'CT0000005' order by valid_from`,
      ),
    ).toEqual([
      row("CT0000005", "2014-01-01", "2018-01-10", "NONE", false, 0, "NONE", 1, null),
      // the merged account's associate in ECE, verified 2018-01-10
      row("CT0000005", "2018-01-10", "2019-06-01", "ASSOCIATE", false, 0, "ASSOCIATE_LEVEL", 10, null),
      row("CT0000005", "2019-06-01", "2020-01-01", "ASSOCIATE", false, 6, "ASSOCIATE_LEVEL", 10, null),
      // the merged account's placement
      row("CT0000005", "2020-01-01", "2020-01-15", "ASSOCIATE", false, 6, "ASSOCIATE_LEVEL", 10, 6),
      row("CT0000005", "2020-01-15", "2025-02-01", "ASSOCIATE", false, 12, "ASSOCIATE_LEVEL", 10, 6),
      row("CT0000005", "2025-02-01", null, "ASSOCIATE", false, 12, "ASSOCIATE_LEVEL", 10, 9),
    ]);
  });

  it("counts a CDA while it is current, and a degree only once its verification holds", async () => {
    expect(
      await db.rows(
        `select ${columns} from marts.dim_people where person_id = 'CT0000003' order by valid_from`,
      ),
    ).toEqual([
      row("CT0000003", "2014-01-01", "2014-02-01", "NONE", false, 0, "NONE", 1, null),
      row("CT0000003", "2014-02-01", "2020-02-01", "HS_DIPLOMA_GED", false, 0, "NONE", 1, null),
      row("CT0000003", "2020-02-01", "2021-01-01", "CDA", true, 0, "NONE", 6, null),
      row("CT0000003", "2021-01-01", "2023-01-02", "CDA", true, 0, "NONE", 6, 6),
      row("CT0000003", "2023-01-02", null, "HS_DIPLOMA_GED", false, 0, "NONE", 1, 6),
    ]);
    expect(
      await db.rows(
        `select ${columns} from marts.dim_people where person_id = 'CT0000001' order by valid_from`,
      ),
    ).toEqual([
      // verified and rejected on the same day 2015-03-01: the rejection (higher id) holds until 2016-01-01
      row("CT0000001", "2014-01-01", "2016-01-01", "NONE", false, 0, "NONE", 1, null),
      row("CT0000001", "2016-01-01", "2016-02-01", "BACHELOR", false, 0, "BACHELOR_LEVEL", 12, null),
      row("CT0000001", "2016-02-01", null, "BACHELOR", false, 0, "BACHELOR_LEVEL", 12, 12),
    ]);
  });

  it("ignores self-reported and rejected records", async () => {
    expect(await db.rows(`select ${columns} from marts.dim_people where person_id = 'CT0000006'`)).toEqual([
      row("CT0000006", "2014-01-01", null, "NONE", false, 0, "NONE", 1, null),
    ]);
  });

  it("starts a member's history at the first spell when they worked before joining", async () => {
    expect(
      await db.rows(
        "select valid_from, joined_date from marts.dim_people where person_id = 'CT0000004' order by 1 limit 1",
      ),
    ).toEqual([{ valid_from: "2016-08-25", joined_date: "2016-09-01" }]);
  });
});

describe("marts.fct_workforce_monthly", () => {
  const columns = `person_id, primary_employment_id, role_code, setting_code, program_town_name, active_spell_count::int as spells,
    hours_per_week, round(hourly_wage_usd, 4) as hourly, highest_award_code, qualification_level_code, registry_ladder_level`;

  it("has the verified, open-program workforce on the as-of date, described by the primary spell", async () => {
    expect(
      await db.rows(
        `select ${columns} from marts.fct_workforce_monthly where snapshot_date = $d order by person_id`,
        {
          d: "2025-09-30",
        },
      ),
    ).toEqual([
      wf(
        "CT0000001",
        "E00000001",
        "TEACHER",
        "COMMUNITY",
        "Hartford",
        1,
        40,
        25,
        "BACHELOR",
        "BACHELOR_LEVEL",
        12,
      ),
      // three active spells: E00000003 and E00000004 tie on 20 hours and on the start date, the lowest id wins
      wf(
        "CT0000003",
        "E00000003",
        "ASSISTANT_TEACHER",
        "COMMUNITY",
        "Hartford",
        3,
        20,
        17.3077,
        "HS_DIPLOMA_GED",
        "NONE",
        6,
      ),
      wf(
        "CT0000004",
        "E00000006",
        "TEACHER",
        "PUBLIC_SCHOOL",
        "Bristol",
        1,
        40,
        30,
        "ASSOCIATE",
        "ASSOCIATE_LEVEL",
        null,
      ),
      // the merged account's spell counts for the survivor
      wf(
        "CT0000005",
        "E00000002",
        "TEACHER",
        "COMMUNITY",
        "Hartford",
        1,
        40,
        20,
        "ASSOCIATE",
        "ASSOCIATE_LEVEL",
        9,
      ),
    ]);
  });

  it("keeps a closed program's staff until the program closes, and an expired CDA only until it expires", async () => {
    const july = await db.rows(
      "select person_id from marts.fct_workforce_monthly where snapshot_date = '2025-07-31' order by 1",
    );
    expect(july.map((r) => r.person_id)).toContain("CT0000007");
    expect(
      await db.rows(
        "select snapshot_date, highest_award_code from marts.fct_workforce_monthly where person_id = 'CT0000003' and snapshot_date in ('2022-12-31', '2023-01-31') order by 1",
      ),
    ).toEqual([
      { snapshot_date: "2022-12-31", highest_award_code: "CDA" },
      { snapshot_date: "2023-01-31", highest_award_code: "HS_DIPLOMA_GED" },
    ]);
  });

  it("expands every period to exactly the snapshot dates it covers, in aligned blocks of 64 dates", async () => {
    // Independently: the snapshot dates each member has a verified spell active on, by a range join.
    const expected = `select distinct d.calendar_date as snapshot_date, s.person_id
      from marts.dim_dates d
      join staging.stg_record_counting_periods e
        on e.record_type_code = 'EMPLOYMENT' and e.counts_from_date <= d.calendar_date
        and (e.counts_until_date is null or d.calendar_date < e.counts_until_date)
      join marts.fct_employment_spells s on s.employment_id = e.record_id
      join staging.stg_programs p on p.program_id = s.program_id
      where d.is_snapshot_date and p.opened_date <= d.calendar_date
        and (p.closed_date is null or d.calendar_date <= p.closed_date)`;
    const actual = "select snapshot_date, person_id from marts.fct_workforce_monthly";
    expect(await db.rows(`(${expected}) except all (${actual})`)).toEqual([]);
    expect(await db.rows(`(${actual}) except all (${expected})`)).toEqual([]);
    // The fixture has a piece (same spell, pay and member version) longer than one block.
    const [longest] = await db.rows(`select max(n)::int as n from (
      select count(*) as n from marts.fct_workforce_monthly
      group by person_id, primary_employment_id, compensation_id, highest_award_code, ece_credits,
        registry_ladder_level, computed_ladder_level, home_town_name, setting_code, is_program_state_funded)`);
    expect(longest!.n).toBeGreaterThan(64);
  });

  it("has snapshots from January 2012 to the latest as-of date", async () => {
    expect(
      await db.rows(
        "select min(calendar_date) as first, max(calendar_date) as last, count(*)::int as n from marts.dim_dates where is_snapshot_date",
      ),
    ).toEqual([{ first: "2012-01-31", last: "2025-09-30", n: 165 }]);
  });
});

describe("marts.fct_classroom_qsm_monthly", () => {
  const columns = `classroom_id, designated_qsm_count::int as qsms, has_multiple_designated_qsms as multiple, qsm_person_id,
    qsm_qualification_level_code as level, is_qsm_bachelor_level_qualified as qualified`;

  it("covers rooms of state-funded programs by fiscal year, with no QSM or two QSMs flagged", async () => {
    // FY2025: P000002 has Care 4 Kids only, so R0000005 is not covered; R0000004 is school-age.
    expect(
      await db.rows(
        `select ${columns} from marts.fct_classroom_qsm_monthly where snapshot_date = '2025-06-30' order by 1`,
      ),
    ).toEqual([
      {
        classroom_id: "R0000001",
        qsms: 1,
        multiple: false,
        qsm_person_id: "CT0000001",
        level: "BACHELOR_LEVEL",
        qualified: true,
      },
      {
        classroom_id: "R0000002",
        qsms: 0,
        multiple: false,
        qsm_person_id: null,
        level: null,
        qualified: false,
      },
      // two designations at once: flagged; the most recent (the merged account's, so CT0000005) is measured
      {
        classroom_id: "R0000003",
        qsms: 2,
        multiple: true,
        qsm_person_id: "CT0000005",
        level: "ASSOCIATE_LEVEL",
        qualified: false,
      },
    ]);
    // FY2026: P000002 is state-funded (ESCT) from July 1.
    expect(
      await db.rows(
        `select ${columns} from marts.fct_classroom_qsm_monthly where snapshot_date = '2025-07-31' order by 1`,
      ),
    ).toEqual([
      {
        classroom_id: "R0000001",
        qsms: 1,
        multiple: false,
        qsm_person_id: "CT0000001",
        level: "BACHELOR_LEVEL",
        qualified: true,
      },
      {
        classroom_id: "R0000002",
        qsms: 0,
        multiple: false,
        qsm_person_id: null,
        level: null,
        qualified: false,
      },
      {
        classroom_id: "R0000003",
        qsms: 2,
        multiple: true,
        qsm_person_id: "CT0000005",
        level: "ASSOCIATE_LEVEL",
        qualified: false,
      },
      {
        classroom_id: "R0000005",
        qsms: 1,
        multiple: false,
        qsm_person_id: "CT0000004",
        level: "ASSOCIATE_LEVEL",
        qualified: false,
      },
    ]);
  });
});

describe("marts.fct_applications", () => {
  it("accumulates milestones; an upheld appeal leaves the denial on record", async () => {
    expect(
      await db.rows(
        `select application_id, person_id, first_decision_status_code, days_to_decision, first_approved_date, first_denied_date,
                first_paid_date, awarded_usd::double as awarded, paid_usd::double as paid, current_status_code
         from marts.fct_applications order by 1`,
      ),
    ).toEqual([
      {
        application_id: "AP00000001",
        person_id: "CT0000001",
        first_decision_status_code: "APPROVED",
        days_to_decision: 31,
        first_approved_date: "2024-09-01",
        first_denied_date: null,
        first_paid_date: "2024-10-01",
        awarded: 1500,
        paid: 1400,
        current_status_code: "PAID",
      },
      {
        application_id: "AP00000002",
        person_id: "CT0000003",
        first_decision_status_code: "DENIED",
        days_to_decision: 31,
        first_approved_date: "2024-11-01",
        first_denied_date: "2024-09-15",
        first_paid_date: null,
        awarded: 1000,
        paid: 0,
        current_status_code: "APPROVED",
      },
      {
        application_id: "AP00000003",
        person_id: "CT0000005",
        first_decision_status_code: null,
        days_to_decision: null,
        first_approved_date: null,
        first_denied_date: null,
        first_paid_date: null,
        awarded: 0,
        paid: 0,
        current_status_code: "UNDER_REVIEW",
      },
    ]);
  });
});

describe("computeHeadline", () => {
  it("gives the hand-computed headline figures on the as-of date", async () => {
    expect(await computeHeadline(db.con, "2025-09-30")).toEqual({
      as_of: "2025-09-30",
      // 8 accounts, one merged
      members: 7,
      // CT0000006 is never verified; CT0000007's program closed on 2025-08-15
      active_workforce: 4,
      active_by_setting: { COMMUNITY: 3, PUBLIC_SCHOOL: 1 },
      active_by_role: { ASSISTANT_TEACHER: 1, TEACHER: 3 },
      highest_award: { ASSOCIATE: 2, BACHELOR: 1, HS_DIPLOMA_GED: 1 },
      bachelor_level_qualified: 1,
      // teachers 20, 25, 30: median 25; the assistant 17.3077
      median_hourly_wage_by_role: { ASSISTANT_TEACHER: 17.31, TEACHER: 25 },
      ladder_level: { "6": 1, "9": 1, "12": 1, NONE: 1 },
      covered_classrooms: 4,
      covered_classrooms_qualified_qsm: 1,
      covered_classrooms_without_qsm: 1,
      goal_share: 0.25,
      scholarships_by_fiscal_year: {
        "2025": { submitted: 2, approved: 2, denied: 1, awarded_usd: 2500, paid_usd: 1400 },
        "2026": { submitted: 1, approved: 0, denied: 0, awarded_usd: 0, paid_usd: 0 },
      },
    });
  });

  it("takes the figures as they stood on an earlier snapshot date", async () => {
    const h = await computeHeadline(db.con, "2024-09-30");
    expect(h.scholarships_by_fiscal_year).toEqual({
      "2025": { submitted: 2, approved: 1, denied: 1, awarded_usd: 1500, paid_usd: 0 },
    });
    // FY2025: P000001's three rooms are covered; P000002 (Care 4 Kids only) is not
    expect([
      h.covered_classrooms,
      h.covered_classrooms_qualified_qsm,
      h.covered_classrooms_without_qsm,
    ]).toEqual([3, 1, 1]);
  });

  it("refuses a date that is not a snapshot date", async () => {
    await expect(computeHeadline(db.con, "2025-09-15")).rejects.toThrow(/not a snapshot date/);
  });
});

function row(
  person_id: string,
  valid_from: string,
  valid_to: string | null,
  highest_award_code: string,
  has_current_cda: boolean,
  ece_credits: number,
  qualification_level_code: string,
  computed_ladder_level: number,
  registry_ladder_level: number | null,
) {
  return {
    person_id,
    valid_from,
    valid_to,
    highest_award_code,
    has_current_cda,
    ece_credits,
    qualification_level_code,
    computed_ladder_level,
    registry_ladder_level,
  };
}

function wf(
  person_id: string,
  primary_employment_id: string,
  role_code: string,
  setting_code: string,
  program_town_name: string,
  spells: number,
  hours_per_week: number,
  hourly: number,
  highest_award_code: string,
  qualification_level_code: string,
  registry_ladder_level: number | null,
) {
  return {
    person_id,
    primary_employment_id,
    role_code,
    setting_code,
    program_town_name,
    spells,
    hours_per_week,
    hourly,
    highest_award_code,
    qualification_level_code,
    registry_ladder_level,
  };
}

describe("model metadata", () => {
  it("describes exactly the columns each model builds", async () => {
    const project = await loadProject();
    const built = await db.rows(
      `select schema_name || '.' || table_name as model, list(column_name order by column_index) as columns
       from duckdb_columns() where schema_name in ('staging', 'marts', 'reporting') group by all`,
    );
    const actual = new Map(built.map((r) => [r.model as string, r.columns as string[]]));
    for (const m of project.models.values()) {
      expect({ model: m.name, columns: actual.get(m.name) }).toEqual({
        model: m.name,
        columns: Object.keys(m.meta.columns),
      });
    }
  });
});

describe("code columns stored as ENUMs", () => {
  it("have exactly the values the model lists in enums, and compare as text", async () => {
    const project = await loadProject();
    const withEnums = [...project.models.values()].filter((m) => m.meta.enums);
    expect(withEnums.map((m) => m.name)).toContain("marts.fct_workforce_monthly");
    for (const m of withEnums) {
      for (const [column, values] of Object.entries(m.meta.enums!)) {
        const [c] = await db.rows(
          `select data_type from duckdb_columns()
           where schema_name = '${m.layer}' and table_name = '${m.table}' and column_name = '${column}'`,
        );
        expect(c?.data_type, `${m.name}.${column}`).toBe(`ENUM(${values.map((v) => `'${v}'`).join(", ")})`);
      }
    }
    const [r] = await db.rows(
      `select count(*) filter (where role_code = 'TEACHER')::int as teachers,
         count(*) filter (where role_code::varchar = 'TEACHER')::int as teachers_as_text,
         count(*) filter (where role_code = 'NO_SUCH_ROLE')::int as nobody,
         count(*) filter (where coalesce(role_code, 'NONE') like 'TEACH%')::int as like_teachers
       from marts.fct_workforce_monthly`,
    );
    expect(r!.teachers).toBeGreaterThan(0);
    expect(r).toEqual({
      teachers: r!.teachers,
      teachers_as_text: r!.teachers,
      nobody: 0,
      like_teachers: r!.teachers,
    });
    // The Markdown dictionary shows a long ENUM by its count and ends; a short one whole.
    expect(
      shortType(
        `ENUM(${["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "O'Neil"].map((v) => `'${v.replace("'", "''")}'`).join(", ")})`,
      ),
    ).toBe("ENUM of 13 values ('A', 'B', 'C', … 'O''Neil')");
    expect(shortType("ENUM('NONE', 'CDA')")).toBe("ENUM('NONE', 'CDA')");
    expect(shortType("VARCHAR")).toBe("VARCHAR");
    // Town ENUMs join the geography's text town names: every program's town is found.
    const [t] = await db.rows(
      `select count(*)::int as n, count(g.town_name)::int as found
       from marts.fct_workforce_monthly w left join marts.dim_geography g on g.town_name = w.program_town_name`,
    );
    expect(t!.n).toBeGreaterThan(0);
    expect(t!.found).toBe(t!.n);
  });
});

describe("the data dictionary", () => {
  it("documents every source, seed and model with grain, typed columns and upstream tables", async () => {
    const project = await loadProject();
    const d = await dataDictionary({ buildPath: buildPaths(dataDir).current });
    const names = d.tables.map((t) => t.name);
    expect(names).toContain("raw.people");
    expect(names).toContain("seeds.ct_towns");
    for (const m of project.models.keys()) expect(names).toContain(m);
    const people = d.tables.find((t) => t.name === "raw.people")!;
    expect(people.columns.find((c) => c.name === "birth_date")).toMatchObject({ type: "DATE", pii: true });
    const towns = d.tables.find((t) => t.name === "seeds.ct_towns")!;
    expect(towns.columns.find((c) => c.name === "oec_region")?.description).toMatch(
      /Office of Early Childhood/,
    );
    expect(towns.downstream).toContain("marts.dim_geography");
    const workforce = d.tables.find((t) => t.name === "marts.fct_workforce_monthly")!;
    expect(workforce.grain).toBe("snapshot_date, person_id");
    expect(workforce.upstream).toEqual(
      expect.arrayContaining([
        "marts.dim_people",
        "marts.dim_programs",
        "staging.stg_record_counting_periods",
      ]),
    );
    expect(workforce.columns.find((c) => c.name === "hourly_wage_usd")).toMatchObject({ type: "DOUBLE" });
    for (const t of d.tables.filter((x) => x.kind !== "seed")) {
      for (const c of t.columns) expect(c.description, `${t.name}.${c.name}`).not.toBe("");
    }
    // Without a build, the types come from the tables created empty: the same as the build's.
    const compiled = await dataDictionary();
    const typesOf = (x: typeof d) =>
      x.tables.flatMap((t) => t.columns.map((c) => `${t.name}.${c.name} ${c.type}`));
    expect(typesOf(compiled)).toEqual(typesOf(d));
    expect(typesOf(compiled).filter((c) => c.endsWith(" null"))).toEqual([]);
  });

  it("writes Markdown and JSON", async () => {
    const out = tempDir("wf-docs-");
    const paths = await writeDocs(out);
    const md = readFileSync(paths.markdown, "utf8");
    expect(md).toMatch(/^# Data dictionary/);
    expect(md).toContain("### `marts.dim_people`");
    expect(md).toContain("| `person_id` |");
    expect(JSON.parse(readFileSync(paths.json, "utf8")).tables.length).toBeGreaterThan(50);
    rmSync(out, { recursive: true, force: true });
  });
});
