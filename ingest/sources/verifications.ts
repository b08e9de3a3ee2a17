import {
  DOCUMENT_TYPES,
  ID_FORMATS,
  OUTCOMES,
  RECORD_TYPES,
  VERIFIED_RECORD_IDS,
  VERIFIERS,
} from "./codes.ts";
import { c, defineSource, idPattern, SCIENTIFIC_PATTERN } from "./contract.ts";

const recordIdSql = Object.entries(VERIFIED_RECORD_IDS)
  .map(
    ([type, f]) =>
      `(record_type = '${type}' and not regexp_full_match(record_id, '${f.prefix}[0-9]{${f.digits}}'))`,
  )
  .join(" or ");

export const verifications = defineSource({
  name: "verifications",
  file: "verifications.csv",
  section: "3.15",
  grain: "One row per verification check of a record (append-only).",
  mode: "event",
  key: ["verification_id"],
  columns: [
    c.id(
      "verification_id",
      ID_FORMATS.verification_id.prefix,
      ID_FORMATS.verification_id.digits,
      "Check id.",
    ),
    c.code("record_type", RECORD_TYPES, "The kind of record checked."),
    c.text("record_id", "The checked record's primary key in its file (by record_type)."),
    c.code("outcome", OUTCOMES, "Outcome of the check."),
    c.eventDate("verified_on", "Date of the check."),
    c.code("verified_by", VERIFIERS, "Who checked; employment is confirmed by the program administrator."),
    c.code("document_type", DOCUMENT_TYPES, "Document checked."),
  ],
  rules: [
    {
      code: "identifier_scientific_notation",
      column: "record_id",
      description: "record_id was turned into scientific notation (1.23E+11) by a spreadsheet",
      violated: (r) => new RegExp(`^${SCIENTIFIC_PATTERN}$`).test(r.record_id),
      sql: `regexp_full_match(record_id, '${SCIENTIFIC_PATTERN}')`,
    },
    {
      code: "invalid_identifier",
      column: "record_id",
      description: "record_id does not have the id format of its record_type",
      violated: (r) =>
        !idPattern(VERIFIED_RECORD_IDS[r.record_type as keyof typeof VERIFIED_RECORD_IDS]).test(r.record_id),
      sql: recordIdSql,
    },
  ],
});
