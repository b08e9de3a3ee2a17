import { PAY_UNITS, REPORTERS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["compensation_id"],
  // A spell's pay records come from its own rows of stg_compensation and its own spell.
  incremental: {
    entity: "employment_id",
    inputs: {
      "staging.stg_compensation": { entityColumn: "employment_id" },
      "marts.fct_employment_spells": { entityColumn: "employment_id" },
    },
  },
  description:
    "One row per pay record of an employment spell, in force from effective_date until valid_to (the spell's next pay record), with the hourly wage of metrics.md.",
  columns: {
    compensation_id: "Registry pay record id.",
    employment_id: "The spell paid.",
    person_id: "The member paid (surviving account).",
    program_id: "The employing program.",
    role_code: "Role of the spell.",
    effective_date: "First day the pay applies.",
    valid_to: "Effective date of the spell's next pay record (exclusive end); null while in force.",
    is_in_force:
      "Whether the record was ever in force: false only for a record replaced on its own effective date by another record of the spell (higher compensation_id). A record replaced later is true here; is_current says which record is in force now.",
    is_current:
      "The spell's latest pay record (valid_to is null): the pay in force now, or when the spell ended.",
    pay_rate_usd: "Pay per pay unit (USD), as reported.",
    pay_unit_code: "HOUR, WEEK, MONTH or YEAR.",
    hours_per_week: "Usual weekly hours.",
    weeks_per_year: "Paid weeks a year.",
    is_full_time: "hours_per_week >= 30 (metrics.md).",
    hourly_wage_usd: "Hourly wage (USD) per metrics.md.",
    fte_annual_wage_usd: "Full-time annual equivalent (USD) = hourly x 2080.",
    has_health_insurance: "Employer health insurance offered and taken.",
    has_retirement_plan: "Employer retirement plan.",
    reported_by_code: "MEMBER or PROGRAM.",
  },
  tests: [
    { type: "accepted_values", column: "pay_unit_code", values: PAY_UNITS },
    { type: "accepted_values", column: "reported_by_code", values: REPORTERS },
    { type: "not_null", column: "hourly_wage_usd" },
    {
      type: "relationships",
      column: "employment_id",
      to: "marts.fct_employment_spells",
      field: "employment_id",
      allowNull: false,
    },
    {
      type: "expression_is_true",
      name: "valid_to_not_before_effective_date",
      expression: "valid_to is null or valid_to >= effective_date",
    },
  ],
});
