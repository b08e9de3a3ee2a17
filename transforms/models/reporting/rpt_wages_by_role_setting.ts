import { ROLES, SETTINGS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";
import { SUPPRESSION_REASONS } from "./rpt_suppressed_cells_by_table.ts";

export default defineModel({
  grain: ["snapshot_date", "role_code", "setting_code"],
  description:
    "One row per snapshot date, role and setting (and their totals): hourly wages of the active workforce on the primary spell (median over people), published only under the wage-statistic rule.",
  columns: {
    snapshot_date: "Reference date: a month end from 2012-01-31, or an extract's as-of date.",
    role_code: "Role of the primary spell; ALL = every role.",
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
    { type: "accepted_values", column: "role_code", values: [...ROLES, "ALL"] },
    { type: "accepted_values", column: "setting_code", values: [...SETTINGS, "ALL"] },
    { type: "accepted_values", column: "people_count_suppression_reason_code", values: SUPPRESSION_REASONS },
    { type: "accepted_values", column: "wage_suppression_reason_code", values: SUPPRESSION_REASONS },
    {
      type: "expression_is_true",
      name: "wage_published_iff_no_reason",
      expression: "(median_hourly_wage_usd is null) = (wage_suppression_reason_code is not null)",
    },
  ],
});
