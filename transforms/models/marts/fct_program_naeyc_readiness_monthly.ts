import { PROGRAM_TYPES, SETTINGS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["snapshot_date", "program_id"],
  description:
    "One row per program and snapshot date where at least one member of the active workforce has their primary spell: its teachers, assistants and directors (by the primary spell's role), how many meet the NAEYC readiness criteria of seeds.naeyc_criteria, and whether the program is ready (all three criteria hold; a role with nobody in it does not hold; family child care homes are not assessed, as NAEYC does not accredit them). A program open with nobody in the registry has no row here; the published counts (reporting.rpt_naeyc_readiness_by_setting_region) assess it all the same, as not ready. Program-level: in the analyst copy, never on the public site.",
  columns: {
    snapshot_date: "The reference date D (see dim_dates.is_snapshot_date).",
    program_id: "The program.",
    fiscal_year: "State fiscal year of D.",
    setting_code: "Setting of the program on D.",
    program_type_code: "Licensing category of the program on D.",
    program_town_name: "Town of the program on D.",
    oec_region_name: "OEC / Care 4 Kids region of that town.",
    staff_count: "Members whose primary spell on D is at the program.",
    teacher_count: "Of them, in the TEACHER role.",
    qualified_teacher_count: "Teachers associate-level or bachelor-level qualified on D.",
    teacher_qualified_pct: "qualified_teacher_count / teacher_count (0-1); null without teachers.",
    meets_teacher_criterion: "teacher_qualified_pct >= the TEACHER criterion's min_share_pct (0.75).",
    assistant_count: "Members in the ASSISTANT_TEACHER role.",
    qualified_assistant_count: "Assistants with a current CDA or at least 12 verified ECE credits on D.",
    assistant_qualified_pct: "qualified_assistant_count / assistant_count (0-1); null without assistants.",
    meets_assistant_criterion:
      "assistant_qualified_pct >= the ASSISTANT_TEACHER criterion's min_share_pct (0.5).",
    director_count: "Members in the DIRECTOR role.",
    qualified_director_count:
      "Directors with an accredited bachelor's or higher and at least 9 verified administration credits on D.",
    meets_director_criterion: "Every director qualifies (min_share_pct 1), and there is at least one.",
    is_naeyc_assessed:
      "The program is of a kind NAEYC accredits: every setting but FAMILY_CHILD_CARE (family child care homes are accredited by NAFCC, and their provider and assistants hold none of the roles the criteria name).",
    is_naeyc_ready: "The program is assessed and all three criteria hold.",
  },
  enums: { setting_code: SETTINGS, program_type_code: PROGRAM_TYPES },
  tests: [
    { type: "not_null", column: "setting_code" },
    { type: "accepted_range", column: "teacher_qualified_pct", min: 0, max: 1 },
    { type: "accepted_range", column: "assistant_qualified_pct", min: 0, max: 1 },
    { type: "relationships", column: "program_id", to: "staging.stg_programs", field: "program_id" },
    { type: "relationships", column: "snapshot_date", to: "marts.dim_dates", field: "calendar_date" },
    {
      type: "expression_is_true",
      name: "ready_iff_all_criteria",
      expression:
        "is_naeyc_ready = (is_naeyc_assessed and meets_teacher_criterion and meets_assistant_criterion and meets_director_criterion) and is_naeyc_assessed = (setting_code <> 'FAMILY_CHILD_CARE')",
    },
    {
      type: "expression_is_true",
      name: "counts_consistent",
      expression:
        "qualified_teacher_count <= teacher_count and qualified_assistant_count <= assistant_count and qualified_director_count <= director_count and teacher_count + assistant_count + director_count <= staff_count",
    },
  ],
  // A program's row on D depends only on the workforce on D, the date and the program's version in
  // force on D; and only on the snapshot's rows of that program: a member whose snapshot changed
  // back to 2018 recomputes the programs of the rows that changed, on every date, not every program
  // from 2018 (at 2,000,000 members, 736 of 269,356 programs in the nightly delta).
  incremental: {
    column: "snapshot_date",
    entity: "program_id",
    inputs: {
      "marts.dim_dates": {
        key: ["calendar_date"],
        from: "calendar_date",
        columns: ["calendar_date", "fiscal_year"],
      },
      "marts.dim_programs": {
        key: ["program_id"],
        from: "valid_from",
        until: "valid_to",
        columns: ["program_id", "valid_from", "valid_to", "setting_code", "program_type_code", "town_name"],
      },
      "marts.fct_workforce_monthly": {
        entityColumn: "program_id",
        key: ["person_id"],
        from: "snapshot_date",
        columns: [
          "snapshot_date",
          "person_id",
          "program_id",
          "role_code",
          "qualification_level_code",
          "has_current_cda",
          "ece_credits",
          "highest_accredited_award_code",
          "admin_credits",
        ],
      },
    },
  },
});
