import { defineModel } from "../../model.ts";
import { DASHBOARD_COUNT_TABLES } from "./fct_publication_cells_dashboards.ts";
import { SITE_COUNT_TABLES } from "./fct_publication_cells_site.ts";

export const PUBLISHED_COUNT_TABLES = [
  "rpt_workforce_by_setting_role",
  "rpt_wages_by_role_setting",
  "rpt_goal_share_by_region",
  "rpt_ladder_consistency_by_level",
  "rpt_qualification_gaps_by_setting",
  "rpt_scholarships_by_fiscal_year",
  "rpt_turnover_by_fiscal_year_setting",
  "rpt_turnover_by_fiscal_year_role",
  "rpt_head_start_goal_by_setting",
  "rpt_naeyc_readiness_by_setting_region",
  "rpt_benefits_by_role",
  "rpt_wage_gap_cost_by_region_setting",
  ...DASHBOARD_COUNT_TABLES,
  ...SITE_COUNT_TABLES,
] as const;

export default defineModel({
  grain: ["table_name", "partition_key", "row_key", "column_key"],
  description:
    "One row per count cell of a published reporting table before disclosure control (analyst copy only, for audit: the public site gets the suppressed cells), with the sums it takes part in.",
  columns: {
    table_name: "The reporting table the cell belongs to.",
    partition_key:
      "Independent slice of the table (a snapshot date; a fiscal year for turnover; '<snapshot date>|<preset>' for the wage-gap cost; '<snapshot date>/<status>' for NAEYC readiness, ASSESSED or READY; '<snapshot date>/<dimension or type>' for the workforce profile and applications tables): nothing sums across partitions.",
    row_key: "Value of the table's first dimension; 'ALL' = the total over it.",
    column_key: "Value of the table's second dimension; 'ALL' = the total over it.",
    cell_count: "Number of people (or classrooms, or applications), unsuppressed.",
    is_total: "The cell is a total (row_key or column_key is 'ALL').",
    row_group_key:
      "Cells with the same table, partition and row_group_key sum to that group's total cell; null = in no such sum. A year's submitted, approved, denied and withdrawn scholarships (and applications) form a group with no total cell: the outcomes overlap (appeals) and leave out pending ones, but once a year is decided they come close to the submitted count, so a withheld one must not be alone.",
    column_group_key:
      "Cells with the same table, partition and column_group_key sum to that group's total cell; null = in no such sum.",
    row_sum_role:
      "The cell's place in the sum its row group makes, as a reader can use it to work out withheld counts (reporting.rpt_suppressed_cells_by_table audits this): TOTAL (the group's total: column 'ALL', or a town's planning region), PART (the parts add up to the total); null when the cell is in no row group or its group's cells do not add up to a total (a year's application outcomes).",
    column_sum_role:
      "As row_sum_role, for the column group: TOTAL (row 'ALL') or PART; null when in no column group or when its parts overlap (the areas of a year's college credits and training: a person counted in several).",
    complement_count:
      "For a count of part of a population published in another table (people with a wage or a pay record, of the active workforce; people below a wage target, of the workforce and of those with a wage; covered rooms funded by a source, of the statewide rooms of the same kind; an OEC region's rooms, of which those in the planning regions wholly inside it are published; programs ready for NAEYC, of the programs assessed), or of a population the same table publishes (completed scholarships and applications, of those paid; members who stayed, or left the field, of those active on July 1, whose difference is a turnover share's numerator or rest): the rest of that population (the smaller non-zero rest for two); null for other cells. A rest from 1 to k - 1 withholds the count (complementary), as subtraction would reveal it.",
    complement_rank:
      "Order in which the unsuppressed non-zero cells of a group are chosen as its complement, before their size (lower first; 0 for most cells; a non-zero count always goes before a zero). A year's submitted scholarships and applications are -1: withholding the submitted count hides a withheld outcome as well as another outcome would, and keeps the outcomes (and, for scholarships, the amounts resting on the approved count). Denied ones are 1: the denials table (rpt_application_denials_by_fiscal_year_reason) publishes the same count as its total, so withholding it here would not hide it.",
  },
  tests: [
    { type: "accepted_range", column: "complement_count", min: 0 },
    { type: "not_null", column: "complement_rank" },
    { type: "accepted_values", column: "row_sum_role", values: ["TOTAL", "PART"] },
    { type: "accepted_values", column: "column_sum_role", values: ["TOTAL", "PART"] },
    { type: "accepted_values", column: "table_name", values: PUBLISHED_COUNT_TABLES },
    { type: "not_null", column: "cell_count" },
    { type: "accepted_range", column: "cell_count", min: 0 },
  ],
});
