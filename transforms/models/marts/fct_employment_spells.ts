import { AGE_GROUPS_SERVED, ROLES, SETTINGS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export const VERIFICATION_STATUSES = ["VERIFIED", "REJECTED", "NEEDS_INFORMATION", "SELF_REPORTED"] as const;

export default defineModel({
  grain: ["employment_id"],
  // A record's row comes from its own row of stg_employment and its own verification periods (and on the programs).
  incremental: {
    entity: "employment_id",
    inputs: {
      "staging.stg_employment": { entityColumn: "employment_id" },
      "staging.stg_verification_periods": { entityColumn: "record_id" },
    },
  },
  description:
    "One row per employment spell (a member in a role at a program), with its verification status on the latest as-of date.",
  columns: {
    employment_id: "Registry employment id.",
    person_id: "The member (surviving account).",
    registry_id: "The account named on the spell (a merged duplicate's id when it came from one).",
    program_id: "The employing program.",
    role_code: "Role code (see dim_roles).",
    age_group_served_code: "Age group served.",
    setting_code: "Setting of the program (current version).",
    start_date: "First day of the spell.",
    end_date: "Last day of the spell; null = current.",
    is_current: "The spell has no end date.",
    verification_status_code:
      "Outcome of the latest verification (VERIFIED, REJECTED, NEEDS_INFORMATION), or SELF_REPORTED when never checked.",
    is_verified: "verification_status_code = VERIFIED.",
    first_verified_date: "Date of the first VERIFIED check; null when never verified.",
  },
  tests: [
    { type: "accepted_values", column: "role_code", values: ROLES },
    { type: "accepted_values", column: "age_group_served_code", values: AGE_GROUPS_SERVED },
    { type: "accepted_values", column: "setting_code", values: SETTINGS },
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
      column: "program_id",
      to: "marts.dim_programs",
      field: "program_id",
      allowNull: false,
    },
    {
      type: "relationships",
      column: "role_code",
      to: "marts.dim_roles",
      field: "role_code",
      allowNull: false,
    },
  ],
});
