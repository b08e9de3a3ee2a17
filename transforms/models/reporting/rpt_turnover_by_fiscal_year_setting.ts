import { SETTINGS } from "../../../ingest/sources/codes.ts";
import { turnoverReportMeta } from "./rpt_turnover_by_fiscal_year_role.ts";

export default turnoverReportMeta(
  "setting_code",
  "Setting of the program on July 1 (COMMUNITY, PUBLIC_SCHOOL, FAMILY_CHILD_CARE); ALL = every setting.",
  SETTINGS,
);
