import { AWARD_LEVELS, FIELDS, ID_FORMATS } from "./codes.ts";
import { c, defineSource, endNotBeforeStart, ref } from "./contract.ts";

export const education = defineSource({
  name: "education",
  file: "education.csv",
  section: "3.8",
  grain: "One row per degree, certificate, diploma or CDA a member reported.",
  mode: "entity",
  key: ["education_id"],
  columns: [
    c.id(
      "education_id",
      ID_FORMATS.education_id.prefix,
      ID_FORMATS.education_id.digits,
      "Education record id.",
    ),
    c.id("registry_id", ID_FORMATS.registry_id.prefix, ID_FORMATS.registry_id.digits, "The member.", {
      references: ref("people", "registry_id"),
    }),
    c.code("award_level", AWARD_LEVELS, "Level of the award; CERTIFICATE = one-year ECE certificate."),
    c.code("field", FIELDS, "Field of study; NONE for HS/GED."),
    c.bool("ece_concentration", "Meets the CT Common Standard for an early-childhood degree."),
    c.text("institution", "Awarding institution.", { optional: true }),
    c.bool("regionally_accredited", "The institution is regionally accredited."),
    c.eventDate("awarded_on", "Date awarded."),
    c.limitDate("expires_on", "CDA only: current until this date (3-year renewal).", { optional: true }),
    c.eventDate("reported_on", "Date the member added the record."),
  ],
  rules: [
    {
      code: "field_not_applicable",
      column: "expires_on",
      description: "only a CDA expires",
      violated: (r) => r.award_level !== "CDA" && r.expires_on !== null,
      sql: "award_level <> 'CDA' and expires_on is not null",
    },
    endNotBeforeStart("awarded_on", "expires_on"),
  ],
});
