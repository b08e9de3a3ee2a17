import { defineModel } from "../../model.ts";

export default defineModel({
  grain: ["registry_id", "effective_date"],
  // A member's placements come from the placements of their accounts only.
  incremental: {
    entity: "person_id",
    inputs: { "staging.stg_career_ladder": { entityColumn: "person_id", where: "person_id is not null" } },
  },
  description:
    "One row per career-ladder placement the registry made, attributed to the member's surviving account and in force until that member's next placement.",
  columns: {
    person_id: "The member (surviving account).",
    registry_id: "The account the placement was made on.",
    effective_date: "First day the placement holds.",
    valid_to: "Effective date of the member's next placement (exclusive end); null while current.",
    is_in_force:
      "False for a merged duplicate's placement on the same day as another placement of the member.",
    is_current: "The placement in force on the latest as-of date.",
    ladder_level: "Career-ladder level 1 to 15.",
    qsm_eligible_through_date: "The registry's QSM eligibility expiry; null = not QSM-eligible.",
    is_qsm_eligible: "The placement carries a QSM eligibility.",
  },
  tests: [
    { type: "accepted_range", column: "ladder_level", min: 1, max: 15 },
    {
      type: "relationships",
      column: "person_id",
      to: "marts.dim_people",
      field: "person_id",
      allowNull: false,
    },
  ],
});
