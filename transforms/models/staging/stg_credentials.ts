import { CREDENTIAL_STATUSES, CREDENTIAL_TYPES, ENDORSEMENTS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["credential_id"],
  // An account's rows come from its own current rows and its own row of stg_people (the
  // surviving account): a nightly delta recomputes the accounts it touched.
  incremental: {
    entity: "registry_id",
    inputs: {
      "raw.credentials": { entityColumn: "registry_id" },
      "staging.stg_people": { entityColumn: "registry_id" },
    },
  },
  description: "One row per credential, designation, certification or TA approval (current version).",
  columns: {
    credential_id: "Registry credential id.",
    registry_id: "The account the credential was reported on.",
    person_id: "The surviving account (merged duplicates folded into the account they were merged into).",
    credential_type_code: "Credential type code (ECTC_ASSOCIATE, TEACHING_CERT_ECE, ...).",
    endorsement_code: "ECTC endorsement: INFANT_TODDLER, PRESCHOOL or BOTH.",
    issued_date: "Date issued.",
    expires_date: "Date it expires; null = does not expire.",
    credential_status_code: "ACTIVE, EXPIRED or REVOKED (current status).",
  },
  tests: [
    { type: "accepted_values", column: "credential_type_code", values: CREDENTIAL_TYPES },
    { type: "accepted_values", column: "endorsement_code", values: ENDORSEMENTS },
    { type: "accepted_values", column: "credential_status_code", values: CREDENTIAL_STATUSES },
    { type: "not_null", column: "person_id", severity: "warn" },
  ],
});
