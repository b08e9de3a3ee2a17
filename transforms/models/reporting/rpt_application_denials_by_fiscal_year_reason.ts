import { APPLICATION_TYPES, DENIAL_REASONS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";
import { SUPPRESSION_REASONS } from "./rpt_suppressed_cells_by_table.ts";

export default defineModel({
  grain: ["snapshot_date", "application_type_code", "fiscal_year", "denial_reason_code"],
  description:
    "One row per application type, fiscal year of the applications and reason of the first denial (and ALL), as of the latest as-of date: denied applications, suppressed per the publishing rules, and each reason's share of the year's denials.",
  columns: {
    snapshot_date: "The latest extract's as-of date.",
    application_type_code: "SCHOLARSHIP, HEAD_TEACHER, ECTC or TA_PROVIDER.",
    fiscal_year: "The fiscal year the applications belong to.",
    denial_reason_code:
      "Reason of the application's first DENIED event (registry code), NOT_RECORDED when the event gives none; ALL = every denied application.",
    denied_count: "Applications with a DENIED event by the date; null when suppressed.",
    denied_count_suppression_reason_code:
      "Why denied_count is withheld: too_few or complementary (protects another reason of the year); null when published.",
    denial_pct: "Share (0-1, 4 decimals) of the year's denied applications; null when withheld.",
    denial_pct_suppression_reason_code:
      "Why denial_pct is withheld: no_data (no denials), too_few (under 2k denials, or 1 to k - 1 with or without the reason), complementary; null when published.",
  },
  tests: [
    { type: "accepted_values", column: "application_type_code", values: APPLICATION_TYPES },
    {
      type: "accepted_values",
      column: "denial_reason_code",
      values: [...DENIAL_REASONS, "NOT_RECORDED", "ALL"],
    },
    { type: "accepted_values", column: "denied_count_suppression_reason_code", values: SUPPRESSION_REASONS },
    { type: "accepted_values", column: "denial_pct_suppression_reason_code", values: SUPPRESSION_REASONS },
    { type: "accepted_range", column: "denial_pct", min: 0, max: 1 },
    {
      type: "expression_is_true",
      name: "share_published_iff_no_reason",
      expression: "(denial_pct is null) = (denial_pct_suppression_reason_code is not null)",
    },
  ],
});
