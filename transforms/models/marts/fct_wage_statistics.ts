import { ROLES, SETTINGS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export const WAGE_BREAKDOWNS = ["ROLE", "HIGHEST_AWARD", "PLANNING_REGION"] as const;

export default defineModel({
  grain: ["snapshot_date", "breakdown", "breakdown_code", "setting_code"],
  description:
    "One row per cell of marts.fct_wage_earner_cells (snapshot date, breakdown, breakdown value and setting, with totals): its people, programs and largest program's people, and the hourly-wage quartiles of its people, before disclosure control (reporting.rpt_wages_* apply the publishing rules).",
  columns: {
    snapshot_date: "The reference date D (see dim_dates.is_snapshot_date).",
    breakdown: "ROLE, HIGHEST_AWARD or PLANNING_REGION: what breakdown_code is.",
    breakdown_code:
      "Role of the primary spell, highest verified award on D, or planning region (FIPS) of the primary spell's program town (UNKNOWN when the town has none); ALL = every value.",
    setting_code: "Setting of the primary spell's program on D; ALL = every setting.",
    people_count: "People with a wage on the primary spell on D in the cell.",
    program_count: "Programs those people work at (primary spell).",
    largest_program_people_count: "People of the cell at the program employing the most of them.",
    p25_hourly_wage_usd: "25th percentile of their hourly wages (USD, nominal), as quantile_cont(0.25).",
    median_hourly_wage_usd: "Median of their hourly wages (USD, nominal), as quantile_cont(0.5).",
    p75_hourly_wage_usd: "75th percentile of their hourly wages (USD, nominal), as quantile_cont(0.75).",
  },
  tests: [
    { type: "accepted_values", column: "breakdown", values: WAGE_BREAKDOWNS },
    { type: "accepted_values", column: "setting_code", values: [...SETTINGS, "ALL"] },
    { type: "relationships", column: "snapshot_date", to: "marts.dim_dates", field: "calendar_date" },
    {
      type: "expression_is_true",
      name: "role_codes_known",
      expression: `breakdown <> 'ROLE' or breakdown_code in (${[...ROLES, "ALL"].map((r) => `'${r}'`).join(", ")})`,
    },
    {
      type: "expression_is_true",
      name: "quartiles_ordered",
      expression:
        "p25_hourly_wage_usd <= median_hourly_wage_usd and median_hourly_wage_usd <= p75_hourly_wage_usd",
    },
    {
      type: "expression_is_true",
      name: "program_counts_consistent",
      expression:
        "program_count >= 1 and largest_program_people_count between 1 and people_count and program_count <= people_count",
    },
  ],
  // A cell on D depends only on the workforce on D and on whether D is an annual snapshot date.
  incremental: {
    column: "snapshot_date",
    inputs: {
      "marts.dim_dates": {
        key: ["calendar_date"],
        from: "calendar_date",
        columns: [
          "calendar_date",
          "is_snapshot_date",
          "month_number",
          "is_month_end",
          "is_extract_as_of_date",
        ],
      },
      "marts.fct_wage_earner_cells": {
        key: ["breakdown", "breakdown_code", "setting_code"],
        from: "snapshot_date",
        columns: [
          "snapshot_date",
          "breakdown",
          "breakdown_code",
          "setting_code",
          "people_count",
          "program_count",
          "largest_program_people_count",
        ],
      },
      "marts.fct_workforce_monthly": {
        key: ["person_id"],
        from: "snapshot_date",
        columns: [
          "snapshot_date",
          "person_id",
          "role_code",
          "highest_award_code",
          "program_town_name",
          "setting_code",
          "program_id",
          "hourly_wage_usd",
        ],
      },
    },
  },
});
