/**
 * Row-level defects of registry-export-spec.md §5, injected while extracts are written, and the
 * answer key that says what ingest must do with each.
 *
 * Most defects are written as an EXTRA record: a copy of a valid record with a fresh key (from a
 * reserved id range no real record uses) and exactly one thing wrong. Nothing refers to that key,
 * so quarantining it cannot make other records orphans, and the expected reason is exact. Defects
 * that must stay loadable (formula-like text, embedded newlines) modify a valid record in place.
 * Conflicting duplicates are made only of append-only event records, which nothing references.
 */

import { FUNDING_ERAS, ID_FORMATS, VERIFIED_RECORD_IDS } from "../ingest/sources/codes.ts";
import type { ColumnSpec, SourceSpec } from "../ingest/sources/contract.ts";
import { CT_TOWNS } from "../ingest/sources/contract.ts";
import { addDays, addYears, toDays } from "../ingest/sources/dates.ts";
import type { CsvFileWriter } from "./csv-writer.ts";
import { encodeRow } from "./csv-writer.ts";
import type { BufferedRow, ExtractInfo } from "./extracts.ts";
import type { Ids } from "./model.ts";
import type { Rng } from "./rng.ts";

export type Expected = "quarantined" | "deduplicated" | "loaded" | "not_loaded";

export interface RowDefect {
  extract_id: string;
  file: string;
  /** 1-based data-record number (header excluded). */
  record: number;
  /** The record's key (key columns joined by "|"), as written. */
  key: string;
  kind: string;
  /** Reason code (warehouse/errors.ts) expected in the quarantine; null when the row must load. */
  reason: string | null;
  column: string | null;
  expected: Expected;
}

interface Ctx {
  source: SourceSpec;
  values: string[];
  col: (name: string) => number;
  asOf: string;
  rng: Rng;
  ids: Ids;
  /** Keys already used in this member's buffered rows (for composite keys). */
  usedKeys: Set<string>;
}

interface Made {
  values?: string[];
  raw?: Buffer;
  column: string | null;
}

interface Kind {
  kind: string;
  reason: string | null;
  expected: Expected;
  /** In place: modify the valid record itself (it must still load). Otherwise an extra record. */
  inPlace?: boolean;
  make: (c: Ctx) => Made | null;
}

const LOADED_TEXT_COLUMNS: Record<string, string> = {
  coursework: "course_title",
  training: "title",
  programs: "program_name",
  classrooms: "room_name",
};

function textColumns(s: SourceSpec): ColumnSpec[] {
  return s.columns.filter((c) => c.type.kind === "text" && !s.key.includes(c.name) && c.name !== "record_id");
}

function codeColumns(s: SourceSpec): ColumnSpec[] {
  return s.columns.filter((c) => c.type.kind === "code" && !s.key.includes(c.name));
}

function dateColumns(s: SourceSpec, eventOnly = false): ColumnSpec[] {
  return s.columns.filter(
    (c) => c.type.kind === "date" && (!eventOnly || c.type.notAfterAsOf) && !s.key.includes(c.name),
  );
}

/** Give a copy a fresh key from the reserved range. Returns false when the source cannot have one. */
function freshKey(c: Ctx, v: string[]): boolean {
  const s = c.source;
  if (s.key.length === 1) {
    const k = s.key[0]!;
    if (!(k in ID_FORMATS)) return false;
    v[c.col(k)] = c.ids.reserved(k as keyof typeof ID_FORMATS);
    return true;
  }
  if (s.name === "career_ladder") {
    const i = c.col("effective_on");
    for (let d = 1; d < 40; d++) {
      const day = addDays(v[i]!, -d);
      const key = `${v[c.col("registry_id")]}|${day}`;
      if (!c.usedKeys.has(key)) {
        v[i] = day;
        c.usedKeys.add(key);
        return true;
      }
    }
  }
  return false;
}

/** An extra record: a copy with a fresh key, then `change` applied; null when not applicable. */
function extra(change: (c: Ctx, v: string[]) => string | null): (c: Ctx) => Made | null {
  return (c) => {
    const v = [...c.values];
    if (!freshKey(c, v)) return null;
    const column = change(c, v);
    return column === null ? null : { values: v, column };
  };
}

function pickCol(
  c: Ctx,
  cols: ColumnSpec[],
  filter: (col: ColumnSpec) => boolean = () => true,
): ColumnSpec | null {
  const ok = cols.filter(filter);
  return ok.length === 0 ? null : c.rng.pick(ok);
}

/**
 * An extra record with one non-empty column of `columns` (picked at random) rewritten by `to`.
 */
function rewriteColumn(
  columns: (s: SourceSpec) => ColumnSpec[],
  to: (value: string, c: Ctx) => string,
): (c: Ctx) => Made | null {
  return extra((c, v) => {
    const col = pickCol(c, columns(c.source), (k) => c.values[c.col(k.name)] !== "");
    if (!col) return null;
    const i = c.col(col.name);
    v[i] = to(v[i]!, c);
    return col.name;
  });
}

const moneyColumns = (s: SourceSpec) => s.columns.filter((k) => k.type.kind === "decimal" && k.type.money);
const foreignIdColumns = (s: SourceSpec) =>
  s.columns.filter((k) => k.type.kind === "id" && !s.key.includes(k.name));

const ACCENTS: Record<string, string> = { a: "á", e: "é", o: "ó", i: "í", u: "ú" };

function excelSerial(date: string): string {
  return String(toDays(date) - toDays("1899-12-30"));
}

function sciNotation(id: string): string {
  const digits = id.replace(/^\D+/, "").replace(/^0+/, "") || "1";
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1, 3)}` : digits;
  return `${mantissa}E+${String(digits.length - 1).padStart(2, "0")}`;
}

export const KINDS: readonly Kind[] = [
  {
    kind: "windows_1252_text",
    reason: "invalid_encoding",
    expected: "quarantined",
    make: (c) => {
      const col = pickCol(c, textColumns(c.source), (k) => !k.optional);
      if (!col) return null;
      const v = [...c.values];
      if (!freshKey(c, v)) return null;
      v[c.col(col.name)] = c.rng.pick(["José Peña", "Ramón Müller", "Café Crème", "Noël Françoise"]);
      const line = encodeRow(v);
      // Only when the rest of the record is plain ASCII, so latin1 bytes differ only in that field.
      if (!/^[\x00-\xff]*$/.test(line) || /[\x80-\xff]/.test(encodeRow(c.values))) return null;
      return { raw: Buffer.from(line, "latin1"), values: v, column: col.name };
    },
  },
  {
    kind: "ragged_too_few_fields",
    reason: "too_few_fields",
    expected: "quarantined",
    make: extra((_c, v) => {
      v.pop();
      return "";
    }),
  },
  {
    kind: "ragged_too_many_fields",
    reason: "too_many_fields",
    expected: "quarantined",
    make: extra((_c, v) => {
      v.push("extra value");
      return "";
    }),
  },
  {
    kind: "missing_required_value",
    reason: "missing_required",
    expected: "quarantined",
    make: extra((c, v) => {
      const col = pickCol(
        c,
        c.source.columns.filter((k) => !k.optional && !c.source.key.includes(k.name)),
      );
      if (!col) return null;
      v[c.col(col.name)] = "";
      return col.name;
    }),
  },
  {
    kind: "unknown_code",
    reason: "unknown_code",
    expected: "quarantined",
    make: rewriteColumn(codeColumns, (_v, c) =>
      c.rng.pick(["LEAD_TEACHER", "UNKNOWN", "N/A", "OTHER_CODE", "99"]),
    ),
  },
  {
    kind: "code_lower_case_or_padded",
    reason: "code_not_canonical",
    expected: "quarantined",
    make: rewriteColumn(codeColumns, (v, c) => c.rng.pick([` ${v.toLowerCase()}`, v.toLowerCase(), `${v} `])),
  },
  {
    kind: "impossible_date",
    reason: "invalid_date",
    expected: "quarantined",
    make: rewriteColumn(dateColumns, (v) => `${v.slice(0, 4)}-02-30`),
  },
  {
    kind: "us_style_date",
    reason: "date_us_format",
    expected: "quarantined",
    make: rewriteColumn(dateColumns, (d) => `${d.slice(5, 7)}/${d.slice(8, 10)}/${d.slice(0, 4)}`),
  },
  {
    kind: "excel_serial_date",
    reason: "date_excel_serial",
    expected: "quarantined",
    make: rewriteColumn(dateColumns, excelSerial),
  },
  {
    kind: "future_date",
    reason: "date_in_future",
    expected: "quarantined",
    make: rewriteColumn(
      (src) => dateColumns(src, true),
      (_v, c) => addDays(c.asOf, c.rng.int(3, 400)),
    ),
  },
  {
    kind: "end_before_start",
    reason: "end_before_start",
    expected: "quarantined",
    make: extra((c, v) => {
      const pairs: Record<string, [string, string]> = {
        programs: ["opened_on", "closed_on"],
        classrooms: ["opened_on", "closed_on"],
        classroom_staffing: ["start_date", "end_date"],
        employment: ["start_date", "end_date"],
        credentials: ["issued_on", "expires_on"],
      };
      const pair = pairs[c.source.name];
      if (!pair) return null;
      v[c.col(pair[1])] = addDays(v[c.col(pair[0])]!, -c.rng.int(1, 300));
      return pair[1];
    }),
  },
  {
    kind: "duplicate_identical",
    reason: "duplicate_identical",
    expected: "deduplicated",
    make: (c) => ({ values: [...c.values], column: null }),
  },
  {
    kind: "orphan_reference",
    reason: "orphan_reference",
    expected: "quarantined",
    make: extra((c, v) => {
      if (c.source.name === "verifications") {
        const type = v[c.col("record_type")] as keyof typeof VERIFIED_RECORD_IDS;
        const idKind = Object.entries(ID_FORMATS).find(([, f]) => f === VERIFIED_RECORD_IDS[type])![0];
        v[c.col("record_id")] = c.ids.reserved(idKind as keyof typeof ID_FORMATS);
        return "record_id";
      }
      const col = pickCol(
        c,
        c.source.columns.filter((k) => k.references && k.references.source !== c.source.name),
        (k) => c.values[c.col(k.name)] !== "",
      );
      if (!col) return null;
      v[c.col(col.name)] = c.ids.reserved(col.references!.column as keyof typeof ID_FORMATS);
      return col.name;
    }),
  },
  {
    kind: "annual_salary_as_hourly",
    reason: "wage_implausible_for_unit",
    expected: "quarantined",
    make: extra((c, v) => {
      if (c.source.name !== "compensation") return null;
      v[c.col("pay_rate")] = `${String(c.rng.int(28000, 62000))}.00`;
      v[c.col("pay_unit")] = "HOUR";
      return "pay_rate";
    }),
  },
  {
    kind: "formatted_money",
    reason: "money_format",
    expected: "quarantined",
    make: rewriteColumn(moneyColumns, (v) => {
      const n = Number(v);
      return n >= 1000 ? n.toLocaleString("en-US", { maximumFractionDigits: 0 }) : `$${n.toFixed(2)}`;
    }),
  },
  {
    kind: "pay_not_positive",
    reason: "pay_not_positive",
    expected: "quarantined",
    make: extra((c, v) => {
      if (c.source.name !== "compensation") return null;
      v[c.col("pay_rate")] = c.rng.pick(["0", "0.00", "-15.50"]);
      return "pay_rate";
    }),
  },
  {
    kind: "hours_over_80",
    reason: "hours_out_of_range",
    expected: "quarantined",
    make: extra((c, v) => {
      if (c.source.name !== "compensation") return null;
      v[c.col("hours_per_week")] = String(c.rng.int(81, 168));
      return "hours_per_week";
    }),
  },
  {
    kind: "zip_leading_zero_lost",
    reason: "zip_leading_zero_lost",
    expected: "quarantined",
    make: extra((c, v) => {
      if (c.source.name !== "programs") return null;
      v[c.col("zip")] = v[c.col("zip")]!.replace(/^0/, "");
      return "zip";
    }),
  },
  {
    kind: "identifier_in_scientific_notation",
    reason: "identifier_scientific_notation",
    expected: "quarantined",
    make: rewriteColumn(foreignIdColumns, sciNotation),
  },
  {
    kind: "accented_town_spelling",
    reason: "unknown_town",
    expected: "quarantined",
    make: extra((c, v) => {
      const col = c.source.columns.find((k) => k.type.kind === "town");
      if (!col || v[c.col(col.name)] === "") return null;
      const i = c.col(col.name);
      const town = v[i]!;
      const accented = town.replace(/[aeiou]/, (m) => ACCENTS[m]!);
      if (accented === town || CT_TOWNS.includes(accented)) return null;
      v[i] = accented;
      return col.name;
    }),
  },
  {
    kind: "second_designated_qsm",
    reason: "qsm_overlap",
    expected: "quarantined",
    make: extra((c, v) => {
      if (c.source.name !== "classroom_staffing" || v[c.col("assignment_role")] !== "DESIGNATED_QSM")
        return null;
      const start = v[c.col("start_date")]!;
      const end = v[c.col("end_date")]!;
      const latest = end !== "" && end < c.asOf ? end : c.asOf;
      const span = toDays(latest) - toDays(start);
      if (span < 2) return null;
      v[c.col("start_date")] = addDays(start, c.rng.int(1, Math.min(60, span)));
      return "assignment_role";
    }),
  },
  {
    kind: "merged_without_target",
    reason: "merged_without_target",
    expected: "quarantined",
    make: extra((c, v) => {
      if (c.source.name !== "people") return null;
      v[c.col("member_status")] = "MERGED";
      v[c.col("merged_into")] = "";
      return "merged_into";
    }),
  },
  {
    kind: "age_out_of_range",
    reason: "age_out_of_range",
    expected: "quarantined",
    make: extra((c, v) => {
      if (c.source.name !== "people") return null;
      v[c.col("birth_date")] = addYears(c.asOf, c.rng.chance(0.5) ? -12 : -95);
      return "birth_date";
    }),
  },
  {
    kind: "retired_ladder_level",
    reason: "retired_ladder_level",
    expected: "quarantined",
    make: extra((c, v) => {
      if (c.source.name !== "career_ladder" || v[c.col("effective_on")]! <= "2015-12-31") return null;
      v[c.col("level")] = c.rng.pick(["2", "4"]);
      return "level";
    }),
  },
  {
    kind: "unknown_qsm_expiry",
    reason: "invalid_qsm_expiry",
    expected: "quarantined",
    make: extra((c, v) => {
      if (c.source.name !== "career_ladder") return null;
      v[c.col("qsm_eligible_through")] = c.rng.pick(["2018-06-30", "2021-06-30"]);
      return "qsm_eligible_through";
    }),
  },
  {
    kind: "subtype_of_another_type",
    reason: "subtype_mismatch",
    expected: "quarantined",
    make: extra((c, v) => {
      if (c.source.name !== "applications") return null;
      v[c.col("application_subtype")] =
        v[c.col("application_type")] === "SCHOLARSHIP" ? "TRAINER" : "CDA_ASSESSMENT";
      return "application_subtype";
    }),
  },
  {
    kind: "reason_without_denial",
    reason: "field_not_applicable",
    expected: "quarantined",
    make: extra((c, v) => {
      if (c.source.name !== "application_events" || v[c.col("status")] === "DENIED") return null;
      v[c.col("reason_code")] = "OTHER";
      return "reason_code";
    }),
  },
  {
    kind: "funding_out_of_era",
    reason: "funding_out_of_era",
    expected: "quarantined",
    make: (c) => {
      if (c.source.name !== "program_funding") return null;
      const v = [...c.values];
      const source = c.rng.pick(["CDC", "SR", "SHS"]);
      v[c.col("funding_source")] = source;
      v[c.col("fiscal_year")] = String((FUNDING_ERAS[source]!.to ?? 2025) + c.rng.int(1, 2));
      return { values: v, column: "fiscal_year" };
    },
  },
  {
    kind: "malformed_identifier",
    reason: "invalid_identifier",
    expected: "quarantined",
    make: rewriteColumn(foreignIdColumns, (v) => v.slice(0, -2)),
  },
  {
    kind: "yes_for_boolean",
    reason: "invalid_boolean",
    expected: "quarantined",
    make: extra((c, v) => {
      const col = pickCol(
        c,
        c.source.columns.filter((k) => k.type.kind === "bool"),
      );
      if (!col) return null;
      v[c.col(col.name)] = c.rng.pick(["Yes", "TRUE", "1"]);
      return col.name;
    }),
  },
  {
    kind: "timestamp_without_t_and_z",
    reason: "invalid_timestamp",
    expected: "quarantined",
    make: extra((c, v) => {
      const col = c.source.columns.find((k) => k.type.kind === "timestamp");
      if (!col) return null;
      const i = c.col(col.name);
      v[i] = v[i]!.replace("T", " ").replace("Z", "");
      return col.name;
    }),
  },
  {
    kind: "number_out_of_range",
    reason: "value_out_of_range",
    expected: "quarantined",
    make: extra((c, v) => {
      if (c.source.name === "coursework") v[c.col("credits")] = String(c.rng.int(7, 15));
      else if (c.source.name === "training") v[c.col("hours")] = String(c.rng.int(121, 400));
      else return null;
      return c.source.name === "coursework" ? "credits" : "hours";
    }),
  },
  {
    kind: "number_with_text",
    reason: "invalid_number",
    expected: "quarantined",
    make: extra((c, v) => {
      if (c.source.name !== "training") return null;
      v[c.col("hours")] = `${v[c.col("hours")]} hrs`;
      return "hours";
    }),
  },
  {
    kind: "state_not_usps",
    reason: "invalid_state",
    expected: "quarantined",
    make: extra((c, v) => {
      if (c.source.name !== "people") return null;
      v[c.col("home_state")] = c.rng.pick(["Conn.", "Connecticut", "C.T."]);
      return "home_state";
    }),
  },
  {
    kind: "formula_like_text",
    reason: null,
    expected: "loaded",
    inPlace: true,
    make: (c) => {
      const name = LOADED_TEXT_COLUMNS[c.source.name];
      if (!name) return null;
      const v = [...c.values];
      const i = c.col(name);
      v[i] = c.rng.pick([
        `=${v[i]}`,
        `+${v[i]}`,
        `-${v[i]}`,
        `@${v[i]}`,
        `=HYPERLINK("http://example.com","${v[i]}")`,
      ]);
      return { values: v, column: name };
    },
  },
  {
    kind: "embedded_newline_comma_quote",
    reason: null,
    expected: "loaded",
    inPlace: true,
    make: (c) => {
      const name = LOADED_TEXT_COLUMNS[c.source.name];
      if (!name) return null;
      const v = [...c.values];
      const i = c.col(name);
      v[i] = `${v[i]}\n(part 2, "advanced")`;
      return { values: v, column: name };
    },
  },
];

/** Files whose records may carry a conflicting duplicate (append-only: nothing refers to them). */
const CONFLICT_FILES: Record<string, string> = {
  compensation: "reported_by",
  application_events: "status_on",
  verifications: "document_type",
  career_ladder: "qsm_eligible_through",
};

function conflictingCopy(c: Ctx): Made | null {
  const col = CONFLICT_FILES[c.source.name];
  if (!col) return null;
  const v = [...c.values];
  const i = c.col(col);
  if (col === "reported_by") v[i] = v[i] === "MEMBER" ? "PROGRAM" : "MEMBER";
  else if (col === "status_on") {
    const d = addDays(v[i]!, -1);
    v[i] = d;
  } else if (col === "document_type") v[i] = v[i] === "OTHER" ? "TRANSCRIPT" : "OTHER";
  else v[i] = v[i] === "" ? "2099-12-31" : "";
  return { values: v, column: null };
}

export class DefectInjector {
  readonly rowDefects: RowDefect[] = [];
  private readonly pending: Set<string>;
  private readonly colIndex = new Map<string, Map<string, number>>();

  constructor(
    private readonly rate: number,
    private readonly rng: Rng,
    private readonly ids: Ids,
  ) {
    this.pending = new Set(rate > 0 ? [...KINDS.map((k) => k.kind), "duplicate_conflict"] : []);
  }

  private col(source: SourceSpec): (name: string) => number {
    let m = this.colIndex.get(source.name);
    if (!m) {
      m = new Map(source.columns.map((c, i) => [c.name, i]));
      this.colIndex.set(source.name, m);
    }
    const map = m;
    return (name) => map.get(name)!;
  }

  /** Write one extract's buffered rows (one member), injecting defects at the configured rate. */
  writeRows(
    extract: ExtractInfo,
    writers: Map<string, CsvFileWriter>,
    rows: BufferedRow[],
    all: BufferedRow[][],
  ): void {
    let usedKeys: Set<string> | null = null;
    for (const row of rows) {
      const writer = writers.get(row.source.name)!;
      if (this.rate <= 0) {
        writer.writeRow(row.values);
        continue;
      }
      const want = this.pending.size > 0 || this.rng.chance(this.rate);
      if (!want) {
        writer.writeRow(row.values);
        continue;
      }
      if (row.source.name === "career_ladder" && usedKeys === null) {
        usedKeys = new Set(
          all.flatMap((b) => b.filter((r) => r.source.name === "career_ladder").map((r) => r.key)),
        );
      }
      const ctx: Ctx = {
        source: row.source,
        values: row.values,
        col: this.col(row.source),
        asOf: extract.asOf,
        rng: this.rng,
        ids: this.ids,
        usedKeys: usedKeys ?? new Set(),
      };
      this.inject(extract, writer, row, ctx);
    }
  }

  private record(
    extract: ExtractInfo,
    source: SourceSpec,
    record: number,
    key: string,
    extraInfo: { kind: string; reason: string | null; column: string | null; expected: Expected },
  ): void {
    this.rowDefects.push({
      extract_id: extract.extractId,
      file: source.file,
      record,
      key,
      kind: extraInfo.kind,
      reason: extraInfo.reason,
      column: extraInfo.column,
      expected: extraInfo.expected,
    });
  }

  private inject(extract: ExtractInfo, writer: CsvFileWriter, row: BufferedRow, ctx: Ctx): void {
    const forced = this.pending.size > 0;
    // Conflicting duplicates: both copies are set aside.
    if (
      (!forced || this.pending.has("duplicate_conflict")) &&
      CONFLICT_FILES[row.source.name] &&
      (forced || this.rng.chance(0.08))
    ) {
      const made = conflictingCopy(ctx);
      if (made?.values) {
        const first = writer.writeRow(row.values);
        const second = writer.writeRow(made.values);
        for (const rec of [first, second]) {
          this.record(extract, row.source, rec, row.key, {
            kind: "duplicate_conflict",
            reason: "duplicate_key_conflict",
            column: null,
            expected: "quarantined",
          });
        }
        this.pending.delete("duplicate_conflict");
        return;
      }
    }
    const candidates = forced ? KINDS.filter((k) => this.pending.has(k.kind)) : KINDS;
    const order = forced ? candidates : this.rng.shuffle([...candidates]);
    for (const kind of order) {
      // A defect that is not made gives back the reserved ids it took (they would run out).
      const mark = ctx.ids.mark();
      const made = kind.make(ctx);
      if (!made) {
        ctx.ids.restore(mark);
        continue;
      }
      this.pending.delete(kind.kind);
      const key = made.values ? row.source.key.map((k) => made.values![ctx.col(k)] ?? "").join("|") : row.key;
      if (kind.inPlace) {
        const rec = writer.writeRow(made.values!);
        this.record(extract, row.source, rec, key, {
          kind: kind.kind,
          reason: null,
          column: made.column,
          expected: "loaded",
        });
        return;
      }
      writer.writeRow(row.values);
      const rec = made.raw ? writer.writeRawRecord(made.raw) : writer.writeRow(made.values!);
      this.record(extract, row.source, rec, key, {
        kind: kind.kind,
        reason: kind.reason,
        column: made.column === "" ? null : made.column,
        expected: kind.expected,
      });
      return;
    }
    writer.writeRow(row.values);
  }
}
