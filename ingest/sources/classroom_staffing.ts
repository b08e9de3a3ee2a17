import { ASSIGNMENT_ROLES, ID_FORMATS } from "./codes.ts";
import { c, defineSource, endNotBeforeStart, ref } from "./contract.ts";

export const classroom_staffing = defineSource({
  name: "classroom_staffing",
  file: "classroom_staffing.csv",
  section: "3.5",
  grain: "One row per assignment of a member to a classroom in a role.",
  mode: "entity",
  key: ["assignment_id"],
  columns: [
    c.id("assignment_id", ID_FORMATS.assignment_id.prefix, ID_FORMATS.assignment_id.digits, "Assignment id."),
    c.id("classroom_id", ID_FORMATS.classroom_id.prefix, ID_FORMATS.classroom_id.digits, "The classroom.", {
      references: ref("classrooms", "classroom_id"),
    }),
    c.id(
      "registry_id",
      ID_FORMATS.registry_id.prefix,
      ID_FORMATS.registry_id.digits,
      "The member assigned.",
      {
        references: ref("people", "registry_id"),
      },
    ),
    c.code(
      "assignment_role",
      ASSIGNMENT_ROLES,
      "Role in the room; at most one DESIGNATED_QSM per room on any day.",
    ),
    c.eventDate("start_date", "First day of the assignment."),
    c.eventDate("end_date", "Last day of the assignment; null = current.", { optional: true }),
    c.timestamp("updated_at", "When the record last changed (UTC)."),
  ],
  rules: [endNotBeforeStart("start_date", "end_date")],
});
