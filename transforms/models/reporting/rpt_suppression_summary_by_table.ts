import { defineModel } from "../../model.ts";
import { PUBLISHED_COUNT_TABLES } from "../marts/fct_publication_cells.ts";

export default defineModel({
  grain: ["table_name", "cell_status_code"],
  description:
    "One row per published count table and cell status (published, too_few, complementary): the share of the table's count cells (over all its partitions) with that status, for the Methodology page.",
  columns: {
    table_name: "The reporting table (one of the tables whose counts go through disclosure control).",
    cell_status_code:
      "published; too_few (a count from 1 to k - 1); complementary (withheld so that no withheld count can be recovered by subtraction).",
    cell_pct: "Share of the table's count cells with this status (0-1, 4 decimals).",
  },
  tests: [
    { type: "accepted_values", column: "table_name", values: PUBLISHED_COUNT_TABLES },
    {
      type: "accepted_values",
      column: "cell_status_code",
      values: ["published", "too_few", "complementary"],
    },
    { type: "accepted_range", column: "cell_pct", min: 0, max: 1 },
    {
      type: "expression_is_true",
      name: "shares_sum_to_one",
      expression:
        "abs((select sum(s.cell_pct) from reporting.rpt_suppression_summary_by_table s where s.table_name = rpt_suppression_summary_by_table.table_name) - 1) < 0.001",
    },
  ],
});
