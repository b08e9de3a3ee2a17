/**
 * The SQL macros of the publishing rules (transforms/macros.ts): their values against metrics.md
 * ("Publishing rules") worked by hand with k = 10, a share multiple of 2, 3 programs and 80%; the
 * models calling them instead of writing the rules out again; and a macro's SQL in the definition
 * of exactly the models calling it.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { definitionInputs } from "../../transforms/build.ts";
import { defineMacros, MACROS, macroStatement, macrosUsedBy } from "../../transforms/macros.ts";
import { loadProject, type Project } from "../../transforms/project.ts";

let instance: DuckDBInstance;
let project: Project;

beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:");
  await defineMacros(await instance.connect());
  project = await loadProject();
});

afterAll(() => instance.closeSync());

/** Each expression's value (true, false or null), in order. */
async function values(expressions: string[]): Promise<(boolean | null)[]> {
  const con = await instance.connect();
  const row = (
    await con.runAndReadAll(`select ${expressions.map((e, i) => `${e} as v${i}`).join(", ")}`)
  ).getRows()[0]!;
  return row as (boolean | null)[];
}

describe("the publishing rules as macros (k = 10)", () => {
  it("too_few_count: 1 to 9 are too few; 0 and 10 are shown; null stays unknown", async () => {
    expect(await values([0, 1, 9, 10, 250, "null"].map((n) => `too_few_count(${n}, 10)`))).toEqual([
      false,
      true,
      true,
      false,
      false,
      null,
    ]);
  });

  it("too_few_share: a denominator under 20, or a numerator or complement from 1 to 9", async () => {
    const cases: [string, string, boolean | null][] = [
      ["10", "20", false], // 50%: denominator 2k, numerator and complement 10
      ["10", "19", true], // denominator under 2k
      ["0", "20", false], // a zero numerator is shown (complement 20)
      ["20", "20", false], // a zero complement is shown
      ["9", "40", true], // numerator 9
      ["31", "40", true], // complement 9
      ["30", "40", false],
      ["0", "0", true], // no data: under 2k (callers test a zero denominator first)
      ["null", "40", null], // unknown numerator: unknown
      ["5", "null", true], // a numerator of 5 is too few whatever the denominator
    ];
    expect(await values(cases.map(([n, d]) => `too_few_share(${n}, ${d}, 10, 2)`))).toEqual(
      cases.map((c) => c[2]),
    );
  });

  it("too_few_wage: under 10 people, under 3 programs, or one program over 80% of the people", async () => {
    const cases: [number, number, number, boolean][] = [
      [10, 3, 8, false], // 8 of 10 = 80%: not over
      [10, 3, 9, true], // 90% at one program
      [9, 3, 3, true], // 9 people
      [10, 2, 5, true], // 2 programs
      [100, 3, 80, false],
      [100, 3, 81, true],
    ];
    expect(await values(cases.map(([p, n, top]) => `too_few_wage(${p}, ${n}, ${top}, 10, 3, 0.8)`))).toEqual(
      cases.map((c) => c[3]),
    );
  });
});

describe("the models use the macros", () => {
  it("no model writes the count, share or wage rule out again", () => {
    const inline = [
      /between\s+1\s+and\s+[\w.]*(min_cell_count|\bk)\s*-\s*1/i,
      /min_share_denominator_multiple\s*\*/i,
      /\*\s*[\w.]*min_share_denominator_multiple/i,
      /max_wage_program_share_pct\s*\*/i,
    ];
    const offenders = [...project.models.values()]
      .filter((m) => inline.some((re) => re.test(m.sql)))
      .map((m) => m.name);
    expect(offenders).toEqual([]);
  });

  it("the reporting tables with shares or wage statistics call them", () => {
    const callers = (name: string) =>
      [...project.models.values()]
        .filter((m) => macrosUsedBy(m.sql).some((mac) => mac.name === name))
        .map((m) => m.name)
        .sort();
    expect(callers("too_few_wage")).toEqual([
      "reporting.rpt_wages_by_award_setting",
      "reporting.rpt_wages_by_planning_region_setting",
      "reporting.rpt_wages_by_role_setting",
    ]);
    expect(callers("too_few_share")).toEqual([
      "reporting.rpt_application_denials_by_fiscal_year_reason",
      "reporting.rpt_applications_by_fiscal_year_type",
      "reporting.rpt_benefits_by_role",
      "reporting.rpt_education_verification_by_award_level",
      "reporting.rpt_goal_share_by_funding_source",
      "reporting.rpt_goal_share_by_planning_region",
      "reporting.rpt_goal_share_by_region",
      "reporting.rpt_head_start_goal_by_setting",
      "reporting.rpt_naeyc_readiness_by_setting_region",
      "reporting.rpt_scholarships_by_fiscal_year",
      "reporting.rpt_turnover_by_fiscal_year_role",
      "reporting.rpt_turnover_by_fiscal_year_setting",
      "reporting.rpt_workforce_profile_by_role",
      "reporting.rpt_workforce_profile_by_setting",
    ]);
    // Through too_few_share, and directly: the suppression of every count cell and the funded spaces.
    expect(callers("too_few_count")).toEqual(
      [
        ...callers("too_few_share"),
        "reporting.rpt_program_funding_by_fiscal_year_source",
        "reporting.rpt_suppressed_cells_by_table",
      ].sort(),
    );
  });

  it("a model's definition holds the SQL of the macros it calls, through other macros, and only then", () => {
    const share = project.models.get("reporting.rpt_goal_share_by_region")!;
    const counts = project.models.get("reporting.rpt_suppressed_cells_by_table")!;
    const none = project.models.get("reporting.rpt_workforce_by_town")!;
    const byName = new Map(MACROS.map((m) => [m.name, m]));
    expect(definitionInputs(share, "e").macros).toEqual([
      macroStatement(byName.get("too_few_count")!),
      macroStatement(byName.get("too_few_share")!),
    ]);
    expect(definitionInputs(counts, "e").macros).toEqual([macroStatement(byName.get("too_few_count")!)]);
    expect(definitionInputs(none, "e")).not.toHaveProperty("macros");
    // A name merely ending like a macro's is not a call.
    expect(macrosUsedBy("select my_too_few_count(1, 2), too_few_counts(3)")).toEqual([]);
    expect(macrosUsedBy("select TOO_FEW_WAGE (1, 2, 3, 4, 5, 6)").map((m) => m.name)).toEqual([
      "too_few_wage",
    ]);
  });
});
