import { SETTINGS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";
import { SUPPRESSION_REASONS } from "./rpt_suppressed_cells_by_table.ts";

export const PLANNING_REGION_FIPS = [
  "09110",
  "09120",
  "09130",
  "09140",
  "09150",
  "09160",
  "09170",
  "09180",
  "09190",
] as const;

export default defineModel({
  grain: ["snapshot_date", "planning_region_fips", "setting_code"],
  description:
    "One row per annual snapshot date (every June 30 from 2012, and the latest as-of date), planning region of the program's town and setting (and their totals): hourly wages of the active workforce on the primary spell (median over people), published only under the wage-statistic rule.",
  columns: {
    snapshot_date: "Reference date: June 30 (the end of a state fiscal year) or the latest as-of date.",
    planning_region_fips:
      "5-digit code of the planning region (the 2022 county-equivalent) of the primary spell's program; ALL = the state.",
    planning_region_name: "Planning region name; Connecticut for ALL.",
    setting_code: "Setting of the primary spell's program; ALL = every setting.",
    people_count: "People with a wage on the date (the statistics rest on them); null when suppressed.",
    people_count_suppression_reason_code:
      "Why the count is withheld: too_few (1 to k - 1 people), or complementary: withheld so that no suppressed count can be worked out, including the people of the same cell without a wage (the active workforce there, published elsewhere, minus this count) when they number 1 to k - 1; null when published.",
    p25_hourly_wage_usd: "25th percentile of the hourly wage (USD, nominal), quantile_cont over people.",
    median_hourly_wage_usd: "Median hourly wage (USD, nominal), quantile_cont(0.5) over people.",
    p75_hourly_wage_usd: "75th percentile of the hourly wage (USD, nominal).",
    median_fte_annual_wage_usd: "Median hourly wage x 2080 (USD): the full-time annual equivalent.",
    wage_suppression_reason_code:
      "Why the wage statistics are withheld: too_few (under k people, under 3 programs, or one program over 80% of them) or no_data (nobody); null when published.",
  },
  tests: [
    { type: "accepted_values", column: "planning_region_fips", values: [...PLANNING_REGION_FIPS, "ALL"] },
    { type: "accepted_values", column: "setting_code", values: [...SETTINGS, "ALL"] },
    { type: "accepted_values", column: "people_count_suppression_reason_code", values: SUPPRESSION_REASONS },
    { type: "accepted_values", column: "wage_suppression_reason_code", values: SUPPRESSION_REASONS },
    { type: "not_null", column: "planning_region_name" },
    {
      type: "expression_is_true",
      name: "wage_published_iff_no_reason",
      expression: "(median_hourly_wage_usd is null) = (wage_suppression_reason_code is not null)",
    },
    {
      type: "expression_is_true",
      name: "quartiles_ordered",
      expression:
        "median_hourly_wage_usd is null or (p25_hourly_wage_usd <= median_hourly_wage_usd and median_hourly_wage_usd <= p75_hourly_wage_usd)",
    },
  ],
});
