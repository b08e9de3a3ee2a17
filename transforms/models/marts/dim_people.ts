import { GENDERS, LANGUAGES, RACE_ETHNICITIES } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";
import { changedBetweenAsOfDates } from "../staging/stg_latest_as_of.ts";

export const HIGHEST_AWARD_CODES = [
  "NONE",
  "HS_DIPLOMA_GED",
  "CDA",
  "CERTIFICATE",
  "ASSOCIATE",
  "BACHELOR",
  "MASTER",
  "DOCTORATE",
] as const;
export const QUALIFICATION_LEVELS = ["BACHELOR_LEVEL", "ASSOCIATE_LEVEL", "NONE"] as const;

export default defineModel({
  grain: ["person_id", "valid_from"],
  // A member's versions come from their own rows of the staging tables (merged accounts carry the
  // surviving account's person_id), and from the latest as-of date, after which no version starts:
  // when it moves, the members with a date in between get versions they did not have.
  incremental: {
    entity: "person_id",
    inputs: {
      "staging.stg_people": { entityColumn: "person_id", where: "member_status_code <> 'MERGED'" },
      "staging.stg_people_versions": { entityColumn: "person_id", where: "registry_id = person_id" },
      "staging.stg_record_counting_periods": { entityColumn: "person_id" },
      "staging.stg_education": { entityColumn: "person_id", where: "person_id is not null" },
      "staging.stg_coursework": { entityColumn: "person_id", where: "person_id is not null" },
      "staging.stg_credentials": { entityColumn: "person_id", where: "person_id is not null" },
      "staging.stg_career_ladder": { entityColumn: "person_id", where: "person_id is not null" },
      "staging.stg_employment": { entityColumn: "person_id", where: "person_id is not null" },
      "staging.stg_classroom_staffing": { entityColumn: "person_id", where: "person_id is not null" },
      "staging.stg_latest_as_of": {
        // Every date a version can start on (a superset); null: the as-of date did not move forward.
        changedEntities: changedBetweenAsOfDates(
          "person_id",
          `
              select person_id, joined_date as d from staging.stg_people
              union all select person_id, start_date from staging.stg_employment
              union all select person_id, start_date from staging.stg_classroom_staffing
              union all select person_id, counts_from_date from staging.stg_record_counting_periods
              union all select person_id, counts_until_date from staging.stg_record_counting_periods
              union all select person_id, effective_date from staging.stg_career_ladder
              union all select person_id, version_valid_from from staging.stg_people_versions`,
        ),
      },
    },
  },
  description:
    "One row per registry member (merged duplicates folded in) and period of unchanged attributes (SCD2): home town, highest verified award, ECE credits, qualification level, computed and registry career-ladder level. The version in force on D is valid_from <= D < valid_to (null valid_to: current). No names, emails or birth dates.",
  columns: {
    person_id: "Registry id of the member's surviving account.",
    valid_from: "First day of this version.",
    valid_to: "First day of the next version (exclusive end); null for the current version.",
    is_current: "The version in force on the latest as-of date.",
    home_town_name: "Connecticut town of residence; null out of state.",
    home_state_code: "USPS state of residence.",
    gender_code: "F, M, X or U (not disclosed).",
    race_ethnicity_code: "Race and ethnicity code.",
    primary_language_code: "Primary language code.",
    birth_year: "Year of birth (the birth date stays in staging).",
    joined_date: "Date the account was created.",
    member_status_code: "ACTIVE or INACTIVE (MERGED accounts are folded into their target).",
    highest_award_code:
      "Highest verified award (metrics.md): NONE, HS_DIPLOMA_GED, CDA (current only), CERTIFICATE, ASSOCIATE, BACHELOR, MASTER, DOCTORATE; any institution.",
    highest_accredited_award_code:
      "Highest verified certificate or degree from a regionally accredited institution (counts toward qualification rules); null when none.",
    highest_accredited_ece_award_code:
      "Highest verified ECE certificate or degree (ECE concentration, accredited institution); null when none.",
    has_current_cda: "Holds a verified CDA that has not expired.",
    ece_credits: "Verified EARLY_CHILDHOOD college credits completed so far.",
    admin_credits: "Verified ADMINISTRATION college credits completed so far.",
    has_ece_teaching_cert:
      "Holds a verified ECE or ECSE teaching certificate active on the date (issued, unexpired, not revoked: staging.stg_record_counting_periods).",
    has_bachelor_level_credential:
      "Holds a verified ECE/ECSE teaching certificate or ECTC at bachelor level active on the date.",
    has_associate_level_credential: "Holds a verified ECTC at associate level active on the date.",
    qualification_level_code:
      "BACHELOR_LEVEL (the QSM degree standard), ASSOCIATE_LEVEL (not bachelor-level) or NONE, per metrics.md.",
    is_bachelor_level_qualified: "qualification_level_code = BACHELOR_LEVEL.",
    computed_ladder_level:
      "Career-ladder level computed from verified records with the rules of seeds.career_ladder_levels (a consistency check, not published).",
    registry_ladder_level: "The registry's own placement in force (published); null when never placed.",
    registry_ladder_effective_date: "Date the registry placement took effect.",
    qsm_eligible_through_date:
      "The registry's QSM eligibility expiry on that placement; null = not QSM-eligible.",
  },
  tests: [
    { type: "accepted_values", column: "highest_award_code", values: HIGHEST_AWARD_CODES },
    { type: "accepted_values", column: "qualification_level_code", values: QUALIFICATION_LEVELS },
    { type: "accepted_values", column: "member_status_code", values: ["ACTIVE", "INACTIVE"] },
    { type: "accepted_values", column: "gender_code", values: GENDERS },
    { type: "accepted_values", column: "race_ethnicity_code", values: RACE_ETHNICITIES },
    { type: "accepted_values", column: "primary_language_code", values: LANGUAGES },
    { type: "not_null", column: "computed_ladder_level" },
    { type: "accepted_range", column: "computed_ladder_level", min: 1, max: 15 },
    { type: "accepted_range", column: "registry_ladder_level", min: 1, max: 15 },
    { type: "accepted_range", column: "ece_credits", min: 0 },
    { type: "relationships", column: "home_town_name", to: "marts.dim_geography", field: "town_name" },
    {
      type: "relationships",
      column: "person_id",
      to: "staging.stg_people",
      field: "registry_id",
      allowNull: false,
    },
    { type: "unique", columns: ["person_id", "valid_to"] },
    {
      type: "expression_is_true",
      name: "valid_to_after_valid_from",
      expression: "valid_to is null or valid_to > valid_from",
    },
  ],
});
