import { CREDENTIAL_STATUSES, ENDORSEMENTS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";
import { VERIFICATION_STATUSES } from "./fct_employment_spells.ts";

export default defineModel({
  grain: ["credential_id"],
  // A record's row comes from its own row of stg_credentials and its own verification periods.
  incremental: {
    entity: "credential_id",
    inputs: {
      "staging.stg_credentials": { entityColumn: "credential_id" },
      "staging.stg_verification_periods": { entityColumn: "record_id" },
    },
  },
  description:
    "One row per credential, designation, certification or TA approval on a member's record, with its verification status on the latest as-of date.",
  columns: {
    credential_id: "Registry credential id.",
    person_id: "The member (surviving account).",
    registry_id: "The account the credential was reported on.",
    credential_type_code: "Credential type (see dim_credential_types).",
    endorsement_code: "ECTC endorsement.",
    issued_date: "Date issued.",
    expires_date: "Date it expires; null = does not expire.",
    credential_status_code: "ACTIVE, EXPIRED or REVOKED.",
    verification_status_code: "Latest verification outcome, or SELF_REPORTED when never checked.",
    is_verified: "verification_status_code = VERIFIED.",
    first_verified_date: "Date of the first VERIFIED check.",
  },
  tests: [
    { type: "accepted_values", column: "endorsement_code", values: ENDORSEMENTS },
    { type: "accepted_values", column: "credential_status_code", values: CREDENTIAL_STATUSES },
    { type: "accepted_values", column: "verification_status_code", values: VERIFICATION_STATUSES },
    {
      type: "relationships",
      column: "person_id",
      to: "marts.dim_people",
      field: "person_id",
      allowNull: false,
    },
    {
      type: "relationships",
      column: "credential_type_code",
      to: "marts.dim_credential_types",
      field: "credential_type_code",
      allowNull: false,
    },
  ],
});
