import { CLASSROOM_AGE_GROUPS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["classroom_id"],
  description: "One row per classroom as of the latest loaded extract (current version).",
  columns: {
    classroom_id: "Registry classroom id.",
    program_id: "Program the room belongs to.",
    room_name: "Room name given by the program.",
    age_group_code: "INFANT_TODDLER, PRESCHOOL, SCHOOL_AGE or MIXED.",
    opened_date: "Date the room opened.",
    closed_date: "Date the room closed; null when open.",
    updated_at: "When the registry last changed the record (UTC).",
  },
  tests: [
    { type: "accepted_values", column: "age_group_code", values: CLASSROOM_AGE_GROUPS },
    {
      type: "relationships",
      column: "program_id",
      to: "staging.stg_programs",
      field: "program_id",
      allowNull: false,
    },
  ],
});
