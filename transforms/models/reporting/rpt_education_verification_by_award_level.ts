import { defineModel } from "../../model.ts";
import { HIGHEST_AWARD_CODES } from "../marts/dim_people.ts";
import { SUPPRESSION_REASONS } from "./rpt_suppressed_cells_by_table.ts";

const COUNTS = ["record", "verified", "self_reported", "needs_information", "rejected"] as const;

export default defineModel({
  grain: ["snapshot_date", "award_level_code"],
  description:
    "One row per award level (and ALL) of the education records (degrees, certificates, diplomas, CDAs) of the active workforce on the latest as-of date: records by the outcome of their latest verification check and the verified share, suppressed per the publishing rules.",
  columns: {
    snapshot_date: "The latest extract's as-of date.",
    award_level_code:
      "Award level as the highest-award measure reports it (HS_DIPLOMA_GED, CDA, CERTIFICATE, ASSOCIATE, BACHELOR, MASTER, DOCTORATE); ALL = every level.",
    record_count: "Education records on file (any status); null when suppressed.",
    record_count_suppression_reason_code: "too_few or complementary; null when published.",
    verified_count: "Records whose latest check is VERIFIED; null when suppressed.",
    verified_count_suppression_reason_code: "too_few or complementary; null when published.",
    self_reported_count: "Records never checked (self-reported); null when suppressed.",
    self_reported_count_suppression_reason_code: "too_few or complementary; null when published.",
    needs_information_count: "Records whose latest check asked for more information; null when suppressed.",
    needs_information_count_suppression_reason_code: "too_few or complementary; null when published.",
    rejected_count: "Records whose latest check rejected them; null when suppressed.",
    rejected_count_suppression_reason_code: "too_few or complementary; null when published.",
    verified_pct: "verified_count / record_count (0-1, 4 decimals) under the share rule; null when withheld.",
    verified_pct_suppression_reason_code:
      "Why verified_pct is withheld: no_data, too_few (under 2k records, or 1 to k - 1 verified or not), complementary; null when published.",
  },
  tests: [
    {
      type: "accepted_values",
      column: "award_level_code",
      values: [...HIGHEST_AWARD_CODES.filter((c) => c !== "NONE"), "ALL"],
    },
    ...COUNTS.map(
      (c) =>
        ({
          type: "accepted_values",
          column: `${c}_count_suppression_reason_code`,
          values: SUPPRESSION_REASONS,
        }) as const,
    ),
    { type: "accepted_values", column: "verified_pct_suppression_reason_code", values: SUPPRESSION_REASONS },
    { type: "accepted_range", column: "verified_pct", min: 0, max: 1 },
    {
      type: "expression_is_true",
      name: "share_published_iff_no_reason",
      expression: "(verified_pct is null) = (verified_pct_suppression_reason_code is not null)",
    },
  ],
});
