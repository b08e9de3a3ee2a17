import { CREDENTIAL_STATUSES, CREDENTIAL_TYPES, ENDORSEMENTS, ID_FORMATS } from "./codes.ts";
import { c, defineSource, endNotBeforeStart, ref } from "./contract.ts";

export const credentials = defineSource({
  name: "credentials",
  file: "credentials.csv",
  section: "3.10",
  grain: "One row per state credential, licensing designation, teaching certificate or TA approval.",
  mode: "entity",
  key: ["credential_id"],
  columns: [
    c.id("credential_id", ID_FORMATS.credential_id.prefix, ID_FORMATS.credential_id.digits, "Credential id."),
    c.id("registry_id", ID_FORMATS.registry_id.prefix, ID_FORMATS.registry_id.digits, "The member.", {
      references: ref("people", "registry_id"),
    }),
    c.code(
      "credential_type",
      CREDENTIAL_TYPES,
      "ECTC = Early Childhood Teacher Credential; TA = approved provider.",
    ),
    c.code("endorsement", ENDORSEMENTS, "ECTC only: the age endorsement.", { optional: true }),
    c.eventDate("issued_on", "Date issued."),
    c.limitDate("expires_on", "Date it expires.", { optional: true }),
    c.code("status", CREDENTIAL_STATUSES, "Current status."),
  ],
  rules: [
    {
      code: "field_not_applicable",
      column: "endorsement",
      description: "only an ECTC has an endorsement",
      violated: (r) => r.endorsement !== null && !String(r.credential_type).startsWith("ECTC_"),
      sql: "endorsement is not null and credential_type not like 'ECTC\\_%' escape '\\'",
    },
    endNotBeforeStart("issued_on", "expires_on"),
  ],
});
