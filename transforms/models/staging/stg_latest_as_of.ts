import { defineModel } from "../../model.ts";

/**
 * The `changedEntities` of an input `staging.stg_latest_as_of`, for a model that keeps nothing
 * after the latest as-of date: the entities (column `entity` of `dates`, a query giving it and a
 * date `d`) with a date after the previous as-of date and on or before the new one; a null entity
 * (a rebuild in full) when the as-of date did not move forward.
 */
export function changedBetweenAsOfDates(entity: string, dates: string): string {
  return `
          with bounds as (
              select o.latest_as_of_date as a0, n.latest_as_of_date as a1
              from prev.staging.stg_latest_as_of o full join staging.stg_latest_as_of n on true
          ),
          dates as (${dates}
          )
          select null as ${entity} from bounds where a0 is null or a1 is null or a1 < a0
          union all
          select d.${entity} from dates d, bounds b where d.d > b.a0 and d.d <= b.a1 and d.${entity} is not null`;
}

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
