// Data of the Staff-qualification goals page (qualification-goals.md).
import { exportPage, STATE_FUNDING_SOURCES } from "../../loaders.ts";

const annual = (table: string) =>
  `((month(snapshot_date) = 6 and day(snapshot_date) = 30) or snapshot_date = (select max(snapshot_date) from reporting.${table}))`;

await exportPage([
  { table: "rpt_goal_share_by_month", name: "goal_share_by_month" },
  { table: "rpt_goal_share_by_planning_region", name: "goal_share_by_planning_region" },
  {
    table: "rpt_goal_share_by_region",
    name: "goal_share_by_oec_region",
    where: annual("rpt_goal_share_by_region"),
  },
  { table: "rpt_goal_share_by_funding_source", name: "goal_share_by_funding_source" },
  // Every target of the state goal, the upcoming ones included (no snapshot date has them in force
  // yet), and the Head Start Act's (its deadline: the line is dashed before it, solid after).
  {
    table: "rpt_qualification_benchmarks",
    name: "goal_benchmarks",
    columns: [
      "benchmark_id",
      "benchmark_series_code",
      "target_share_pct",
      "effective_from_date",
      "effective_to_date",
      "deadline_date",
      "law_citation",
      "source",
    ],
    where: "benchmark_series_code in ('CT_DQSM_BA_SHARE', 'US_HS_TEACHER_BA_SHARE')",
  },
  STATE_FUNDING_SOURCES,
  {
    table: "rpt_head_start_goal_by_setting",
    name: "head_start_goal",
    columns: [
      "snapshot_date",
      "setting_code",
      "teacher_count",
      "teacher_count_suppression_reason_code",
      "bachelor_level_teacher_count",
      "bachelor_level_teacher_count_suppression_reason_code",
      "bachelor_level_pct",
      "bachelor_level_pct_suppression_reason_code",
      "target_share_pct",
      "law_citation",
    ],
    where: annual("rpt_head_start_goal_by_setting"),
  },
]);
