import { defineModel } from "../../model.ts";

/** The published count tables of the dashboard pages (their cells are built here). */
export const DASHBOARD_COUNT_TABLES = [
  "rpt_workforce_profile_by_setting",
  "rpt_workforce_profile_by_role",
  "rpt_workforce_by_town",
  "rpt_program_funding_by_fiscal_year_source",
  "rpt_applications_by_fiscal_year_type",
  "rpt_application_denials_by_fiscal_year_reason",
  "rpt_training_by_fiscal_year_topic",
  "rpt_college_credits_by_fiscal_year_area",
  "rpt_education_verification_by_award_level",
] as const;

export default defineModel({
  grain: ["table_name", "partition_key", "row_key", "column_key"],
  description:
    "One row per count cell of a dashboard page's reporting table before disclosure control (analyst copy only, for audit: the public site gets the suppressed cells), in the form of marts.fct_publication_cells, which unions them in.",
  columns: {
    table_name: "The reporting table the cell belongs to.",
    partition_key:
      "Independent slice of the table: a snapshot date (profile tables: date/dimension; applications: date/application type) or a fiscal year.",
    row_key: "Value of the table's first dimension; 'ALL' = the total over it.",
    column_key: "Value of the table's second dimension; 'ALL' = the total over it.",
    cell_count: "Number of people (or programs, applications, education records), unsuppressed.",
    row_group_key:
      "Cells with the same table, partition and row_group_key sum to that group's total cell; null = in no such sum. A year's submitted, approved, denied and withdrawn applications form a group with no total cell: the outcomes overlap (appeals) and leave out pending ones, but once a year is decided they come close to its submitted count, so a withheld one must not be alone.",
    column_group_key:
      "Cells with the same table, partition and column_group_key sum to that group's total cell; null = in no such sum.",
  },
  tests: [
    { type: "accepted_values", column: "table_name", values: DASHBOARD_COUNT_TABLES },
    { type: "not_null", column: "cell_count" },
    { type: "accepted_range", column: "cell_count", min: 0 },
    {
      type: "expression_is_true",
      name: "towns_sum_to_their_region",
      expression: `table_name <> 'rpt_workforce_by_town' or column_key <> 'PLANNING_REGION' or cell_count = (
        select sum(t.cell_count) from marts.fct_publication_cells_dashboards t
        where t.table_name = 'rpt_workforce_by_town' and t.column_key = 'TOWN'
          and t.partition_key = fct_publication_cells_dashboards.partition_key
          and t.row_group_key = fct_publication_cells_dashboards.row_key)`,
    },
  ],
});
