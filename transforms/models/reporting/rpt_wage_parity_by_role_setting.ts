import { ROLES, SETTINGS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";
import { SUPPRESSION_REASONS } from "./rpt_suppressed_cells_by_table.ts";

export default defineModel({
  grain: ["snapshot_date", "role_code", "setting_code"],
  description:
    "One row per snapshot date, role and setting (and their totals): the parity gap, the median hourly wage on the primary spell divided by the hourly equivalent of the K-12 benchmark (seeds.wage_benchmarks, is_parity_benchmark = Y), published only under the wage-statistic rule.",
  columns: {
    snapshot_date: "Reference date: a month end from 2012-01-31, or an extract's as-of date.",
    role_code: "Role of the primary spell; ALL = every role.",
    setting_code: "Setting of the primary spell's program; ALL = every setting.",
    people_count: "People with a wage on the date; null when suppressed.",
    people_count_suppression_reason_code: "too_few or complementary; null when published.",
    median_hourly_wage_usd: "Median hourly wage (USD, nominal); null when withheld.",
    parity_benchmark_code: "The benchmark row (CT_KINDERGARTEN_TEACHER_MEAN_ANNUAL_2023).",
    parity_benchmark_year: "The year of the benchmark figure (compare dates near it).",
    parity_benchmark_hourly_wage_usd:
      "The benchmark's hourly equivalent (annual / 2080 when published as annual; 4 decimals, the ratio uses it unrounded), USD.",
    parity_ratio:
      "The median hourly wage / parity_benchmark_hourly_wage_usd, both before rounding (4 decimals; 1 = parity); null when the wage is withheld, and before the benchmark's year (the benchmark is that year's nominal wage: earlier wages divided by it would show a rise in parity that is mostly inflation). The registry's hourly wage is pay over the hours paid (a salary paid over a 40-week school year at 35 hours is divided by 1,400 hours), the benchmark an annual wage over 2,080 hours: the ratio flatters staff paid for a school year, public-school staff above all.",
    wage_suppression_reason_code:
      "Why the wage and ratio are withheld: too_few (under k people, under 3 programs, or one program over 80%) or no_data; null when published.",
    parity_benchmark_source: "The benchmark's source (a mean over all kindergarten teachers in the state).",
  },
  tests: [
    { type: "accepted_values", column: "role_code", values: [...ROLES, "ALL"] },
    { type: "accepted_values", column: "setting_code", values: [...SETTINGS, "ALL"] },
    { type: "accepted_values", column: "wage_suppression_reason_code", values: SUPPRESSION_REASONS },
    { type: "not_null", column: "parity_benchmark_hourly_wage_usd" },
    {
      type: "expression_is_true",
      name: "ratio_published_iff_no_reason",
      expression:
        "(parity_ratio is null) = (wage_suppression_reason_code is not null or year(snapshot_date) < parity_benchmark_year)",
    },
  ],
});
