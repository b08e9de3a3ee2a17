import { AWARD_LEVELS, FIELDS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["education_id"],
  // An account's rows come from its own current rows and its own row of stg_people (the
  // surviving account): a nightly delta recomputes the accounts it touched.
  incremental: {
    entity: "registry_id",
    inputs: {
      "raw.education": { entityColumn: "registry_id" },
      "staging.stg_people": { entityColumn: "registry_id" },
    },
  },
  description: "One row per degree, certificate, diploma or CDA on a member's record (current version).",
  columns: {
    education_id: "Registry education record id.",
    registry_id: "The account the award was reported on.",
    person_id: "The surviving account (merged duplicates folded into the account they were merged into).",
    award_level_code: "HS_DIPLOMA, GED, CDA, CERTIFICATE, ASSOCIATE, BACHELOR, MASTER or DOCTORATE.",
    field_code: "Field of study code; NONE for a diploma or GED.",
    has_ece_concentration:
      "The registry judged the award to meet the CT Common Standard for an early-childhood degree.",
    institution_name: "Awarding institution.",
    is_regionally_accredited: "The institution is regionally accredited.",
    awarded_date: "Date awarded.",
    expires_date: "CDA only: the CDA is current through this date.",
    reported_date: "Date the member added it.",
  },
  tests: [
    { type: "accepted_values", column: "award_level_code", values: AWARD_LEVELS },
    { type: "accepted_values", column: "field_code", values: FIELDS },
    { type: "not_null", column: "person_id", severity: "warn" },
  ],
});
