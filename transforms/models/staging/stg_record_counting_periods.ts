import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["record_type_code", "record_id", "counts_from_date"],
  // A record's periods come from its own row and its own verification periods (record ids carry
  // their type's prefix, so the ids of different record types never meet).
  incremental: {
    entity: "record_id",
    inputs: {
      "staging.stg_verification_periods": { entityColumn: "record_id" },
      "staging.stg_education": { entityColumn: "education_id" },
      "staging.stg_coursework": { entityColumn: "course_record_id" },
      "staging.stg_credentials": { entityColumn: "credential_id" },
      "staging.stg_training": { entityColumn: "training_record_id" },
      "staging.stg_employment": { entityColumn: "employment_id" },
    },
  },
  description:
    "One row per member record and period during which it counts in published figures: verified, within its own dates (CDA and credential expiry, spell end); credentials while active: ACTIVE ones, and EXPIRED ones before their expiry date (the status is today's), never REVOKED ones.",
  columns: {
    record_type_code: "EDUCATION, COURSEWORK, TRAINING, EMPLOYMENT or CREDENTIAL.",
    record_id: "Primary key of the record, in its own file.",
    person_id: "The surviving account the record belongs to.",
    counts_from_date: "First day the record counts: the later of its own date and the verification.",
    counts_until_date: "First day it no longer counts (exclusive end); null = still counts.",
    verification_id: "The VERIFIED check this period rests on.",
  },
  tests: [
    {
      type: "accepted_values",
      column: "record_type_code",
      values: ["EDUCATION", "COURSEWORK", "TRAINING", "EMPLOYMENT", "CREDENTIAL"],
    },
    {
      type: "expression_is_true",
      name: "period_not_empty",
      expression: "counts_until_date is null or counts_until_date > counts_from_date",
    },
    {
      type: "relationships",
      column: "person_id",
      to: "staging.stg_people",
      field: "registry_id",
      allowNull: false,
    },
  ],
});
