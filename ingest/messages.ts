/**
 * Wording the quarantine: for each rejected record, the column, the offending value, the reason code
 * and the catalogue message with its parameters filled from the contract (allowed codes, identifier
 * format, range, the start column of an end-before-start rule...).
 */
import { formatReason, REASONS, type ReasonCode } from "../warehouse/errors.ts";
import { FUNDING_ERAS, PAY_PLAUSIBLE, QSM_EXPIRIES, VERIFIED_RECORD_IDS } from "./sources/codes.ts";
import { type ColumnSpec, describeType, type SourceSpec } from "./sources/contract.ts";
import type { SetAsideParent } from "./validate.ts";

export interface QuarantineRow {
  extract_id: string;
  file: string;
  record: number;
  column: string | null;
  value: string | null;
  reason_code: string;
  message: string;
  key: string | null;
}

/** What is known about one rejected record when its message is written. */
export interface RejectedRow {
  record: number;
  code: string;
  column: string | null;
  /** Value of a contract column as text (raw text when the record failed its own checks). */
  get: (column: string) => string | null;
  /** Number of fields the record had (format faults). */
  found?: number;
  expected?: number;
  detail?: string;
  /** Extra facts from the checks across rows. */
  dupCount?: number;
  /** `event_changed`: the extract the event was loaded from, and its value there. */
  loadedFrom?: string | null;
  was?: string | null;
  other?: string | null;
  otherStart?: string | null;
  target?: string;
  /** The set-aside record a `parent_set_aside` record refers to. */
  parent?: SetAsideParent;
}

function formatOf(column: ColumnSpec): string {
  const t = column.type;
  return t.kind === "id" ? `${t.prefix} + ${t.digits} digits (${t.prefix}${"0".repeat(t.digits)})` : "";
}

function rangeOf(column: ColumnSpec): string {
  const text = describeType(column.type);
  const i = text.indexOf(", ");
  return i === -1 ? text : text.slice(i + 2);
}

function startColumnOf(source: SourceSpec, code: string, column: string): string | null {
  const rule = source.rules.find((r) => r.code === code && r.column === column);
  const m = rule ? /^\s*(\w+)\s*<\s*(\w+)\s*$/.exec(rule.sql) : null;
  return m ? m[2]! : null;
}

function ruleOf(source: SourceSpec, code: string, column: string | null) {
  return source.rules.find((r) => r.code === code && r.column === column) ?? null;
}

export function keyText(source: SourceSpec, get: (c: string) => string | null): string | null {
  const parts = source.key.map((k) => get(k));
  return parts.every((p) => p === null || p === "") ? null : parts.map((p) => p ?? "").join("|");
}

/** The quarantine row for one rejected record. */
export function quarantineRow(
  extractId: string,
  asOf: string,
  source: SourceSpec,
  file: string,
  r: RejectedRow,
): QuarantineRow {
  const column = r.column === "" ? null : r.column;
  const spec = column ? source.columns.find((c) => c.name === column) : undefined;
  const value = column
    ? r.get(column)
    : r.code === "duplicate_key_conflict"
      ? keyText(source, r.get)
      : (r.detail ?? null);
  const params: Record<string, unknown> = { file, record: r.record, column, value: value ?? "", as_of: asOf };
  switch (r.code) {
    case "too_few_fields":
    case "too_many_fields":
      params.found = r.found;
      params.expected = r.expected;
      break;
    case "malformed_record":
      params.detail = r.detail;
      break;
    case "unknown_code":
      if (spec?.type.kind === "code") params.allowed = spec.type.values.join(", ");
      break;
    case "code_not_canonical":
      params.canonical = (value ?? "").trim().toUpperCase();
      break;
    case "invalid_identifier":
    case "identifier_scientific_notation": {
      // verifications.record_id: the format of the file its record_type names.
      const polymorphic =
        source.name === "verifications" && column === "record_id"
          ? VERIFIED_RECORD_IDS[r.get("record_type") as keyof typeof VERIFIED_RECORD_IDS]
          : undefined;
      params.format = polymorphic
        ? formatOf({ type: { kind: "id", ...polymorphic } } as ColumnSpec)
        : spec
          ? formatOf(spec)
          : "";
      break;
    }
    case "value_out_of_range":
      params.range = spec ? rangeOf(spec) : "";
      break;
    case "end_before_start": {
      const start = startColumnOf(source, r.code, column ?? "");
      params.start_column = start;
      params.start_value = start ? r.get(start) : null;
      break;
    }
    case "wage_implausible_for_unit": {
      const unit = r.get("pay_unit") ?? "";
      const range = PAY_PLAUSIBLE[unit as keyof typeof PAY_PLAUSIBLE];
      params.unit = unit;
      params.range = range ? `${range.min} to ${range.max}` : "";
      break;
    }
    case "field_not_applicable":
      params.rule = ruleOf(source, r.code, column)?.description ?? "";
      break;
    case "subtype_mismatch":
      params.type = r.get("application_type");
      break;
    case "funding_out_of_era": {
      params.value = r.get("funding_source");
      params.fiscal_year = r.get("fiscal_year");
      params.era = FUNDING_ERAS[String(params.value)]?.note ?? "";
      break;
    }
    case "retired_ladder_level":
      params.date = r.get("effective_on");
      break;
    case "invalid_qsm_expiry":
      params.allowed = QSM_EXPIRIES.join(", ");
      break;
    case "duplicate_key_conflict":
      params.key = keyText(source, r.get);
      params.count = r.dupCount;
      break;
    case "event_changed":
      params.key = keyText(source, r.get);
      params.extract = r.loadedFrom ?? "an earlier extract";
      params.was = r.was ?? "";
      if (!params.value) params.value = "(empty)";
      break;
    case "orphan_reference":
      params.target = r.target;
      break;
    case "parent_set_aside":
      params.target = r.target;
      params.parent = r.parent
        ? `${r.parent.file} record ${r.parent.record}${r.parent.extract ? ` of extract ${r.parent.extract}` : ""}`
        : `a ${r.target} record`;
      params.parent_reason = r.parent
        ? `${r.parent.reason}${r.parent.column ? ` in ${r.parent.column}` : ""}`
        : "reason not found";
      break;
    case "qsm_overlap":
      params.value = r.get("classroom_id");
      params.other = r.other;
      params.date = r.otherStart;
      break;
  }
  const code = (r.code in REASONS ? r.code : "value_out_of_range") as ReasonCode;
  const message =
    r.code in REASONS
      ? formatReason(code, params)
      : `${file} record ${r.record}, column ${column}: ${r.code}`;
  return {
    extract_id: extractId,
    file,
    record: r.record,
    column,
    value:
      (r.code === "invalid_encoding" && column === null) || r.code === "malformed_record"
        ? (r.detail ?? null)
        : value,
    reason_code: r.code,
    message,
    key: keyText(source, r.get),
  };
}
