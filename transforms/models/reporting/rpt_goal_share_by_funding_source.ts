import { FUNDING_SOURCES } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";
import { SUPPRESSION_REASONS } from "./rpt_suppressed_cells_by_table.ts";

const reasons = (column: string) =>
  ({ type: "accepted_values", column, values: SUPPRESSION_REASONS }) as const;

export default defineModel({
  grain: ["snapshot_date", "funding_source_code"],
  description:
    "One row per annual snapshot date (every June 30 from 2012, and the latest as-of date) and funding source: covered classrooms at programs with that source in the fiscal year (a room counts under each of its program's sources, so sources overlap and do not sum to the state) by their designated QSM's qualification, the goal share and the benchmark in force, suppressed per the publishing rules.",
  columns: {
    snapshot_date: "Reference date: June 30 (the end of a state fiscal year) or the latest as-of date.",
    funding_source_code: "A funding source of the room's program in the fiscal year of the date.",
    funding_source_name: "Display name of the funding source.",
    is_state_funding: "The source makes a program state-funded (CDC, SR, SS, SHS, ESCT).",
    covered_classroom_count:
      "Covered classrooms (open, infant-toddler, preschool or mixed, at a program state-funded in the fiscal year) whose program has this source; null when suppressed.",
    covered_suppression_reason_code:
      "Why covered_classroom_count is withheld (too_few, complementary); null when published.",
    bachelor_level_qsm_classroom_count:
      "Covered rooms whose designated QSM is bachelor-level qualified; null when suppressed.",
    bachelor_level_qsm_suppression_reason_code: "Why it is withheld; null when published.",
    associate_level_qsm_classroom_count:
      "Covered rooms whose designated QSM is associate-level qualified only; null when suppressed.",
    associate_level_qsm_suppression_reason_code: "Why it is withheld; null when published.",
    below_associate_level_qsm_classroom_count:
      "Covered rooms whose designated QSM is below the associate level; null when suppressed.",
    below_associate_level_qsm_suppression_reason_code: "Why it is withheld; null when published.",
    no_qsm_classroom_count: "Covered rooms without a designated QSM; null when suppressed.",
    no_qsm_suppression_reason_code: "Why it is withheld; null when published.",
    goal_share_pct:
      "Share (0-1, 4 decimals) of covered rooms whose designated QSM is bachelor-level qualified; null when withheld.",
    goal_share_suppression_reason_code:
      "Why the share is withheld: no_data (no covered rooms), too_few (under 2k rooms, or 1 to k - 1 rooms qualified or not), complementary (a count it rests on is withheld); null when published.",
    benchmark_share_pct:
      "The target share of the benchmark in force on the date (seeds.qualification_benchmarks, CT_DQSM_BA_SHARE).",
    benchmark_id: "That benchmark's id.",
    is_benchmark_binding: "The benchmark's deadline has passed on the date (binding rather than upcoming).",
  },
  tests: [
    { type: "accepted_values", column: "funding_source_code", values: FUNDING_SOURCES },
    { type: "not_null", column: "funding_source_name" },
    reasons("covered_suppression_reason_code"),
    reasons("bachelor_level_qsm_suppression_reason_code"),
    reasons("associate_level_qsm_suppression_reason_code"),
    reasons("below_associate_level_qsm_suppression_reason_code"),
    reasons("no_qsm_suppression_reason_code"),
    reasons("goal_share_suppression_reason_code"),
    { type: "accepted_range", column: "goal_share_pct", min: 0, max: 1 },
    {
      type: "expression_is_true",
      name: "share_published_iff_no_reason",
      expression: "(goal_share_pct is null) = (goal_share_suppression_reason_code is not null)",
    },
  ],
});
