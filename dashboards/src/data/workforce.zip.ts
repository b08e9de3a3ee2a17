// Data of the Workforce page (workforce.md): one archive, one CSV per chart table plus meta.json.
// Annual tables: June 30 of each fiscal year and the latest as-of date. The finer breakdowns (towns,
// age groups, demographics) come in two files each: the last four fiscal years and the latest date,
// which the page loads at once (its data stays under 300 KB), and the earlier June 30s
// (`*_earlier`), which it loads only when a reader picks one of those dates.
import { annualDates, exportPage, recentAndEarlier } from "../../loaders.ts";

const profileColumns = [
  "snapshot_date",
  "dimension_code",
  "category_code",
  "setting_code",
  "people_count",
  "people_count_suppression_reason_code",
  "people_pct",
  "people_pct_suppression_reason_code",
];

await exportPage([
  {
    table: "rpt_workforce_by_setting_role",
    name: "headcount",
    where: annualDates("rpt_workforce_by_setting_role"),
  },
  ...recentAndEarlier(
    {
      table: "rpt_workforce_profile_by_setting",
      name: "age_group_served",
      columns: profileColumns,
      where: "dimension_code = 'AGE_GROUP_SERVED'",
    },
    4,
  ),
  ...recentAndEarlier(
    {
      table: "rpt_workforce_profile_by_setting",
      name: "demographics",
      columns: profileColumns,
      where: "dimension_code in ('RACE_ETHNICITY', 'PRIMARY_LANGUAGE', 'AGE_BAND')",
    },
    4,
  ),
  ...recentAndEarlier(
    {
      table: "rpt_workforce_by_town",
      name: "towns",
      columns: [
        "snapshot_date",
        "geography_level_code",
        "geography_name",
        "geography_fips",
        "people_count",
        "people_count_suppression_reason_code",
      ],
    },
    4,
  ),
  { table: "rpt_turnover_by_fiscal_year_setting", name: "turnover_by_setting" },
  {
    table: "rpt_turnover_by_fiscal_year_role",
    name: "turnover_by_role",
    columns: [
      "fiscal_year",
      "role_code",
      "active_on_first_day_count",
      "active_on_first_day_count_suppression_reason_code",
      "turnover_pct",
      "turnover_suppression_reason_code",
      "left_field_pct",
      "left_field_suppression_reason_code",
    ],
  },
]);
