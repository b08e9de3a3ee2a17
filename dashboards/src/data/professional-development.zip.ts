// Data of the Professional development page (professional-development.md): one archive, one CSV per
// chart table plus meta.json.
import { exportPage } from "../../loaders.ts";

await exportPage([
  { table: "rpt_training_by_fiscal_year_topic", name: "training" },
  { table: "rpt_college_credits_by_fiscal_year_area", name: "credits" },
]);
