import { DOCUMENT_TYPES, OUTCOMES, RECORD_TYPES, VERIFIERS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["verification_id"],
  // A record's checks come from its own rows only.
  incremental: { entity: "record_id", inputs: { "raw.verifications": { entityColumn: "record_id" } } },
  description: "One row per verification check of a member record (append-only).",
  columns: {
    verification_id: "Registry verification id.",
    record_type_code: "EDUCATION, COURSEWORK, TRAINING, EMPLOYMENT or CREDENTIAL.",
    record_id: "Primary key of the record checked, in its own file.",
    outcome_code: "VERIFIED, REJECTED or NEEDS_INFORMATION.",
    verified_date: "Date of the check.",
    verified_by_code: "REGISTRY_STAFF or PROGRAM_ADMIN.",
    document_type_code: "Document checked.",
  },
  tests: [
    { type: "accepted_values", column: "record_type_code", values: RECORD_TYPES },
    { type: "accepted_values", column: "outcome_code", values: OUTCOMES },
    { type: "accepted_values", column: "verified_by_code", values: VERIFIERS },
    { type: "accepted_values", column: "document_type_code", values: DOCUMENT_TYPES },
  ],
});
