import { ROLES, SETTINGS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";
import { QUALIFICATION_LEVELS } from "./dim_people.ts";

export const BENEFITS_CODES = [
  "BOTH",
  "HEALTH_INSURANCE_ONLY",
  "RETIREMENT_PLAN_ONLY",
  "NEITHER",
  "NO_PAY_RECORD",
] as const;

export default defineModel({
  grain: [
    "snapshot_date",
    "setting_code",
    "role_code",
    "qualification_level_code",
    "is_head_start_teacher",
    "benefits_code",
  ],
  description:
    "One row per snapshot date and combination of setting, role, qualification level, Head Start teaching and benefits found in the active workforce on that date (restricted: unsuppressed counts).",
  columns: {
    snapshot_date: "The reference date (see fct_workforce_monthly).",
    setting_code: "Setting of the primary spell's program on the date.",
    role_code: "Role of the primary spell.",
    qualification_level_code: "BACHELOR_LEVEL, ASSOCIATE_LEVEL or NONE on the date.",
    is_head_start_teacher: "A teacher whose program has federal Head Start funding in the fiscal year.",
    benefits_code:
      "Benefits reported by the primary spell's pay record in force (BOTH, HEALTH_INSURANCE_ONLY, RETIREMENT_PLAN_ONLY, NEITHER), or NO_PAY_RECORD.",
    people_count: "Members of the active workforce so described on the date (at least 1).",
    wage_earner_count: "Of them, members with an hourly wage on the primary spell.",
  },
  tests: [
    { type: "accepted_values", column: "setting_code", values: SETTINGS },
    { type: "accepted_values", column: "role_code", values: ROLES },
    { type: "accepted_values", column: "qualification_level_code", values: QUALIFICATION_LEVELS },
    { type: "accepted_values", column: "benefits_code", values: BENEFITS_CODES },
    { type: "accepted_range", column: "people_count", min: 1 },
    {
      type: "expression_is_true",
      name: "wage_earners_among_people",
      expression: "wage_earner_count between 0 and people_count",
    },
  ],
  // Counts of members: a member's rows add to the groups they fall in and nothing else, so a build
  // adds the changed members' difference (and recomputes every date from the earliest one a change
  // of the snapshot's dates matters).
  incremental: {
    column: "snapshot_date",
    entity: "person_id",
    additive: { measures: ["people_count", "wage_earner_count"], count: "people_count" },
    inputs: {
      "marts.fct_workforce_monthly": {
        key: ["person_id", "snapshot_date"],
        from: "snapshot_date",
        entityColumn: "person_id",
        columns: [
          "snapshot_date",
          "person_id",
          "setting_code",
          "role_code",
          "qualification_level_code",
          "has_program_head_start_funding",
          "compensation_id",
          "hourly_wage_usd",
        ],
      },
      "marts.fct_compensation": {
        key: ["compensation_id"],
        from: "effective_date",
        entityColumn: "person_id",
        columns: [
          "compensation_id",
          "person_id",
          "effective_date",
          "has_health_insurance",
          "has_retirement_plan",
        ],
      },
    },
  },
});
