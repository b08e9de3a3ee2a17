import { CLASSROOM_AGE_GROUPS, SETTINGS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";
import { QUALIFICATION_LEVELS } from "./dim_people.ts";

export default defineModel({
  grain: ["snapshot_date", "classroom_id"],
  description:
    "One row per covered classroom and snapshot date (open, infant-toddler, preschool or mixed, program state-funded in the fiscal year): its designated QSM, whether that member is bachelor-level qualified, rooms with none, and rooms with two at once (a data defect).",
  columns: {
    snapshot_date: "The reference date D (see dim_dates.is_snapshot_date).",
    classroom_id: "The covered room.",
    fiscal_year: "State fiscal year of D (the program is state-funded in it).",
    program_id: "The room's program.",
    age_group_code:
      "INFANT_TODDLER, PRESCHOOL or MIXED (covered rooms only: the ENUM type, shared with the classrooms, also lists SCHOOL_AGE, which never occurs here).",
    setting_code: "Setting of the program on D.",
    program_town_name: "Town of the program on D.",
    designated_qsm_count:
      "Distinct members with a DESIGNATED_QSM assignment covering D (more than one is a defect).",
    has_designated_qsm: "The room has a designated QSM on D.",
    has_multiple_designated_qsms:
      "Two or more members designated at once (data defect, reported, not fixed).",
    qsm_person_id: "The designated QSM measured (the most recent designation when several).",
    qsm_assignment_id: "The assignment of that designation.",
    qsm_qualification_level_code: "The QSM's qualification level on D; null without a QSM.",
    is_qsm_bachelor_level_qualified: "The QSM is bachelor-level qualified on D (the goal-share numerator).",
    is_qsm_associate_level_only: "The QSM is associate-level qualified only on D.",
  },
  enums: {
    age_group_code: CLASSROOM_AGE_GROUPS,
    setting_code: SETTINGS,
    qsm_qualification_level_code: QUALIFICATION_LEVELS,
  },
  tests: [
    { type: "relationships", column: "classroom_id", to: "marts.dim_classrooms", field: "classroom_id" },
    { type: "relationships", column: "qsm_person_id", to: "marts.dim_people", field: "person_id" },
    {
      type: "expression_is_true",
      name: "qsm_has_qualification",
      expression: "qsm_person_id is null or qsm_qualification_level_code is not null",
    },
    {
      type: "expression_is_true",
      name: "no_multiple_qsms",
      expression: "not has_multiple_designated_qsms",
      severity: "warn",
    },
  ],
  // Rows on D depend only on inputs that matter on D: classrooms and assignments from their start,
  // funding from the start of its fiscal year, program and people versions from their valid_from.
  // A classroom's rows depend on its own row and assignments, and on its QSMs' versions (and on the
  // dates, funding and programs): a changed classroom is recomputed on every date, the others from
  // the earliest date a change of the other inputs matters.
  incremental: {
    column: "snapshot_date",
    entity: "classroom_id",
    inputs: {
      "marts.dim_dates": {
        key: ["calendar_date"],
        from: "calendar_date",
        columns: ["calendar_date", "fiscal_year", "is_snapshot_date"],
      },
      "marts.dim_classrooms": {
        entityColumn: "classroom_id",
        where: "is_qsm_age_group",
        key: ["classroom_id"],
        from: "opened_date",
        until: "closed_date",
        columns: [
          "classroom_id",
          "program_id",
          "age_group_code",
          "opened_date",
          "closed_date",
          "is_qsm_age_group",
        ],
      },
      "marts.fct_program_funding": {
        where: "is_state_funding",
        key: ["program_id", "fiscal_year"],
        from: "fiscal_year_start_date",
        columns: ["program_id", "fiscal_year", "fiscal_year_start_date", "is_state_funding"],
      },
      "staging.stg_classroom_staffing": {
        entityColumn: "classroom_id",
        where: "assignment_role_code = 'DESIGNATED_QSM' and person_id is not null",
        key: ["assignment_id"],
        from: "start_date",
        until: "end_date",
        columns: [
          "assignment_id",
          "classroom_id",
          "person_id",
          "assignment_role_code",
          "start_date",
          "end_date",
        ],
      },
      "marts.dim_programs": {
        key: ["program_id"],
        from: "valid_from",
        until: "valid_to",
        columns: ["program_id", "valid_from", "valid_to", "setting_code", "town_name"],
      },
      "marts.dim_people": {
        // A member's versions matter only to the rooms they are (or were) designated QSM of: a
        // changed member recomputes those rooms on every date.
        entityColumn: "person_id",
        entityVia: {
          input: "staging.stg_classroom_staffing",
          column: "person_id",
          entity: "classroom_id",
          where: "assignment_role_code = 'DESIGNATED_QSM' and person_id is not null",
        },
        key: ["person_id"],
        from: "valid_from",
        until: "valid_to",
        columns: ["person_id", "valid_from", "valid_to", "qualification_level_code"],
      },
    },
  },
});
