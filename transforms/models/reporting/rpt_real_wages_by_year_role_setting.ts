import { ROLES, SETTINGS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";
import { SUPPRESSION_REASONS } from "./rpt_suppressed_cells_by_table.ts";

export default defineModel({
  grain: ["calendar_year", "role_code", "setting_code"],
  description:
    "One row per calendar year (the wages on December 31), role and setting (and their totals): hourly wages of the active workforce on the primary spell in nominal dollars and in 2024 dollars (deflated with the CPI-U annual average), published only under the wage-statistic rule.",
  columns: {
    calendar_year: "Calendar year; wages as they stood on its December 31.",
    role_code: "Role of the primary spell; ALL = every role.",
    setting_code: "Setting of the primary spell's program; ALL = every setting.",
    snapshot_date: "The snapshot date the wages are from (December 31 of the year).",
    people_count: "People with a wage on the date; null when suppressed.",
    people_count_suppression_reason_code: "too_few or complementary; null when published.",
    median_hourly_wage_usd:
      "Median hourly wage in nominal dollars (rpt_wages_by_role_setting); null when withheld.",
    cpi_u_index:
      "CPI-U annual average of the year (seeds.cpi_u, 1982-84 = 100); null when the table has no row for it.",
    median_hourly_wage_2024_usd:
      "Median hourly wage in 2024 dollars: nominal x CPI-U(2024) / CPI-U(year), rounded to cents after deflating; null when withheld.",
    p25_hourly_wage_2024_usd: "25th percentile of the hourly wage in 2024 dollars; null when withheld.",
    p75_hourly_wage_2024_usd: "75th percentile of the hourly wage in 2024 dollars; null when withheld.",
    median_fte_annual_wage_2024_usd:
      "Median hourly wage x 2080 in 2024 dollars (full-time annual equivalent; for 2024 equal to rpt_wages_by_role_setting.median_fte_annual_wage_usd).",
    wage_suppression_reason_code:
      "Why the figures are withheld: too_few (the wage-statistic rule), no_data (nobody, or no CPI-U for the year); null when published.",
  },
  tests: [
    { type: "accepted_values", column: "role_code", values: [...ROLES, "ALL"] },
    { type: "accepted_values", column: "setting_code", values: [...SETTINGS, "ALL"] },
    { type: "accepted_values", column: "people_count_suppression_reason_code", values: SUPPRESSION_REASONS },
    { type: "accepted_values", column: "wage_suppression_reason_code", values: SUPPRESSION_REASONS },
    {
      type: "expression_is_true",
      name: "real_wage_published_iff_no_reason",
      expression: "(median_hourly_wage_2024_usd is null) = (wage_suppression_reason_code is not null)",
    },
    {
      type: "expression_is_true",
      name: "snapshot_is_year_end",
      expression: "snapshot_date = make_date(calendar_year, 12, 31)",
    },
  ],
});
