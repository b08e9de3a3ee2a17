import { defineModel } from "../../model.ts";
import { SUPPRESSION_REASONS } from "./rpt_suppressed_cells_by_table.ts";

const reasons = (column: string) =>
  ({ type: "accepted_values", column, values: SUPPRESSION_REASONS }) as const;

export default defineModel({
  grain: ["snapshot_date", "fiscal_year"],
  description:
    "One row per fiscal year of OEC scholarship applications, as of the latest as-of date: applications by milestone reached, amounts, completion rate and days to decision, suppressed per the publishing rules.",
  columns: {
    snapshot_date: "The latest extract's as-of date: every milestone on or before it counts.",
    fiscal_year: "The fiscal year the applications belong to.",
    submitted_count: "Applications submitted; null when suppressed.",
    submitted_suppression_reason_code: "Why submitted_count is withheld; null when published.",
    approved_count:
      "Applications with an APPROVED event (also after an upheld appeal); null when suppressed.",
    approved_suppression_reason_code: "Why approved_count is withheld; null when published.",
    denied_count:
      "Applications with a DENIED event (a later appeal does not erase a denial); null when suppressed.",
    denied_suppression_reason_code: "Why denied_count is withheld; null when published.",
    withdrawn_count: "Applications withdrawn; null when suppressed.",
    withdrawn_suppression_reason_code: "Why withdrawn_count is withheld; null when published.",
    paid_count: "Applications with a PAID event; null when suppressed.",
    paid_suppression_reason_code: "Why paid_count is withheld; null when published.",
    completed_count: "Applications COMPLETED; null when suppressed.",
    completed_suppression_reason_code: "Why completed_count is withheld; null when published.",
    awarded_usd: "Sum of APPROVED amounts (USD); published only with a published, non-zero approved_count.",
    paid_usd: "Sum of PAID amounts (USD); published only with a published, non-zero paid_count.",
    completion_rate_pct: "COMPLETED / PAID (0-1, 4 decimals), under the share rule; null when withheld.",
    completion_rate_suppression_reason_code: "no_data, too_few or complementary; null when published.",
    median_days_to_decision:
      "Median days from submission to the first APPROVED or DENIED event (at least k decisions).",
    p90_days_to_decision: "90th percentile of days to decision (at least k decisions).",
    days_to_decision_suppression_reason_code: "no_data or too_few; null when published.",
  },
  tests: [
    reasons("submitted_suppression_reason_code"),
    reasons("approved_suppression_reason_code"),
    reasons("denied_suppression_reason_code"),
    reasons("withdrawn_suppression_reason_code"),
    reasons("paid_suppression_reason_code"),
    reasons("completed_suppression_reason_code"),
    reasons("completion_rate_suppression_reason_code"),
    reasons("days_to_decision_suppression_reason_code"),
    {
      type: "expression_is_true",
      name: "rate_published_iff_no_reason",
      expression: "(completion_rate_pct is null) = (completion_rate_suppression_reason_code is not null)",
    },
  ],
});
