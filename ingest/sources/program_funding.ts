import { FUNDING_ERAS, FUNDING_SOURCES, ID_FORMATS } from "./codes.ts";
import { c, defineSource, ref } from "./contract.ts";

const eraSql = Object.entries(FUNDING_ERAS)
  .map(([code, era]) => {
    const parts = [];
    if (era.from !== undefined) parts.push(`fiscal_year < ${era.from}`);
    if (era.to !== undefined) parts.push(`fiscal_year > ${era.to}`);
    return `(funding_source = '${code}' and (${parts.join(" or ")}))`;
  })
  .join(" or ");

export const program_funding = defineSource({
  name: "program_funding",
  file: "program_funding.csv",
  section: "3.3",
  grain: "One row per program, funding source and state fiscal year.",
  mode: "entity",
  key: ["program_id", "funding_source", "fiscal_year"],
  columns: [
    c.id("program_id", ID_FORMATS.program_id.prefix, ID_FORMATS.program_id.digits, "The funded program.", {
      references: ref("programs", "program_id"),
    }),
    c.code("funding_source", FUNDING_SOURCES, "Funding source."),
    c.integer(
      "fiscal_year",
      { min: 2000, max: 2100 },
      "Connecticut fiscal year (July to June), named by the year it ends.",
    ),
    c.integer("funded_spaces", { min: 0 }, "Funded spaces; null for C4K and PRIVATE.", { optional: true }),
    c.decimal("award_usd", { min: 0, money: true }, "Annual state or federal award (USD).", {
      optional: true,
    }),
  ],
  rules: [
    {
      code: "funding_out_of_era",
      column: "fiscal_year",
      description: "the funding source did not exist in that fiscal year",
      violated: (r) => {
        const era = FUNDING_ERAS[r.funding_source];
        return era !== undefined && ((era.from ?? 0) > r.fiscal_year || (era.to ?? 9999) < r.fiscal_year);
      },
      sql: eraSql,
    },
    {
      code: "field_not_applicable",
      column: "funded_spaces",
      description: "funded_spaces is null for C4K and PRIVATE",
      violated: (r) =>
        (r.funding_source === "C4K" || r.funding_source === "PRIVATE") && r.funded_spaces !== null,
      sql: "funding_source in ('C4K', 'PRIVATE') and funded_spaces is not null",
    },
  ],
});
