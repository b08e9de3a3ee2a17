import { CREDIT_AREAS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["course_record_id"],
  // An account's rows come from its own current rows and its own row of stg_people (the
  // surviving account): a nightly delta recomputes the accounts it touched.
  incremental: {
    entity: "registry_id",
    inputs: {
      "raw.coursework": { entityColumn: "registry_id" },
      "staging.stg_people": { entityColumn: "registry_id" },
    },
  },
  description: "One row per credit-bearing college course on a member's record (current version).",
  columns: {
    course_record_id: "Registry course record id.",
    registry_id: "The account the course was reported on.",
    person_id: "The surviving account (merged duplicates folded into the account they were merged into).",
    institution_name: "Institution.",
    course_code: "Course code, e.g. ECE 101.",
    course_title: "Course title.",
    credits: "College credits earned.",
    credit_area_code: "EARLY_CHILDHOOD, ADMINISTRATION, SCHOOL_AGE or GENERAL.",
    completed_date: "Date completed.",
    grade_code: "Letter grade or P.",
    reported_date: "Date the member added it.",
  },
  tests: [
    { type: "accepted_values", column: "credit_area_code", values: CREDIT_AREAS },
    { type: "accepted_range", column: "credits", min: 0.5, max: 6 },
    { type: "not_null", column: "person_id", severity: "warn" },
  ],
});
