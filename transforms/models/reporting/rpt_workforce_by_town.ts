import { defineModel } from "../../model.ts";
import { SUPPRESSION_REASONS } from "./rpt_suppressed_cells_by_table.ts";

export default defineModel({
  grain: ["snapshot_date", "geography_level_code", "geography_name"],
  description:
    "One row per annual snapshot date (every June 30 from 2012, and the latest as-of date) and Connecticut town, planning region or the state: the active workforce by the town of the primary spell's program, suppressed per the publishing rules with the towns of a region and the regions of the state protected as sums.",
  columns: {
    snapshot_date: "Reference date: June 30 (the end of a state fiscal year) or the latest as-of date.",
    fiscal_year: "State fiscal year of the snapshot date.",
    geography_level_code: "TOWN, PLANNING_REGION or STATE.",
    geography_name: "Town name (as the registry spells it), planning region name, or Connecticut.",
    geography_fips:
      "Town: 5-digit county subdivision code; planning region: 5-digit code (09110 ... 09190); state: 09.",
    town_geoid_2020:
      "Towns: the 10-digit 2020 Census GEOID (the key of the town boundaries); null otherwise.",
    planning_region_name: "The planning region of the town (or the region itself); null for the state.",
    people_count: "Members of the active workforce working there; null when suppressed.",
    people_count_suppression_reason_code:
      "Why people_count is withheld: too_few (1 to k - 1) or complementary (protects another town or region); null when published.",
  },
  tests: [
    { type: "accepted_values", column: "geography_level_code", values: ["TOWN", "PLANNING_REGION", "STATE"] },
    { type: "accepted_values", column: "people_count_suppression_reason_code", values: SUPPRESSION_REASONS },
    { type: "not_null", column: "geography_fips" },
    {
      type: "expression_is_true",
      name: "towns_have_a_geoid",
      expression: "(geography_level_code = 'TOWN') = (town_geoid_2020 is not null)",
    },
    {
      type: "expression_is_true",
      name: "count_published_iff_no_reason",
      expression: "(people_count is null) = (people_count_suppression_reason_code is not null)",
    },
  ],
});
