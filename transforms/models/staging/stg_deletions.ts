import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["entity_name", "record_id"],
  description:
    "One row per record the registry deleted (from delta extracts); the deleted record's raw version already ends then.",
  columns: {
    entity_name: "Entity (extract file without .csv).",
    record_id: "Primary key of the deleted record.",
    deleted_at: "When the registry deleted it (UTC).",
    extract_id:
      "Delta extract that reported the deletion (meta.load_log of its _load_id; never null: a test blocks the build otherwise).",
    extract_as_of_date: "As-of date of that extract.",
  },
  tests: [{ type: "not_null", column: "extract_id" }],
});
