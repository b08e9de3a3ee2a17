// Data of the Compensation page (compensation.md).
import { exportPage } from "../../loaders.ts";

const annual = (table: string) =>
  `((month(snapshot_date) = 6 and day(snapshot_date) = 30) or snapshot_date = (select max(snapshot_date) from reporting.${table}))`;
const latest = (table: string) => `snapshot_date = (select max(snapshot_date) from reporting.${table})`;
const wageColumns = [
  "snapshot_date",
  "people_count",
  "people_count_suppression_reason_code",
  "median_hourly_wage_usd",
  "median_fte_annual_wage_usd",
  "wage_suppression_reason_code",
];
const withDimensions = (...dims: string[]) => [wageColumns[0] as string, ...dims, ...wageColumns.slice(1)];

await exportPage([
  {
    table: "rpt_wages_by_role_setting",
    name: "wages_by_role_setting",
    columns: withDimensions("role_code", "setting_code"),
    where: annual("rpt_wages_by_role_setting"),
  },
  {
    table: "rpt_wages_by_award_setting",
    name: "wages_by_award_setting",
    columns: withDimensions("highest_award_code", "setting_code"),
  },
  {
    table: "rpt_wages_by_planning_region_setting",
    name: "wages_by_planning_region_setting",
    columns: withDimensions("planning_region_fips", "setting_code"),
  },
  {
    table: "rpt_real_wages_by_year_role_setting",
    name: "real_wages_by_year_role",
    columns: [
      "calendar_year",
      "role_code",
      "setting_code",
      "median_hourly_wage_usd",
      "cpi_u_index",
      "median_hourly_wage_2024_usd",
      "median_fte_annual_wage_2024_usd",
      "wage_suppression_reason_code",
    ],
    where: "setting_code = 'ALL'",
  },
  {
    table: "rpt_wage_parity_by_role_setting",
    name: "wage_parity_latest",
    where: latest("rpt_wage_parity_by_role_setting"),
  },
  {
    table: "rpt_benefits_by_role",
    name: "benefits_latest",
    where: latest("rpt_benefits_by_role"),
  },
  {
    table: "rpt_legislative_summary_by_planning_region",
    name: "legislative_summary",
    columns: [
      "snapshot_date",
      "planning_region_fips",
      "planning_region_name",
      "workforce_people_count",
      "workforce_people_count_suppression_reason_code",
      "median_hourly_wage_usd",
      "median_fte_annual_wage_usd",
      "parity_ratio",
      "wage_suppression_reason_code",
      "covered_classroom_count",
      "covered_classroom_count_suppression_reason_code",
      "goal_share_pct",
      "goal_share_suppression_reason_code",
      "benchmark_share_pct",
    ],
  },
]);
