import { defineModel } from "../../model.ts";
import { SUPPRESSION_REASONS } from "./rpt_suppressed_cells_by_table.ts";

const LEVELS = Array.from({ length: 15 }, (_, i) => String(i + 1));

export default defineModel({
  grain: ["snapshot_date", "registry_ladder_level_code", "computed_ladder_level_code"],
  description:
    "One row per registry career-ladder placement and computed level (and their totals) of the active workforce on the latest as-of date: where the registry and the rules of metrics.md agree and disagree.",
  columns: {
    snapshot_date: "The latest extract's as-of date.",
    registry_ladder_level_code: "The registry's placement in force: 1 to 15, NONE (never placed) or ALL.",
    computed_ladder_level_code: "Level computed from verified records: 1 to 15 (2 and 4 retired) or ALL.",
    is_agreement: "The placement equals the computed level; null on totals.",
    people_count: "Members of the active workforce; null when suppressed.",
    people_count_suppression_reason_code: "too_few or complementary; null when published.",
  },
  tests: [
    { type: "accepted_values", column: "registry_ladder_level_code", values: [...LEVELS, "NONE", "ALL"] },
    { type: "accepted_values", column: "computed_ladder_level_code", values: [...LEVELS, "ALL"] },
    { type: "accepted_values", column: "people_count_suppression_reason_code", values: SUPPRESSION_REASONS },
  ],
});
