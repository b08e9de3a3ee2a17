// Data of the Scholarships and applications page (scholarships.md): one archive, one CSV per chart
// table plus meta.json.
import { exportPage } from "../../loaders.ts";

await exportPage([
  { table: "rpt_applications_by_fiscal_year_type", name: "applications" },
  {
    table: "rpt_application_denials_by_fiscal_year_reason",
    name: "denials",
    columns: [
      "snapshot_date",
      "application_type_code",
      "fiscal_year",
      "denial_reason_code",
      "denied_count",
      "denied_count_suppression_reason_code",
      "denial_pct",
      "denial_pct_suppression_reason_code",
    ],
  },
]);
