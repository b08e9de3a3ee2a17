import { ID_FORMATS, PAY_PLAUSIBLE, PAY_UNITS, REPORTERS } from "./codes.ts";
import { c, defineSource, ref } from "./contract.ts";

const plausibleSql = Object.entries(PAY_PLAUSIBLE)
  .map(([unit, r]) => `(pay_unit = '${unit}' and (pay_rate < ${r.min} or pay_rate > ${r.max}))`)
  .join(" or ");

export const compensation = defineSource({
  name: "compensation",
  file: "compensation.csv",
  section: "3.7",
  grain: "One row per pay change of an employment spell (append-only).",
  mode: "event",
  key: ["compensation_id"],
  columns: [
    c.id(
      "compensation_id",
      ID_FORMATS.compensation_id.prefix,
      ID_FORMATS.compensation_id.digits,
      "Pay record id.",
    ),
    c.id(
      "employment_id",
      ID_FORMATS.employment_id.prefix,
      ID_FORMATS.employment_id.digits,
      "The spell paid.",
      {
        references: ref("employment", "employment_id"),
      },
    ),
    c.eventDate("effective_date", "Applies from this date until the next row of the same spell."),
    c.decimal("pay_rate", { min: 0, minExclusive: true, money: true }, "Pay per pay_unit (USD).", {
      rangeReason: "pay_not_positive",
    }),
    c.code("pay_unit", PAY_UNITS, "Unit of pay_rate."),
    c.decimal("hours_per_week", { min: 1, max: 80 }, "Usual weekly hours.", {
      rangeReason: "hours_out_of_range",
    }),
    c.integer(
      "weeks_per_year",
      { min: 20, max: 52 },
      "Paid weeks a year (public-school staff often about 40).",
    ),
    c.bool("has_health_insurance", "Employer health insurance offered and taken."),
    c.bool("has_retirement_plan", "Employer retirement plan."),
    c.code("reported_by", REPORTERS, "Who reported the pay."),
  ],
  rules: [
    {
      code: "wage_implausible_for_unit",
      column: "pay_rate",
      description: "the pay rate is implausible for its pay unit (wrong unit?)",
      violated: (r) => {
        const range = PAY_PLAUSIBLE[r.pay_unit as keyof typeof PAY_PLAUSIBLE];
        return range !== undefined && (r.pay_rate < range.min || r.pay_rate > range.max);
      },
      sql: plausibleSql,
    },
  ],
});
