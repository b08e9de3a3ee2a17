// Data of the "Cost of closing the wage gap" page (wage-gap-cost.md): both wage-target presets on the
// latest as-of date, by planning region and setting (counts suppressed, costs withheld with them),
// and the presets' target schedules.
import { exportPage } from "../../loaders.ts";

await exportPage([
  {
    table: "rpt_wage_gap_cost_by_region_setting",
    name: "wage_gap_cost",
    columns: [
      "snapshot_date",
      "preset_code",
      "preset_name",
      "planning_region_fips",
      "planning_region_name",
      "setting_code",
      "people_below_target_count",
      "people_below_target_count_suppression_reason_code",
      "annual_cost_usd",
      "annual_cost_usd_suppression_reason_code",
    ],
    orderBy: ["preset_code", "planning_region_fips", "setting_code"],
  },
  {
    table: "rpt_wage_gap_cost_targets_by_preset",
    name: "wage_targets",
    columns: [
      "preset_code",
      "preset_name",
      "role_code",
      "qualification_level_code",
      "k12_parity_pct",
      "target_hourly_wage_usd",
      "k12_benchmark_code",
      "k12_benchmark_hourly_wage_usd",
      "description",
    ],
    orderBy: ["preset_code", "target_hourly_wage_usd"],
  },
]);
