import { AWARD_LEVELS } from "../../../ingest/sources/codes.ts";
import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["award_level_code"],
  description:
    "One row per award level of the education file, ranked for the highest-award measure of metrics.md.",
  columns: {
    award_level_code: "Award level code as in the education file.",
    award_level_name: "Display name.",
    highest_award_code:
      "Category reported for the highest award (HS_DIPLOMA and GED are both HS_DIPLOMA_GED).",
    award_rank:
      "Rank: 1 HS diploma or GED, 2 CDA, 3 certificate, 4 associate, 5 bachelor, 6 master, 7 doctorate.",
    is_accreditation_required:
      "Counts toward a qualification rule only from a regionally accredited institution (certificates and degrees).",
  },
  tests: [
    { type: "accepted_values", column: "award_level_code", values: AWARD_LEVELS },
    { type: "accepted_range", column: "award_rank", min: 1, max: 7 },
  ],
});
