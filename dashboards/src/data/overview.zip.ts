// Data of the Overview page (index.md): one archive, one CSV per chart table plus meta.json.
import { exportPage, STATE_FUNDING_SOURCES } from "../../loaders.ts";

const latest = (table: string) => `snapshot_date = (select max(snapshot_date) from reporting.${table})`;
const fiscalYearEnds = "(month(snapshot_date) = 6 and day(snapshot_date) = 30)";

await exportPage([
  {
    table: "rpt_workforce_by_setting_role",
    name: "workforce_latest",
    where: latest("rpt_workforce_by_setting_role"),
  },
  {
    table: "rpt_workforce_by_setting_role",
    name: "workforce_by_fiscal_year",
    where: `role_code = 'ALL' and (${fiscalYearEnds} or ${latest("rpt_workforce_by_setting_role")})`,
  },
  {
    table: "rpt_wages_by_role_setting",
    name: "wages_latest",
    columns: [
      "snapshot_date",
      "role_code",
      "setting_code",
      "people_count",
      "people_count_suppression_reason_code",
      "median_hourly_wage_usd",
      "median_fte_annual_wage_usd",
      "wage_suppression_reason_code",
    ],
    where: `setting_code = 'ALL' and ${latest("rpt_wages_by_role_setting")}`,
  },
  {
    table: "rpt_goal_share_by_month",
    name: "goal_share_by_month",
    columns: [
      "snapshot_date",
      "fiscal_year",
      "covered_classroom_count",
      "covered_classroom_count_suppression_reason_code",
      "goal_share_pct",
      "goal_share_suppression_reason_code",
      "benchmark_id",
      "benchmark_share_pct",
      "benchmark_effective_from_date",
      "benchmark_effective_to_date",
      "benchmark_deadline_date",
      "is_benchmark_binding",
      "benchmark_law_citation",
      "benchmark_source",
    ],
    where: "snapshot_date >= date '2012-01-31'",
  },
  STATE_FUNDING_SOURCES,
  {
    table: "rpt_workforce_profile_by_setting",
    name: "qualification_by_setting_latest",
    columns: [
      "snapshot_date",
      "dimension_code",
      "category_code",
      "setting_code",
      "people_count",
      "people_count_suppression_reason_code",
      "people_pct",
      "people_pct_suppression_reason_code",
    ],
    where: `dimension_code = 'QUALIFICATION_LEVEL' and ${latest("rpt_workforce_profile_by_setting")}`,
  },
  {
    table: "rpt_workforce_by_town",
    name: "workforce_by_town_latest",
    columns: [
      "snapshot_date",
      "geography_level_code",
      "geography_name",
      "town_geoid_2020",
      "people_count",
      "people_count_suppression_reason_code",
    ],
    where: `geography_level_code = 'TOWN' and ${latest("rpt_workforce_by_town")}`,
  },
  {
    table: "rpt_head_start_goal_by_setting",
    name: "head_start_latest",
    where: latest("rpt_head_start_goal_by_setting"),
  },
]);
