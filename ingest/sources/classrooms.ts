import { CLASSROOM_AGE_GROUPS, ID_FORMATS } from "./codes.ts";
import { c, defineSource, endNotBeforeStart, ref } from "./contract.ts";

export const classrooms = defineSource({
  name: "classrooms",
  file: "classrooms.csv",
  section: "3.4",
  grain: "One row per classroom.",
  mode: "entity",
  key: ["classroom_id"],
  columns: [
    c.id("classroom_id", ID_FORMATS.classroom_id.prefix, ID_FORMATS.classroom_id.digits, "Classroom id."),
    c.id(
      "program_id",
      ID_FORMATS.program_id.prefix,
      ID_FORMATS.program_id.digits,
      "The program the room is in.",
      {
        references: ref("programs", "program_id"),
      },
    ),
    c.text("room_name", "Room name given by the program."),
    c.code("age_group", CLASSROOM_AGE_GROUPS, "Age group of the room."),
    c.eventDate("opened_on", "Date the room opened."),
    c.eventDate("closed_on", "Date the room closed.", { optional: true }),
    c.timestamp("updated_at", "When the record last changed (UTC)."),
  ],
  rules: [endNotBeforeStart("opened_on", "closed_on")],
});
