import { CLASSROOM_AGE_GROUPS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["classroom_id"],
  description: "One row per classroom (current attributes).",
  columns: {
    classroom_id: "Registry classroom id.",
    program_id: "The program the room belongs to.",
    room_name: "Room name given by the program.",
    age_group_code: "INFANT_TODDLER, PRESCHOOL, SCHOOL_AGE or MIXED.",
    is_qsm_age_group:
      "The age group is one the staff-qualification law covers (INFANT_TODDLER, PRESCHOOL, MIXED); the room is covered on a date when it is also open and its program state-funded.",
    opened_date: "Date the room opened.",
    closed_date: "Date the room closed; null when open.",
    is_open: "Not closed as of the latest extract.",
  },
  tests: [
    { type: "accepted_values", column: "age_group_code", values: CLASSROOM_AGE_GROUPS },
    {
      type: "relationships",
      column: "program_id",
      to: "marts.dim_programs",
      field: "program_id",
      allowNull: false,
    },
  ],
});
