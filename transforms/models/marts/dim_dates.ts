import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["calendar_date"],
  description:
    "One row per calendar day from 1990-01-01 to the end of the year after the latest loaded extract, with state and federal fiscal years and the snapshot dates of the periodic facts.",
  columns: {
    calendar_date: "The day.",
    calendar_year: "Calendar year.",
    calendar_quarter: "Calendar quarter 1 to 4.",
    month_number: "Month 1 to 12.",
    month_name: "Month name (English).",
    month_start_date: "First day of the month.",
    month_end_date: "Last day of the month.",
    is_month_end: "The day is the last of its month.",
    iso_day_of_week: "ISO day of week, 1 = Monday to 7 = Sunday.",
    is_weekday: "Monday to Friday.",
    fiscal_year: "Connecticut state fiscal year (July 1 to June 30), named by the year it ends.",
    fiscal_year_start_date: "July 1 that starts the state fiscal year.",
    fiscal_year_end_date: "June 30 that ends the state fiscal year.",
    fiscal_month_number: "Month of the state fiscal year, 1 = July to 12 = June.",
    federal_fiscal_year: "US federal fiscal year (October 1 to September 30), named by the year it ends.",
    is_extract_as_of_date: "The as-of date of a loaded extract.",
    is_latest_as_of_date: "The as-of date of the latest loaded extract.",
    is_snapshot_date:
      "A date of the periodic snapshots (fct_*_monthly): a month end from 2012-01-31 to the latest as-of date, or an extract's as-of date.",
  },
  tests: [
    { type: "accepted_range", column: "fiscal_month_number", min: 1, max: 12 },
    {
      type: "expression_is_true",
      name: "fiscal_year_contains_day",
      expression: "calendar_date between fiscal_year_start_date and fiscal_year_end_date",
    },
  ],
});
