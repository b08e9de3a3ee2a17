import { APPLICATION_STATUSES, APPLICATION_TYPES, DENIAL_REASONS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["event_id"],
  // An application's events come from its own events and its own row.
  incremental: {
    entity: "application_id",
    inputs: {
      "staging.stg_application_events": { entityColumn: "application_id" },
      "staging.stg_applications": { entityColumn: "application_id" },
    },
  },
  description: "One row per status change of an application, with the application's type and fiscal year.",
  columns: {
    event_id: "Registry event id.",
    application_id: "The application.",
    person_id: "The applicant (surviving account).",
    application_type_code: "SCHOLARSHIP, HEAD_TEACHER, ECTC or TA_PROVIDER.",
    application_subtype_code: "Subtype within the type.",
    fiscal_year: "Fiscal year the application belongs to.",
    application_status_code: "The status entered.",
    status_date: "Date of the change.",
    event_sequence_number: "Order of the event within its application (by date, then event id).",
    amount_usd: "APPROVED: award; PAID: amount paid to the institution (USD).",
    denial_reason_code: "DENIED only: the reason.",
  },
  tests: [
    { type: "accepted_values", column: "application_status_code", values: APPLICATION_STATUSES },
    { type: "accepted_values", column: "application_type_code", values: APPLICATION_TYPES },
    { type: "accepted_values", column: "denial_reason_code", values: DENIAL_REASONS },
    {
      type: "relationships",
      column: "application_id",
      to: "marts.fct_applications",
      field: "application_id",
      allowNull: false,
    },
  ],
});
