/**
 * Restricted program reports on the hand-checked fixture (test/transforms/fixture.ts, names changed
 * in ./helpers.ts): what each report lists, that its counts equal the marts queried independently
 * for the same program and date, HTML escaping, the CLI's messages and exit codes, and rendering
 * and printing in headless Chromium (screenshots in test-output/reports/, git-ignored).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awardCell, runReports, SITE_FOLDERS } from "../../warehouse/report.ts";
import { openBuild } from "../transforms/helpers.ts";
import {
  buildReportFixture,
  FORMULA_NAME,
  PROGRAM_NAME,
  reportFixture,
  SCRIPT_NAME,
  workforce,
} from "./helpers.ts";

const repoRoot = join(import.meta.dirname, "..", "..");
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const hasChromium = existsSync(chromiumPath);
const screenshotDir = join(repoRoot, "test-output", "reports");

let dataDir: string;

beforeAll(async () => {
  // CT0000005 gains an active bachelor-level ECTC on 2025-08-01 (verified 2025-08-15): bachelor-level
  // on 2025-09-30 through the credential, associate-level before; their QSM eligibility (on the
  // 2025-02-01 placement) runs to 2025-06-30.
  const f = reportFixture();
  f.raw.credentials = [
    {
      credential_id: "K00000001",
      registry_id: "CT0000005",
      credential_type: "ECTC_BACHELOR",
      endorsement: "PRESCHOOL",
      issued_on: "2025-08-01",
      expires_on: null,
      status: "ACTIVE",
    },
  ];
  f.raw.verifications!.push({
    verification_id: "V000000900",
    record_type: "CREDENTIAL",
    record_id: "K00000001",
    outcome: "VERIFIED",
    verified_on: "2025-08-15",
    verified_by: "REGISTRY_STAFF",
    document_type: "CERTIFICATE",
  });
  f.raw.career_ladder = f.raw.career_ladder!.map((c) =>
    c.registry_id === "CT0000005" && c.effective_on === "2025-02-01"
      ? { ...c, qsm_eligible_through: "2025-06-30" }
      : c,
  );
  dataDir = await buildReportFixture(f);
}, 180_000);

afterAll(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

type Row = Record<string, string>;

function csvRows(file: string): Row[] {
  return parse(readFileSync(file, "utf8"), { columns: true }) as Row[];
}

async function report(
  kind: "staff-qualifications" | "naeyc" | "scholarships",
  program: string,
  asOf: string,
) {
  const r = await runReports({ dataDir, kind, program, asOf });
  const base = join(dataDir, "reports", asOf, kind, program);
  expect(r.files).toEqual([`${base}.html`, `${base}.csv`]);
  return {
    html: readFileSync(`${base}.html`, "utf8"),
    csv: csvRows(`${base}.csv`),
    htmlPath: `${base}.html`,
  };
}

async function marts<T = Record<string, unknown>>(sql: string, params: Record<string, string>): Promise<T[]> {
  const db = await openBuild(dataDir);
  try {
    return (await db.rows(sql, params)) as T[];
  } finally {
    db.close();
  }
}

describe("the highest verified award, as the reports show it", () => {
  it("says when it is not from a regionally accredited institution, and what counts instead", () => {
    const cell = (highest: string, accredited: string | null) => {
      const c = awardCell({
        highest_award_code: highest,
        // as dim_award_levels says: a certificate or higher needs an accredited institution
        is_award_accreditation_required: !["HS_DIPLOMA_GED", "CDA"].includes(highest),
        highest_accredited_award_code: accredited,
      });
      return typeof c === "string" ? c : c.value;
    };
    expect(cell("BACHELOR", "BACHELOR")).toBe("bachelor's degree");
    expect(cell("BACHELOR", "ASSOCIATE")).toBe(
      // (as HTML: the apostrophe escaped)
      "bachelor&#39;s degree<br><small>not from a regionally accredited institution: counts as associate degree</small>",
    );
    expect(cell("MASTER", null)).toBe(
      "master&#39;s degree<br><small>not from a regionally accredited institution: counts as none</small>",
    );
    // A diploma or a CDA needs no accreditation.
    expect(cell("HS_DIPLOMA_GED", null)).toBe("high school diploma or GED");
    expect(cell("CDA", null)).toBe("CDA");
  });
});

describe("staff-qualifications", () => {
  it("lists every confirmed staff member of P000001 on 2025-06-30 with what they still need", async () => {
    const { csv, html } = await report("staff-qualifications", "P000001", "2025-06-30");
    // CT1 (TEACHER), CT3 (ASSISTANT_TEACHER and AIDE spells), CT5 (through merged CT2). CT6 is not
    // verified and CT8's spell ended 2024-03-31.
    // Sorted by last name: Last3, Nguyễn, O'Brien.
    expect(csv.map((r) => r.registry_id)).toEqual(["CT0000003", "CT0000005", "CT0000001"]);
    const [ct3, ct5, ct1] = csv as [Row, Row, Row];
    expect(ct1).toMatchObject({
      last_name: "O'Brien",
      first_name: "Mary-Kate",
      roles_at_program: "TEACHER",
      is_primary_position_here: "yes",
      // two rooms are called Explorers: the id and age group tell them apart
      room_assignments: "Explorers [R0000001, PRESCHOOL] (DESIGNATED_QSM)",
      is_designated_qsm: "yes",
      highest_award_code: "BACHELOR",
      ece_credits: "0",
      qualification_level_code: "BACHELOR_LEVEL",
      qualification_route_code: "ECE_BACHELOR_OR_HIGHER",
      active_credential_codes: "",
      registry_ladder_level: "12",
      computed_ladder_level: "12",
      qsm_eligible_through_date: "",
      next_ladder_level: "13",
      next_level_needs:
        "Level 13 (Master's + 12 ECE credits): an accredited master's degree and 12 more ECE credits.",
      bachelor_level_gap_code: "QUALIFIED",
      bachelor_level_needs: "Meets it.",
    });
    expect(ct3).toMatchObject({
      roles_at_program: "AIDE, ASSISTANT_TEACHER",
      room_assignments: "Explorers [R0000003, PRESCHOOL] (DESIGNATED_QSM)",
      highest_award_code: "HS_DIPLOMA_GED", // the CDA expired 2023-01-01
      qualification_level_code: "NONE",
      qualification_route_code: "",
      registry_ladder_level: "6",
      computed_ladder_level: "1",
      next_ladder_level: "3",
      next_level_needs: "Level 3 (3 ECE credits): 3 more ECE credits.",
      bachelor_level_gap_code: "NEEDS_DEGREE",
    });
    expect(ct5).toMatchObject({
      last_name: "Nguyễn",
      first_name: SCRIPT_NAME,
      roles_at_program: "TEACHER",
      room_assignments: "Explorers [R0000003, PRESCHOOL] (DESIGNATED_QSM)",
      highest_award_code: "ASSOCIATE",
      ece_credits: "12",
      qualification_level_code: "ASSOCIATE_LEVEL",
      qualification_route_code: "ECE_ASSOCIATE_OR_HIGHER",
      active_credential_codes: "",
      qsm_eligible_through_date: "2025-06-30",
      is_qsm_eligibility_expired: "no",
      registry_ladder_level: "9",
      computed_ladder_level: "10",
      next_ladder_level: "11",
      next_level_needs: "Level 11 (Bachelor's + 12 ECE credits): an accredited bachelor's degree.",
      bachelor_level_gap_code: "NEEDS_DEGREE",
    });
    expect(html).toContain('<time datetime="2025-06-30">2025-06-30</time>');
    expect(html).toContain("Confidential: this report names staff members");
    expect(html).toContain("Read-only from the restricted warehouse build");
    expect(html).toContain("@media print");
  });

  it("counts the same staff, primary positions and QSMs as the marts for the same program and date", async () => {
    for (const [program, asOf] of [
      ["P000001", "2025-06-30"],
      ["P000002", "2025-06-30"],
      ["P000001", "2021-12-31"],
      ["P000003", "2025-09-30"],
    ] as const) {
      const { csv } = await report("staff-qualifications", program, asOf);
      const [primary] = await marts<{ n: number }>(
        "select count(*)::integer as n from marts.fct_workforce_monthly where snapshot_date = $d::date and program_id = $p",
        { d: asOf, p: program },
      );
      // Confirmed staff, independently: verified spells at the program covering D (a verification on or
      // before D whose outcome is VERIFIED is the latest), program open on D, everyone in the workforce.
      const [confirmed] = await marts<{ n: number }>(
        `select count(distinct s.person_id)::integer as n
         from marts.fct_employment_spells s
         join staging.stg_programs p using (program_id)
         join marts.fct_workforce_monthly w on w.person_id = s.person_id and w.snapshot_date = $d::date
         where s.program_id = $p and s.start_date <= $d::date and (s.end_date is null or s.end_date >= $d::date)
           and p.opened_date <= $d::date and (p.closed_date is null or p.closed_date >= $d::date)
           and (select v.outcome_code from staging.stg_verifications v
                where v.record_type_code = 'EMPLOYMENT' and v.record_id = s.employment_id and v.verified_date <= $d::date
                order by v.verified_date desc, v.verification_id desc limit 1) = 'VERIFIED'`,
        { d: asOf, p: program },
      );
      const [qsm] = await marts<{ n: number }>(
        `select count(distinct a.person_id)::integer as n
         from staging.stg_classroom_staffing a join marts.dim_classrooms c using (classroom_id)
         where c.program_id = $p and a.assignment_role_code = 'DESIGNATED_QSM'
           and a.start_date <= $d::date and (a.end_date is null or a.end_date >= $d::date)
           and a.person_id in (select person_id from marts.fct_workforce_monthly where snapshot_date = $d::date)`,
        { d: asOf, p: program },
      );
      const label = `${program} on ${asOf}`;
      expect(csv.length, label).toBe(confirmed!.n);
      expect(csv.filter((r) => r.is_primary_position_here === "yes").length, label).toBe(primary!.n);
      expect(csv.filter((r) => r.is_designated_qsm === "yes").length, label).toBe(qsm!.n);
    }
  });

  it("lists P000001's classrooms on 2025-06-30 with their designated QSMs, rooms without one and the two-QSM defect", async () => {
    // R0000001 (Explorers, PRESCHOOL): CT1. R0000002 (INFANT_TODDLER): no QSM. R0000003 (Explorers,
    // PRESCHOOL): CT3 and CT5 (through CT2, from 2025-01-01) at once. P000001 is state-funded in
    // FY2025, so all three are covered.
    const { html } = await report("staff-qualifications", "P000001", "2025-06-30");
    const rooms = html.slice(
      html.indexOf('<table class="rooms">'),
      html.indexOf("</table>", html.indexOf('<table class="rooms">')),
    );
    const rows = rooms
      .split("<tr>")
      .slice(2)
      .map((r) =>
        r
          .replace(/<[^>]+>/g, "|")
          .replace(/\s*\|[\s|]*/g, "|")
          .trim(),
      );
    expect(rows).toEqual([
      // CT1's ladder placement has no QSM eligibility: the administrator is told so.
      "|Explorers [R0000001, PRESCHOOL]|yes|O&#39;Brien, Mary-Kate (CT0000001)|bachelor-level|The designated QSM is not QSM-eligible in the registry.|",
      expect.stringMatching(
        /^\|Explorers \[R0000003, PRESCHOOL\]\|yes\|Last3, .* \(CT0000003\)\|Nguyễn, .* \(CT0000005\)\|below associate-level\|associate-level\|2 designated QSMs at once: a data defect to report to the registry\.\|$/,
      ),
      "|R0000002 [INFANT_TODDLER]|yes|none|No designated QSM.|",
      // a school-age room needs no QSM and is not covered
      "|R0000004 [SCHOOL_AGE]|no|none|",
    ]);
    expect(html).toContain(
      "<strong>4</strong> classrooms open, <strong>1</strong> infant-toddler, preschool or mixed room without a designated QSM, <strong>1</strong> room with two or more at once",
    );
  });

  it("P000002 on 2025-06-30: its own teacher, and CT3 whose primary position is elsewhere", async () => {
    const { csv, html } = await report("staff-qualifications", "P000002", "2025-06-30");
    expect(csv.map((r) => [r.registry_id, r.roles_at_program, r.is_primary_position_here])).toEqual([
      ["CT0000003", "TEACHER", "no"],
      ["CT0000004", "TEACHER", "yes"],
    ]);
    expect(html).toContain("(primary position elsewhere)");
  });

  it("agrees with fct_qualification_gaps on the latest date for every member", async () => {
    const d = "2025-09-30";
    const staff: Row[] = [];
    for (const p of ["P000001", "P000002"]) {
      staff.push(...(await report("staff-qualifications", p, d)).csv);
    }
    const gaps = await marts<Record<string, unknown>>(
      "select person_id, next_ladder_level, bachelor_level_gap_code, computed_ladder_level from marts.fct_qualification_gaps",
      {},
    );
    expect(gaps.length).toBeGreaterThan(0);
    for (const g of gaps) {
      const mine = staff.find((r) => r.registry_id === g.person_id);
      expect(mine, String(g.person_id)).toBeDefined();
      expect(mine!.next_ladder_level).toBe(g.next_ladder_level === null ? "" : String(g.next_ladder_level));
      expect(mine!.bachelor_level_gap_code).toBe(g.bachelor_level_gap_code);
      expect(mine!.computed_ladder_level).toBe(String(g.computed_ladder_level));
    }
  });

  it("escapes every value: quotes, ampersands and a <script> name print as text", async () => {
    const { html } = await report("staff-qualifications", "P000001", "2025-06-30");
    expect(html).toContain("O&#39;Brien");
    expect(html).toContain("&lt;script&gt;window.__xss=1&lt;/script&gt;");
    expect(html).toContain("Kids &amp; &quot;Co&quot; &lt;Center&gt;");
    expect(html).not.toContain(SCRIPT_NAME);
    expect(html).not.toContain(PROGRAM_NAME);
    expect(html).not.toMatch(/<script/i);
  });

  it("neutralises a formula-like name in the CSV (a spreadsheet would run it) and prints it in the HTML", async () => {
    const { csv, html } = await report("staff-qualifications", "P000003", "2025-06-30");
    expect(csv.map((r) => [r.registry_id, r.first_name])).toEqual([["CT0000007", `'${FORMULA_NAME}`]]);
    expect(html).toContain("=HYPERLINK(&quot;http://example.invalid&quot;,&quot;x&quot;)");
  });
});

describe("naeyc", () => {
  it("P000001 is ready on 2021-12-31 and not on 2023-01-31 (the assistant's CDA expired), as the mart says", async () => {
    for (const [asOf, ready] of [
      ["2021-12-31", true],
      ["2023-01-31", false],
    ] as const) {
      const { csv, html } = await report("naeyc", "P000001", asOf);
      const [m] = await marts<Record<string, number | boolean>>(
        `select teacher_count::integer as teacher_count, qualified_teacher_count::integer as qualified_teacher_count,
                assistant_count::integer as assistant_count, qualified_assistant_count::integer as qualified_assistant_count,
                director_count::integer as director_count, qualified_director_count::integer as qualified_director_count,
                is_naeyc_ready
         from marts.fct_program_naeyc_readiness_monthly where snapshot_date = $d::date and program_id = 'P000001'`,
        { d: asOf },
      );
      const count = (role: string, met?: boolean) =>
        csv.filter((r) => r.role_code === role && (met === undefined || r.meets_role_criterion === "yes"))
          .length;
      expect(count("TEACHER")).toBe(m!.teacher_count);
      expect(count("TEACHER", true)).toBe(m!.qualified_teacher_count);
      expect(count("ASSISTANT_TEACHER")).toBe(m!.assistant_count);
      expect(count("ASSISTANT_TEACHER", true)).toBe(m!.qualified_assistant_count);
      expect(count("DIRECTOR")).toBe(m!.director_count);
      expect(count("DIRECTOR", true)).toBe(m!.qualified_director_count);
      expect(m!.is_naeyc_ready).toBe(ready);
      expect(html).toContain(ready ? ">READY</strong>" : ">NOT READY</strong>");
    }
    const { csv } = await report("naeyc", "P000001", "2021-12-31");
    expect(csv.map((r) => [r.role_code, r.registry_id, r.meets_role_criterion, r.standing])).toEqual([
      [
        "TEACHER",
        "CT0000005",
        "yes",
        "Meets: associate-level qualified (through an accredited ECE associate degree or higher).",
      ],
      [
        "TEACHER",
        "CT0000001",
        "yes",
        "Meets: bachelor-level qualified (through an accredited ECE bachelor's or higher).",
      ],
      ["ASSISTANT_TEACHER", "CT0000003", "yes", "Meets: current CDA."],
      ["DIRECTOR", "CT0000008", "yes", "Meets: bachelor's degree and 9 administration credits."],
    ]);
  });

  it("names the credential a teacher qualifies through, and marks lapsed QSM eligibility", async () => {
    // CT5's associate degree made them associate-level; on 2025-09-30 their bachelor-level ECTC does
    const { csv, html } = await report("naeyc", "P000001", "2025-09-30");
    const ct5 = csv.find((r) => r.registry_id === "CT0000005")!;
    expect(ct5).toMatchObject({
      qualification_level_code: "BACHELOR_LEVEL",
      qualification_route_code: "ECTC_BACHELOR",
      active_credential_codes: "ECTC_BACHELOR",
      standing:
        "Meets: bachelor-level qualified (through an active bachelor-level Early Childhood Teacher Credential).",
    });
    expect(html).toContain("<td>ECTC_BACHELOR</td>");
    const staff = await report("staff-qualifications", "P000001", "2025-09-30");
    expect(staff.csv.find((r) => r.registry_id === "CT0000005")).toMatchObject({
      active_credential_codes: "ECTC_BACHELOR",
      qsm_eligible_through_date: "2025-06-30",
      is_qsm_eligibility_expired: "yes",
    });
    expect(staff.html).toContain('<td class="no">expired 2025-06-30</td>');
  });

  it("a closed program is not assessed (no result), rather than not ready", async () => {
    const [closed] = await marts<{ program_id: string; closed_date: string }>(
      "select program_id, closed_date::varchar as closed_date from staging.stg_programs where closed_date < '2025-09-30' order by 1 limit 1",
      {},
    );
    expect(closed).toBeDefined();
    const { html } = await report("naeyc", closed!.program_id, "2025-09-30");
    expect(html).toContain(">NOT ASSESSED</strong>");
    expect(html).toContain(`(the program is not open on 2025-09-30: closed ${closed!.closed_date})`);
    expect(html).not.toContain("NOT READY");
  });

  it("says why a program not open on the date has no staff: closed, or not yet opened", async () => {
    // P000003 (the family home) closed 2025-08-15, with a verified teacher spell still open;
    // P000002 opened 2015-01-01.
    const closed = await report("staff-qualifications", "P000003", "2025-09-30");
    expect(closed.html).toContain("not open on the as-of date (closed 2025-08-15)");
    expect(closed.html).toContain(
      "No confirmed staff on 2025-09-30: the program was not open on the date (closed 2025-08-15).",
    );
    const early = await report("staff-qualifications", "P000002", "2014-12-31");
    expect(early.html).toContain("not open on the as-of date (opens 2015-01-01)");
    expect(early.html).toContain(
      "No confirmed staff on 2014-12-31: the program was not open on the date (opens 2015-01-01).",
    );
    const open = await report("staff-qualifications", "P000002", "2016-01-31");
    expect(open.html).toContain(
      "No confirmed staff on 2016-01-31: no verified employment at this program covers the date.",
    );
  });

  it("an open program with nobody to assess says why it is not ready", async () => {
    // P000002 opened 2015-01-01; its first staff (CT0000004) started 2016-08-25.
    const { csv, html } = await report("naeyc", "P000002", "2016-01-31");
    expect(html).toContain(">NOT READY</strong> (all three criteria must hold)");
    expect(html).toContain(
      "<li><strong>0</strong> staff assessed (no confirmed staff member&#39;s primary position here is a teacher, assistant teacher or director on 2016-01-31; staff must be in the registry, with verified employment here, to count)</li>",
    );
    expect(csv).toEqual([]);
  });

  it("a family child care home is not assessed: no criteria, no due date, no staff rows", async () => {
    // P000003 is a family child care home (CT7 teaches there): NAEYC does not accredit homes.
    const { csv, html } = await report("naeyc", "P000003", "2025-06-30");
    expect(html).toContain(
      ">NOT ASSESSED</strong> (a family child care home: NAEYC accredits centre- and school-based programs)",
    );
    expect(html).toContain("National Association\nfor Family Child Care (NAFCC)");
    expect(html).not.toContain("NOT READY");
    expect(html).not.toContain("criterion not met");
    expect(html).not.toContain("Official OEC NAEYC Staff Report");
    expect(html).toContain("<li><strong>0</strong> staff assessed</li>");
    expect(csv).toEqual([]);
    const [m] = await marts(
      `select is_naeyc_assessed as assessed, is_naeyc_ready as ready, teacher_count::int as teachers
       from marts.fct_program_naeyc_readiness_monthly where snapshot_date = '2025-06-30' and program_id = 'P000003'`,
      {},
    );
    expect(m).toEqual({ assessed: false, ready: false, teachers: 1 });
  });

  it("a program with teachers only is not ready, and says which criteria fail", async () => {
    const { html } = await report("naeyc", "P000002", "2025-06-30");
    expect(html).toContain(">NOT READY</strong>");
    expect(html).toMatch(/Assistant teachers: <span class="no">criterion not met/);
    expect(html).toContain(
      "The next &ldquo;Official OEC NAEYC Staff Report&rdquo; (which stands in for transcripts at accreditation candidacy and renewal) is due <strong>2025-09-30</strong>",
    );
  });
});

describe("scholarships", () => {
  it("lists the requests of the program's confirmed staff with their status history up to D", async () => {
    // Six requests name P000001. AP4 (CT6: never verified) and AP6 (CT8, after their spell ended on
    // 2024-03-31) are not its staff's; AP5 (CT8 in 2023, a verified director then) is. AP3 was
    // submitted on 2025-08-01, after the first date.
    for (const [asOf, expected] of [
      ["2025-06-30", ["AP00000001", "AP00000002", "AP00000005"]],
      ["2025-09-30", ["AP00000001", "AP00000002", "AP00000003", "AP00000005"]],
    ] as const) {
      const { csv } = await report("scholarships", "P000001", asOf);
      expect([...new Set(csv.map((r) => r.application_id))].sort()).toEqual(expected);
      const [m] = await marts<{ n: number }>(
        `select count(*)::integer as n from marts.fct_applications
         where program_id = 'P000001' and application_type_code = 'SCHOLARSHIP' and submitted_date <= $d::date`,
        { d: asOf },
      );
      expect(m!.n).toBe(expected.length + 2);
    }
    const { csv, html } = await report("scholarships", "P000001", "2025-09-30");
    const statuses = new Map(csv.map((r) => [r.application_id, r.status_on_as_of_code]));
    expect(Object.fromEntries(statuses)).toEqual({
      AP00000001: "PAID",
      AP00000002: "APPROVED",
      AP00000003: "UNDER_REVIEW",
      AP00000005: "SUBMITTED",
    });
    expect(
      csv.filter((r) => r.application_id === "AP00000002").map((r) => r.application_status_code),
    ).toEqual(["SUBMITTED", "DENIED", "APPEALED", "APPEAL_UPHELD", "APPROVED"]);
    expect(
      csv.find((r) => r.application_status_code === "APPROVED" && r.application_id === "AP00000001")
        ?.amount_usd,
    ).toBe("1500.00");
    expect(html).toContain("$1,500.00");
    expect(html).toContain("FUNDS_EXHAUSTED");
  });
});

describe("the report command", () => {
  it("--all writes one HTML and one CSV per program open on D, in <data-dir>/reports", async () => {
    const r = await runReports({ dataDir, kind: "naeyc", all: true, asOf: "2025-06-30" });
    expect(r.programs).toBe(3);
    expect(readdirSync(join(dataDir, "reports", "2025-06-30", "naeyc")).sort()).toEqual(
      expect.arrayContaining([
        "P000001.csv",
        "P000001.html",
        "P000002.csv",
        "P000002.html",
        "P000003.csv",
        "P000003.html",
      ]),
    );
    const index = readFileSync(join(dataDir, "reports", "2025-06-30", "naeyc", "index.html"), "utf8");
    expect(index).toContain('<a href="./P000002.html">P000002</a>');
    expect(index).toContain("Kids &amp; &quot;Co&quot; &lt;Center&gt;");
    expect(index).toContain("NOT READY: 1 staff assessed");
    // P000003 closed on 2025-08-15: not in --all on 2025-09-30.
    const later = await runReports({ dataDir, kind: "staff-qualifications", all: true, asOf: "2025-09-30" });
    expect(later.programs).toBe(2);
  });

  it("gives a clear message and the right exit code for a bad or unknown program, and says it reads read-only", () => {
    const ok = workforce(["--data-dir", dataDir, "report", "staff-qualifications", "--program", "P000001"]);
    expect(ok.code).toBe(0);
    expect(ok.err).toContain("Read-only from the restricted warehouse build");
    expect(ok.out).toContain(join(dataDir, "reports", "2025-09-30", "staff-qualifications", "P000001.html"));
    // The headline says how many staff the report lists (an empty CSV is not left unexplained).
    expect(ok.out).toMatch(
      /^staff-qualifications report as of 2025-09-30 \(\d+ confirmed staff, \d+ designated QSM, \d+ bachelor-level qualified\):/,
    );

    const unknown = workforce(["--data-dir", dataDir, "report", "naeyc", "--program", "P000004"]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain(
      "program P000004 is not in the warehouse; did you mean P000003, P000002, P000001?",
    );
    expect(unknown.err).toContain("this build has 3 programs, P000001 to P000003");

    const malformed = workforce(["--data-dir", dataDir, "report", "naeyc", "--program", "p12"]);
    expect(malformed.code).toBe(2);
    expect(malformed.err).toContain(
      '--program "p12" is not a program id: P followed by 6 digits (did you mean P000012?)',
    );

    const neither = workforce(["--data-dir", dataDir, "report", "naeyc"]);
    expect(neither.code).toBe(2);
    expect(neither.err).toContain("give --program P000123 or --all");
    const both = workforce(["--data-dir", dataDir, "report", "naeyc", "--program", "P000001", "--all"]);
    expect(both.code).toBe(2);
    const kind = workforce(["--data-dir", dataDir, "report", "staff", "--all"]);
    expect(kind.code).toBe(2);
    expect(kind.err).toContain("staff-qualifications, naeyc, scholarships");
    const date = workforce(["--data-dir", dataDir, "report", "naeyc", "--all", "--as-of", "2025-06-15"]);
    expect(date.code).toBe(2);
    expect(date.err).toContain("2025-06-15 is not a snapshot date of the build");
    // what to type instead: the range, the latest, and the nearest snapshot date before
    expect(date.err).toMatch(
      /use a month end from 2012-01-31 or an extract's as-of date, up to the latest, \d{4}-\d{2}-\d{2}; the nearest before it: 2025-05-31 \(the latest is the default\)/,
    );
  }, 60_000);
});

describe("the reports never reach the public site", () => {
  it("refuses a data directory whose reports folder is inside the site's source or output", async () => {
    for (const site of SITE_FOLDERS) {
      const inside = join(site, "wf-report-test-data");
      await expect(runReports({ dataDir: inside, kind: "naeyc", all: true })).rejects.toThrow(
        /inside .* which the public site is built from or into/,
      );
      expect(existsSync(inside)).toBe(false);
    }
    const cli = workforce([
      "--data-dir",
      join(repoRoot, "dashboards", "src", "x"),
      "report",
      "naeyc",
      "--all",
    ]);
    expect(cli.code).toBe(2);
  });

  it("refuses a reports folder linked into the data directory's published zone, and a dangling link, before writing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wf-report-links-"));
    try {
      mkdirSync(join(dir, "published", "site"), { recursive: true });
      symlinkSync(join(dir, "published", "site"), join(dir, "reports"));
      await expect(runReports({ dataDir: dir, kind: "naeyc", all: true })).rejects.toThrow(
        /the reports folder .*reports is inside .*published, which the public site is .*published from/,
      );
      expect(readdirSync(join(dir, "published", "site"))).toEqual([]);
      rmSync(join(dir, "reports"));
      symlinkSync(join(dir, "nowhere"), join(dir, "reports"));
      const err = await runReports({ dataDir: dir, kind: "naeyc", all: true }).catch((e: unknown) => e);
      expect(err).toMatchObject({ exitCode: 2 });
      expect((err as Error).message).toContain(
        `the reports folder ${join(dir, "reports")} is a link to ${join(dir, "nowhere")}, which does not exist: create that folder or remove the link`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("no file of a built dist/ (when there is one) is a report or carries report content", () => {
    const dist = join(repoRoot, "dist");
    if (!existsSync(dist)) return;
    const files = readdirSync(dist, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    for (const f of files) {
      const path = join(f.parentPath, f.name);
      expect(path).not.toMatch(/[/\\]reports[/\\]/);
      if (/\.(html|csv|json|js|md)$/.test(f.name)) {
        const text = readFileSync(path, "utf8");
        expect(text.includes("data-restricted-report"), path).toBe(false);
        expect(text.includes("Confidential: this report names staff members"), path).toBe(false);
      }
    }
  });
});

describe.skipIf(!hasChromium)("in headless Chromium", () => {
  let context: BrowserContext;
  let userDataDir: string;

  beforeAll(async () => {
    userDataDir = await mkdtemp(join(tmpdir(), "wf-reports-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    mkdirSync(screenshotDir, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  });

  it("renders each report without a script running or a request leaving the file, and prints", async () => {
    const cases = [
      ["staff-qualifications", "P000001", "2025-06-30"],
      ["naeyc", "P000001", "2021-12-31"],
      ["scholarships", "P000001", "2025-09-30"],
    ] as const;
    for (const [kind, program, asOf] of cases) {
      const { htmlPath, csv } = await report(kind, program, asOf);
      const page = await context.newPage();
      const requests: string[] = [];
      const errors: string[] = [];
      page.on("request", (r) => {
        if (!r.url().startsWith("file://")) requests.push(r.url());
      });
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("dialog", (d) => {
        errors.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      await page.goto(`file://${htmlPath}`);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
      expect(await page.locator(".notice").textContent()).toContain("Confidential");
      expect(await page.locator("time").getAttribute("datetime")).toBe(asOf);
      expect(await page.locator("h1").textContent()).not.toBe("");
      expect(await page.locator(".report-head .meta").first().textContent()).toContain(PROGRAM_NAME);
      if (kind === "staff-qualifications") {
        expect(await page.locator("table.staff tbody tr").count()).toBe(csv.length);
        expect(await page.locator("table.staff tbody").textContent()).toContain(SCRIPT_NAME);
        expect(await page.locator("table.staff tbody").textContent()).toContain("O'Brien, Mary-Kate");
        expect(await page.locator("table.rooms tbody tr").count()).toBe(4);
      }
      await page.screenshot({ path: join(screenshotDir, `${kind}-${program}-${asOf}.png`), fullPage: true });
      await page.emulateMedia({ media: "print" });
      await page.screenshot({
        path: join(screenshotDir, `${kind}-${program}-${asOf}-print.png`),
        fullPage: true,
      });
      const pdf = await page.pdf({ preferCSSPageSize: true });
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 120_000);
});
