import {
  ALL_APPLICATION_SUBTYPES,
  APPLICATION_STATUSES,
  APPLICATION_TYPES,
  DENIAL_REASONS,
} from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["application_id"],
  // An application's row comes from its own row and its own events.
  incremental: {
    entity: "application_id",
    inputs: {
      "staging.stg_applications": { entityColumn: "application_id" },
      "staging.stg_application_events": { entityColumn: "application_id" },
    },
  },
  description:
    "One row per application (accumulating snapshot): submitted, first decision, approval, denial, withdrawal, appeal, payment and completion dates, amounts awarded and paid, and the current status.",
  columns: {
    application_id: "Registry application id.",
    person_id: "The applicant (surviving account).",
    program_id: "Employer when applying.",
    application_type_code: "SCHOLARSHIP, HEAD_TEACHER, ECTC or TA_PROVIDER.",
    application_subtype_code: "Subtype within the type.",
    fiscal_year: "Fiscal year the application belongs to.",
    institution_name: "Scholarships: the college paid.",
    requested_usd: "Scholarships: amount requested (USD).",
    submitted_date: "Date submitted.",
    first_decision_date: "Date of the first APPROVED or DENIED event.",
    first_decision_status_code: "APPROVED or DENIED: the first decision.",
    days_to_decision: "first_decision_date - submitted_date, in days.",
    first_approved_date: "Date of the first APPROVED event (also after an upheld appeal).",
    first_denied_date: "Date of the first DENIED event (a later appeal does not erase it).",
    first_denial_reason_code: "Reason of the first denial.",
    withdrawn_date: "Date of the WITHDRAWN event.",
    first_appealed_date: "Date of the first APPEALED event.",
    first_paid_date: "Date of the first PAID event.",
    completed_date: "Date of the COMPLETED event.",
    awarded_usd: "Sum of APPROVED amounts (USD).",
    paid_usd: "Sum of PAID amounts (USD).",
    current_status_code: "Status of the latest event.",
    current_status_date: "Date of the latest event.",
    event_count: "Number of status events.",
  },
  tests: [
    { type: "accepted_values", column: "application_type_code", values: APPLICATION_TYPES },
    { type: "accepted_values", column: "application_subtype_code", values: ALL_APPLICATION_SUBTYPES },
    { type: "accepted_values", column: "current_status_code", values: APPLICATION_STATUSES },
    { type: "accepted_values", column: "first_decision_status_code", values: ["APPROVED", "DENIED"] },
    { type: "accepted_values", column: "first_denial_reason_code", values: DENIAL_REASONS },
    {
      type: "relationships",
      column: "person_id",
      to: "marts.dim_people",
      field: "person_id",
      allowNull: false,
    },
    { type: "accepted_range", column: "days_to_decision", min: 0 },
  ],
});
