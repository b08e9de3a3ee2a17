import { TOPIC_AREAS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";
import { VERIFICATION_STATUSES } from "./fct_employment_spells.ts";

export default defineModel({
  grain: ["training_record_id"],
  // A record's row comes from its own row of stg_training and its own verification periods.
  incremental: {
    entity: "training_record_id",
    inputs: {
      "staging.stg_training": { entityColumn: "training_record_id" },
      "staging.stg_verification_periods": { entityColumn: "record_id" },
    },
  },
  description:
    "One row per non-credit training record, with its verification status on the latest as-of date (titles stay in staging).",
  columns: {
    training_record_id: "Registry training record id.",
    person_id: "The member trained (surviving account).",
    registry_id: "The account the training was reported on.",
    topic_area_code: "Topic area.",
    training_hours: "Clock hours.",
    completed_date: "Date completed.",
    fiscal_year: "State fiscal year of the completion date.",
    trainer_person_id: "The approved TA trainer (surviving account), when named.",
    reported_date: "Date the member added it.",
    verification_status_code: "Latest verification outcome, or SELF_REPORTED when never checked.",
    is_verified: "verification_status_code = VERIFIED.",
    first_verified_date: "Date of the first VERIFIED check.",
  },
  enums: { topic_area_code: TOPIC_AREAS, verification_status_code: VERIFICATION_STATUSES },
  tests: [
    {
      type: "relationships",
      column: "person_id",
      to: "marts.dim_people",
      field: "person_id",
      allowNull: false,
    },
    { type: "relationships", column: "trainer_person_id", to: "marts.dim_people", field: "person_id" },
  ],
});
