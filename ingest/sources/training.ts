import { ID_FORMATS, TOPIC_AREAS } from "./codes.ts";
import { c, defineSource, ref } from "./contract.ts";

export const training = defineSource({
  name: "training",
  file: "training.csv",
  section: "3.11",
  grain: "One row per non-credit training a member completed.",
  mode: "entity",
  key: ["training_record_id"],
  columns: [
    c.id(
      "training_record_id",
      ID_FORMATS.training_record_id.prefix,
      ID_FORMATS.training_record_id.digits,
      "Training record id.",
    ),
    c.id("registry_id", ID_FORMATS.registry_id.prefix, ID_FORMATS.registry_id.digits, "The member trained.", {
      references: ref("people", "registry_id"),
    }),
    c.text("title", "Title of the training."),
    c.code("topic_area", TOPIC_AREAS, "Topic area."),
    c.decimal("hours", { min: 0.5, max: 120 }, "Clock hours."),
    c.eventDate("completed_on", "Date completed."),
    c.id(
      "trainer_registry_id",
      ID_FORMATS.registry_id.prefix,
      ID_FORMATS.registry_id.digits,
      "The approved TA trainer who delivered it (a trainer whose own people.csv record is set aside does not hold it).",
      { optional: true, references: ref("people", "registry_id", { whenParentSetAside: "load" }) },
    ),
    c.eventDate("reported_on", "Date the member added the record."),
  ],
  rules: [],
});
