import { ROLES } from "../../../ingest/sources/codes.ts";
import { defineModel, type ModelMeta } from "../../model.ts";
import { SUPPRESSION_REASONS } from "./rpt_suppressed_cells_by_table.ts";

const reasons = (column: string) =>
  ({ type: "accepted_values", column, values: SUPPRESSION_REASONS }) as const;

/** The metadata of the turnover tables, by one dimension (setting or role). */
export function turnoverReportMeta(
  dimension: string,
  dimensionDescription: string,
  codes: readonly string[],
): ModelMeta {
  return defineModel({
    grain: ["fiscal_year", dimension],
    description: `One row per ended state fiscal year and ${dimension.replace(/_code$/, "")} (and ALL): members active at a program on July 1 (counted per program), where they are on June 30, turnover and left-the-field shares (metrics.md), suppressed per the publishing rules.`,
    columns: {
      fiscal_year: "State fiscal year (July 1 to June 30, named by the year it ends); ended years only.",
      [dimension]: dimensionDescription,
      active_on_first_day_count:
        "Members active at a program on July 1 (a member at two programs counts at each); null when suppressed.",
      active_on_first_day_count_suppression_reason_code:
        "Why it is withheld (too_few, complementary); null when published.",
      stayed_count: "Of them, still active at the same program on June 30; null when suppressed.",
      stayed_count_suppression_reason_code: "Why it is withheld; null when published.",
      active_elsewhere_count:
        "Not at the program on June 30 but active at another program; null when suppressed.",
      active_elsewhere_count_suppression_reason_code: "Why it is withheld; null when published.",
      left_field_count: "With no active spell anywhere on June 30; null when suppressed.",
      left_field_count_suppression_reason_code: "Why it is withheld; null when published.",
      turnover_pct:
        "Turnover in FY (0-1, 4 decimals): share no longer at the program on June 30 (active elsewhere or left the field); null when withheld.",
      turnover_suppression_reason_code:
        "Why turnover_pct is withheld: no_data (nobody), too_few (denominator under 2k, or 1 to k - 1 left or stayed), complementary (a count it rests on is withheld); null when published.",
      left_field_pct:
        "Left the field (0-1, 4 decimals): share with no active spell anywhere on June 30; null when withheld.",
      left_field_suppression_reason_code:
        "Why left_field_pct is withheld (as for turnover); null when published.",
    },
    tests: [
      { type: "accepted_values", column: dimension, values: [...codes, "ALL"] },
      reasons("active_on_first_day_count_suppression_reason_code"),
      reasons("stayed_count_suppression_reason_code"),
      reasons("active_elsewhere_count_suppression_reason_code"),
      reasons("left_field_count_suppression_reason_code"),
      reasons("turnover_suppression_reason_code"),
      reasons("left_field_suppression_reason_code"),
      { type: "accepted_range", column: "turnover_pct", min: 0, max: 1 },
      { type: "accepted_range", column: "left_field_pct", min: 0, max: 1 },
      {
        type: "expression_is_true",
        name: "turnover_published_iff_no_reason",
        expression: "(turnover_pct is null) = (turnover_suppression_reason_code is not null)",
      },
      {
        type: "expression_is_true",
        name: "left_field_published_iff_no_reason",
        expression: "(left_field_pct is null) = (left_field_suppression_reason_code is not null)",
      },
      {
        type: "expression_is_true",
        name: "left_field_within_turnover",
        expression: "left_field_pct is null or turnover_pct is null or left_field_pct <= turnover_pct",
      },
    ],
  });
}

export default turnoverReportMeta(
  "role_code",
  "Role of the member's spell at the program on July 1; ALL = every role.",
  ROLES,
);
