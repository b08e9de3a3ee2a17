import { TOPIC_AREAS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["training_record_id"],
  // An account's rows come from its own current rows, and from stg_people for the surviving
  // accounts of the member and of the trainer: a changed surviving account recomputes the accounts
  // with a current record naming it as member or trainer.
  incremental: {
    entity: "registry_id",
    inputs: {
      "raw.training": { entityColumn: "registry_id" },
      "staging.stg_people": {
        changedEntities: `
          with o as (select registry_id, person_id from prev.staging.stg_people),
          n as (select registry_id, person_id from staging.stg_people),
          changed as (
              select registry_id from (select * from o except select * from n)
              union
              select registry_id from (select * from n except select * from o)
          )
          select t.registry_id
          from raw.training t
          where t._valid_to is null
              and (t.registry_id in (select registry_id from changed)
                  or t.trainer_registry_id in (select registry_id from changed))`,
      },
    },
  },
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
