import { defineModel } from "../../model.ts";

/** The published count tables of the site's goal and compensation pages (their cells are built here). */
export const SITE_COUNT_TABLES = [
  "rpt_wages_by_planning_region_setting",
  "rpt_wages_by_award_setting",
  "rpt_goal_share_by_planning_region",
  "rpt_goal_share_by_funding_source",
] as const;

export default defineModel({
  grain: ["table_name", "partition_key", "row_key", "column_key"],
  description:
    "One row per count cell of the site's goal and compensation tables (by planning region, funding source and highest award) before disclosure control (analyst copy only, for audit: the public site gets the suppressed cells), in the form of marts.fct_publication_cells, which unions them in.",
  columns: {
    table_name: "The reporting table the cell belongs to.",
    partition_key:
      "Independent slice of the table: an annual snapshot date (June 30, or the latest as-of date).",
    row_key: "Value of the table's first dimension; 'ALL' = the total over it.",
    column_key: "Value of the table's second dimension; 'ALL' = the total over it.",
    cell_count: "Number of people (wage earners) or covered classrooms, unsuppressed.",
    row_group_key:
      "Cells with the same table, partition and row_group_key sum to that group's total cell; null = in no such sum (funding sources overlap).",
    column_group_key:
      "Cells with the same table, partition and column_group_key sum to that group's total cell; null = in no such sum.",
    complement_count:
      "For a count of part of a population published in another table (people with a wage or a pay record, of the active workforce; people below a wage target, of the workforce and of those with a wage; covered rooms funded by a source, of the statewide rooms of the same kind; an OEC region's rooms, of which those in the planning regions wholly inside it are published): the rest of that population (the smaller non-zero rest for two); null for other tables. A rest from 1 to k - 1 withholds the count (complementary), as subtraction would reveal it.",
  },
  tests: [
    { type: "accepted_range", column: "complement_count", min: 0 },
    { type: "accepted_values", column: "table_name", values: SITE_COUNT_TABLES },
    { type: "not_null", column: "cell_count" },
    { type: "accepted_range", column: "cell_count", min: 0 },
  ],
});
