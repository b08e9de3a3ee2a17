/**
 * The cost of closing the wage gap, on the hand-checked fixture (test/transforms/fixture.ts).
 *
 * The active workforce on 2025-06-30 (primary positions, pay records in force; FY2025):
 *   person     role               level            program (town, region, setting, FY2025 funding)     wage/h        hours weeks
 *   CT0000001  TEACHER            BACHELOR_LEVEL   P1 (Hartford, Capitol, COMMUNITY, SR + C4K)          25.00 (HOUR)   40   52
 *   CT0000003  ASSISTANT_TEACHER  NONE             P1                                                  1500 x 12 / (20 x 52) = 17.307692 (MONTH)  20  52
 *   CT0000004  TEACHER            ASSOCIATE_LEVEL  P2 (Bristol, Naugatuck Valley, PUBLIC_SCHOOL, C4K)  48000 / (40 x 40) = 30.00 (YEAR)  40  40
 *   CT0000005  TEACHER            ASSOCIATE_LEVEL  P1                                                  800 / 40 = 20.00 (WEEK)  40  52
 *   CT0000007  TEACHER            NONE             P3 (Norwich, Southeastern, FAMILY_CHILD_CARE, none)  15.00 (HOUR)   50   52
 *
 * Target TARGET_CSV (the most specific row applies: an exact role before *, then an exact level):
 *   TEACHER,BACHELOR_LEVEL -> 0.75 of the K-12 benchmark $41.16 = 30.87;  TEACHER,* -> 22.50;
 *   ASSISTANT_TEACHER,* -> 19.10 (beats *,NONE 21.00: the exact role wins);  *,NONE -> 21.00;  *,* -> 18.00.
 * Per person, max(0, target - wage) x hours x weeks:
 *   CT1: (30.87 - 25.00) x 40 x 52 = 5.87 x 2080 = 12,209.60
 *   CT3: (19.10 - 17.307692) x 20 x 52 = 19.10 x 1040 - 1500 x 12 = 19,864.00 - 18,000.00 = 1,864.00
 *   CT4: 22.50 < 30.00: 0 (at or above target)
 *   CT5: (22.50 - 20.00) x 40 x 52 = 2.50 x 2080 = 5,200.00
 *   CT7: (22.50 - 15.00) x 50 x 52 = 7.50 x 2600 = 19,500.00 (TEACHER,* beats *,NONE)
 * Total: 5 in the workforce, 5 costed, 4 below target, 12,209.60 + 1,864.00 + 5,200.00 + 19,500.00 = 38,773.60.
 * Capitol: 3 below, 19,273.60; Naugatuck Valley: 0 below of 1, 0.00; Southeastern: 1 below, 19,500.00.
 * COMMUNITY 3 below 19,273.60; PUBLIC_SCHOOL 0 of 1; FAMILY_CHILD_CARE 1 below 19,500.00.
 * Funding (overlapping): C4K 4 people (P1, P2), 3 below, 19,273.60; SR 3, 3 below, 19,273.60; NONE 1, 19,500.00.
 * Mean hourly gap of those below: (5.87 + 1.792308 + 2.50 + 7.50) / 4 = 4.4156 -> 4.42.
 *
 * Preset HOURLY_FLOOR on the latest date 2025-09-30 (P3 closed on 2025-08-15, so CT7 is gone):
 *   CT1 (*,BACHELOR_LEVEL 28.00): 3.00 x 2080 = 6,240.00;  CT3 (*,NONE 20.00): 20,800 - 18,000 = 2,800.00;
 *   CT4 (*,ASSOCIATE_LEVEL 24.00 < 30.00): 0;  CT5 (24.00): 4.00 x 2080 = 8,320.00.  Total 3 below, 17,360.00.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CostRow, readTargetFile, runCost } from "../../warehouse/cost.ts";
import { WorkforceError } from "../../warehouse/errors.ts";
import { openBuild, tempDir } from "../transforms/helpers.ts";
import { buildReportFixture, workforce } from "./helpers.ts";

const TARGET_CSV = `role_code,qualification_level_code,target_hourly_wage_usd,k12_parity_pct
TEACHER,BACHELOR_LEVEL,,0.75
TEACHER,*,22.50,
ASSISTANT_TEACHER,*,19.10,
*,NONE,21.00,
*,*,18.00,
`;

let dataDir: string;
let files: string;

beforeAll(async () => {
  dataDir = await buildReportFixture(undefined, "wf-cost-");
  files = tempDir("wf-cost-targets-");
  writeFileSync(join(files, "target.csv"), TARGET_CSV);
}, 180_000);

afterAll(() => {
  for (const d of [dataDir, files]) if (d) rmSync(d, { recursive: true, force: true });
});

function pick(list: CostRow[], group: string): Partial<CostRow> {
  const r = list.find((x) => x.group_code === group);
  if (!r) throw new Error(`no group ${group} in ${JSON.stringify(list.map((x) => x.group_code))}`);
  const { workforce_count, costed_count, below_target_count, annual_cost_usd } = r;
  return { workforce_count, costed_count, below_target_count, annual_cost_usd };
}

describe("workforce cost, hand-checked", () => {
  it("prices the gap to the cent, per person, by region, setting and funding source", async () => {
    const r = await runCost({ dataDir, target: join(files, "target.csv"), asOf: "2025-06-30" });
    expect(
      r.target.rows.find((x) => x.role_code === "TEACHER" && x.qualification_level_code === "BACHELOR_LEVEL"),
    ).toMatchObject({ k12_parity_pct: 0.75, resolved_hourly_wage_usd: 30.87 });
    expect(r.totals).toEqual({
      dimension_code: "ALL",
      group_code: "ALL",
      workforce_count: 5,
      costed_count: 5,
      no_pay_record_count: 0,
      no_target_count: 0,
      below_target_count: 4,
      annual_cost_usd: 38_773.6,
      mean_hourly_gap_usd: 4.42,
    });
    expect(r.by_planning_region.map((x) => x.group_code)).toEqual([
      "Capitol Planning Region",
      "Naugatuck Valley Planning Region",
      "Southeastern Connecticut Planning Region",
    ]);
    expect(pick(r.by_planning_region, "Capitol Planning Region")).toEqual({
      workforce_count: 3,
      costed_count: 3,
      below_target_count: 3,
      annual_cost_usd: 19_273.6,
    });
    expect(pick(r.by_planning_region, "Naugatuck Valley Planning Region")).toEqual({
      workforce_count: 1,
      costed_count: 1,
      below_target_count: 0,
      annual_cost_usd: 0,
    });
    expect(pick(r.by_planning_region, "Southeastern Connecticut Planning Region")).toEqual({
      workforce_count: 1,
      costed_count: 1,
      below_target_count: 1,
      annual_cost_usd: 19_500,
    });
    expect(pick(r.by_setting, "COMMUNITY")).toMatchObject({
      below_target_count: 3,
      annual_cost_usd: 19_273.6,
    });
    expect(pick(r.by_setting, "PUBLIC_SCHOOL")).toMatchObject({ workforce_count: 1, below_target_count: 0 });
    expect(pick(r.by_setting, "FAMILY_CHILD_CARE")).toMatchObject({
      below_target_count: 1,
      annual_cost_usd: 19_500,
    });
    expect(r.by_funding_source.map((x) => x.group_code)).toEqual(["C4K", "NONE", "SR"]);
    expect(pick(r.by_funding_source, "C4K")).toEqual({
      workforce_count: 4,
      costed_count: 4,
      below_target_count: 3,
      annual_cost_usd: 19_273.6,
    });
    expect(pick(r.by_funding_source, "SR")).toMatchObject({ workforce_count: 3, annual_cost_usd: 19_273.6 });
    expect(pick(r.by_funding_source, "NONE")).toMatchObject({ workforce_count: 1, annual_cost_usd: 19_500 });
    expect(r.assumptions.join("\n")).toContain("hours_per_week x weeks_per_year");
  });

  it("a JSON schedule gives the same answer as the CSV one", async () => {
    const rows = parse(TARGET_CSV, { columns: true }) as Record<string, string>[];
    writeFileSync(
      join(files, "target.json"),
      JSON.stringify({
        description: "the same schedule",
        rows: rows.map((r) => ({
          role_code: r.role_code,
          qualification_level_code: r.qualification_level_code,
          target_hourly_wage_usd: r.target_hourly_wage_usd ? Number(r.target_hourly_wage_usd) : null,
          k12_parity_pct: r.k12_parity_pct ? Number(r.k12_parity_pct) : null,
        })),
      }),
    );
    const a = await runCost({ dataDir, target: join(files, "target.csv"), asOf: "2025-06-30" });
    const b = await runCost({ dataDir, target: join(files, "target.json"), asOf: "2025-06-30" });
    expect(b.totals).toEqual(a.totals);
    expect(b.by_funding_source).toEqual(a.by_funding_source);
    expect(b.target.description).toBe("the same schedule");
  });

  it("the HOURLY_FLOOR preset on the latest date equals the preset mart, and the public table withholds small cells", async () => {
    const r = await runCost({ dataDir, target: "hourly-floor" });
    expect(r.as_of).toBe("2025-09-30");
    expect(r.totals).toMatchObject({ workforce_count: 4, below_target_count: 3, annual_cost_usd: 17_360 });
    const db = await openBuild(dataDir);
    try {
      const people = await db.rows(
        `select person_id, target_hourly_wage_usd, annual_cost_usd::double as annual_cost_usd, cost_status_code
         from marts.fct_wage_gap_preset_costs where preset_code = 'HOURLY_FLOOR' order by person_id`,
      );
      expect(people).toEqual([
        {
          person_id: "CT0000001",
          target_hourly_wage_usd: 28,
          annual_cost_usd: 6240,
          cost_status_code: "BELOW_TARGET",
        },
        {
          person_id: "CT0000003",
          target_hourly_wage_usd: 20,
          annual_cost_usd: 2800,
          cost_status_code: "BELOW_TARGET",
        },
        {
          person_id: "CT0000004",
          target_hourly_wage_usd: 24,
          annual_cost_usd: 0,
          cost_status_code: "AT_OR_ABOVE_TARGET",
        },
        {
          person_id: "CT0000005",
          target_hourly_wage_usd: 24,
          annual_cost_usd: 8320,
          cost_status_code: "BELOW_TARGET",
        },
      ]);
      const published = await db.rows(
        `select planning_region_name, setting_code, people_below_target_count, people_below_target_count_suppression_reason_code as reason,
                annual_cost_usd, annual_cost_usd_suppression_reason_code as cost_reason
         from reporting.rpt_wage_gap_cost_by_region_setting
         where preset_code = 'HOURLY_FLOOR' and planning_region_name = 'ALL' and setting_code = 'ALL'`,
      );
      // 3 people is too few to publish: the count and its cost are withheld together.
      expect(published).toEqual([
        {
          planning_region_name: "ALL",
          setting_code: "ALL",
          people_below_target_count: null,
          reason: "too_few",
          annual_cost_usd: null,
          cost_reason: "too_few",
        },
      ]);
      const leaks = await db.rows(
        `select count(*)::integer as n from reporting.rpt_wage_gap_cost_by_region_setting
         where (annual_cost_usd is null) <> (people_below_target_count is null)
            or people_below_target_count between 1 and 9`,
      );
      expect(leaks).toEqual([{ n: 0 }]);
      const schedule = await db.rows(
        `select role_code, qualification_level_code, target_hourly_wage_usd from reporting.rpt_wage_gap_cost_targets_by_preset
         where preset_code = 'K12_PARITY' order by target_hourly_wage_usd`,
      );
      expect(schedule).toEqual([
        { role_code: "*", qualification_level_code: "NONE", target_hourly_wage_usd: 24.7 },
        { role_code: "*", qualification_level_code: "ASSOCIATE_LEVEL", target_hourly_wage_usd: 32.93 },
        { role_code: "*", qualification_level_code: "BACHELOR_LEVEL", target_hourly_wage_usd: 41.16 },
      ]);
    } finally {
      db.close();
    }
  });

  it("both presets from the command equal the sums of the preset mart on the latest date", async () => {
    const db = await openBuild(dataDir);
    try {
      for (const preset of ["HOURLY_FLOOR", "K12_PARITY"]) {
        const [m] = await db.rows(
          `select count(*) filter (where cost_status_code = 'BELOW_TARGET')::integer as below,
                  sum(annual_cost_usd)::double as cost
           from marts.fct_wage_gap_preset_costs where preset_code = $p`,
          { p: preset },
        );
        const r = await runCost({ dataDir, target: preset });
        expect({ below: r.totals.below_target_count, cost: r.totals.annual_cost_usd }, preset).toEqual(m);
      }
    } finally {
      db.close();
    }
  });
});

describe("target files are validated with precise messages", () => {
  function problems(name: string, text: string): string {
    const path = join(files, name);
    writeFileSync(path, text);
    try {
      readTargetFile(path);
    } catch (e) {
      expect(e).toBeInstanceOf(WorkforceError);
      return (e as WorkforceError).message;
    }
    throw new Error(`${name} was accepted`);
  }

  it("names the file, row, line, column, value and rule of every bad cell", () => {
    const msg = problems(
      "bad.csv",
      `role_code,qualification_level_code,target_hourly_wage_usd,k12_parity_pct
TEACHERS,*,22.50,
TEACHER,BACHELOR,,80
*,NONE,$21.00,
*,*,20,0.5
*,ASSOCIATE_LEVEL,,
*,NONE,19,
`,
    );
    expect(msg).toContain("bad.csv: 6 problems:");
    expect(msg).toContain(
      'row 1 (line 2), column role_code, value "TEACHERS": must be a role code (TEACHER, ',
    );
    expect(msg).toContain(
      'row 2 (line 3), column qualification_level_code, value "BACHELOR": must be a qualification level (BACHELOR_LEVEL, ASSOCIATE_LEVEL, NONE) or * for any level',
    );
    expect(msg).toContain(
      'row 2 (line 3), column k12_parity_pct, value "80": must be a fraction from 0 to 1 (0.8 = 80% of the K-12 benchmark)',
    );
    expect(msg).toContain(
      'row 3 (line 4), column target_hourly_wage_usd, value "$21.00": must be a plain decimal such as 22.50 (no $, % or thousands separator)',
    );
    expect(msg).toContain(
      'row 4 (line 5), column target_hourly_wage_usd, value "20": give target_hourly_wage_usd or k12_parity_pct, not both',
    );
    expect(msg).toContain(
      'row 5 (line 6), column target_hourly_wage_usd, value "": give target_hourly_wage_usd or k12_parity_pct (one of them)',
    );
    // Row 6 would repeat row 3's key, but row 3 was invalid: only valid rows are compared.
    expect(
      problems(
        "dup.csv",
        "role_code,qualification_level_code,target_hourly_wage_usd\n*,NONE,19\nAIDE,*,18\n*,NONE,20\n",
      ),
    ).toBe("dup.csv: row 3 (line 4): repeats role_code * x qualification_level_code NONE of row 1 (line 2)");
  });

  it("checks the header, the JSON shape and the extension", () => {
    expect(problems("h.csv", "role,qualification_level_code,hourly\nTEACHER,*,20\n")).toBe(
      "h.csv: 4 problems:\n  header: column role_code is missing (the header has role, qualification_level_code, hourly)\n" +
        "  header: unknown column role (expected role_code, qualification_level_code, target_hourly_wage_usd, k12_parity_pct)\n" +
        "  header: unknown column hourly (expected role_code, qualification_level_code, target_hourly_wage_usd, k12_parity_pct)\n" +
        "  header: needs a target_hourly_wage_usd or a k12_parity_pct column",
    );
    expect(problems("empty.csv", "role_code,qualification_level_code,target_hourly_wage_usd\n")).toBe(
      "empty.csv: the schedule has no rows",
    );
    expect(problems("x.json", "{ not json")).toMatch(/^x\.json: not valid JSON: /);
    expect(problems("y.json", '{"rows": "no"}')).toContain(
      'y.json: expected an array of rows, or an object {"description"',
    );
    expect(
      problems(
        "z.json",
        '[{"role_code": "AIDE", "qualification_level_code": "*", "target_hourly_wage_usd": -1, "hours": 3}]',
      ),
    ).toBe(
      "z.json: 2 problems:\n  rows[0], column target_hourly_wage_usd, value -1: must be more than 0\n" +
        "  rows[0], column hours: unknown column (expected role_code, qualification_level_code, target_hourly_wage_usd, k12_parity_pct)",
    );
  });

  it("the command exits 2 with the message, and writes CSV and JSON to --output", () => {
    writeFileSync(
      join(files, "one.csv"),
      "role_code,qualification_level_code,k12_parity_pct\nTEACHER,*,1.5\n",
    );
    const bad = workforce(["--data-dir", dataDir, "cost", "--target", join(files, "one.csv")]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(
      'error target_invalid: one.csv: row 1 (line 2), column k12_parity_pct, value "1.5": must be a fraction from 0 to 1',
    );
    const unknown = workforce(["--data-dir", dataDir, "cost", "--target", "PARITY"]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain(
      "--target PARITY is neither a preset (HOURLY_FLOOR, K12_PARITY) nor an existing .csv or .json file",
    );
    const out = join(files, "cost.csv");
    const csv = workforce([
      "--data-dir",
      dataDir,
      "cost",
      "--target",
      join(files, "target.csv"),
      "--as-of",
      "2025-06-30",
      "--output",
      out,
    ]);
    // No --format: the .csv extension chooses CSV.
    expect(csv.code).toBe(0);
    expect(csv.err).toContain("Assumptions (target.csv, 2025-06-30):");
    expect(csv.err).toContain(`Wrote ${out} (csv).`);
    const rows = parse(readFileSync(out, "utf8"), { columns: true }) as Record<string, string>[];
    expect(rows[0]).toMatchObject({
      dimension_code: "ALL",
      below_target_count: "4",
      annual_cost_usd: "38773.60",
    });
    const outJson = join(files, "cost.json");
    const toJson = workforce(["--data-dir", dataDir, "cost", "--target", "K12_PARITY", "--output", outJson]);
    expect(toJson.code).toBe(0);
    expect(JSON.parse(readFileSync(outJson, "utf8")).target.name).toBe("K12_PARITY");
    // --format wins over the extension.
    const asTable = join(files, "table.csv");
    expect(
      workforce([
        "--data-dir",
        dataDir,
        "cost",
        "--target",
        "K12_PARITY",
        "--format",
        "table",
        "--output",
        asTable,
      ]).code,
    ).toBe(0);
    expect(readFileSync(asTable, "utf8")).toMatch(/^Cost of closing the wage gap on /);
    const nowhere = join(files, "no-such-folder", "cost.csv");
    const unwritable = workforce([
      "--data-dir",
      dataDir,
      "cost",
      "--target",
      "K12_PARITY",
      "--output",
      nowhere,
    ]);
    expect(unwritable.code).toBe(2);
    expect(unwritable.err).toContain(
      `error output_unwritable: cannot write ${nowhere}: its folder does not exist`,
    );
    expect(unwritable.err).not.toContain("unexpected error");
    const json = workforce(["--data-dir", dataDir, "cost", "--target", "K12_PARITY", "--format", "json"]);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.out);
    expect(parsed.target.name).toBe("K12_PARITY");
    expect(parsed.k12_benchmark).toEqual({
      benchmark_code: "CT_KINDERGARTEN_TEACHER_MEAN_ANNUAL_2023",
      hourly_wage_usd: 41.16,
      annual_wage_usd: 85_610,
    });
    const table = workforce(["--data-dir", dataDir, "cost", "--target", "HOURLY_FLOOR"]);
    expect(table.code).toBe(0);
    expect(table.out).toContain(
      "Total: 4 people in the workforce, 4 costed, 3 below target; annual cost $17,360.00.",
    );
    expect(table.out).toContain("Assumptions:");
  }, 60_000);
});

describe("the public page's data", () => {
  it("the wage-gap-cost loader exports both presets by region and setting, with no small count and no cost without its count", async () => {
    const repoRoot = join(import.meta.dirname, "..", "..");
    const run = spawnSync(
      join(repoRoot, "node_modules", ".bin", "tsx"),
      [join(repoRoot, "dashboards", "src", "data", "wage-gap-cost.zip.ts")],
      { env: { ...process.env, WORKFORCE_DATA_DIR: dataDir }, maxBuffer: 64 * 1024 * 1024 },
    );
    expect(run.stderr.toString()).toBe("");
    expect(run.status).toBe(0);
    const zip = await JSZip.loadAsync(run.stdout);
    expect(Object.keys(zip.files).sort()).toEqual(["meta.json", "wage_gap_cost.csv", "wage_targets.csv"]);
    const csv = (name: string) =>
      zip
        .file(name)!
        .async("string")
        .then((t) => parse(t, { columns: true, bom: true }) as Record<string, string>[]);
    const cost = await csv("wage_gap_cost.csv");
    // 2 presets x (9 planning regions + ALL) x (3 settings + ALL).
    expect(cost).toHaveLength(80);
    for (const r of cost) {
      const n = r.people_below_target_count;
      expect(n === "" || n === "0" || Number(n) >= 10, JSON.stringify(r)).toBe(true);
      expect(r.annual_cost_usd === "", JSON.stringify(r)).toBe(n === "");
    }
    // The fixture has 3 people below the floor on 2025-09-30 (and 3 below parity): too few to publish.
    const floor = cost.find(
      (r) => r.preset_code === "HOURLY_FLOOR" && r.planning_region_fips === "ALL" && r.setting_code === "ALL",
    );
    expect(floor).toMatchObject({
      snapshot_date: "2025-09-30",
      people_below_target_count: "",
      people_below_target_count_suppression_reason_code: "too_few",
      annual_cost_usd: "",
      annual_cost_usd_suppression_reason_code: "too_few",
    });
    expect(
      (await csv("wage_targets.csv")).map((r) => [r.preset_code, r.role_code, r.qualification_level_code]),
    ).toEqual([
      ["HOURLY_FLOOR", "*", "NONE"],
      ["HOURLY_FLOOR", "*", "ASSOCIATE_LEVEL"],
      ["HOURLY_FLOOR", "*", "BACHELOR_LEVEL"],
      ["HOURLY_FLOOR", "DIRECTOR", "*"],
      ["K12_PARITY", "*", "NONE"],
      ["K12_PARITY", "*", "ASSOCIATE_LEVEL"],
      ["K12_PARITY", "*", "BACHELOR_LEVEL"],
    ]);
    const meta = JSON.parse(await zip.file("meta.json")!.async("string"));
    expect(meta.tables.wage_gap_cost.table).toBe("rpt_wage_gap_cost_by_region_setting");
  }, 60_000);
});
