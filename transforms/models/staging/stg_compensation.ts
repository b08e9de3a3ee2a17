import { PAY_UNITS, REPORTERS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["compensation_id"],
  // A spell's pay records come from its own rows and its own row of stg_employment.
  incremental: {
    entity: "employment_id",
    inputs: {
      "raw.compensation": { entityColumn: "employment_id" },
      "staging.stg_employment": { entityColumn: "employment_id" },
    },
  },
  description:
    "One row per pay change of an employment spell (append-only), with the hourly wage and full-time annual equivalent of metrics.md.",
  columns: {
    compensation_id: "Registry pay record id.",
    employment_id: "The spell paid.",
    person_id: "The surviving account of the member paid (from the spell).",
    effective_date: "Applies from this date until the next row of the same spell.",
    pay_rate_usd: "Pay per pay unit (USD), as reported.",
    pay_unit_code: "HOUR, WEEK, MONTH or YEAR.",
    hours_per_week: "Usual weekly hours.",
    weeks_per_year: "Paid weeks a year.",
    hourly_wage_usd:
      "Hourly wage (USD): HOUR pay_rate; WEEK pay_rate / hours; MONTH pay_rate x 12 / (hours x weeks); YEAR pay_rate / (hours x weeks).",
    fte_annual_wage_usd: "Full-time annual equivalent (USD) = hourly_wage_usd x 2080.",
    has_health_insurance: "Employer health insurance offered and taken.",
    has_retirement_plan: "Employer retirement plan.",
    reported_by_code: "MEMBER or PROGRAM.",
  },
  tests: [
    { type: "accepted_values", column: "pay_unit_code", values: PAY_UNITS },
    { type: "accepted_values", column: "reported_by_code", values: REPORTERS },
    { type: "not_null", column: "hourly_wage_usd" },
    { type: "accepted_range", column: "hourly_wage_usd", min: 0 },
    {
      type: "relationships",
      column: "employment_id",
      to: "staging.stg_employment",
      field: "employment_id",
      allowNull: false,
    },
  ],
});
