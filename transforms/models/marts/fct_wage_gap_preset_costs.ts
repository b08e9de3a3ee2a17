import { ROLES, SETTINGS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";
import { QUALIFICATION_LEVELS } from "./dim_people.ts";

export const COST_STATUSES = ["BELOW_TARGET", "AT_OR_ABOVE_TARGET", "NO_PAY_RECORD", "NO_TARGET"] as const;

export default defineModel({
  grain: ["preset_code", "person_id"],
  description:
    "One row per wage-target preset (seeds.wage_target_presets) and member of the active workforce on the latest as-of date: the target hourly wage of their role and qualification level, the gap to their current hourly wage and the annual cost of closing it (max(0, target - wage) x hours_per_week x weeks_per_year of the pay record in force). Person-level (the person pseudonymised in the analyst copy): never on the public site.",
  columns: {
    preset_code: "The preset (HOURLY_FLOOR, K12_PARITY).",
    snapshot_date: "The latest extract's as-of date.",
    person_id: "The member (surviving account).",
    program_id: "Program of the primary spell.",
    fiscal_year: "State fiscal year of the date.",
    role_code: "Role of the primary spell.",
    qualification_level_code: "BACHELOR_LEVEL, ASSOCIATE_LEVEL or NONE on the date.",
    setting_code: "Setting of the primary spell's program.",
    planning_region_name:
      "Planning region of that program's town (UNKNOWN when the town is not in dim_geography).",
    hourly_wage_usd: "Hourly wage of the primary spell (USD); null without a pay record in force.",
    hours_per_week: "Usual weekly hours of that pay record.",
    weeks_per_year: "Paid weeks a year of that pay record.",
    target_hourly_wage_usd:
      "The preset's target for the member's role and level (the most specific row), rounded to cents; null when no row matches.",
    cost_status_code:
      "BELOW_TARGET, AT_OR_ABOVE_TARGET, NO_PAY_RECORD (no wage, hours or weeks: not costed) or NO_TARGET (no preset row matches).",
    hourly_gap_usd: "max(0, target - hourly wage), to 4 decimals; null when not costed.",
    annual_cost_usd:
      "hourly_gap_usd x hours_per_week x weeks_per_year, rounded to cents; 0 unless BELOW_TARGET.",
  },
  tests: [
    { type: "accepted_values", column: "cost_status_code", values: COST_STATUSES },
    { type: "accepted_values", column: "role_code", values: ROLES },
    { type: "accepted_values", column: "setting_code", values: SETTINGS },
    { type: "accepted_values", column: "qualification_level_code", values: QUALIFICATION_LEVELS },
    { type: "not_null", column: "annual_cost_usd" },
    { type: "accepted_range", column: "annual_cost_usd", min: 0 },
    {
      type: "relationships",
      column: "person_id",
      to: "marts.dim_people",
      field: "person_id",
      allowNull: false,
    },
    {
      type: "expression_is_true",
      name: "cost_only_below_target",
      expression:
        "(cost_status_code = 'BELOW_TARGET') = (annual_cost_usd > 0 or coalesce(hourly_gap_usd, 0) > 0)",
    },
  ],
});
