import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["latest_as_of_date"],
  description:
    "One row per warehouse (a single row): the as-of date of the latest loaded extract, the last day the registry's data describes.",
  columns: {
    latest_as_of_date: "As-of date of the latest extract loaded (meta.extracts, status loaded).",
  },
  tests: [
    {
      type: "expression_is_true",
      name: "one_row",
      expression: "(select count(*) from staging.stg_latest_as_of) = 1",
    },
  ],
});
