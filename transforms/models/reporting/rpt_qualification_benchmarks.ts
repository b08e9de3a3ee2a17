import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["benchmark_id"],
  description:
    "One row per legal staff-qualification target of the reference table (seeds.qualification_benchmarks): the Connecticut goal for the designated QSMs of covered classrooms (the share bachelor-level, and its end goal), the family child care providers' associate degree and the federal Head Start goals, past, in force and upcoming, with its law and source. Reference data, no counts.",
  columns: {
    benchmark_id: "The row of seeds.qualification_benchmarks.",
    display_order: "The order of the reference table (by law, then step).",
    benchmark_series_code:
      "Which goal: CT_DQSM_BA_SHARE (the share of covered rooms whose designated QSM is bachelor-level, the goal charted against), CT_DQSM_BA_SHARE_FINAL (that law's end goal), CT_FCC_PROVIDER_ASSOCIATE, or a US_HS_* Head Start goal.",
    jurisdiction_code: "CT or US.",
    target_qualification_code:
      "The qualification the target counts (BACHELOR_LEVEL, ASSOCIATE_LEVEL, CDA_OR_ENROLLED).",
    target_share_pct: "The target share (0-1).",
    effective_from_date: "First day the target is in force.",
    effective_to_date: "Last day it is in force; null = in force with no end set.",
    deadline_date: "The date from which the target applies (binding from then on; upcoming before).",
    law_citation: "The law or policy.",
    applies_to: "Whom the target applies to.",
    description: "What the law says, as the reference table summarises it.",
    source: "The row's source.",
  },
  tests: [
    { type: "not_null", column: "benchmark_series_code" },
    { type: "not_null", column: "effective_from_date" },
    { type: "accepted_range", column: "target_share_pct", min: 0, max: 1 },
    { type: "not_null", column: "law_citation" },
  ],
});
