/**
 * A small, hand-checked registry for the model tests. Two extracts: a full one as of 2025-06-30 and
 * a delta as of 2025-09-30 (which changes program P000001's capacity). Expected values are worked
 * out by hand in the comments and asserted in models.test.ts.
 *
 * Programs
 * - P000001 COMMUNITY center, Hartford, opened 2010-01-01; funding FY2025 SR + C4K, FY2026 ESCT + C4K
 *   (state-funded both years); capacity 40, then 50 from the 2025-09-30 extract.
 * - P000002 PUBLIC_SCHOOL, Bristol, opened 2015-01-01; funding FY2025 C4K only (not state-funded),
 *   FY2026 ESCT (state-funded): the change happens on 2025-07-01.
 * - P000003 FAMILY_CHILD_CARE home, Norwich, opened 2012-05-01, closed 2025-08-15.
 *
 * Members (CT0000002 is MERGED into CT0000005: its records belong to CT0000005)
 * - CT0000001 teacher at P1 since 2015-01-01 (verified 2015-02-01); pay HOUR 18 from 2015, HOUR 25
 *   from 2024-01-01; ECE bachelor (accredited): a VERIFIED and a REJECTED check on 2015-03-01
 *   (the REJECTED one has the higher id and wins), VERIFIED again 2016-01-01; so bachelor-level
 *   from 2016-01-01. Registry ladder 12 from 2016-02-01. QSM of R0000001 from 2016-01-01.
 * - CT0000003 three spells: E00000003 P1 ASSISTANT_TEACHER from 2019-06-01, 20 h (MONTH 1500 =
 *   1500 x 12 / (20 x 52) = 17.307692/h); E00000004 P2 TEACHER from 2019-06-01, 20 h (HOUR 21);
 *   E00000005 P1 AIDE from 2018-01-01, 10 h. Primary: E00000003 (tie on hours and start date:
 *   lowest id). HS diploma, and a CDA awarded 2020-01-01 that expired 2023-01-01 (so CDA on
 *   2022-12-31, HS_DIPLOMA_GED from 2023-01-02). Registry ladder 6 from 2021-01-01.
 *   QSM of R0000003 from 2020-01-01.
 * - CT0000004 public-school teacher at P2 from 2016-08-25: YEAR 48,000 over 40 weeks at 40 h =
 *   48000 / (40 x 40) = 30.00/h, full-time annual equivalent 62,400. ECE associate (accredited).
 *   QSM of R0000005 from 2024-09-01. Never placed on the ladder.
 * - CT0000005 (survivor): through CT0000002, a teacher spell at P1 from 2018-09-01 (verified
 *   2019-01-01, pay WEEK 800 at 40 h = 20.00/h) and an ECE associate; 12 ECE credits of its own;
 *   registry ladder 6 (on CT0000002, 2020-01-01) then 9 (2025-02-01); computed 10.
 *   CT0000002 is also designated QSM of R0000003 from 2025-01-01: two QSMs at once there.
 * - CT0000006 teacher at P1, never verified; a self-reported bachelor's; a course with a REJECTED
 *   check: none of it counts.
 * - CT0000007 teacher at the family home P3 (verified): active until it closed on 2025-08-15.
 * - CT0000008 INACTIVE member: DIRECTOR at P1 from 2020-01-01 to 2024-03-31 (verified 2020-01-15),
 *   no pay record; an accredited bachelor's in BUSINESS (no ECE concentration, 0 ECE credits: not
 *   bachelor-level qualified) verified 2019-12-15, and 6 + 3 ADMINISTRATION credits verified 2020-01-15.
 * - CT0000001 also had an ASSISTANT_TEACHER spell at the family home P3 from 2015-01-01 to
 *   2024-02-29 (verified, no pay record, so never the primary spell).
 *
 * Turnover, FY2024 (2023-07-01 to 2024-06-30), per member and program active on July 1:
 * (CT1, P1) stayed; (CT1, P3) active elsewhere (P1); (CT3, P1) and (CT3, P2) stayed; (CT4, P2),
 * (CT5, P1), (CT7, P3) stayed; (CT8, P1) left the field. 8 in all: turnover 2/8, left field 1/8.
 * FY2025: the six pairs without CT8 and (CT1, P3) all stayed. FY2026 has not ended.
 *
 * Head Start: P000001 has federal HS funding in FY2026: on 2025-09-30 its TEACHER-primary members
 * are CT0000001 (bachelor-level) and CT0000005 (associate-level): 1 of 2.
 *
 * NAEYC readiness of P000001 on 2021-12-31: teachers CT1 (bachelor-level) and CT5 (associate-level)
 * 2/2; assistant CT3 with a current CDA 1/1; director CT8 (bachelor's + 9 admin credits): ready.
 * On 2023-01-31 CT3's CDA has expired (0/1): not ready. P2 (teacher CT4 only) is never ready.
 *
 * Classrooms: R0000001 (P1 PRESCHOOL), R0000002 (P1 INFANT_TODDLER, no QSM), R0000003 (P1 PRESCHOOL,
 * two QSMs), R0000004 (P1 SCHOOL_AGE, not covered), R0000005 (P2 PRESCHOOL, covered from FY2026).
 *
 * Scholarships: FY2025 CT0000001 approved 1,500 and paid 1,400; FY2025 CT0000003 denied, appealed,
 * upheld and approved 1,000; FY2026 CT0000002 (-> CT0000005) under review.
 */
import { type Fixture, loadIdOf, type RawRow } from "./helpers.ts";

export const FULL = { extract_id: "CTREG-2025-06-30-FULL", kind: "full", as_of: "2025-06-30" } as const;
export const DELTA = {
  extract_id: "CTREG-2025-09-30-DELTA",
  kind: "delta",
  as_of: "2025-09-30",
  since: "2025-06-30",
} as const;

function person(n: number, extra: RawRow = {}): RawRow {
  return {
    registry_id: `CT${String(n).padStart(7, "0")}`,
    first_name: `First${n}`,
    last_name: `Last${n}`,
    birth_date: "1985-04-01",
    email: null,
    home_town: "Hartford",
    home_state: "CT",
    gender: "F",
    race_ethnicity: "WHITE",
    primary_language: "ENGLISH",
    joined_on: "2014-01-01",
    member_status: "ACTIVE",
    merged_into: null,
    updated_at: "2025-01-01 00:00:00",
    ...extra,
  };
}

const program = (id: string, extra: RawRow): RawRow => ({
  program_id: id,
  program_name: `Program ${id}`,
  license_number: null,
  program_type: "CENTER",
  setting: "COMMUNITY",
  auspice: "NONPROFIT",
  town: "Hartford",
  zip: "06106",
  licensed_capacity: 40,
  serves_infant_toddler: true,
  serves_preschool: true,
  serves_school_age: true,
  naeyc_accredited_through: null,
  opened_on: "2010-01-01",
  closed_on: null,
  updated_at: "2025-01-01 00:00:00",
  ...extra,
});

const funding = (program_id: string, funding_source: string, fiscal_year: number): RawRow => ({
  program_id,
  funding_source,
  fiscal_year,
  funded_spaces: funding_source === "C4K" ? null : 10,
  award_usd: funding_source === "C4K" ? null : "100000.00",
});

const room = (classroom_id: string, program_id: string, age_group: string): RawRow => ({
  classroom_id,
  program_id,
  room_name: classroom_id,
  age_group,
  opened_on: "2012-01-01",
  closed_on: null,
  updated_at: "2025-01-01 00:00:00",
});

const qsm = (
  assignment_id: string,
  classroom_id: string,
  registry_id: string,
  start_date: string,
): RawRow => ({
  assignment_id,
  classroom_id,
  registry_id,
  assignment_role: "DESIGNATED_QSM",
  start_date,
  end_date: null,
  updated_at: "2025-01-01 00:00:00",
});

const spell = (
  employment_id: string,
  registry_id: string,
  program_id: string,
  role: string,
  start_date: string,
  end_date: string | null = null,
): RawRow => ({
  employment_id,
  registry_id,
  program_id,
  role,
  age_group_served: "PRESCHOOL",
  start_date,
  end_date,
  updated_at: "2025-01-01 00:00:00",
});

const pay = (
  compensation_id: string,
  employment_id: string,
  effective_date: string,
  pay_rate: string,
  pay_unit: string,
  hours_per_week: number,
  weeks_per_year = 52,
): RawRow => ({
  compensation_id,
  employment_id,
  effective_date,
  pay_rate,
  pay_unit,
  hours_per_week,
  weeks_per_year,
  has_health_insurance: true,
  has_retirement_plan: false,
  reported_by: "PROGRAM",
});

const award = (
  education_id: string,
  registry_id: string,
  award_level: string,
  awarded_on: string,
  extra: RawRow = {},
): RawRow => ({
  education_id,
  registry_id,
  award_level,
  field: award_level === "HS_DIPLOMA" || award_level === "CDA" ? "NONE" : "EARLY_CHILDHOOD",
  ece_concentration: !(award_level === "HS_DIPLOMA" || award_level === "CDA"),
  institution: null,
  regionally_accredited: true,
  awarded_on,
  expires_on: null,
  reported_on: awarded_on,
  ...extra,
});

const course = (
  course_record_id: string,
  registry_id: string,
  credits: number,
  completed_on: string,
  extra: RawRow = {},
): RawRow => ({
  course_record_id,
  registry_id,
  institution: "Capital CC",
  course_code: "ECE 101",
  course_title: "Intro",
  credits,
  credit_area: "EARLY_CHILDHOOD",
  completed_on,
  grade: "A",
  reported_on: completed_on,
  ...extra,
});

let vid = 0;
const check = (record_type: string, record_id: string, verified_on: string, outcome = "VERIFIED"): RawRow => {
  vid += 1;
  return {
    verification_id: `V${String(vid).padStart(9, "0")}`,
    record_type,
    record_id,
    outcome,
    verified_on,
    verified_by: record_type === "EMPLOYMENT" ? "PROGRAM_ADMIN" : "REGISTRY_STAFF",
    document_type: record_type === "EMPLOYMENT" ? "EMPLOYER_CONFIRMATION" : "TRANSCRIPT",
  };
};

const placement = (registry_id: string, level: number, effective_on: string): RawRow => ({
  registry_id,
  level,
  effective_on,
  qsm_eligible_through: null,
});

const application = (
  application_id: string,
  registry_id: string,
  fiscal_year: number,
  submitted_on: string,
): RawRow => ({
  application_id,
  registry_id,
  application_type: "SCHOLARSHIP",
  application_subtype: "DEGREE_COURSEWORK",
  program_id: "P000001",
  submitted_on,
  fiscal_year,
  institution: "Capital CC",
  requested_usd: "2000.00",
});

let eid = 0;
const event = (
  application_id: string,
  status: string,
  status_on: string,
  amount_usd: string | null = null,
  reason_code: string | null = null,
): RawRow => {
  eid += 1;
  return {
    event_id: `AE${String(eid).padStart(9, "0")}`,
    application_id,
    status,
    status_on,
    amount_usd,
    reason_code,
  };
};

export function fixture(): Fixture {
  vid = 0;
  eid = 0;
  return {
    extracts: [FULL, DELTA],
    raw: {
      people: [
        person(1),
        person(2, { member_status: "MERGED", merged_into: "CT0000005" }),
        person(3, { home_town: "Bristol" }),
        person(4, { joined_on: "2016-09-01" }),
        person(5),
        person(6),
        person(7, { home_town: "Norwich" }),
        person(8, { member_status: "INACTIVE" }),
      ],
      programs: [
        // P000001: the full extract's version, superseded by the delta's (capacity 40 -> 50).
        program("P000001", {
          _valid_to: DELTA.as_of,
          _end_reason: "superseded",
          _end_load_id: loadIdOf(1, "programs"),
        }),
        program("P000001", {
          licensed_capacity: 50,
          _load_id: loadIdOf(1, "programs"),
          _valid_from: DELTA.as_of,
        }),
        // P000002: the delta's version changes only the opening date (taken from the current row),
        // nothing a version tracks: its history has no version starting on the delta's date.
        program("P000002", {
          program_type: "PUBLIC_SCHOOL",
          setting: "PUBLIC_SCHOOL",
          auspice: "PUBLIC",
          town: "Bristol",
          zip: "06010",
          opened_on: "2014-01-01",
          _valid_to: DELTA.as_of,
          _end_reason: "superseded",
          _end_load_id: loadIdOf(1, "programs"),
        }),
        program("P000002", {
          _load_id: loadIdOf(1, "programs"),
          _valid_from: DELTA.as_of,
          program_type: "PUBLIC_SCHOOL",
          setting: "PUBLIC_SCHOOL",
          auspice: "PUBLIC",
          town: "Bristol",
          zip: "06010",
          opened_on: "2015-01-01",
        }),
        program("P000003", {
          program_type: "FAMILY_HOME",
          setting: "FAMILY_CHILD_CARE",
          auspice: "FOR_PROFIT",
          town: "Norwich",
          zip: "06360",
          licensed_capacity: 6,
          opened_on: "2012-05-01",
          closed_on: "2025-08-15",
        }),
      ],
      program_funding: [
        funding("P000001", "SR", 2025),
        funding("P000001", "C4K", 2025),
        funding("P000001", "ESCT", 2026),
        funding("P000001", "C4K", 2026),
        funding("P000002", "C4K", 2025),
        funding("P000002", "ESCT", 2026),
        funding("P000001", "HS", 2026),
      ],
      classrooms: [
        room("R0000001", "P000001", "PRESCHOOL"),
        room("R0000002", "P000001", "INFANT_TODDLER"),
        room("R0000003", "P000001", "PRESCHOOL"),
        room("R0000004", "P000001", "SCHOOL_AGE"),
        room("R0000005", "P000002", "PRESCHOOL"),
      ],
      classroom_staffing: [
        qsm("A00000001", "R0000001", "CT0000001", "2016-01-01"),
        qsm("A00000002", "R0000003", "CT0000003", "2020-01-01"),
        qsm("A00000003", "R0000003", "CT0000002", "2025-01-01"),
        qsm("A00000004", "R0000005", "CT0000004", "2024-09-01"),
      ],
      employment: [
        spell("E00000001", "CT0000001", "P000001", "TEACHER", "2015-01-01"),
        spell("E00000002", "CT0000002", "P000001", "TEACHER", "2018-09-01"),
        spell("E00000003", "CT0000003", "P000001", "ASSISTANT_TEACHER", "2019-06-01"),
        spell("E00000004", "CT0000003", "P000002", "TEACHER", "2019-06-01"),
        spell("E00000005", "CT0000003", "P000001", "AIDE", "2018-01-01"),
        spell("E00000006", "CT0000004", "P000002", "TEACHER", "2016-08-25"),
        spell("E00000007", "CT0000006", "P000001", "TEACHER", "2020-01-01"),
        spell("E00000008", "CT0000007", "P000003", "TEACHER", "2013-01-01"),
        spell("E00000009", "CT0000008", "P000001", "DIRECTOR", "2020-01-01", "2024-03-31"),
        spell("E00000010", "CT0000001", "P000003", "ASSISTANT_TEACHER", "2015-01-01", "2024-02-29"),
      ],
      compensation: [
        pay("W000000001", "E00000001", "2015-01-01", "18.00", "HOUR", 40),
        pay("W000000002", "E00000001", "2024-01-01", "25.00", "HOUR", 40),
        pay("W000000003", "E00000002", "2018-09-01", "800.00", "WEEK", 40),
        pay("W000000004", "E00000003", "2019-06-01", "1500.00", "MONTH", 20),
        pay("W000000005", "E00000004", "2019-06-01", "21.00", "HOUR", 20),
        pay("W000000006", "E00000005", "2018-01-01", "16.00", "HOUR", 10),
        pay("W000000007", "E00000006", "2016-08-25", "48000.00", "YEAR", 40, 40),
        pay("W000000008", "E00000007", "2020-01-01", "22.00", "HOUR", 40),
        pay("W000000009", "E00000008", "2013-01-01", "15.00", "HOUR", 50),
      ],
      education: [
        award("D00000001", "CT0000001", "BACHELOR", "2014-05-15"),
        award("D00000002", "CT0000002", "ASSOCIATE", "2017-05-15"),
        award("D00000003", "CT0000003", "HS_DIPLOMA", "2005-06-15"),
        award("D00000004", "CT0000003", "CDA", "2020-01-01", { expires_on: "2023-01-01" }),
        award("D00000005", "CT0000004", "ASSOCIATE", "2016-05-15"),
        award("D00000006", "CT0000006", "BACHELOR", "2019-05-15"),
        award("D00000007", "CT0000008", "BACHELOR", "2010-05-15", {
          field: "BUSINESS",
          ece_concentration: false,
        }),
      ],
      coursework: [
        course("C000000001", "CT0000005", 6, "2019-05-01"),
        course("C000000002", "CT0000005", 6, "2019-12-15"),
        course("C000000003", "CT0000006", 3, "2020-05-01"),
        course("C000000004", "CT0000008", 6, "2019-12-01", { credit_area: "ADMINISTRATION" }),
        course("C000000005", "CT0000008", 3, "2019-12-01", { credit_area: "ADMINISTRATION" }),
      ],
      career_ladder: [
        placement("CT0000001", 12, "2016-02-01"),
        placement("CT0000003", 6, "2021-01-01"),
        placement("CT0000002", 6, "2020-01-01"),
        placement("CT0000005", 9, "2025-02-01"),
      ],
      applications: [
        application("AP00000001", "CT0000001", 2025, "2024-08-01"),
        application("AP00000002", "CT0000003", 2025, "2024-08-15"),
        application("AP00000003", "CT0000002", 2026, "2025-08-01"),
      ],
      application_events: [
        event("AP00000001", "SUBMITTED", "2024-08-01"),
        event("AP00000001", "APPROVED", "2024-09-01", "1500.00"),
        event("AP00000001", "PAID", "2024-10-01", "1400.00"),
        event("AP00000002", "SUBMITTED", "2024-08-15"),
        event("AP00000002", "DENIED", "2024-09-15", null, "FUNDS_EXHAUSTED"),
        event("AP00000002", "APPEALED", "2024-09-20"),
        event("AP00000002", "APPEAL_UPHELD", "2024-10-15"),
        event("AP00000002", "APPROVED", "2024-11-01", "1000.00"),
        event("AP00000003", "SUBMITTED", "2025-08-01"),
        event("AP00000003", "UNDER_REVIEW", "2025-08-05"),
      ],
      verifications: [
        check("EMPLOYMENT", "E00000001", "2015-02-01"),
        check("EMPLOYMENT", "E00000002", "2019-01-01"),
        check("EMPLOYMENT", "E00000003", "2019-07-01"),
        check("EMPLOYMENT", "E00000004", "2019-07-01"),
        check("EMPLOYMENT", "E00000005", "2018-02-01"),
        check("EMPLOYMENT", "E00000006", "2016-09-15"),
        check("EMPLOYMENT", "E00000008", "2013-02-01"),
        check("EDUCATION", "D00000001", "2015-03-01"),
        check("EDUCATION", "D00000001", "2015-03-01", "REJECTED"),
        check("EDUCATION", "D00000001", "2016-01-01"),
        check("EDUCATION", "D00000002", "2018-01-10"),
        check("EDUCATION", "D00000003", "2014-02-01"),
        check("EDUCATION", "D00000004", "2020-02-01"),
        check("EDUCATION", "D00000005", "2016-10-01"),
        check("COURSEWORK", "C000000001", "2019-06-01"),
        check("COURSEWORK", "C000000002", "2020-01-15"),
        check("COURSEWORK", "C000000003", "2020-06-01", "REJECTED"),
        check("EMPLOYMENT", "E00000009", "2020-01-15"),
        check("EMPLOYMENT", "E00000010", "2015-02-01"),
        check("EDUCATION", "D00000007", "2019-12-15"),
        check("COURSEWORK", "C000000004", "2020-01-15"),
        check("COURSEWORK", "C000000005", "2020-01-15"),
      ],
    },
  };
}
