/**
 * Streaming CSV writer for extract files: RFC 4180 quoting, optional byte-order mark and CRLF, a
 * running sha256 and record count for the manifest, bounded memory (1 MiB buffer, synchronous
 * writes so output is byte-for-byte deterministic).
 *
 * Hand-written rather than csv-stringify on purpose: at the simulator's volume (100M+ records at
 * national scale) csv-stringify measured 5-6× slower (773 ms vs 139 ms per 300k ten-field rows on
 * these machines). The encoder is small and round-trip tested against csv-parse.
 */
import { createHash, type Hash } from "node:crypto";
import { closeSync, openSync, writeSync } from "node:fs";

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function encodeField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function encodeRow(values: readonly string[]): string {
  let line = "";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ",";
    line += encodeField(values[i]!);
  }
  return line;
}

export interface WriterOptions {
  bom?: boolean;
  crlf?: boolean;
}

export class CsvFileWriter {
  records = 0;
  bytes = 0;
  private readonly fd: number;
  private readonly hash: Hash = createHash("sha256");
  private chunks: string[] = [];
  private pending = 0;
  private readonly eol: string;
  private started = false;
  /** When true, the final line has no line end (a known defect). */
  omitFinalNewline = false;

  constructor(
    readonly path: string,
    readonly header: readonly string[],
    opts: WriterOptions = {},
  ) {
    this.fd = openSync(path, "w");
    this.eol = opts.crlf ? "\r\n" : "\n";
    if (opts.bom) this.push("\uFEFF");
    this.push(encodeRow(header));
    this.started = true;
  }

  /** Write one data record; `eol` overrides the line end before it (to mix CRLF and LF). */
  writeRow(values: readonly string[], eol?: string): number {
    this.push((eol ?? this.eol) + encodeRow(values));
    return ++this.records;
  }

  /** Write one data record given as raw bytes (for encoding defects). */
  writeRawRecord(bytes: Buffer): number {
    this.flush();
    this.writeBuffer(Buffer.from(this.eol, "utf8"));
    this.writeBuffer(bytes);
    return ++this.records;
  }

  private push(text: string): void {
    this.chunks.push(text);
    this.pending += text.length;
    if (this.pending > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.chunks.length === 0) return;
    this.writeBuffer(Buffer.from(this.chunks.join(""), "utf8"));
    this.chunks = [];
    this.pending = 0;
  }

  private writeBuffer(buf: Buffer): void {
    this.hash.update(buf);
    this.bytes += buf.length;
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off);
  }

  close(): { rows: number; sha256: string; bytes: number } {
    if (this.started && !this.omitFinalNewline) this.push(this.eol);
    this.flush();
    closeSync(this.fd);
    return { rows: this.records, sha256: this.hash.digest("hex"), bytes: this.bytes };
  }
}
