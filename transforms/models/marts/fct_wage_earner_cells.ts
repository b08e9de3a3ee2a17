import { ROLES, SETTINGS } from "../../../ingest/sources/codes.ts";
import { defineModel, type IncrementalInput, type ModelTest } from "../../model.ts";

export const WAGE_BREAKDOWNS = ["ROLE", "HIGHEST_AWARD", "PLANNING_REGION"] as const;

/** The cell columns, also those of marts.fct_wage_statistics. */
export const WAGE_CELL_COLUMNS = {
  snapshot_date: "The reference date D (see dim_dates.is_snapshot_date).",
  breakdown: "ROLE, HIGHEST_AWARD or PLANNING_REGION: what breakdown_code is.",
  breakdown_code:
    "Role of the primary spell, highest verified award on D, or planning region (FIPS) of the primary spell's program town (UNKNOWN when the town has none); ALL = every value.",
  setting_code: "Setting of the primary spell's program on D; ALL = every setting.",
  people_count: "People with a wage on the primary spell on D in the cell.",
  program_count: "Programs those people work at (primary spell).",
  largest_program_people_count: "People of the cell at the program employing the most of them.",
};

/** Tests of the cell columns, also run on marts.fct_wage_statistics. */
export const WAGE_CELL_TESTS: ModelTest[] = [
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
    name: "program_counts_consistent",
    expression:
      "program_count >= 1 and largest_program_people_count between 1 and people_count and program_count <= people_count",
  },
];

/** The snapshot dates and which of them are annual, as both wage models read them. */
export const WAGE_DATES_INPUT: IncrementalInput = {
  key: ["calendar_date"],
  from: "calendar_date",
  columns: ["calendar_date", "is_snapshot_date", "month_number", "is_month_end", "is_extract_as_of_date"],
};

/** The workforce snapshot columns the wage models read (the cells also read program_id). */
export const wageWorkforceInput = (extra: readonly string[] = []): IncrementalInput => ({
  key: ["person_id"],
  from: "snapshot_date",
  columns: [
    "snapshot_date",
    "person_id",
    "role_code",
    "highest_award_code",
    "program_town_name",
    "setting_code",
    ...extra,
    "hourly_wage_usd",
  ],
});

export default defineModel({
  grain: ["snapshot_date", "breakdown", "breakdown_code", "setting_code"],
  description:
    "One row per snapshot date, breakdown (ROLE on every snapshot date; HIGHEST_AWARD and PLANNING_REGION on the annual snapshot dates: June 30 and every extract's as-of date), breakdown value and setting, with totals, where someone in the active workforce has a wage on the primary spell: the people, the programs they work at and the people at the largest one (the inputs of the wage-statistic publishing rule), before disclosure control.",
  columns: WAGE_CELL_COLUMNS,
  tests: WAGE_CELL_TESTS,
  // A cell on D depends only on the workforce on D and on whether D is an annual snapshot date.
  incremental: {
    column: "snapshot_date",
    inputs: {
      "marts.dim_dates": WAGE_DATES_INPUT,
      "marts.fct_workforce_monthly": wageWorkforceInput(["program_id"]),
    },
  },
});
