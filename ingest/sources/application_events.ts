import { APPLICATION_STATUSES, DENIAL_REASONS, ID_FORMATS } from "./codes.ts";
import { c, defineSource, ref } from "./contract.ts";

export const application_events = defineSource({
  name: "application_events",
  file: "application_events.csv",
  section: "3.14",
  grain: "One row per status change of an application (append-only).",
  mode: "event",
  key: ["event_id"],
  columns: [
    c.id("event_id", ID_FORMATS.event_id.prefix, ID_FORMATS.event_id.digits, "Event id."),
    c.id(
      "application_id",
      ID_FORMATS.application_id.prefix,
      ID_FORMATS.application_id.digits,
      "The application.",
      {
        references: ref("applications", "application_id"),
      },
    ),
    c.code("status", APPLICATION_STATUSES, "New status; PAID and COMPLETED are scholarships only."),
    c.eventDate("status_on", "Date of the status change."),
    c.decimal("amount_usd", { min: 0, money: true }, "APPROVED: the award; PAID: the amount paid (USD).", {
      optional: true,
    }),
    c.code("reason_code", DENIAL_REASONS, "DENIED only: why.", { optional: true }),
  ],
  rules: [
    {
      code: "field_not_applicable",
      column: "reason_code",
      description: "a reason_code is only given with DENIED",
      violated: (r) => r.reason_code !== null && r.status !== "DENIED",
      sql: "reason_code is not null and status <> 'DENIED'",
    },
    {
      code: "field_not_applicable",
      column: "amount_usd",
      description: "an amount is only given with APPROVED or PAID",
      violated: (r) => r.amount_usd !== null && r.status !== "APPROVED" && r.status !== "PAID",
      sql: "amount_usd is not null and status not in ('APPROVED', 'PAID')",
    },
  ],
});
