import { FUNDING_SOURCES } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["funding_source_code"],
  description: "One row per program funding source, from the funding_sources reference table.",
  columns: {
    funding_source_code: "Funding source code as in the program_funding file.",
    funding_source_name: "Display name.",
    first_fiscal_year: "First state fiscal year of the source; null when not known or not applicable.",
    last_fiscal_year: "Last state fiscal year of the source; null while it continues.",
    is_state_funding:
      "A row of this source makes the program state-funded for the fiscal year (CDC, SR, SS, SHS, ESCT; Care 4 Kids alone does not count).",
    is_federal_funding: "Federal money (Head Start, Early Head Start, CCDF subsidies).",
    is_head_start_funding: "Federal Head Start or Early Head Start.",
    funding_source_description: "What the source is, from the reference table.",
    reference_source: "Where the reference row comes from.",
    reference_as_of_date: "Date the reference row is valid as of.",
  },
  tests: [
    { type: "accepted_values", column: "funding_source_code", values: FUNDING_SOURCES },
    { type: "not_null", column: "is_state_funding" },
    {
      type: "expression_is_true",
      name: "every_source_listed",
      expression: `(select count(*) from marts.dim_funding_sources) = ${FUNDING_SOURCES.length}`,
    },
  ],
});
