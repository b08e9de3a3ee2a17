import { TOPIC_AREAS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["training_record_id"],
  description: "One row per non-credit training record (current version).",
  columns: {
    training_record_id: "Registry training record id.",
    registry_id: "The account the training was reported on.",
    person_id: "The surviving account (merged duplicates folded into the account they were merged into).",
    training_title: "Title of the training.",
    topic_area_code: "Topic area code.",
    training_hours: "Clock hours of training.",
    completed_date: "Date completed.",
    trainer_registry_id: "The approved TA trainer's account, when named.",
    trainer_person_id: "The trainer's surviving account.",
    reported_date: "Date the member added it.",
  },
  tests: [
    { type: "accepted_values", column: "topic_area_code", values: TOPIC_AREAS },
    { type: "not_null", column: "person_id", severity: "warn" },
  ],
});
