import { TOPIC_AREAS } from "../../../ingest/sources/codes.ts";
import { defineModel, type ModelMeta } from "../../model.ts";
import { SUPPRESSION_REASONS } from "./rpt_suppressed_cells_by_table.ts";

/** The metadata of the professional-development tables (training by topic, credits by area). */
export function pdReportMeta(opts: {
  category: string;
  categoryDescription: string;
  codes: readonly string[];
  what: string;
  recordCount: string;
  recordCountDescription: string;
  amount: string;
  amountDescription: string;
}): ModelMeta {
  return defineModel({
    grain: ["fiscal_year", opts.category],
    description: `One row per state fiscal year and ${opts.category.replace(/_code$/, "").replaceAll("_", " ")} (and ALL): members with ${opts.what} completed in the year, the records and their ${opts.amount.replaceAll("_", " ")}, suppressed per the publishing rules.`,
    columns: {
      fiscal_year: "State fiscal year of the completion date (July 1 to June 30, named by the year it ends).",
      is_complete_fiscal_year:
        "The fiscal year ended on or before the latest as-of date (else: the year so far).",
      [opts.category]: opts.categoryDescription,
      people_count: `Members with ${opts.what} completed in the year (each once); null when suppressed.`,
      people_count_suppression_reason_code:
        "Why people_count is withheld: too_few (1 to k - 1) or complementary (protects another row of the year); null when published.",
      [opts.recordCount]: opts.recordCountDescription,
      [opts.amount]: opts.amountDescription,
      [`${opts.amount}_suppression_reason_code`]:
        "Why the records and amounts are withheld: the member count's reason, or no_data (nobody); null when published.",
      [`${opts.amount}_per_person`]: `${opts.amount.replaceAll("_", " ")} / people_count (1 decimal); null when withheld.`,
    },
    tests: [
      { type: "accepted_values", column: opts.category, values: [...opts.codes, "ALL"] },
      {
        type: "accepted_values",
        column: "people_count_suppression_reason_code",
        values: SUPPRESSION_REASONS,
      },
      {
        type: "accepted_values",
        column: `${opts.amount}_suppression_reason_code`,
        values: SUPPRESSION_REASONS,
      },
      { type: "accepted_range", column: opts.amount, min: 0 },
      {
        type: "expression_is_true",
        name: "amount_published_iff_no_reason",
        expression: `(${opts.amount} is null) = (${opts.amount}_suppression_reason_code is not null)`,
      },
      {
        type: "expression_is_true",
        name: "amount_only_with_its_count",
        expression: `people_count is not null or (${opts.amount} is null and ${opts.recordCount} is null)`,
      },
    ],
  });
}

export default pdReportMeta({
  category: "topic_area_code",
  categoryDescription: "Training topic area (registry code); ALL = every topic.",
  codes: TOPIC_AREAS,
  what: "verified non-credit training",
  recordCount: "training_record_count",
  recordCountDescription: "Verified training records completed in the year; null when withheld.",
  amount: "training_hours",
  amountDescription: "Clock hours of those records (sum, 1 decimal); null when withheld.",
});
