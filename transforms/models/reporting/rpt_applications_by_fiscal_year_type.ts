import { APPLICATION_TYPES } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";
import { SUPPRESSION_REASONS } from "./rpt_suppressed_cells_by_table.ts";

const reasons = (column: string) =>
  ({ type: "accepted_values", column, values: SUPPRESSION_REASONS }) as const;

const publishedIffNoReason = (column: string, reason = `${column}_suppression_reason_code`) =>
  ({
    type: "expression_is_true",
    name: `${column}_published_iff_no_reason`,
    expression: `(${column} is null) = (${reason} is not null)`,
  }) as const;

const MILESTONES = ["submitted", "approved", "denied", "appealed", "withdrawn", "paid", "completed"] as const;

export default defineModel({
  grain: ["snapshot_date", "application_type_code", "fiscal_year"],
  description:
    "One row per application type and fiscal year of the applications, as of the latest as-of date: applications submitted and the milestones they reached, amounts awarded and paid, completion rate and days to decision (metrics.md, Applications), under the publishing rules.",
  columns: {
    snapshot_date:
      "The latest extract's as-of date: applications submitted and events dated on or before it count.",
    application_type_code: "SCHOLARSHIP, HEAD_TEACHER, ECTC or TA_PROVIDER.",
    fiscal_year: "The fiscal year the applications belong to.",
    submitted_count: "Applications submitted; null when suppressed.",
    submitted_count_suppression_reason_code:
      "Why submitted_count is withheld (too_few); null when published.",
    approved_count:
      "Applications with an APPROVED event (also after an upheld appeal); null when suppressed.",
    approved_count_suppression_reason_code: "Why approved_count is withheld; null when published.",
    denied_count:
      "Applications with a DENIED event (a later appeal does not erase a denial); null when suppressed.",
    denied_count_suppression_reason_code: "Why denied_count is withheld; null when published.",
    appealed_count:
      "Applications with an APPEALED event (appeals counted on their own); null when suppressed.",
    appealed_count_suppression_reason_code: "Why appealed_count is withheld; null when published.",
    withdrawn_count: "Applications withdrawn; null when suppressed.",
    withdrawn_count_suppression_reason_code: "Why withdrawn_count is withheld; null when published.",
    paid_count: "Applications with a PAID event (scholarships only); null when suppressed.",
    paid_count_suppression_reason_code: "Why paid_count is withheld; null when published.",
    completed_count: "Applications COMPLETED (scholarships only); null when suppressed.",
    completed_count_suppression_reason_code: "Why completed_count is withheld; null when published.",
    awarded_usd:
      "Sum of APPROVED amounts (USD, whole dollars); published only with a published, non-zero approved_count.",
    awarded_usd_suppression_reason_code:
      "Why awarded_usd is withheld: the approved count's reason, or no_data (none approved, or a type without amounts); null when published.",
    paid_usd:
      "Sum of PAID amounts (USD, whole dollars); published only with a published, non-zero paid_count.",
    paid_usd_suppression_reason_code: "Why paid_usd is withheld (as for awarded_usd); null when published.",
    completion_rate_pct: "COMPLETED / PAID (0-1, 4 decimals), under the share rule; null when withheld.",
    completion_rate_pct_suppression_reason_code:
      "no_data (none paid), too_few or complementary; null when published.",
    median_days_to_decision:
      "Median days from submission to the first APPROVED or DENIED event (at least k decisions).",
    p90_days_to_decision: "90th percentile of days to decision (at least k decisions).",
    days_to_decision_suppression_reason_code: "no_data (no decision yet) or too_few; null when published.",
  },
  tests: [
    { type: "accepted_values", column: "application_type_code", values: APPLICATION_TYPES },
    ...MILESTONES.map((m) => reasons(`${m}_count_suppression_reason_code`)),
    ...MILESTONES.map((m) => publishedIffNoReason(`${m}_count`)),
    reasons("awarded_usd_suppression_reason_code"),
    reasons("paid_usd_suppression_reason_code"),
    reasons("completion_rate_pct_suppression_reason_code"),
    reasons("days_to_decision_suppression_reason_code"),
    publishedIffNoReason("awarded_usd"),
    publishedIffNoReason("paid_usd"),
    publishedIffNoReason("completion_rate_pct"),
    publishedIffNoReason("median_days_to_decision", "days_to_decision_suppression_reason_code"),
    { type: "accepted_range", column: "completion_rate_pct", min: 0, max: 1 },
    { type: "accepted_range", column: "median_days_to_decision", min: 0 },
    {
      type: "expression_is_true",
      name: "p90_not_below_median",
      expression: "median_days_to_decision is null or p90_days_to_decision >= median_days_to_decision",
    },
  ],
});
