import { SETTINGS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";
import { SUPPRESSION_REASONS } from "./rpt_suppressed_cells_by_table.ts";

export default defineModel({
  grain: ["snapshot_date", "preset_code", "planning_region_name", "setting_code"],
  description:
    "One row per wage-target preset, planning region and setting (and their totals) on the latest as-of date: members of the active workforce paid below the preset's target and the annual cost of raising them to it, suppressed per the publishing rules (a cost is withheld whenever its count is).",
  columns: {
    snapshot_date: "The latest extract's as-of date.",
    preset_code: "The wage-target preset (seeds.wage_target_presets): HOURLY_FLOOR or K12_PARITY.",
    preset_name: "The preset's name.",
    planning_region_name: "Planning region of the primary position's program; ALL = statewide.",
    planning_region_fips: "5-digit code of that planning region; ALL = statewide.",
    setting_code: "Setting of that program; ALL = every setting.",
    people_below_target_count:
      "Members whose hourly wage on their primary position is below the target for their role and qualification level; null when suppressed.",
    people_below_target_count_suppression_reason_code:
      "Why people_below_target_count is withheld: too_few (1 to k - 1) or complementary; null when published.",
    annual_cost_usd:
      "Sum over those members of (target - hourly wage) x hours_per_week x weeks_per_year of their pay record, each rounded to cents (USD a year); null when withheld.",
    annual_cost_usd_suppression_reason_code:
      "Why annual_cost_usd is withheld: the reason of the count it rests on; null when published.",
  },
  tests: [
    { type: "accepted_values", column: "setting_code", values: [...SETTINGS, "ALL"] },
    { type: "accepted_values", column: "preset_code", values: ["HOURLY_FLOOR", "K12_PARITY"] },
    {
      type: "accepted_values",
      column: "people_below_target_count_suppression_reason_code",
      values: SUPPRESSION_REASONS,
    },
    {
      type: "expression_is_true",
      name: "cost_withheld_iff_count_withheld",
      expression: "(annual_cost_usd is null) = (people_below_target_count is null)",
    },
    { type: "accepted_range", column: "annual_cost_usd", min: 0 },
    { type: "not_null", column: "preset_name" },
    { type: "not_null", column: "planning_region_fips" },
  ],
});
