import { CREDIT_AREAS } from "../../../ingest/sources/codes.ts";
import { pdReportMeta } from "./rpt_training_by_fiscal_year_topic.ts";

export default pdReportMeta({
  category: "credit_area_code",
  categoryDescription:
    "Credit area (EARLY_CHILDHOOD, ADMINISTRATION, SCHOOL_AGE, GENERAL); ALL = every area.",
  codes: CREDIT_AREAS,
  what: "verified credit-bearing college coursework",
  recordCount: "course_count",
  recordCountDescription: "Verified courses completed in the year; null when withheld.",
  amount: "credits",
  amountDescription: "College credits of those courses (sum, 1 decimal); null when withheld.",
});
