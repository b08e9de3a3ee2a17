import { ROLES } from "../../../ingest/sources/codes.ts";
import { profileReportMeta } from "./rpt_workforce_profile_by_setting.ts";

export default profileReportMeta("role_code", "Role of the primary spell; ALL = every role.", ROLES);
