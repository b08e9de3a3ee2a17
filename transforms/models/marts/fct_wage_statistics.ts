import { defineModel } from "../../model.ts";
import {
  WAGE_CELL_COLUMNS,
  WAGE_CELL_TESTS,
  WAGE_DATES_INPUT,
  wageWorkforceInput,
} from "./fct_wage_earner_cells.ts";

export default defineModel({
  grain: ["snapshot_date", "breakdown", "breakdown_code", "setting_code"],
  description:
    "One row per cell of marts.fct_wage_earner_cells (snapshot date, breakdown, breakdown value and setting, with totals): its people, programs and largest program's people, and the hourly-wage quartiles of its people, before disclosure control (reporting.rpt_wages_* apply the publishing rules).",
  columns: {
    ...WAGE_CELL_COLUMNS,
    p25_hourly_wage_usd: "25th percentile of their hourly wages (USD, nominal), as quantile_cont(0.25).",
    median_hourly_wage_usd: "Median of their hourly wages (USD, nominal), as quantile_cont(0.5).",
    p75_hourly_wage_usd: "75th percentile of their hourly wages (USD, nominal), as quantile_cont(0.75).",
  },
  tests: [
    ...WAGE_CELL_TESTS,
    {
      type: "expression_is_true",
      name: "quartiles_ordered",
      expression:
        "p25_hourly_wage_usd <= median_hourly_wage_usd and median_hourly_wage_usd <= p75_hourly_wage_usd",
    },
  ],
  // A cell on D depends only on the workforce on D and on whether D is an annual snapshot date.
  incremental: {
    column: "snapshot_date",
    inputs: {
      "marts.dim_dates": WAGE_DATES_INPUT,
      "marts.fct_wage_earner_cells": {
        key: ["breakdown", "breakdown_code", "setting_code"],
        from: "snapshot_date",
        columns: Object.keys(WAGE_CELL_COLUMNS),
      },
      "marts.fct_workforce_monthly": wageWorkforceInput(),
    },
  },
});
