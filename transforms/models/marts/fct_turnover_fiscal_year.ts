import { ROLES, SETTINGS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export const TURNOVER_OUTCOMES = ["STAYED", "ACTIVE_ELSEWHERE", "LEFT_FIELD"] as const;

export default defineModel({
  grain: ["fiscal_year", "program_id", "person_id"],
  // A member's rows come from their own employment periods, spells and pay, and from the fiscal
  // years, the programs' dates and the programs' setting and town on each fiscal year's first day:
  // a change of those recomputes the members with a spell at a program it touched (a changed list
  // of fiscal years rebuilds the table).
  incremental: {
    entity: "person_id",
    inputs: {
      "staging.stg_record_counting_periods": {
        entityColumn: "person_id",
        where: "record_type_code = 'EMPLOYMENT'",
      },
      "marts.fct_employment_spells": { entityColumn: "person_id" },
      "marts.fct_compensation": { entityColumn: "person_id", where: "is_in_force" },
      "marts.dim_dates": {
        changedEntities: `
          with o as (
              select fiscal_year, fiscal_year_start_date, fiscal_year_end_date
              from prev.marts.dim_dates
              group by all
              having fiscal_year_start_date >= (select min(calendar_date) from prev.marts.dim_dates where is_snapshot_date)
                  and fiscal_year_end_date <= (select max(calendar_date) from prev.marts.dim_dates where is_extract_as_of_date)
          ),
          n as (
              select fiscal_year, fiscal_year_start_date, fiscal_year_end_date
              from marts.dim_dates
              group by all
              having fiscal_year_start_date >= (select min(calendar_date) from marts.dim_dates where is_snapshot_date)
                  and fiscal_year_end_date <= (select max(calendar_date) from marts.dim_dates where is_extract_as_of_date)
          )
          select null as person_id
          from ((select * from o except select * from n) union all (select * from n except select * from o))
          limit 1`,
      },
      "staging.stg_programs": {
        changedEntities: `
          with o as (select program_id, opened_date, closed_date from prev.staging.stg_programs),
          n as (select program_id, opened_date, closed_date from staging.stg_programs),
          changed as (
              select program_id from (select * from o except select * from n)
              union
              select program_id from (select * from n except select * from o)
          )
          select person_id from marts.fct_employment_spells
          where program_id in (select program_id from changed)`,
      },
      "marts.dim_programs": {
        changedEntities: `
          with first_days as (
              select distinct fiscal_year_start_date as d from (
                  select fiscal_year, fiscal_year_start_date, fiscal_year_end_date
              from marts.dim_dates
              group by all
              having fiscal_year_start_date >= (select min(calendar_date) from marts.dim_dates where is_snapshot_date)
                  and fiscal_year_end_date <= (select max(calendar_date) from marts.dim_dates where is_extract_as_of_date)
              )
          ),
          o as (
              select g.program_id, f.d, g.setting_code, g.town_name
              from first_days f
              join prev.marts.dim_programs g on g.valid_from <= f.d and (g.valid_to is null or g.valid_to > f.d)
          ),
          n as (
              select g.program_id, f.d, g.setting_code, g.town_name
              from first_days f
              join marts.dim_programs g on g.valid_from <= f.d and (g.valid_to is null or g.valid_to > f.d)
          ),
          changed as (
              -- As multisets (the model joins every version in force, so a duplicate counts): a
              -- count and a sum of row hashes per program, both sides (except all: 4.8 s against
              -- 0.6 s at 2,000,000 members).
              select coalesce(o.program_id, n.program_id) as program_id
              from (select program_id, count(*) as c, sum(hash(d, setting_code, town_name)) as h from o group by all) o
              full join (select program_id, count(*) as c, sum(hash(d, setting_code, town_name)) as h from n group by all) n
                  on o.program_id = n.program_id
              where o.c is distinct from n.c or o.h is distinct from n.h
          )
          select person_id from marts.fct_employment_spells
          where program_id in (select program_id from changed)`,
      },
    },
  },
  description:
    "One row per ended state fiscal year and member active at a program on its first day (July 1), per program (a member at two programs has two rows): whether the member still has an active spell at that program on the last day (June 30), or anywhere (metrics.md: turnover in FY, left the field).",
  columns: {
    fiscal_year:
      "State fiscal year (July to June, named by the year it ends); only years ended by the latest as-of date.",
    program_id: "The program the member was active at on July 1.",
    person_id: "The member (surviving account).",
    fiscal_year_start_date: "July 1: the day the member was active at the program.",
    fiscal_year_end_date: "June 30: the day the outcome is measured.",
    employment_id:
      "The member's spell at the program on July 1 (several: most hours, earliest start, lowest id).",
    role_code: "Role of that spell.",
    setting_code: "Setting of the program on July 1.",
    program_town_name: "Town of the program on July 1.",
    is_at_program_on_last_day: "An active verified spell at the same program covers June 30.",
    is_active_on_last_day: "An active verified spell anywhere covers June 30.",
    turnover_outcome_code:
      "STAYED (at the program on June 30), ACTIVE_ELSEWHERE (not at the program, active elsewhere) or LEFT_FIELD (no active spell anywhere).",
    has_left_program: "Not at the program on June 30 (the turnover numerator).",
    has_left_field:
      "No active spell anywhere on June 30 (the left-the-field numerator). Active means verified by that day: a move to a job verified only later counts here, and the row is not revised when the verification arrives.",
  },
  tests: [
    { type: "accepted_values", column: "role_code", values: ROLES },
    { type: "accepted_values", column: "setting_code", values: SETTINGS },
    { type: "accepted_values", column: "turnover_outcome_code", values: TURNOVER_OUTCOMES },
    { type: "not_null", column: "setting_code" },
    { type: "not_null", column: "employment_id" },
    { type: "relationships", column: "person_id", to: "marts.dim_people", field: "person_id" },
    { type: "relationships", column: "program_id", to: "staging.stg_programs", field: "program_id" },
    {
      type: "relationships",
      column: "employment_id",
      to: "marts.fct_employment_spells",
      field: "employment_id",
    },
    {
      type: "expression_is_true",
      name: "left_field_implies_left_program",
      expression: "not has_left_field or has_left_program",
    },
  ],
});
