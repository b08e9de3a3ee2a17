import { ALL_APPLICATION_SUBTYPES, APPLICATION_TYPES } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["application_id"],
  // An account's rows come from its own current rows and its own row of stg_people (the
  // surviving account): a nightly delta recomputes the accounts it touched.
  incremental: {
    entity: "registry_id",
    inputs: {
      "raw.applications": { entityColumn: "registry_id" },
      "staging.stg_people": { entityColumn: "registry_id" },
    },
  },
  description: "One row per application made through the registry portal (current version).",
  columns: {
    application_id: "Registry application id.",
    registry_id: "The applicant's account.",
    person_id: "The surviving account (merged duplicates folded into the account they were merged into).",
    application_type_code: "SCHOLARSHIP, HEAD_TEACHER, ECTC or TA_PROVIDER.",
    application_subtype_code: "Subtype within the type (DEGREE_COURSEWORK, CENTER, BACHELOR, TRAINER, ...).",
    program_id: "Employer when applying.",
    submitted_date: "Date submitted.",
    fiscal_year: "Connecticut fiscal year the application belongs to.",
    institution_name: "Scholarships: the college paid.",
    requested_usd: "Scholarships: amount requested (USD).",
  },
  tests: [
    { type: "accepted_values", column: "application_type_code", values: APPLICATION_TYPES },
    { type: "accepted_values", column: "application_subtype_code", values: ALL_APPLICATION_SUBTYPES },
    { type: "relationships", column: "program_id", to: "staging.stg_programs", field: "program_id" },
    { type: "not_null", column: "person_id", severity: "warn" },
  ],
});
