import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["program_id", "funding_source_code", "fiscal_year"],
  // A program's funding rows come from its own rows (and the funding sources).
  incremental: {
    entity: "program_id",
    inputs: { "staging.stg_program_funding": { entityColumn: "program_id" } },
  },
  description: "One row per program, funding source and Connecticut state fiscal year.",
  columns: {
    program_id: "The program funded.",
    funding_source_code: "Funding source.",
    fiscal_year: "State fiscal year (July to June, named by the year it ends).",
    fiscal_year_start_date: "July 1 that starts the fiscal year.",
    fiscal_year_end_date: "June 30 that ends the fiscal year.",
    is_state_funding:
      "The source makes the program state-funded for the fiscal year (from dim_funding_sources).",
    is_head_start_funding: "Federal Head Start or Early Head Start.",
    funded_space_count: "Funded spaces; null for C4K and PRIVATE.",
    annual_award_usd: "Annual award (USD).",
  },
  tests: [
    {
      type: "relationships",
      column: "funding_source_code",
      to: "marts.dim_funding_sources",
      field: "funding_source_code",
      allowNull: false,
    },
    {
      type: "relationships",
      column: "program_id",
      to: "marts.dim_programs",
      field: "program_id",
      allowNull: false,
    },
    { type: "relationships", column: "fiscal_year", to: "marts.dim_dates", field: "fiscal_year" },
  ],
});
