import { AUSPICES, PROGRAM_TYPES, SETTINGS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";
import { changedBetweenAsOfDates } from "../staging/stg_latest_as_of.ts";

export default defineModel({
  grain: ["program_id", "valid_from"],
  // A program's versions come from its own rows, versions and funding, and from the latest as-of
  // date, after which no change date is kept: a build recomputes the programs whose rows changed
  // and those with a change date between the previous and the new as-of date.
  incremental: {
    entity: "program_id",
    inputs: {
      "staging.stg_programs": { entityColumn: "program_id" },
      "staging.stg_program_versions": { entityColumn: "program_id" },
      "marts.fct_program_funding": { entityColumn: "program_id" },
      "staging.stg_latest_as_of": {
        // Every change date the model lists (a superset); null: the as-of date did not move forward.
        changedEntities: changedBetweenAsOfDates(
          "program_id",
          `
              select program_id, opened_date as d from staging.stg_programs
              union all select program_id, closed_date + 1 from staging.stg_programs
              union all select program_id, version_valid_from from staging.stg_program_versions
              union all select program_id, naeyc_accredited_through_date + 1 from staging.stg_program_versions
              union all select program_id, fiscal_year_start_date from marts.fct_program_funding
              union all select program_id, fiscal_year_end_date + 1 from marts.fct_program_funding`,
        ),
      },
    },
  },
  description:
    "One row per program site and period of unchanged attributes (SCD2): extract versions, state-funded status and funding sources of the state fiscal year, NAEYC accreditation, open or closed. The version in force on D is valid_from <= D < valid_to (null valid_to: current).",
  columns: {
    program_id: "Registry program id.",
    valid_from: "First day of this version (the first version starts on the opening date).",
    valid_to: "First day of the next version (exclusive end); null for the current version.",
    is_current: "The version in force on the latest as-of date.",
    program_name: "Program name.",
    license_number: "OEC license number; null for license-exempt sites.",
    program_type_code: "Licensing category.",
    setting_code: "The registry's setting: COMMUNITY, PUBLIC_SCHOOL or FAMILY_CHILD_CARE.",
    auspice_code: "NONPROFIT, FOR_PROFIT, PUBLIC or FAITH_BASED.",
    town_name: "Connecticut town of the site (see dim_geography).",
    zip_code: "5-digit ZIP code.",
    licensed_capacity: "Licensed capacity (children).",
    is_serving_infant_toddler: "Serves infants and toddlers.",
    is_serving_preschool: "Serves preschoolers.",
    is_serving_school_age: "Serves school-age children.",
    naeyc_accredited_through_date: "NAEYC accreditation valid through this date, as the version said.",
    is_naeyc_accredited:
      "Accredited during the version: the through date is on or after valid_from (when accreditation began is not in the extract).",
    opened_date: "Date the site opened.",
    closed_date: "Date the site closed; null when open.",
    is_open: "Open during the version.",
    is_state_funded:
      "State-funded in the fiscal year of the version: a CDC, SR, SS, SHS or ESCT row (per dim_funding_sources) for that fiscal year.",
    has_head_start_funding: "Has federal Head Start (HS) funding in the fiscal year of the version.",
    funding_source_codes: "Funding sources of the fiscal year, comma-separated; null when none.",
  },
  tests: [
    { type: "accepted_values", column: "setting_code", values: SETTINGS },
    { type: "accepted_values", column: "program_type_code", values: PROGRAM_TYPES },
    { type: "accepted_values", column: "auspice_code", values: AUSPICES },
    { type: "relationships", column: "town_name", to: "marts.dim_geography", field: "town_name" },
    { type: "unique", columns: ["program_id", "valid_to"] },
    {
      type: "expression_is_true",
      name: "valid_to_after_valid_from",
      expression: "valid_to is null or valid_to > valid_from",
    },
    {
      type: "expression_is_true",
      name: "one_current_version",
      expression: "is_current = (valid_to is null)",
    },
  ],
});
