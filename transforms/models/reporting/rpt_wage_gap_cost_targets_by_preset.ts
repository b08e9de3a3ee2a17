import { ROLES } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";
import { QUALIFICATION_LEVELS } from "../marts/dim_people.ts";

export default defineModel({
  grain: ["preset_code", "role_code", "qualification_level_code"],
  description:
    "One row per wage-target preset row (seeds.wage_target_presets): the role and qualification level it applies to ('*' = any; the most specific row applies) and its hourly target, K-12 parity rows resolved to dollars. Reference data: no counts.",
  columns: {
    preset_code: "The preset: HOURLY_FLOOR or K12_PARITY.",
    preset_name: "The preset's name.",
    role_code: "Role the row applies to; * = any role without a row of its own.",
    qualification_level_code: "Qualification level it applies to (metrics.md); * = any.",
    k12_parity_pct:
      "For parity rows: the fraction of the K-12 benchmark's hourly rate; null for hourly floors.",
    target_hourly_wage_usd:
      "The hourly target (USD): the floor, or k12_parity_pct x the benchmark's hourly rate at 2080 hours, rounded to cents.",
    k12_benchmark_code: "For parity rows: the benchmark used (seeds.wage_benchmarks).",
    k12_benchmark_hourly_wage_usd:
      "For parity rows: the benchmark's hourly rate at 2080 hours (USD), which k12_parity_pct multiplies.",
    description: "What the row means.",
    source: "Where the row comes from.",
  },
  tests: [
    { type: "accepted_values", column: "role_code", values: [...ROLES, "*"] },
    { type: "accepted_values", column: "qualification_level_code", values: [...QUALIFICATION_LEVELS, "*"] },
    { type: "not_null", column: "target_hourly_wage_usd" },
    { type: "accepted_range", column: "target_hourly_wage_usd", min: 1, max: 500 },
  ],
});
