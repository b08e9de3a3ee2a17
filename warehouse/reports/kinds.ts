/**
 * The report kinds and cost output formats, in a module with no dependencies so that the CLI can
 * declare its options without loading the report and cost code (loaded only when those verbs run).
 */
export const REPORT_KINDS = ["staff-qualifications", "naeyc", "scholarships"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const COST_FORMATS = ["table", "csv", "json"] as const;
export type CostFormat = (typeof COST_FORMATS)[number];
