import { ID_FORMATS, QSM_EXPIRIES } from "./codes.ts";
import { c, defineSource, ref } from "./contract.ts";

export const career_ladder = defineSource({
  name: "career_ladder",
  file: "career_ladder.csv",
  section: "3.12",
  grain: "One row per career-ladder placement of a member (append-only).",
  mode: "event",
  key: ["registry_id", "effective_on"],
  columns: [
    c.id("registry_id", ID_FORMATS.registry_id.prefix, ID_FORMATS.registry_id.digits, "The member placed.", {
      references: ref("people", "registry_id"),
    }),
    c.integer("level", { min: 1, max: 15 }, "Career-ladder level 1 to 15 (2 and 4 retired in 2015)."),
    c.eventDate("effective_on", "The placement holds from this date until the member's next row."),
    c.limitDate(
      "qsm_eligible_through",
      "The registry's Qualified Staff Member expiry (2025-06-30, 2029-06-30, or 2099-12-31 = for good); null = not eligible.",
      { optional: true },
    ),
  ],
  rules: [
    {
      code: "retired_ladder_level",
      column: "level",
      description: "levels 2 and 4 were retired and cannot take effect after 2015",
      violated: (r) => (r.level === 2 || r.level === 4) && r.effective_on > "2015-12-31",
      sql: "level in (2, 4) and effective_on > DATE '2015-12-31'",
    },
    {
      code: "invalid_qsm_expiry",
      column: "qsm_eligible_through",
      description: `qsm_eligible_through must be one of ${QSM_EXPIRIES.join(", ")}`,
      violated: (r) => r.qsm_eligible_through !== null && !QSM_EXPIRIES.includes(r.qsm_eligible_through),
      sql: `qsm_eligible_through not in (${QSM_EXPIRIES.map((d) => `DATE '${d}'`).join(", ")})`,
    },
  ],
});
