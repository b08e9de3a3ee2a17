import { c, defineSource } from "./contract.ts";

/** Entities whose records a delta can delete (those with a single-column primary key). */
export const DELETABLE_ENTITIES = [
  "people",
  "programs",
  "classrooms",
  "classroom_staffing",
  "employment",
  "education",
  "coursework",
  "credentials",
  "training",
  "applications",
] as const;

export const deletions = defineSource({
  name: "deletions",
  file: "deletions.csv",
  section: "3.16",
  grain: "One row per record deleted since the previous extract (delta extracts only).",
  mode: "deletions",
  key: ["entity", "record_id"],
  columns: [
    c.code("entity", DELETABLE_ENTITIES, "The file the record was in, without .csv."),
    c.text("record_id", "Primary key of the deleted record."),
    c.timestamp("deleted_at", "When it was deleted (UTC)."),
  ],
  rules: [],
});
