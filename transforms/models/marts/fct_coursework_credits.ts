import { CREDIT_AREAS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";
import { VERIFICATION_STATUSES } from "./fct_employment_spells.ts";

export default defineModel({
  grain: ["course_record_id"],
  // A record's row comes from its own row of stg_coursework and its own verification periods.
  incremental: {
    entity: "course_record_id",
    inputs: {
      "staging.stg_coursework": { entityColumn: "course_record_id" },
      "staging.stg_verification_periods": { entityColumn: "record_id" },
    },
  },
  description:
    "One row per credit-bearing college course on a member's record, with its verification status on the latest as-of date.",
  columns: {
    course_record_id: "Registry course record id.",
    person_id: "The member (surviving account).",
    registry_id: "The account the course was reported on.",
    institution_name: "Institution.",
    course_code: "Course code.",
    course_title: "Course title.",
    credits: "College credits.",
    credit_area_code: "EARLY_CHILDHOOD, ADMINISTRATION, SCHOOL_AGE or GENERAL.",
    is_ece_credit: "Counts as early-childhood credit (EARLY_CHILDHOOD).",
    is_admin_credit: "Counts as administration credit (ADMINISTRATION).",
    completed_date: "Date completed.",
    grade_code: "Letter grade or P.",
    reported_date: "Date the member added it.",
    verification_status_code: "Latest verification outcome, or SELF_REPORTED when never checked.",
    is_verified: "verification_status_code = VERIFIED.",
    first_verified_date: "Date of the first VERIFIED check.",
  },
  tests: [
    { type: "accepted_values", column: "credit_area_code", values: CREDIT_AREAS },
    { type: "accepted_values", column: "verification_status_code", values: VERIFICATION_STATUSES },
    {
      type: "relationships",
      column: "person_id",
      to: "marts.dim_people",
      field: "person_id",
      allowNull: false,
    },
  ],
});
