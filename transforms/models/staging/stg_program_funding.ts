import { FUNDING_SOURCES } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["program_id", "funding_source_code", "fiscal_year"],
  // A program's funding rows come from its own rows only.
  incremental: { entity: "program_id", inputs: { "raw.program_funding": { entityColumn: "program_id" } } },
  description: "One row per program, funding source and Connecticut fiscal year (current version).",
  columns: {
    program_id: "Registry program id.",
    funding_source_code: "Funding source code (CDC, SR, SS, SHS, ESCT, HS, EHS, C4K, PRIVATE).",
    fiscal_year: "Connecticut fiscal year, July to June, named by the year it ends.",
    fiscal_year_start_date: "July 1 that starts the fiscal year.",
    fiscal_year_end_date: "June 30 that ends the fiscal year.",
    funded_space_count: "Funded spaces; null for C4K and PRIVATE.",
    annual_award_usd: "Annual state or federal award (USD).",
  },
  tests: [
    { type: "accepted_values", column: "funding_source_code", values: FUNDING_SOURCES },
    { type: "relationships", column: "program_id", to: "staging.stg_programs", field: "program_id" },
  ],
});
