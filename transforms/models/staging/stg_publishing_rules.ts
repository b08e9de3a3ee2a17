import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["rule_set_code"],
  description:
    "One row per set of publishing-rule parameters (only DEFAULT): k and the share and wage-statistic thresholds of metrics.md.",
  columns: {
    rule_set_code: "DEFAULT: the rules every reporting table applies.",
    min_cell_count: "k: a count of people, programs or classrooms from 1 to k - 1 is suppressed.",
    min_share_denominator_multiple: "A share needs a denominator of at least this multiple of k (2: 2k).",
    min_wage_program_count: "A wage statistic needs people at no fewer programs than this.",
    max_wage_program_share_pct:
      "A wage statistic is not published when one program employs more than this share (0-1) of its people.",
    source: "Where the parameters come from.",
  },
  tests: [
    { type: "accepted_range", column: "min_cell_count", min: 2 },
    { type: "accepted_range", column: "max_wage_program_share_pct", min: 0, max: 1 },
    {
      type: "expression_is_true",
      name: "one_rule_set",
      expression: "(select count(*) from staging.stg_publishing_rules) = 1",
    },
  ],
});
