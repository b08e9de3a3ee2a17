import { GENDERS, ID_FORMATS, LANGUAGES, MEMBER_STATUSES, RACE_ETHNICITIES } from "./codes.ts";
import { c, defineSource, ref } from "./contract.ts";
import { addYears } from "./dates.ts";

const { prefix, digits } = ID_FORMATS.registry_id;

export const people = defineSource({
  name: "people",
  file: "people.csv",
  section: "3.1",
  grain: "One row per registry member account.",
  mode: "entity",
  key: ["registry_id"],
  columns: [
    c.id("registry_id", prefix, digits, "Registry member id, stable for life."),
    c.text("first_name", "First name.", { pii: true }),
    c.text("last_name", "Last name.", { pii: true }),
    c.eventDate("birth_date", "Date of birth; members are 16 to 90 years old.", { pii: true }),
    c.text("email", "Email address.", { optional: true, pii: true }),
    c.town("home_town", "Connecticut town of residence; null when living out of state.", { optional: true }),
    c.state("home_state", "State of residence (USPS code)."),
    c.code("gender", GENDERS, "Gender; U = not disclosed."),
    c.code("race_ethnicity", RACE_ETHNICITIES, "Race and ethnicity."),
    c.code("primary_language", LANGUAGES, "Primary language."),
    c.eventDate("joined_on", "Date the registry account was created."),
    c.code("member_status", MEMBER_STATUSES, "MERGED = a duplicate account folded into another."),
    c.id("merged_into", prefix, digits, "The account this one was merged into; required when MERGED.", {
      optional: true,
      references: ref("people", "registry_id"),
    }),
    c.timestamp("updated_at", "When the record last changed (UTC)."),
  ],
  rules: [
    {
      code: "merged_without_target",
      column: "merged_into",
      description: "a MERGED account must name the account it was merged into",
      violated: (r) => r.member_status === "MERGED" && r.merged_into === null,
      sql: "member_status = 'MERGED' and merged_into is null",
    },
    {
      code: "field_not_applicable",
      column: "merged_into",
      description: "merged_into is only set on MERGED accounts",
      violated: (r) => r.member_status !== "MERGED" && r.merged_into !== null,
      sql: "member_status <> 'MERGED' and merged_into is not null",
    },
    {
      code: "age_out_of_range",
      column: "birth_date",
      description: "members are 16 to 90 years old on the as-of date",
      violated: (r, ctx) => r.birth_date > addYears(ctx.asOf, -16) || r.birth_date <= addYears(ctx.asOf, -91),
      sql: "birth_date > $as_of - interval 16 year or birth_date <= $as_of - interval 91 year",
    },
  ],
});
