import { FUNDING_SOURCES, SETTINGS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";
import { SUPPRESSION_REASONS } from "./rpt_suppressed_cells_by_table.ts";

export default defineModel({
  grain: ["fiscal_year", "funding_source_code", "setting_code"],
  description:
    "One row per state fiscal year, funding source (and any state source, any source) and setting (and ALL): programs funded, funded spaces and annual awards, suppressed per the publishing rules.",
  columns: {
    fiscal_year: "State fiscal year of the funding rows (July 1 to June 30, named by the year it ends).",
    funding_source_code:
      "Funding source (C4K, CDC, SR, SS, SHS, ESCT, HS, EHS, PRIVATE); ANY_STATE = any state source; ANY = any source.",
    funding_source_name: "Display name.",
    is_state_funding: "A row of the source makes a program state-funded (metrics.md); null for ANY.",
    first_fiscal_year: "First fiscal year of the source, when known (ESCT: 2026).",
    last_fiscal_year:
      "Last fiscal year of the source (CDC, SR, SHS: 2025, then Early Start CT); null while it continues.",
    setting_code: "Setting of the program (its current version); ALL = every setting.",
    program_count: "Programs with a funding row of the source in the fiscal year; null when suppressed.",
    program_count_suppression_reason_code:
      "Why program_count is withheld: too_few (1 to k - 1) or complementary; null when published.",
    funded_space_count: "Funded spaces of those programs (sum); null when withheld.",
    funded_space_count_suppression_reason_code:
      "Why funded_space_count is withheld: the program count's reason, no_data (no programs, or a source without spaces such as C4K), or too_few (1 to k - 1 spaces); null when published.",
    annual_award_usd: "Annual awards of those programs (sum, USD, whole dollars); null when withheld.",
    annual_award_usd_suppression_reason_code:
      "Why annual_award_usd is withheld: the program count's reason, or no_data; null when published.",
  },
  tests: [
    {
      type: "accepted_values",
      column: "funding_source_code",
      values: [...FUNDING_SOURCES, "ANY_STATE", "ANY"],
    },
    { type: "accepted_values", column: "setting_code", values: [...SETTINGS, "ALL"] },
    { type: "accepted_values", column: "program_count_suppression_reason_code", values: SUPPRESSION_REASONS },
    {
      type: "accepted_values",
      column: "funded_space_count_suppression_reason_code",
      values: SUPPRESSION_REASONS,
    },
    {
      type: "accepted_values",
      column: "annual_award_usd_suppression_reason_code",
      values: SUPPRESSION_REASONS,
    },
    { type: "not_null", column: "funding_source_name" },
    {
      type: "expression_is_true",
      name: "amounts_only_with_their_count",
      expression: "program_count is not null or (funded_space_count is null and annual_award_usd is null)",
    },
    {
      type: "expression_is_true",
      name: "spaces_published_iff_no_reason",
      expression: "(funded_space_count is null) = (funded_space_count_suppression_reason_code is not null)",
    },
  ],
});
