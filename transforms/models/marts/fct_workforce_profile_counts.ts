import { ROLES, SETTINGS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";
import { PROFILE_DIMENSIONS } from "../reporting/rpt_workforce_profile_by_setting.ts";

/** The profile's dimensions and the program's town (for the town and regional wage tables). */
export const COUNTED_DIMENSIONS = [...PROFILE_DIMENSIONS, "PROGRAM_TOWN"] as const;

export default defineModel({
  grain: ["snapshot_date", "setting_code", "role_code", "dimension_code", "category_code"],
  description:
    "One row per annual snapshot date, setting, role, profile dimension and category found in the active workforce on that date (restricted: unsuppressed counts).",
  columns: {
    snapshot_date: "Every June 30 from 2012 (end of a state fiscal year) and the latest as-of date.",
    setting_code: "Setting of the primary spell's program on the date.",
    role_code: "Role of the primary spell.",
    dimension_code:
      "What the member is counted by: AGE_GROUP_SERVED, RACE_ETHNICITY, PRIMARY_LANGUAGE, AGE_BAND, HIGHEST_AWARD, REGISTRY_LADDER_LEVEL, QUALIFICATION_LEVEL, STATE_FUNDING or PROGRAM_TOWN (the primary spell's program's town).",
    category_code:
      "The member's category in that dimension on the date (a town name for PROGRAM_TOWN); UNKNOWN when the snapshot has no town or highest award for the member (kept so that totals count everybody).",
    people_count:
      "Members of the active workforce in that category on the date (at least 1; each member once per dimension).",
    wage_earner_count: "Of them, members with an hourly wage on the primary spell.",
  },
  tests: [
    { type: "accepted_values", column: "setting_code", values: SETTINGS },
    { type: "accepted_values", column: "role_code", values: ROLES },
    { type: "accepted_values", column: "dimension_code", values: COUNTED_DIMENSIONS },
    { type: "accepted_range", column: "people_count", min: 1 },
    {
      type: "expression_is_true",
      name: "wage_earners_among_people",
      expression: "wage_earner_count between 0 and people_count",
    },
  ],
  // Counts of members: a member's rows add to the groups they fall in and nothing else, so a build
  // adds the changed members' difference. The snapshot dates are read row by row (the latest as-of
  // date is a flag of its own row): a new as-of date recomputes every group from the previous one.
  incremental: {
    column: "snapshot_date",
    entity: "person_id",
    additive: { measures: ["people_count", "wage_earner_count"], count: "people_count" },
    inputs: {
      "marts.dim_dates": {
        key: ["calendar_date"],
        from: "calendar_date",
        columns: [
          "calendar_date",
          "is_snapshot_date",
          "month_number",
          "is_month_end",
          "is_latest_as_of_date",
        ],
      },
      "marts.fct_workforce_monthly": {
        key: ["person_id", "snapshot_date"],
        from: "snapshot_date",
        entityColumn: "person_id",
        columns: [
          "snapshot_date",
          "person_id",
          "setting_code",
          "role_code",
          "age_group_served_code",
          "highest_award_code",
          "registry_ladder_level",
          "qualification_level_code",
          "is_program_state_funded",
          "program_town_name",
          "hourly_wage_usd",
        ],
      },
      "marts.dim_people": {
        key: ["person_id", "valid_from"],
        from: "valid_from",
        entityColumn: "person_id",
        columns: [
          "person_id",
          "valid_from",
          "valid_to",
          "race_ethnicity_code",
          "primary_language_code",
          "birth_year",
        ],
      },
    },
  },
});
