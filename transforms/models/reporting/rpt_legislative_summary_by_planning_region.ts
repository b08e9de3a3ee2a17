import { defineModel } from "../../model.ts";
import { SUPPRESSION_REASONS } from "./rpt_suppressed_cells_by_table.ts";
import { PLANNING_REGION_FIPS } from "./rpt_wages_by_planning_region_setting.ts";

const reasons = (column: string) =>
  ({ type: "accepted_values", column, values: SUPPRESSION_REASONS }) as const;

export default defineModel({
  grain: ["snapshot_date", "planning_region_fips"],
  description:
    "One row per annual snapshot date (every June 30 from 2012, and the latest as-of date) and planning region (and ALL = the state): the active workforce, median wage, full-time annual equivalent, parity ratio, covered classrooms and goal share, each read from its published table with its suppression.",
  columns: {
    snapshot_date: "Reference date: June 30 (the end of a state fiscal year) or the latest as-of date.",
    planning_region_fips: "5-digit code of the planning region; ALL = the state.",
    planning_region_name: "Planning region name; Connecticut for ALL.",
    workforce_people_count:
      "Active workforce at programs in the region (rpt_workforce_by_town); null when suppressed.",
    workforce_people_count_suppression_reason_code: "Why it is withheld; null when published.",
    median_hourly_wage_usd:
      "Median hourly wage on the primary spell (USD, rpt_wages_by_planning_region_setting, all settings); null when withheld.",
    median_fte_annual_wage_usd: "Median hourly wage x 2080 (USD); null when withheld.",
    parity_ratio:
      "The median hourly wage / the hourly equivalent of the K-12 parity benchmark, both before rounding (4 decimals; 1 = parity); null when the wage is withheld, and on dates before the benchmark's year (the benchmark is that year's nominal wage: older wages divided by it would show a rise in parity that is mostly inflation). The registry's hourly wage is pay over the hours paid, the benchmark an annual wage over 2,080 hours: the ratio flatters staff paid for a school year (see reporting.rpt_wage_parity_by_role_setting).",
    wage_suppression_reason_code:
      "Why the wage figures are withheld (too_few, no_data); null when published.",
    parity_benchmark_code: "The benchmark row (seeds.wage_benchmarks, is_parity_benchmark = Y).",
    parity_benchmark_hourly_wage_usd:
      "The benchmark's hourly equivalent (annual / 2080; 4 decimals, the ratio uses it unrounded; USD).",
    covered_classroom_count:
      "Covered classrooms in the region (rpt_goal_share_by_planning_region); null when suppressed.",
    covered_classroom_count_suppression_reason_code: "Why it is withheld; null when published.",
    goal_share_pct:
      "Share (0-1) of covered rooms whose designated QSM is bachelor-level qualified; null when withheld.",
    goal_share_suppression_reason_code: "Why the share is withheld; null when published.",
    benchmark_share_pct: "Target share of the qualification benchmark in force on the date.",
  },
  tests: [
    { type: "accepted_values", column: "planning_region_fips", values: [...PLANNING_REGION_FIPS, "ALL"] },
    reasons("workforce_people_count_suppression_reason_code"),
    reasons("wage_suppression_reason_code"),
    reasons("covered_classroom_count_suppression_reason_code"),
    reasons("goal_share_suppression_reason_code"),
    { type: "not_null", column: "parity_benchmark_hourly_wage_usd" },
    {
      type: "expression_is_true",
      name: "ratio_published_iff_wage",
      expression:
        "(parity_ratio is null) = (median_hourly_wage_usd is null or year(snapshot_date) < (select min(year::integer) from seeds.wage_benchmarks where is_parity_benchmark = 'Y'))",
    },
    {
      type: "expression_is_true",
      name: "workforce_row_found",
      expression:
        "workforce_people_count is not null or workforce_people_count_suppression_reason_code is not null",
    },
  ],
});
