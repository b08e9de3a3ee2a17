import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["registry_id"],
  description:
    "One row per registry account as of the latest loaded extract, with person_id: the account it was merged into (itself when not merged).",
  columns: {
    registry_id: "Registry account id.",
    person_id: "The surviving account: merged duplicates point to the account they were folded into.",
    first_name: "First name (PII).",
    last_name: "Last name (PII).",
    birth_date: "Date of birth (PII).",
    email: "Email (PII).",
    home_town_name: "Connecticut town of residence; null out of state.",
    home_state_code: "USPS state of residence.",
    gender_code: "F, M, X or U (not disclosed).",
    race_ethnicity_code: "Race and ethnicity code.",
    primary_language_code: "Primary language code.",
    joined_date: "Date the account was created.",
    member_status_code: "ACTIVE, INACTIVE or MERGED.",
    merged_into: "For MERGED accounts, the account named as the merge target.",
    is_merged: "True for a duplicate account folded into another.",
    updated_at: "When the registry last changed the record (UTC).",
  },
  tests: [
    { type: "not_null", column: "person_id" },
    { type: "relationships", column: "person_id", to: "staging.stg_people", field: "registry_id" },
    { type: "accepted_values", column: "member_status_code", values: ["ACTIVE", "INACTIVE", "MERGED"] },
  ],
});
