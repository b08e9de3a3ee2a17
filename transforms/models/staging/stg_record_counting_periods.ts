import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["record_type_code", "record_id", "counts_from_date"],
  description:
    "One row per member record and period during which it counts in published figures: verified, within its own dates (CDA and credential expiry, spell end), active credentials only.",
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
