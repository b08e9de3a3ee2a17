import { defineModel } from "../../model.ts";
import { PUBLISHED_COUNT_TABLES } from "../marts/fct_publication_cells.ts";

export const SUPPRESSION_REASONS = ["too_few", "complementary", "no_data"] as const;

export default defineModel({
  grain: ["table_name", "partition_key", "row_key", "column_key"],
  // Suppression groups never cross a partition (the same partition_key of one table), so a
  // partition key's cells depend only on the publication cells with that key: a nightly build
  // recomputes the partitions whose cells changed (about 10% of them) and keeps the others. A
  // change of the publishing rules (k) is not declared: it rebuilds every cell.
  incremental: {
    entity: "partition_key",
    inputs: { "marts.fct_publication_cells": { entityColumn: "partition_key" } },
  },
  description:
    "One row per count cell of a published reporting table after disclosure control: the count, or null with the reason it was suppressed (too_few: 1 to k - 1; complementary: suppressed so that no suppressed cell can be recovered by subtraction from its group's total, nor pinned to one value by a reader combining the groups' sums (marts.fct_publication_cells.row_sum_role, column_sum_role) with what the reasons say (too_few is 1 to k - 1, complementary 0 or at least k), or so that the rest of a population another table publishes (marts.fct_publication_cells.complement_count: people without a wage, of the workforce) cannot be, when that rest is 1 to k - 1).",
  columns: {
    table_name: "The reporting table the cell belongs to.",
    partition_key: "Independent slice of the table (a snapshot date).",
    row_key: "Value of the table's first dimension; 'ALL' = the total over it.",
    column_key: "Value of the table's second dimension; 'ALL' = the total over it.",
    is_total: "The cell is a total (row_key or column_key is 'ALL').",
    cell_count: "The count; null when suppressed.",
    is_suppressed: "The count is withheld.",
    suppression_reason_code: "too_few or complementary; null when published.",
    row_group_key: "Cells with the same table, partition and row_group_key sum to that group's total.",
    column_group_key: "Cells with the same table, partition and column_group_key sum to that group's total.",
  },
  tests: [
    { type: "accepted_values", column: "table_name", values: PUBLISHED_COUNT_TABLES },
    { type: "accepted_values", column: "suppression_reason_code", values: SUPPRESSION_REASONS },
    {
      type: "expression_is_true",
      name: "no_small_count_published",
      expression:
        "cell_count is null or cell_count = 0 or cell_count >= (select min_cell_count from staging.stg_publishing_rules)",
    },
    {
      type: "expression_is_true",
      name: "suppressed_iff_reason",
      expression:
        "is_suppressed = (cell_count is null) and is_suppressed = (suppression_reason_code is not null)",
    },
  ],
});
