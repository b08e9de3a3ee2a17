import { APPLICATION_STATUSES, DENIAL_REASONS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["event_id"],
  // An application's events come from its own rows only.
  incremental: {
    entity: "application_id",
    inputs: { "raw.application_events": { entityColumn: "application_id" } },
  },
  description: "One row per status change of an application (append-only).",
  columns: {
    event_id: "Registry event id.",
    application_id: "The application.",
    application_status_code:
      "SUBMITTED, PENDING_DOCUMENTS, UNDER_REVIEW, APPROVED, DENIED, WITHDRAWN, PAID, ...",
    status_date: "Date of the status change.",
    amount_usd: "APPROVED: the award; PAID: the amount paid to the institution (USD).",
    denial_reason_code: "DENIED only: the reason.",
  },
  tests: [
    { type: "accepted_values", column: "application_status_code", values: APPLICATION_STATUSES },
    { type: "accepted_values", column: "denial_reason_code", values: DENIAL_REASONS },
    {
      type: "relationships",
      column: "application_id",
      to: "staging.stg_applications",
      field: "application_id",
      allowNull: false,
    },
  ],
});
