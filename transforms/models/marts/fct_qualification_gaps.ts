import { ROLES, SETTINGS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";
import { HIGHEST_AWARD_CODES, QUALIFICATION_LEVELS } from "./dim_people.ts";

export const BACHELOR_LEVEL_GAPS = ["QUALIFIED", "NEEDS_ECE_CREDITS", "NEEDS_DEGREE"] as const;

export default defineModel({
  grain: ["snapshot_date", "person_id"],
  description:
    "One row per member of the active workforce on the latest as-of date, with what stands between them and the bachelor-level standard and the next career-ladder level (PD planning), and the registry's ladder placement next to the computed level.",
  columns: {
    snapshot_date: "The latest extract's as-of date.",
    person_id: "The member (surviving account).",
    role_code: "Role of the primary spell.",
    setting_code: "Setting of the primary spell's program.",
    program_id: "Program of the primary spell.",
    program_town_name: "Town of that program.",
    is_program_state_funded: "That program is state-funded in the current fiscal year.",
    is_designated_qsm: "Designated QSM of a covered classroom on the date.",
    is_teaching_in_covered_room: "Designated QSM or TEACHER assignment in a covered classroom on the date.",
    highest_award_code: "Highest verified award.",
    highest_accredited_award_code: "Highest verified accredited certificate or degree; null when none.",
    highest_accredited_ece_award_code:
      "Highest verified accredited ECE certificate or degree; null when none.",
    has_current_cda: "Holds a verified, unexpired CDA.",
    ece_credits: "Verified ECE credits.",
    qualification_level_code: "BACHELOR_LEVEL, ASSOCIATE_LEVEL or NONE.",
    bachelor_level_gap_code:
      "QUALIFIED; NEEDS_ECE_CREDITS (holds an accredited bachelor's or higher, short of 12 ECE credits); NEEDS_DEGREE (no accredited bachelor's: a degree, or an ECE/ECSE teaching certificate or bachelor-level ECTC, is missing).",
    bachelor_level_ece_credits_missing: "For NEEDS_ECE_CREDITS: ECE credits still needed (12 - ece_credits).",
    registry_ladder_level: "The registry's placement in force (published); null = never placed.",
    computed_ladder_level: "Level computed from verified records (the consistency check).",
    is_ladder_consistent: "The registry's placement equals the computed level.",
    next_ladder_level: "The next level above the computed level (retired levels skipped); null at 15.",
    next_ladder_level_name: "Name of that level.",
    next_level_credits_route_ece_credits_missing:
      "ECE credits still needed to reach the next level on its credits-only route; null when it has none.",
    next_level_award_route_award_code: "The award the next level's award route needs; null when it has none.",
    has_next_level_award:
      "Already holds that award (accredited; ECE when required; a current CDA for the CDA route).",
    next_level_award_route_ece_credits_missing:
      "ECE credits still needed on the award route (0 when the route needs none); null without an award route.",
  },
  tests: [
    { type: "accepted_values", column: "role_code", values: ROLES },
    { type: "accepted_values", column: "setting_code", values: SETTINGS },
    { type: "accepted_values", column: "highest_award_code", values: HIGHEST_AWARD_CODES },
    { type: "accepted_values", column: "qualification_level_code", values: QUALIFICATION_LEVELS },
    { type: "accepted_values", column: "bachelor_level_gap_code", values: BACHELOR_LEVEL_GAPS },
    { type: "accepted_range", column: "bachelor_level_ece_credits_missing", min: 0, max: 12 },
    { type: "accepted_range", column: "next_ladder_level", min: 3, max: 15 },
    {
      type: "relationships",
      column: "person_id",
      to: "marts.dim_people",
      field: "person_id",
      allowNull: false,
    },
    {
      type: "expression_is_true",
      name: "next_level_above_computed",
      expression: "next_ladder_level is null or next_ladder_level > computed_ladder_level",
    },
  ],
});
