import { CREDIT_AREAS, ID_FORMATS } from "./codes.ts";
import { c, defineSource, ref } from "./contract.ts";

export const coursework = defineSource({
  name: "coursework",
  file: "coursework.csv",
  section: "3.9",
  grain: "One row per credit-bearing college course a member completed.",
  mode: "entity",
  key: ["course_record_id"],
  columns: [
    c.id(
      "course_record_id",
      ID_FORMATS.course_record_id.prefix,
      ID_FORMATS.course_record_id.digits,
      "Course record id.",
    ),
    c.id("registry_id", ID_FORMATS.registry_id.prefix, ID_FORMATS.registry_id.digits, "The member.", {
      references: ref("people", "registry_id"),
    }),
    c.text("institution", "College or university."),
    c.text("course_code", "Course code, e.g. ECE 101.", { optional: true }),
    c.text("course_title", "Course title."),
    c.decimal("credits", { min: 0.5, max: 6 }, "College credits."),
    c.code(
      "credit_area",
      CREDIT_AREAS,
      "EARLY_CHILDHOOD counts as early-childhood credit under the Common Standard; ADMINISTRATION as program administration credit.",
    ),
    c.eventDate("completed_on", "Date the course was completed."),
    c.text("grade", "Letter grade or P.", { optional: true }),
    c.eventDate("reported_on", "Date the member added the record."),
  ],
  rules: [],
});
