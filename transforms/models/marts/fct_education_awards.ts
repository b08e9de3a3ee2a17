import { AWARD_LEVELS, FIELDS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";
import { VERIFICATION_STATUSES } from "./fct_employment_spells.ts";

export default defineModel({
  grain: ["education_id"],
  // A record's row comes from its own row of stg_education and its own verification periods (and on the award levels).
  incremental: {
    entity: "education_id",
    inputs: {
      "staging.stg_education": { entityColumn: "education_id" },
      "staging.stg_verification_periods": { entityColumn: "record_id" },
    },
  },
  description:
    "One row per degree, certificate, diploma or CDA on a member's record, with its verification status on the latest as-of date.",
  columns: {
    education_id: "Registry education record id.",
    person_id: "The member (surviving account).",
    registry_id: "The account the award was reported on.",
    award_level_code: "Award level (see dim_award_levels).",
    award_rank: "Rank of the award level for the highest-award measure (1 HS/GED to 7 doctorate).",
    highest_award_code: "Category reported for the highest award (HS_DIPLOMA and GED as HS_DIPLOMA_GED).",
    field_code: "Field of study.",
    has_ece_concentration: "The registry judged it an early-childhood award (CT Common Standard).",
    is_regionally_accredited: "From a regionally accredited institution.",
    is_ece_degree: "ECE degree per metrics.md: ECE concentration from an accredited institution.",
    institution_name: "Awarding institution.",
    awarded_date: "Date awarded.",
    expires_date: "CDA only: current through this date.",
    reported_date: "Date the member added it.",
    verification_status_code: "Latest verification outcome, or SELF_REPORTED when never checked.",
    is_verified: "verification_status_code = VERIFIED.",
    first_verified_date: "Date of the first VERIFIED check.",
  },
  tests: [
    { type: "accepted_values", column: "award_level_code", values: AWARD_LEVELS },
    { type: "accepted_values", column: "field_code", values: FIELDS },
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
      column: "award_level_code",
      to: "marts.dim_award_levels",
      field: "award_level_code",
      allowNull: false,
    },
  ],
});
