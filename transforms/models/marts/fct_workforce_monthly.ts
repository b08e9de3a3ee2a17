import { AGE_GROUPS_SERVED, PROGRAM_TYPES, ROLES, SETTINGS } from "../../../ingest/sources/codes.ts";
import { CT_TOWNS } from "../../../ingest/sources/contract.ts";
import { defineModel } from "../../model.ts";
import { HIGHEST_AWARD_CODES, QUALIFICATION_LEVELS } from "./dim_people.ts";

export default defineModel({
  grain: ["snapshot_date", "person_id"],
  description:
    "One row per member in the active workforce and snapshot date (month ends from 2012-01-31 to the latest as-of date, and every extract's as-of date), described by the primary spell and the member's attainment on that date (metrics.md).",
  columns: {
    snapshot_date: "The reference date D (see dim_dates.is_snapshot_date).",
    person_id: "The member (surviving account).",
    fiscal_year: "State fiscal year of the snapshot date.",
    primary_employment_id: "The primary spell on D.",
    program_id: "Program of the primary spell.",
    role_code: "Role of the primary spell.",
    age_group_served_code: "Age group served in the primary spell.",
    setting_code: "Setting of the primary spell's program on D.",
    program_type_code: "Licensing category of that program on D.",
    program_town_name: "Town of that program on D.",
    is_program_state_funded: "That program is state-funded in the fiscal year of D.",
    has_program_head_start_funding: "That program has federal Head Start funding in the fiscal year of D.",
    active_spell_count: "Number of active verified spells on D (the member is counted once).",
    compensation_id: "Pay record of the primary spell in force on D; null when none.",
    hours_per_week: "Weekly hours of the primary spell on D; null when it has no pay record in force.",
    is_full_time: "hours_per_week >= 30.",
    hourly_wage_usd: "Hourly wage of the primary spell on D (USD).",
    fte_annual_wage_usd: "Full-time annual equivalent of that wage (USD).",
    home_town_name: "Town of residence on D.",
    highest_award_code: "Highest verified award on D (NONE ... DOCTORATE).",
    highest_accredited_award_code:
      "Highest verified certificate or degree from a regionally accredited institution on D; null when none (the type lists every award code, but only CERTIFICATE and above occur).",
    highest_accredited_ece_award_code:
      "Highest verified ECE certificate or degree (ECE concentration, accredited institution) on D; null when none (only CERTIFICATE and above occur).",
    has_current_cda: "Holds a verified, unexpired CDA on D.",
    ece_credits: "Verified ECE credits completed by D.",
    admin_credits: "Verified administration credits completed by D.",
    qualification_level_code: "BACHELOR_LEVEL, ASSOCIATE_LEVEL or NONE on D.",
    is_bachelor_level_qualified: "Bachelor-level qualified on D.",
    computed_ladder_level: "Career-ladder level computed from verified records on D.",
    registry_ladder_level: "The registry's placement in force on D (published); null = never placed.",
  },
  enums: {
    role_code: ROLES,
    age_group_served_code: AGE_GROUPS_SERVED,
    setting_code: SETTINGS,
    program_type_code: PROGRAM_TYPES,
    highest_award_code: HIGHEST_AWARD_CODES,
    highest_accredited_award_code: HIGHEST_AWARD_CODES,
    highest_accredited_ece_award_code: HIGHEST_AWARD_CODES,
    qualification_level_code: QUALIFICATION_LEVELS,
    // The 169 towns (ingest accepts no other): 4.5 s less to write at 2,000,000 members.
    program_town_name: CT_TOWNS,
    home_town_name: CT_TOWNS,
  },
  tests: [
    { type: "not_null", column: "setting_code" },
    { type: "not_null", column: "qualification_level_code" },
    { type: "accepted_range", column: "active_spell_count", min: 1 },
    { type: "relationships", column: "person_id", to: "marts.dim_people", field: "person_id" },
    {
      type: "relationships",
      column: "primary_employment_id",
      to: "marts.fct_employment_spells",
      field: "employment_id",
      allowNull: false,
    },
    { type: "relationships", column: "snapshot_date", to: "marts.dim_dates", field: "calendar_date" },
    { type: "relationships", column: "program_town_name", to: "marts.dim_geography", field: "town_name" },
  ],
  // Rows on D depend only on inputs that matter on D: snapshot dates, counting periods and spells
  // from their start, pay records from their effective date and people and program versions from
  // their valid_from (as-of joins).
  incremental: {
    column: "snapshot_date",
    // A member's rows depend on their own periods, spells, pay and versions (and on the dates and
    // programs): a changed member is recomputed on every date, the others only from the earliest
    // date a change of the dates or programs matters.
    entity: "person_id",
    inputs: {
      "marts.dim_dates": {
        key: ["calendar_date"],
        from: "calendar_date",
        columns: ["calendar_date", "fiscal_year", "is_snapshot_date"],
      },
      "staging.stg_record_counting_periods": {
        where: "record_type_code = 'EMPLOYMENT'",
        key: ["record_type_code", "record_id"],
        from: "counts_from_date",
        until: "counts_until_date",
        columns: ["record_type_code", "record_id", "person_id", "counts_from_date", "counts_until_date"],
        entityColumn: "person_id",
      },
      "marts.fct_employment_spells": {
        activeFrom: {
          input: "staging.stg_record_counting_periods",
          key: { employment_id: "record_id" },
          from: "counts_from_date",
          where: "record_type_code = 'EMPLOYMENT'",
        },
        key: ["employment_id"],
        from: "start_date",
        entityColumn: "person_id",
        columns: [
          "employment_id",
          "person_id",
          "program_id",
          "role_code",
          "age_group_served_code",
          "start_date",
        ],
      },
      "staging.stg_programs": {
        key: ["program_id"],
        from: "opened_date",
        until: "closed_date",
        columns: ["program_id", "opened_date", "closed_date"],
      },
      "marts.fct_compensation": {
        activeFrom: {
          input: "staging.stg_record_counting_periods",
          key: { employment_id: "record_id" },
          from: "counts_from_date",
          where: "record_type_code = 'EMPLOYMENT'",
        },
        where: "is_in_force",
        key: ["compensation_id"],
        from: "effective_date",
        until: "valid_to",
        entityColumn: "person_id",
        columns: [
          "compensation_id",
          "person_id",
          "employment_id",
          "effective_date",
          "valid_to",
          "is_in_force",
          "hours_per_week",
          "hourly_wage_usd",
          "fte_annual_wage_usd",
        ],
      },
      "marts.dim_programs": {
        key: ["program_id"],
        from: "valid_from",
        until: "valid_to",
        columns: [
          "program_id",
          "valid_from",
          "valid_to",
          "setting_code",
          "program_type_code",
          "town_name",
          "is_state_funded",
          "has_head_start_funding",
        ],
      },
      "marts.dim_people": {
        // A member's version matters only once one of their spells counts.
        activeFrom: {
          input: "staging.stg_record_counting_periods",
          key: { person_id: "person_id" },
          from: "counts_from_date",
          where: "record_type_code = 'EMPLOYMENT'",
        },
        key: ["person_id"],
        from: "valid_from",
        until: "valid_to",
        entityColumn: "person_id",
        columns: [
          "person_id",
          "valid_from",
          "valid_to",
          "home_town_name",
          "highest_award_code",
          "highest_accredited_award_code",
          "highest_accredited_ece_award_code",
          "has_current_cda",
          "ece_credits",
          "admin_credits",
          "qualification_level_code",
          "is_bachelor_level_qualified",
          "computed_ladder_level",
          "registry_ladder_level",
        ],
      },
    },
  },
});
