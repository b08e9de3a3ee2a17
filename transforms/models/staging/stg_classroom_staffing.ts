import { ASSIGNMENT_ROLES } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["assignment_id"],
  // An account's rows come from its own current rows and its own row of stg_people (the
  // surviving account): a nightly delta recomputes the accounts it touched.
  incremental: {
    entity: "registry_id",
    inputs: {
      "raw.classroom_staffing": { entityColumn: "registry_id" },
      "staging.stg_people": { entityColumn: "registry_id" },
    },
  },
  description:
    "One row per classroom assignment (a member in a room as QSM, teacher or assistant), current version.",
  columns: {
    assignment_id: "Registry assignment id.",
    classroom_id: "The room.",
    registry_id: "The account named on the assignment.",
    person_id: "The surviving account (merged duplicates folded into the account they were merged into).",
    assignment_role_code: "DESIGNATED_QSM, TEACHER or ASSISTANT.",
    start_date: "First day of the assignment.",
    end_date: "Last day of the assignment; null = current.",
    updated_at: "When the registry last changed the record (UTC).",
  },
  tests: [
    { type: "accepted_values", column: "assignment_role_code", values: ASSIGNMENT_ROLES },
    { type: "relationships", column: "classroom_id", to: "staging.stg_classrooms", field: "classroom_id" },
    { type: "not_null", column: "person_id", severity: "warn" },
  ],
});
