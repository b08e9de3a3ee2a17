import { ROLES } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";
import { SUPPRESSION_REASONS } from "./rpt_suppressed_cells_by_table.ts";

const reasons = (column: string) =>
  ({ type: "accepted_values", column, values: SUPPRESSION_REASONS }) as const;

export default defineModel({
  grain: ["snapshot_date", "role_code"],
  description:
    "One row per snapshot date and role of the primary spell (and ALL): members of the active workforce with a pay record in force on their primary spell, by the benefits it reports, and the shares of the role's active workforce with health insurance and with a retirement plan as their pay record reports them, suppressed per the publishing rules.",
  columns: {
    snapshot_date: "Reference date: a month end from 2012-01-31, or an extract's as-of date.",
    role_code: "Role of the primary spell; ALL = every role.",
    people_count:
      "Members whose primary spell has a pay record in force on the date; null when suppressed (also when the role's workforce in rpt_workforce_by_setting_role leaves a rest without a pay record of 1 to k - 1).",
    people_count_suppression_reason_code: "Why it is withheld (too_few, complementary); null when published.",
    both_benefits_count: "With health insurance and a retirement plan; null when suppressed.",
    both_benefits_count_suppression_reason_code: "Why it is withheld; null when published.",
    health_insurance_only_count: "With health insurance, no retirement plan; null when suppressed.",
    health_insurance_only_count_suppression_reason_code: "Why it is withheld; null when published.",
    retirement_plan_only_count: "With a retirement plan, no health insurance; null when suppressed.",
    retirement_plan_only_count_suppression_reason_code: "Why it is withheld; null when published.",
    no_benefits_count: "With neither; null when suppressed.",
    no_benefits_count_suppression_reason_code: "Why it is withheld; null when published.",
    health_insurance_pct:
      "Of the role's active workforce (people_count of rpt_workforce_by_setting_role, all settings), the share whose pay record in force reports employer health insurance (offered and taken; a member without a pay record counts as not reported), 0-1, 4 decimals; null when withheld.",
    health_insurance_pct_suppression_reason_code:
      "Why the share is withheld: no_data (nobody), too_few (under 2k, or 1 to k - 1 with or without), complementary (the workforce count, or a count the numerator sums - both benefits, or health insurance only - is withheld, and the share would give it away); null when published.",
    retirement_plan_pct:
      "Of the role's active workforce, the share whose pay record reports an employer retirement plan (as above), 0-1, 4 decimals; null when withheld.",
    retirement_plan_pct_suppression_reason_code:
      "Why the share is withheld (as above; its numerator sums both benefits and retirement plan only); null when published.",
  },
  tests: [
    { type: "accepted_values", column: "role_code", values: [...ROLES, "ALL"] },
    reasons("people_count_suppression_reason_code"),
    reasons("both_benefits_count_suppression_reason_code"),
    reasons("health_insurance_only_count_suppression_reason_code"),
    reasons("retirement_plan_only_count_suppression_reason_code"),
    reasons("no_benefits_count_suppression_reason_code"),
    reasons("health_insurance_pct_suppression_reason_code"),
    reasons("retirement_plan_pct_suppression_reason_code"),
    { type: "accepted_range", column: "health_insurance_pct", min: 0, max: 1 },
    { type: "accepted_range", column: "retirement_plan_pct", min: 0, max: 1 },
    {
      type: "expression_is_true",
      name: "shares_published_iff_no_reason",
      expression:
        "(health_insurance_pct is null) = (health_insurance_pct_suppression_reason_code is not null) and (retirement_plan_pct is null) = (retirement_plan_pct_suppression_reason_code is not null)",
    },
  ],
});
