import { SETTINGS } from "../../../ingest/sources/codes.ts";
import { defineModel, type ModelMeta } from "../../model.ts";
import { SUPPRESSION_REASONS } from "./rpt_suppressed_cells_by_table.ts";

/** The characteristics the workforce profile is broken down by, one at a time. */
export const PROFILE_DIMENSIONS = [
  "AGE_GROUP_SERVED",
  "RACE_ETHNICITY",
  "PRIMARY_LANGUAGE",
  "AGE_BAND",
  "HIGHEST_AWARD",
  "REGISTRY_LADDER_LEVEL",
  "QUALIFICATION_LEVEL",
  "STATE_FUNDING",
] as const;

/** The metadata of the workforce profile tables, by one column dimension (setting or role). */
export function profileReportMeta(
  dimension: string,
  dimensionDescription: string,
  codes: readonly string[],
): ModelMeta {
  return defineModel({
    grain: ["snapshot_date", "dimension_code", "category_code", dimension],
    description: `One row per annual snapshot date (every June 30 from 2012, and the latest as-of date), characteristic, category and ${dimension.replace(/_code$/, "")} (and their totals): the active workforce counted once per person by the primary spell, suppressed per the publishing rules, with each category's share of the ${dimension.replace(/_code$/, "")}'s workforce.`,
    columns: {
      snapshot_date: "Reference date: June 30 (the end of a state fiscal year) or the latest as-of date.",
      fiscal_year: "State fiscal year of the snapshot date.",
      dimension_code: `The characteristic: ${PROFILE_DIMENSIONS.join(", ")}.`,
      category_code:
        "The category of the characteristic (a code of the registry; AGE_BAND: UNDER_25, 25_34, 35_44, 45_54, 55_64, 65_AND_OVER, UNKNOWN, by calendar year of the date minus birth year; REGISTRY_LADDER_LEVEL: 1 to 15 or NONE; STATE_FUNDING: STATE_FUNDED or NOT_STATE_FUNDED); ALL = every category.",
      [dimension]: dimensionDescription,
      people_count:
        "Members of the active workforce (a verified spell covering the date at an open program); null when suppressed.",
      people_count_suppression_reason_code:
        "Why people_count is withheld: too_few (1 to k - 1) or complementary (protects another cell); null when published.",
      people_pct:
        "Share (0-1, 4 decimals) of the column's workforce (category ALL) in the category; null when withheld.",
      people_pct_suppression_reason_code:
        "Why people_pct is withheld: no_data (nobody), too_few (denominator under 2k, or 1 to k - 1 in or out of the category), complementary (a count it rests on is withheld); null when published.",
    },
    tests: [
      { type: "accepted_values", column: "dimension_code", values: PROFILE_DIMENSIONS },
      { type: "accepted_values", column: dimension, values: [...codes, "ALL"] },
      {
        type: "accepted_values",
        column: "people_count_suppression_reason_code",
        values: SUPPRESSION_REASONS,
      },
      { type: "accepted_values", column: "people_pct_suppression_reason_code", values: SUPPRESSION_REASONS },
      { type: "not_null", column: "fiscal_year" },
      { type: "accepted_range", column: "people_pct", min: 0, max: 1 },
      {
        type: "expression_is_true",
        name: "count_published_iff_no_reason",
        expression: "(people_count is null) = (people_count_suppression_reason_code is not null)",
      },
      {
        type: "expression_is_true",
        name: "share_published_iff_no_reason",
        expression: "(people_pct is null) = (people_pct_suppression_reason_code is not null)",
      },
    ],
  });
}

export default profileReportMeta(
  "setting_code",
  "Setting of the primary spell's program (COMMUNITY, PUBLIC_SCHOOL, FAMILY_CHILD_CARE); ALL = every setting.",
  SETTINGS,
);
