import { AGE_GROUPS_SERVED, ID_FORMATS, ROLES } from "./codes.ts";
import { c, defineSource, endNotBeforeStart, ref } from "./contract.ts";

export const employment = defineSource({
  name: "employment",
  file: "employment.csv",
  section: "3.6",
  grain: "One row per employment spell (a member in a role at a program).",
  mode: "entity",
  key: ["employment_id"],
  columns: [
    c.id(
      "employment_id",
      ID_FORMATS.employment_id.prefix,
      ID_FORMATS.employment_id.digits,
      "Employment spell id.",
    ),
    c.id(
      "registry_id",
      ID_FORMATS.registry_id.prefix,
      ID_FORMATS.registry_id.digits,
      "The member employed.",
      {
        references: ref("people", "registry_id"),
      },
    ),
    c.id("program_id", ID_FORMATS.program_id.prefix, ID_FORMATS.program_id.digits, "The employing program.", {
      references: ref("programs", "program_id"),
    }),
    c.code("role", ROLES, "Role in the program."),
    c.code("age_group_served", AGE_GROUPS_SERVED, "Age group the member works with."),
    c.eventDate("start_date", "First day of the spell."),
    c.eventDate("end_date", "Last day of the spell; null = current.", { optional: true }),
    c.timestamp("updated_at", "When the record last changed (UTC)."),
  ],
  rules: [endNotBeforeStart("start_date", "end_date")],
});
