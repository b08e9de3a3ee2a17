/**
 * Ingest policy: which file faults hold a whole extract, in which order file faults are diagnosed,
 * and the reject-rate limit. Shared with the simulator's answer key (synthetic/), so both sides
 * judge a defect the same way.
 */
import type { ReasonCode } from "../warehouse/errors.ts";

/**
 * File faults in the order they are diagnosed: the first that applies is the file's reason.
 * The manifest's sha256 is verified first (any byte changed after the manifest was written, the
 * header included, is `sha256_mismatch`); the structural diagnoses follow for files whose bytes
 * are the ones the manifest describes; the record count comes last because a truncated file also
 * has the wrong count.
 */
export const FILE_FAULT_PRECEDENCE = [
  "file_missing",
  "sha256_mismatch",
  "file_empty",
  "column_duplicated",
  "column_renamed",
  "column_missing",
  "header_only",
  "file_truncated",
  "row_count_mismatch",
  "reject_rate_exceeded",
  "full_extract_shrinks",
] as const satisfies readonly ReasonCode[];

export type FileFault = (typeof FILE_FAULT_PRECEDENCE)[number];

/** File-level findings that are reported but do not stop the file or the extract from loading. */
export const FILE_WARNINGS = [
  "file_unlisted",
  "file_unknown",
  "column_extra",
] as const satisfies readonly ReasonCode[];

/**
 * True when a file-level fault holds the whole extract: nothing of it is loaded, because loading
 * the rest of a delta without that file would silently lose the file's changes.
 * `file_unlisted`, `file_unknown` (a file outside the contract) and `column_extra` are reported and
 * ignored; the extract still loads.
 */
export function fileFaultHoldsExtract(code: string): boolean {
  return (FILE_FAULT_PRECEDENCE as readonly string[]).includes(code);
}

/** What happens to a file with this file-level finding. */
export function fileFaultOutcome(code: string): "extract_held" | "file_ignored" | "loaded_with_warning" {
  if (fileFaultHoldsExtract(code)) return "extract_held";
  if (code === "file_unlisted" || code === "file_unknown") return "file_ignored";
  return "loaded_with_warning";
}

/** Default limit of quarantined / records per file above which the file is rejected. */
export const DEFAULT_REJECT_RATE_LIMIT = 0.5;
/** Files with fewer records than this are never rejected for their reject rate (too few to judge). */
export const REJECT_RATE_MIN_RECORDS = 20;

/**
 * Share of an entity's current records a full extract may end (by not containing them) before the
 * extract is held: a header-only or cut-short export whose manifest agrees with it would otherwise
 * end the warehouse's records of that entity.
 */
export const FULL_SHRINK_LIMIT = 0.5;

/**
 * True when a full extract's file would end more than the limit of the entity's current records:
 * with at least REJECT_RATE_MIN_RECORDS current records, or, with fewer, when it would end them all.
 */
export function fullExtractShrinks(
  current: number,
  ending: number,
  limit: number = FULL_SHRINK_LIMIT,
): boolean {
  if (current === 0 || ending / current <= limit) return false;
  return current >= REJECT_RATE_MIN_RECORDS || ending === current;
}

export function rejectRateExceeded(
  records: number,
  quarantined: number,
  limit: number = DEFAULT_REJECT_RATE_LIMIT,
): boolean {
  return records >= REJECT_RATE_MIN_RECORDS && quarantined / records > limit;
}

/**
 * Row reasons are found in this order and a record is quarantined once, with the first:
 * format faults, then each column in contract order (its own checks in the order below), then the
 * source's row rules in contract order, then the checks across rows and files.
 */
export const ROW_REASON_PRECEDENCE = {
  format: ["invalid_encoding", "malformed_record", "too_few_fields", "too_many_fields"],
  column: [
    "missing_required",
    "code_not_canonical",
    "unknown_code",
    "identifier_scientific_notation",
    "invalid_identifier",
    "date_us_format",
    "date_excel_serial",
    "invalid_date",
    "date_in_future",
    "invalid_timestamp",
    "invalid_boolean",
    "money_format",
    "invalid_number",
    "value_out_of_range",
    "zip_leading_zero_lost",
    "invalid_zip",
    "unknown_town",
    "invalid_state",
  ],
  crossRow: [
    "duplicate_key_conflict",
    "event_changed",
    "orphan_reference",
    "parent_set_aside",
    "qsm_overlap",
  ],
} as const;
