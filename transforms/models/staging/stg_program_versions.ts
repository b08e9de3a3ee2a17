import { SETTINGS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["program_id", "version_valid_from"],
  description:
    "One row per version of a current program site as received in the extracts (raw history), for the program dimension's history.",
  columns: {
    program_id: "Registry program id.",
    version_valid_from: "As-of date of the extract that delivered this version.",
    version_valid_to: "As-of date of the extract that superseded it; null for the current version.",
    is_current_version: "True for the version in the latest extract.",
    program_name: "Program name.",
    license_number: "OEC license number; null for license-exempt sites.",
    program_type_code: "Licensing category.",
    setting_code: "COMMUNITY, PUBLIC_SCHOOL or FAMILY_CHILD_CARE.",
    auspice_code: "NONPROFIT, FOR_PROFIT, PUBLIC or FAITH_BASED.",
    town_name: "Connecticut town of the site.",
    zip_code: "5-digit ZIP code.",
    licensed_capacity: "Licensed capacity (children).",
    is_serving_infant_toddler: "Serves infants and toddlers.",
    is_serving_preschool: "Serves preschoolers.",
    is_serving_school_age: "Serves school-age children.",
    naeyc_accredited_through_date: "NAEYC accreditation valid through this date, as this version said.",
    opened_date: "Date the site opened, as this version said.",
    closed_date: "Date the site closed, as this version said.",
    extract_id:
      "Extract that delivered the version (meta.load_log of its _load_id; never null: a test blocks the build otherwise).",
  },
  tests: [
    { type: "not_null", column: "extract_id" },
    { type: "accepted_values", column: "setting_code", values: SETTINGS },
    { type: "relationships", column: "program_id", to: "staging.stg_programs", field: "program_id" },
  ],
});
