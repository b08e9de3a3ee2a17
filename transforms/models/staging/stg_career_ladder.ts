import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["registry_id", "effective_date"],
  // An account's rows come from its own current rows and its own row of stg_people (the
  // surviving account): a nightly delta recomputes the accounts it touched.
  incremental: {
    entity: "registry_id",
    inputs: {
      "raw.career_ladder": { entityColumn: "registry_id" },
      "staging.stg_people": { entityColumn: "registry_id" },
    },
  },
  description: "One row per career-ladder placement the registry made (append-only), as delivered.",
  columns: {
    registry_id: "The account placed.",
    person_id: "The surviving account (merged duplicates folded into the account they were merged into).",
    effective_date: "The placement holds from this date until the account's next placement.",
    ladder_level: "Career-ladder level 1 to 15 (2 and 4 retired in 2015).",
    qsm_eligible_through_date:
      "The registry's Qualified Staff Member expiry (2099-12-31 = for good); null = not QSM-eligible.",
  },
  tests: [
    { type: "accepted_range", column: "ladder_level", min: 1, max: 15 },
    { type: "not_null", column: "person_id", severity: "warn" },
  ],
});
