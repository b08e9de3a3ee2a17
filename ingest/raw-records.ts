/**
 * The bytes of particular records of a CSV file, for records DuckDB rejected as invalid UTF-8: its
 * reject table gives the record with each bad byte and the delimiter after it replaced (`Caf\xE9,x`
 * comes back as `Caf??x`), so neither the value nor the fields after it can be read from it.
 *
 * RFC 4180 over bytes (comma, double quotes doubled inside quotes, LF or CRLF, a UTF-8 byte-order
 * mark), read in chunks and stopped after the last wanted record.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { parse } from "csv-parse/sync";

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** Fields (raw bytes, quotes removed) of the data records numbered `records` (1 = first after the header). */
export function rawRecords(path: string, records: readonly number[]): Map<number, Buffer[]> {
  const wanted = new Set(records);
  const out = new Map<number, Buffer[]>();
  if (wanted.size === 0) return out;
  const last = Math.max(...wanted);
  const fd = openSync(path, "r");
  try {
    const chunk = Buffer.alloc(1 << 20);
    let record = 0; // the header is record 0
    let fields: Buffer[] = [];
    let field: number[] = [];
    let inQuotes = false;
    let quoteSeen = false; // a quote just closed (or an escaped one may follow)
    let atFieldStart = true;
    let first = true;
    const endField = () => {
      if (wanted.has(record)) fields.push(Buffer.from(field));
      field = [];
      atFieldStart = true;
      quoteSeen = false;
    };
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      let i = 0;
      if (first) {
        first = false;
        if (n >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
      }
      for (; i < n; i++) {
        const b = chunk[i]!;
        if (inQuotes) {
          if (b === QUOTE) {
            inQuotes = false;
            quoteSeen = true;
          } else if (wanted.has(record)) field.push(b);
          continue;
        }
        if (b === QUOTE) {
          if (quoteSeen) {
            // "" inside a quoted field: one quote, and still inside
            if (wanted.has(record)) field.push(QUOTE);
            inQuotes = true;
            quoteSeen = false;
          } else if (atFieldStart) inQuotes = true;
          else if (wanted.has(record)) field.push(b);
          atFieldStart = false;
          continue;
        }
        quoteSeen = false;
        if (b === COMMA) {
          endField();
          continue;
        }
        if (b === LF) {
          if (field.length > 0 && field[field.length - 1] === CR) field.pop();
          endField();
          if (wanted.has(record)) out.set(record, fields);
          fields = [];
          record += 1;
          if (record > last) return out;
          continue;
        }
        atFieldStart = false;
        if (wanted.has(record)) field.push(b);
      }
    }
    // A last record without a line end.
    if (wanted.has(record) && (field.length > 0 || fields.length > 0)) {
      endField();
      out.set(record, fields);
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

/** UTF-8 text with every byte that is not part of a valid UTF-8 sequence written as \xNN. */
export function escapeInvalidUtf8(bytes: Buffer): string {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len > 0 && i + len <= bytes.length) {
      try {
        out += decoder.decode(bytes.subarray(i, i + len));
        i += len;
        continue;
      } catch {
        // not a valid sequence: escape its first byte and go on from the next
      }
    }
    out += `\\x${b.toString(16).toUpperCase().padStart(2, "0")}`;
    i += 1;
  }
  return out;
}

/** The reason code of a record DuckDB's CSV reader rejected, from its error type. */
export function rejectCode(errorType: string): string {
  switch (errorType) {
    case "INVALID ENCODING":
      return "invalid_encoding";
    case "MISSING COLUMNS":
      return "too_few_fields";
    case "TOO MANY COLUMNS":
      return "too_many_fields";
    default:
      return "malformed_record";
  }
}

/** A record the CSV reader rejected: its number, error type and the line as the reader kept it. */
export interface RejectedLine {
  record: number;
  errorType: string;
  line: string | null;
}

/**
 * The fields of records the CSV reader rejected, by record number, and whether they were read from
 * the file's bytes (records that are not valid UTF-8, bad bytes written as \xNN) rather than from
 * the reader's copy of the line (parsed leniently; a line that cannot be parsed has no fields).
 */
export function rejectedFields(
  path: string,
  rejects: readonly RejectedLine[],
): Map<number, { fields: string[]; fromFile: boolean }> {
  const undecodable = rawRecords(
    path,
    rejects.filter((rj) => rejectCode(rj.errorType) === "invalid_encoding").map((rj) => rj.record),
  );
  const out = new Map<number, { fields: string[]; fromFile: boolean }>();
  for (const rj of rejects) {
    const raw = undecodable.get(rj.record);
    if (raw) {
      out.set(rj.record, { fields: raw.map((b) => escapeInvalidUtf8(b)), fromFile: true });
      continue;
    }
    let fields: string[] = [];
    try {
      const parsed = parse((rj.line ?? "").replace(/^\r?\n/, ""), {
        relax_quotes: true,
        relax_column_count: true,
      });
      fields = (parsed as string[][])[0] ?? [];
    } catch {
      fields = [];
    }
    out.set(rj.record, { fields, fromFile: false });
  }
  return out;
}
