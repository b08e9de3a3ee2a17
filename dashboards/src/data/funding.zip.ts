// Data of the Funding page (funding.md): one archive, one CSV per chart table plus meta.json.
import { exportPage } from "../../loaders.ts";

const profileColumns = (column: string) => [
  "snapshot_date",
  "fiscal_year",
  "category_code",
  column,
  "people_count",
  "people_count_suppression_reason_code",
  "people_pct",
  "people_pct_suppression_reason_code",
];

await exportPage([
  {
    table: "rpt_program_funding_by_fiscal_year_source",
    name: "funding",
    columns: [
      "fiscal_year",
      "funding_source_code",
      "setting_code",
      "program_count",
      "program_count_suppression_reason_code",
      "funded_space_count",
      "funded_space_count_suppression_reason_code",
      "annual_award_usd",
      "annual_award_usd_suppression_reason_code",
    ],
  },
  {
    table: "rpt_program_funding_by_fiscal_year_source",
    name: "sources",
    columns: [
      "fiscal_year",
      "funding_source_code",
      "setting_code",
      "funding_source_name",
      "is_state_funding",
      "first_fiscal_year",
      "last_fiscal_year",
    ],
    where:
      "setting_code = 'ALL' and fiscal_year = (select max(fiscal_year) from reporting.rpt_program_funding_by_fiscal_year_source)",
  },
  {
    table: "rpt_workforce_profile_by_setting",
    name: "workforce_by_funding",
    columns: profileColumns("setting_code"),
    where: "dimension_code = 'STATE_FUNDING'",
  },
  {
    table: "rpt_workforce_profile_by_role",
    name: "workforce_by_funding_role",
    columns: profileColumns("role_code"),
    where:
      "dimension_code = 'STATE_FUNDING' and snapshot_date = (select max(snapshot_date) from reporting.rpt_workforce_profile_by_role)",
  },
]);
