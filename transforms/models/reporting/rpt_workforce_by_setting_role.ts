import { ROLES, SETTINGS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";
import { SUPPRESSION_REASONS } from "./rpt_suppressed_cells_by_table.ts";

export default defineModel({
  grain: ["snapshot_date", "setting_code", "role_code"],
  description:
    "One row per snapshot date, setting and role (and their totals): the active workforce, counted once per person by the primary spell, suppressed per the publishing rules.",
  columns: {
    snapshot_date: "Reference date: a month end from 2012-01-31, or an extract's as-of date.",
    setting_code:
      "Setting of the primary spell's program (COMMUNITY, PUBLIC_SCHOOL, FAMILY_CHILD_CARE); ALL = every setting.",
    role_code: "Role of the primary spell; ALL = every role.",
    people_count:
      "Members with a verified employment spell covering the date at an open program; null when suppressed.",
    people_count_suppression_reason_code:
      "Why people_count is withheld: too_few (1 to k - 1) or complementary (protects another cell); null when published.",
  },
  tests: [
    { type: "accepted_values", column: "setting_code", values: [...SETTINGS, "ALL"] },
    { type: "accepted_values", column: "role_code", values: [...ROLES, "ALL"] },
    { type: "accepted_values", column: "people_count_suppression_reason_code", values: SUPPRESSION_REASONS },
  ],
});
