import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["town_name"],
  description:
    "One row per Connecticut town, with legacy county, planning region (Census county-equivalent since 2022) and OEC / Care 4 Kids region.",
  columns: {
    town_name: "Town name as the registry spells it.",
    cousub_fips: "5-digit county subdivision code (stable across Census vintages).",
    town_geoid_2020: "10-digit Census GEOID of the town, 2020 vintage (state, county, subdivision).",
    town_geoid_2022: "10-digit Census GEOID of the town, 2022 vintage (state, planning region, subdivision).",
    county_fips: "5-digit FIPS of the legacy county.",
    county_name: "Legacy county name.",
    planning_region_fips: "5-digit code of the planning region.",
    planning_region_name: "Planning region name.",
    oec_region_name: "Office of Early Childhood / Care 4 Kids region.",
  },
  tests: [
    { type: "unique", columns: ["cousub_fips"] },
    { type: "not_null", column: "planning_region_name" },
    { type: "not_null", column: "oec_region_name" },
  ],
});
