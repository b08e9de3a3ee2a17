import { ALL_APPLICATION_SUBTYPES, APPLICATION_SUBTYPES, APPLICATION_TYPES, ID_FORMATS } from "./codes.ts";
import { c, defineSource, ref } from "./contract.ts";

const subtypeSql = Object.entries(APPLICATION_SUBTYPES)
  .map(
    ([type, subs]) =>
      `(application_type = '${type}' and application_subtype not in (${subs.map((s) => `'${s}'`).join(", ")}))`,
  )
  .join(" or ");

export const applications = defineSource({
  name: "applications",
  file: "applications.csv",
  section: "3.13",
  grain: "One row per application made through the registry portal.",
  mode: "entity",
  key: ["application_id"],
  columns: [
    c.id(
      "application_id",
      ID_FORMATS.application_id.prefix,
      ID_FORMATS.application_id.digits,
      "Application id.",
    ),
    c.id("registry_id", ID_FORMATS.registry_id.prefix, ID_FORMATS.registry_id.digits, "The applicant.", {
      references: ref("people", "registry_id"),
    }),
    c.code("application_type", APPLICATION_TYPES, "What is applied for."),
    c.code("application_subtype", ALL_APPLICATION_SUBTYPES, "Subtype; must belong to the application type."),
    c.id(
      "program_id",
      ID_FORMATS.program_id.prefix,
      ID_FORMATS.program_id.digits,
      "Employer when applying (scholarships require confirmed employment).",
      { optional: true, references: ref("programs", "program_id") },
    ),
    c.eventDate("submitted_on", "Date submitted."),
    c.integer("fiscal_year", { min: 2000, max: 2100 }, "Fiscal year the application belongs to."),
    c.text("institution", "Scholarships: the college paid.", { optional: true }),
    c.decimal("requested_usd", { min: 0, money: true }, "Scholarships: amount requested (USD).", {
      optional: true,
    }),
  ],
  rules: [
    {
      code: "subtype_mismatch",
      column: "application_subtype",
      description: "the subtype does not belong to the application type",
      violated: (r) =>
        !(
          APPLICATION_SUBTYPES[r.application_type as keyof typeof APPLICATION_SUBTYPES] as readonly string[]
        ).includes(r.application_subtype),
      sql: subtypeSql,
    },
  ],
});
