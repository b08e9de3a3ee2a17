import { CREDIT_AREAS, TOPIC_AREAS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["activity_code", "fiscal_year", "area_code"],
  description:
    "One row per professional-development activity (TRAINING or COLLEGE_CREDITS), state fiscal year and area (a topic or credit area, or ALL) with at least one member (restricted: unsuppressed counts).",
  columns: {
    activity_code:
      "TRAINING (verified non-credit training) or COLLEGE_CREDITS (verified college coursework).",
    fiscal_year: "State fiscal year of the training, or of the course's completion date.",
    area_code: "Topic area (training) or credit area (coursework); ALL = any.",
    people_count: "Members with at least one such record in the fiscal year and area (each counted once).",
  },
  tests: [
    { type: "accepted_values", column: "activity_code", values: ["TRAINING", "COLLEGE_CREDITS"] },
    {
      type: "accepted_values",
      column: "area_code",
      values: [...new Set([...TOPIC_AREAS, ...CREDIT_AREAS, "ALL"])],
    },
    { type: "accepted_range", column: "people_count", min: 1 },
  ],
  // Distinct members, and a member's records count only towards that member's cells: the counts
  // add up over members, so a build adds the changed members' difference.
  incremental: {
    entity: "person_id",
    additive: { measures: ["people_count"], count: "people_count" },
    inputs: {
      "marts.fct_training": {
        entityColumn: "person_id",
        where: "is_verified and person_id is not null",
        columns: ["person_id", "fiscal_year", "topic_area_code", "is_verified"],
      },
      "marts.fct_coursework_credits": {
        entityColumn: "person_id",
        where: "is_verified and person_id is not null",
        columns: ["person_id", "completed_date", "credit_area_code", "is_verified"],
      },
    },
  },
});
