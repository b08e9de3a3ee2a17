import { defineModel } from "../../model.ts";
import { SUPPRESSION_REASONS } from "./rpt_suppressed_cells_by_table.ts";

const reasons = (column: string) =>
  ({ type: "accepted_values", column, values: SUPPRESSION_REASONS }) as const;

export default defineModel({
  grain: ["snapshot_date"],
  description:
    "One row per snapshot date (month ends from 2012-01-31 and every extract's as-of date): the statewide goal share, rooms with no designated QSM and rooms whose QSM is associate-level only, and the benchmark in force on the date (CT_DQSM_BA_SHARE) with its law and source, for a step line; suppressed per the publishing rules.",
  columns: {
    snapshot_date: "Reference date D.",
    month_start_date: "First day of D's month (the x axis of a monthly chart).",
    fiscal_year: "State fiscal year of D.",
    is_month_end: "D is a month end (false for an extract's mid-month as-of date).",
    covered_classroom_count: "Covered classrooms statewide on D; null when suppressed.",
    covered_classroom_count_suppression_reason_code:
      "Why it is withheld (too_few, complementary); null when published.",
    bachelor_level_qsm_classroom_count:
      "Covered rooms whose designated QSM is bachelor-level qualified (the goal numerator); null when suppressed.",
    bachelor_level_qsm_classroom_count_suppression_reason_code: "Why it is withheld; null when published.",
    associate_level_qsm_classroom_count:
      "Covered rooms whose designated QSM is associate-level qualified only; null when suppressed.",
    associate_level_qsm_classroom_count_suppression_reason_code: "Why it is withheld; null when published.",
    no_qsm_classroom_count: "Covered rooms with no designated QSM on D; null when suppressed.",
    no_qsm_classroom_count_suppression_reason_code: "Why it is withheld; null when published.",
    goal_share_pct:
      "Covered rooms with a bachelor-level qualified designated QSM / covered rooms (0-1, 4 decimals); null when withheld.",
    goal_share_suppression_reason_code:
      "Why the share is withheld: no_data, too_few or complementary (as in rpt_goal_share_by_region); null when published.",
    benchmark_id: "The benchmark row in force on D (seeds.qualification_benchmarks); null before 2011-07-01.",
    benchmark_share_pct: "Its target share (0-1).",
    benchmark_effective_from_date: "First day that row is in force (a step of the line).",
    benchmark_effective_to_date: "Last day that row is in force; null = still in force.",
    benchmark_deadline_date: "The date from which the target applies.",
    is_benchmark_binding: "D is on or after the deadline (solid line); false = an upcoming goal (dashed).",
    benchmark_law_citation: "The law or policy of the row.",
    benchmark_source: "The row's source, as the reference table gives it.",
  },
  tests: [
    reasons("covered_classroom_count_suppression_reason_code"),
    reasons("bachelor_level_qsm_classroom_count_suppression_reason_code"),
    reasons("associate_level_qsm_classroom_count_suppression_reason_code"),
    reasons("no_qsm_classroom_count_suppression_reason_code"),
    reasons("goal_share_suppression_reason_code"),
    { type: "accepted_range", column: "goal_share_pct", min: 0, max: 1 },
    {
      type: "expression_is_true",
      name: "benchmark_in_force_from_2011",
      expression: "snapshot_date < date '2011-07-01' or benchmark_id is not null",
    },
    {
      type: "expression_is_true",
      name: "share_published_iff_no_reason",
      expression: "(goal_share_pct is null) = (goal_share_suppression_reason_code is not null)",
    },
  ],
});
