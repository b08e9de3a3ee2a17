import { AUSPICES, ID_FORMATS, PROGRAM_TYPES, SETTINGS } from "./codes.ts";
import { c, defineSource, endNotBeforeStart } from "./contract.ts";

export const programs = defineSource({
  name: "programs",
  file: "programs.csv",
  section: "3.2",
  grain: "One row per program site.",
  mode: "entity",
  key: ["program_id"],
  columns: [
    c.id("program_id", ID_FORMATS.program_id.prefix, ID_FORMATS.program_id.digits, "Program site id."),
    c.text("program_name", "Name of the program site."),
    c.text("license_number", "Licence number; null for license-exempt sites.", { optional: true }),
    c.code("program_type", PROGRAM_TYPES, "Licensing category."),
    c.code("setting", SETTINGS, "The registry's three settings."),
    c.code("auspice", AUSPICES, "Who runs the program."),
    c.town("town", "Connecticut town of the site."),
    c.zip("zip", "5-digit ZIP code, leading zero kept."),
    c.integer("licensed_capacity", { min: 0 }, "Licensed capacity (children)."),
    c.bool("serves_infant_toddler", "Serves infants and toddlers."),
    c.bool("serves_preschool", "Serves preschoolers."),
    c.bool("serves_school_age", "Serves school-age children."),
    c.limitDate("naeyc_accredited_through", "NAEYC accreditation valid through this date.", {
      optional: true,
    }),
    c.eventDate("opened_on", "Date the site opened."),
    c.eventDate("closed_on", "Date the site closed.", { optional: true }),
    c.timestamp("updated_at", "When the record last changed (UTC)."),
  ],
  rules: [endNotBeforeStart("opened_on", "closed_on")],
});
