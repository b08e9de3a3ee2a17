// Data of the Qualifications and career ladder page (qualifications.md): one archive, one CSV per
// chart table plus meta.json. Trends use June 30 of every year; the finer breakdowns (ladder levels,
// awards by role) come in two files each: the last five fiscal years and the latest date, loaded
// with the page (under 300 KB), and the earlier June 30s (`*_earlier`), loaded when a reader picks
// one of those dates.
import { exportPage, recentAndEarlier } from "../../loaders.ts";

const profileColumns = (column: string) => [
  "snapshot_date",
  "dimension_code",
  "category_code",
  column,
  "people_count",
  "people_count_suppression_reason_code",
  "people_pct",
  "people_pct_suppression_reason_code",
];

await exportPage([
  ...recentAndEarlier(
    {
      table: "rpt_workforce_profile_by_setting",
      name: "ladder_by_setting",
      columns: profileColumns("setting_code"),
      where: "dimension_code = 'REGISTRY_LADDER_LEVEL'",
    },
    5,
  ),
  {
    table: "rpt_workforce_profile_by_setting",
    name: "attainment_by_setting",
    columns: profileColumns("setting_code"),
    where: "dimension_code in ('HIGHEST_AWARD', 'QUALIFICATION_LEVEL')",
  },
  ...recentAndEarlier(
    {
      table: "rpt_workforce_profile_by_role",
      name: "award_by_role",
      columns: profileColumns("role_code"),
      where: "dimension_code = 'HIGHEST_AWARD'",
    },
    5,
  ),
  { table: "rpt_education_verification_by_award_level", name: "verification" },
  { table: "rpt_qualification_gaps_by_setting", name: "within_reach" },
  { table: "rpt_ladder_consistency_by_level", name: "ladder_consistency" },
  {
    table: "rpt_naeyc_readiness_by_setting_region",
    name: "naeyc_ready_programs",
    where:
      "((month(snapshot_date) = 6 and day(snapshot_date) = 30) or snapshot_date = (select max(snapshot_date) from reporting.rpt_naeyc_readiness_by_setting_region))",
  },
]);
