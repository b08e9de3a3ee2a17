import { SETTINGS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";
import { BACHELOR_LEVEL_GAPS } from "../marts/fct_qualification_gaps.ts";
import { SUPPRESSION_REASONS } from "./rpt_suppressed_cells_by_table.ts";

export default defineModel({
  grain: ["snapshot_date", "setting_code", "bachelor_level_gap_code"],
  description:
    "One row per setting and gap to the bachelor-level standard (and their totals): teachers in covered classrooms on the latest as-of date, for professional-development planning.",
  columns: {
    snapshot_date: "The latest extract's as-of date.",
    setting_code: "Setting of the teacher's primary spell; ALL = every setting.",
    bachelor_level_gap_code:
      "QUALIFIED; NEEDS_ECE_CREDITS (an accredited bachelor's, within 12 ECE credits of qualifying); NEEDS_DEGREE; ALL.",
    people_count:
      "Members of the active workforce who are the designated QSM or a TEACHER of a covered classroom; null when suppressed.",
    people_count_suppression_reason_code: "too_few or complementary; null when published.",
  },
  tests: [
    { type: "accepted_values", column: "setting_code", values: [...SETTINGS, "ALL"] },
    { type: "accepted_values", column: "bachelor_level_gap_code", values: [...BACHELOR_LEVEL_GAPS, "ALL"] },
    { type: "accepted_values", column: "people_count_suppression_reason_code", values: SUPPRESSION_REASONS },
  ],
});
