import { SETTINGS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";
import { SUPPRESSION_REASONS } from "./rpt_suppressed_cells_by_table.ts";

export default defineModel({
  grain: ["snapshot_date", "setting_code", "oec_region_name"],
  description:
    "One row per snapshot date, setting and OEC region (and their totals): programs assessed for NAEYC readiness on the date, those ready (teachers, assistants and director meeting the criteria of seeds.naeyc_criteria) and the share ready, suppressed per the publishing rules.",
  columns: {
    snapshot_date: "Reference date: a month end from 2012-01-31, or an extract's as-of date.",
    setting_code:
      "Setting of the program on the date: COMMUNITY or PUBLIC_SCHOOL; ALL = both. Family child care homes are not assessed (NAEYC does not accredit them; NAFCC does).",
    oec_region_name: "OEC / Care 4 Kids region of the program's town; ALL = statewide.",
    assessed_program_count:
      "Programs assessed on the date: open, in a setting NAEYC accredits, whether or not anyone in the registry works there (a program with no director, teachers or assistants in the registry is not ready); null when suppressed.",
    assessed_program_count_suppression_reason_code:
      "Why assessed_program_count is withheld: too_few (1 to k - 1) or complementary; null when published.",
    ready_program_count:
      "Programs ready on the date (all three criteria hold; a program without a director, teachers or assistants in the registry is not ready); null when suppressed.",
    ready_program_count_suppression_reason_code:
      "Why ready_program_count is withheld: too_few (1 to k - 1) or complementary (also when the assessed programs not ready number 1 to k - 1); null when published.",
    ready_share_pct: "ready_program_count / assessed_program_count (0-1, 4 decimals); null when withheld.",
    ready_share_suppression_reason_code:
      "Why ready_share_pct is withheld: no_data (no program assessed), too_few (fewer than 2k assessed, or the ready programs or the rest number 1 to k - 1) or complementary (a count it rests on is withheld); null when published.",
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
    {
      type: "accepted_values",
      column: "assessed_program_count_suppression_reason_code",
      values: SUPPRESSION_REASONS,
    },
    {
      type: "accepted_values",
      column: "ready_share_suppression_reason_code",
      values: SUPPRESSION_REASONS,
    },
    { type: "accepted_range", column: "ready_share_pct", min: 0, max: 1 },
    {
      type: "expression_is_true",
      name: "ready_within_assessed",
      expression:
        "ready_program_count is null or assessed_program_count is null or ready_program_count <= assessed_program_count",
    },
    { type: "relationships", column: "snapshot_date", to: "marts.dim_dates", field: "calendar_date" },
  ],
});
