import { AUSPICES, PROGRAM_TYPES, SETTINGS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["program_id"],
  description: "One row per program site as of the latest loaded extract (current version).",
  columns: {
    program_id: "Registry program id.",
    program_name: "Program name.",
    license_number: "OEC license number; null for license-exempt sites.",
    program_type_code: "Licensing category: CENTER, GROUP_HOME, FAMILY_HOME, PUBLIC_SCHOOL, EXEMPT_OTHER.",
    setting_code: "The registry's setting: COMMUNITY, PUBLIC_SCHOOL or FAMILY_CHILD_CARE.",
    auspice_code: "NONPROFIT, FOR_PROFIT, PUBLIC or FAITH_BASED.",
    town_name: "Connecticut town of the site.",
    zip_code: "5-digit ZIP code (text, leading zeros kept).",
    licensed_capacity: "Licensed capacity (children).",
    is_serving_infant_toddler: "Serves infants and toddlers.",
    is_serving_preschool: "Serves preschoolers.",
    is_serving_school_age: "Serves school-age children.",
    naeyc_accredited_through_date: "NAEYC accreditation valid through this date; null when not accredited.",
    opened_date: "Date the site opened.",
    closed_date: "Date the site closed; null when open.",
    updated_at: "When the registry last changed the record (UTC).",
  },
  tests: [
    { type: "not_null", column: "setting_code" },
    { type: "accepted_values", column: "setting_code", values: SETTINGS },
    { type: "accepted_values", column: "program_type_code", values: PROGRAM_TYPES },
    { type: "accepted_values", column: "auspice_code", values: AUSPICES },
    { type: "relationships", column: "town_name", to: "seeds.ct_towns", field: "town_name" },
    {
      type: "expression_is_true",
      name: "closed_not_before_opened",
      expression: "closed_date is null or closed_date >= opened_date",
    },
  ],
});
