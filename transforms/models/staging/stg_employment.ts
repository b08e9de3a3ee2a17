import { AGE_GROUPS_SERVED, ROLES } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["employment_id"],
  // An account's rows come from its own current rows and its own row of stg_people (the
  // surviving account): a nightly delta recomputes the accounts it touched.
  incremental: {
    entity: "registry_id",
    inputs: {
      "raw.employment": { entityColumn: "registry_id" },
      "staging.stg_people": { entityColumn: "registry_id" },
    },
  },
  description: "One row per employment spell (a member in a role at a program), current version.",
  columns: {
    employment_id: "Registry employment id.",
    registry_id: "The account named on the spell.",
    person_id: "The surviving account (merged duplicates folded into the account they were merged into).",
    program_id: "The employing program.",
    role_code: "Role code (TEACHER, ASSISTANT_TEACHER, DIRECTOR, ...).",
    age_group_served_code: "Age group served: INFANT_TODDLER, PRESCHOOL, SCHOOL_AGE, MIXED or NONE.",
    start_date: "First day of the spell.",
    end_date: "Last day of the spell; null = current.",
    updated_at: "When the registry last changed the record (UTC).",
  },
  tests: [
    { type: "accepted_values", column: "role_code", values: ROLES },
    { type: "accepted_values", column: "age_group_served_code", values: AGE_GROUPS_SERVED },
    { type: "relationships", column: "program_id", to: "staging.stg_programs", field: "program_id" },
    { type: "not_null", column: "person_id", severity: "warn" },
    {
      type: "expression_is_true",
      name: "end_not_before_start",
      expression: "end_date is null or end_date >= start_date",
    },
  ],
});
