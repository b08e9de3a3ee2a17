import { OUTCOMES, RECORD_TYPES } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["record_type_code", "record_id", "valid_from"],
  // A record's periods come from its own checks only.
  incremental: {
    entity: "record_id",
    inputs: { "staging.stg_verifications": { entityColumn: "record_id" } },
  },
  description:
    "One row per record and period of constant verification status: the status on a date D is the row with valid_from <= D < valid_to (no row: SELF_REPORTED).",
  columns: {
    record_type_code: "EDUCATION, COURSEWORK, TRAINING, EMPLOYMENT or CREDENTIAL.",
    record_id: "Primary key of the record, in its own file.",
    valid_from: "Date of the check that set the status.",
    valid_to: "Date of the record's next check (exclusive end); null = still in force.",
    verification_status_code:
      "Outcome of the latest check on or before the date: VERIFIED, REJECTED or NEEDS_INFORMATION.",
    verification_id: "The check in force (the highest verification_id of its day).",
  },
  tests: [
    { type: "accepted_values", column: "record_type_code", values: RECORD_TYPES },
    { type: "accepted_values", column: "verification_status_code", values: OUTCOMES },
    {
      type: "expression_is_true",
      name: "period_not_empty",
      expression: "valid_to is null or valid_to > valid_from",
    },
  ],
});
