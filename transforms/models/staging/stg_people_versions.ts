import { MEMBER_STATUSES } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["registry_id", "version_valid_from"],
  // An account's versions come from its own rows, its own row of stg_people, and the load log for
  // the extract of each version: the load log only gains rows for new loads, whose versions are
  // found changed in raw.people (and a rewritten load log rewrites the versions' load ids too).
  incremental: {
    entity: "registry_id",
    inputs: {
      "raw.people": { entityColumn: "registry_id" },
      "staging.stg_people": { entityColumn: "registry_id" },
      "meta.load_log": { changedEntities: "select null::varchar as registry_id where false" },
    },
  },
  description:
    "One row per version of a current registry account as received in the extracts (raw history, without names, emails or birth dates).",
  columns: {
    registry_id: "Registry account id.",
    person_id: "The surviving account (merged duplicates folded into the account they were merged into).",
    version_valid_from: "As-of date of the extract that delivered this version.",
    version_valid_to: "As-of date of the extract that superseded it; null for the current version.",
    is_current_version: "True for the version in the latest extract.",
    home_town_name: "Connecticut town of residence; null out of state.",
    home_state_code: "USPS state of residence.",
    gender_code: "F, M, X or U (not disclosed).",
    race_ethnicity_code: "Race and ethnicity code.",
    primary_language_code: "Primary language code.",
    member_status_code: "ACTIVE, INACTIVE or MERGED.",
    extract_id:
      "Extract that delivered the version (meta.load_log of its _load_id; never null: a test blocks the build otherwise).",
  },
  tests: [
    { type: "not_null", column: "extract_id" },
    { type: "accepted_values", column: "member_status_code", values: MEMBER_STATUSES },
    { type: "relationships", column: "registry_id", to: "staging.stg_people", field: "registry_id" },
  ],
});
