import { SETTINGS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";
import { SUPPRESSION_REASONS } from "./rpt_suppressed_cells_by_table.ts";

const reasons = (column: string) =>
  ({ type: "accepted_values", column, values: SUPPRESSION_REASONS }) as const;

export default defineModel({
  grain: ["snapshot_date", "setting_code"],
  description:
    "One row per snapshot date and setting (and ALL): members whose primary spell is a TEACHER role at a program with federal Head Start funding in the fiscal year, by qualification, and the share bachelor-level qualified against the Head Start Act's 50% target (metrics.md, Federal Head Start goal), suppressed per the publishing rules.",
  columns: {
    snapshot_date: "Reference date: a month end from 2012-01-31, or an extract's as-of date.",
    setting_code: "Setting of the primary spell's program; ALL = every setting.",
    teacher_count:
      "Members whose primary spell on the date is TEACHER at a program with HS funding in its fiscal year; null when suppressed.",
    teacher_count_suppression_reason_code:
      "Why it is withheld (too_few, complementary); null when published.",
    bachelor_level_teacher_count: "Of them, bachelor-level qualified on the date; null when suppressed.",
    bachelor_level_teacher_count_suppression_reason_code: "Why it is withheld; null when published.",
    associate_level_teacher_count: "Of them, associate-level qualified only; null when suppressed.",
    associate_level_teacher_count_suppression_reason_code: "Why it is withheld; null when published.",
    below_associate_level_teacher_count: "Of them, below the associate level; null when suppressed.",
    below_associate_level_teacher_count_suppression_reason_code: "Why it is withheld; null when published.",
    bachelor_level_pct:
      "Share (0-1, 4 decimals) of those teachers bachelor-level qualified; null when withheld.",
    bachelor_level_pct_suppression_reason_code:
      "Why the share is withheld: no_data (no such teachers), too_few (under 2k, or 1 to k - 1 qualified or not), complementary (a count it rests on is withheld); null when published.",
    target_share_pct:
      "The Head Start Act's target share (seeds.qualification_benchmarks, US_HS_TEACHER_BA_SHARE: 0.5); null before the Act.",
    benchmark_id: "That benchmark row's id.",
    target_deadline_date: "The date from which the target applies (2013-09-30).",
    is_target_binding: "The date is on or after the target's deadline.",
    law_citation: "The law the target comes from.",
    benchmark_source: "The benchmark row's source.",
  },
  tests: [
    { type: "accepted_values", column: "setting_code", values: [...SETTINGS, "ALL"] },
    reasons("teacher_count_suppression_reason_code"),
    reasons("bachelor_level_teacher_count_suppression_reason_code"),
    reasons("associate_level_teacher_count_suppression_reason_code"),
    reasons("below_associate_level_teacher_count_suppression_reason_code"),
    reasons("bachelor_level_pct_suppression_reason_code"),
    { type: "accepted_range", column: "bachelor_level_pct", min: 0, max: 1 },
    {
      type: "expression_is_true",
      name: "share_published_iff_no_reason",
      expression: "(bachelor_level_pct is null) = (bachelor_level_pct_suppression_reason_code is not null)",
    },
  ],
});
