import { SETTINGS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";
import { SUPPRESSION_REASONS } from "./rpt_suppressed_cells_by_table.ts";

export default defineModel({
  grain: ["snapshot_date", "setting_code", "oec_region_name"],
  description:
    "One row per snapshot date, setting and OEC region (and their totals): programs ready for NAEYC on the date (teachers, assistants and director meeting the criteria of seeds.naeyc_criteria), suppressed per the publishing rules.",
  columns: {
    snapshot_date: "Reference date: a month end from 2012-01-31, or an extract's as-of date.",
    setting_code:
      "Setting of the program on the date: COMMUNITY or PUBLIC_SCHOOL; ALL = both. Family child care homes are not assessed (NAEYC does not accredit them; NAFCC does).",
    oec_region_name: "OEC / Care 4 Kids region of the program's town; ALL = statewide.",
    ready_program_count:
      "Programs ready on the date (all three criteria hold; a program without a director, teachers or assistants in the registry is not ready); null when suppressed.",
    ready_program_count_suppression_reason_code:
      "Why ready_program_count is withheld: too_few (1 to k - 1) or complementary; null when published.",
  },
  tests: [
    {
      type: "accepted_values",
      column: "setting_code",
      values: [...SETTINGS.filter((s) => s !== "FAMILY_CHILD_CARE"), "ALL"],
    },
    {
      type: "accepted_values",
      column: "ready_program_count_suppression_reason_code",
      values: SUPPRESSION_REASONS,
    },
    { type: "relationships", column: "snapshot_date", to: "marts.dim_dates", field: "calendar_date" },
  ],
});
