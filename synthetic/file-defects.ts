/**
 * Whole-file defects of spec §5, injected into the delta extracts after they are written
 * (`--file-defects`). The first delta gets the faults ingest tolerates (a stray unlisted file, an
 * extra column); the last delta gets the faults that hold an extract, one per file, so that the
 * deltas before it still load. Manifests are adjusted so each file shows exactly one fault.
 */
import { createHash } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { fileFaultOutcome } from "../ingest/policy.ts";
import { SOURCE_BY_NAME } from "../ingest/sources/index.ts";
import { encodeRow } from "./csv-writer.ts";
import type { ExtractInfo, ManifestFile } from "./extracts.ts";
import type { Rng } from "./rng.ts";

export interface FileDefect {
  extract_id: string;
  file: string;
  kind: string;
  /** Reason code (warehouse/errors.ts) ingest must report for the file. */
  reason: string;
  /** What happens to the extract: held (nothing loaded), or the file ignored / loaded with a warning. */
  expected: "extract_held" | "file_ignored" | "loaded_with_warning";
  detail?: string;
}

const sha = (buf: Buffer) => createHash("sha256").update(buf).digest("hex");

function readTable(path: string): { header: string[]; rows: string[][]; bom: boolean; eol: string } {
  const buf = readFileSync(path);
  const text = buf.toString("utf8");
  const bom = text.startsWith("\uFEFF");
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const records = parse(bom ? text.slice(1) : text, { relax_column_count: true }) as string[][];
  return { header: records[0] ?? [], rows: records.slice(1), bom, eol };
}

function writeTable(
  path: string,
  t: { header: string[]; rows: string[][]; bom: boolean; eol: string },
): Buffer {
  const lines = [encodeRow(t.header), ...t.rows.map((r) => encodeRow(r))];
  const buf = Buffer.from(`${t.bom ? "\uFEFF" : ""}${lines.join(t.eol)}${t.eol}`, "utf8");
  writeFileSync(path, buf);
  return buf;
}

export function injectFileDefects(
  extracts: ExtractInfo[],
  files: Map<string, ManifestFile>[],
  rng: Rng,
): FileDefect[] {
  const deltas = extracts.filter((e) => e.kind === "delta");
  if (deltas.length === 0) return [];
  const out: FileDefect[] = [];
  const first = deltas[0]!;
  const firstFiles = files[first.index]!;

  // Tolerated: a stray copy the manifest does not list, and an extra column.
  writeFileSync(join(first.dir, "people (1).csv"), readFileSync(join(first.dir, "people.csv")));
  out.push({
    extract_id: first.extractId,
    file: "people (1).csv",
    kind: "unlisted_file",
    reason: "file_unlisted",
    expected: fileFaultOutcome("file_unlisted"),
  });
  {
    const name = "employment";
    const path = join(first.dir, `${name}.csv`);
    const t = readTable(path);
    t.header.push("notes");
    for (const r of t.rows) r.push(rng.chance(0.5) ? "" : "checked by admin");
    const buf = writeTable(path, t);
    firstFiles.set(name, { name: `${name}.csv`, rows: t.rows.length, sha256: sha(buf) });
    out.push({
      extract_id: first.extractId,
      file: `${name}.csv`,
      kind: "extra_column",
      reason: "column_extra",
      expected: fileFaultOutcome("column_extra"),
      detail: "notes",
    });
  }

  // Holding faults in the last delta, one per file: biggest file is truncated.
  const last = deltas[deltas.length - 1]!;
  const lastFiles = files[last.index]!;
  const touched = new Set(out.map((d) => d.file));
  const byRows = [...lastFiles.values()]
    .filter((f) => last !== first || !touched.has(f.name))
    .sort((a, b) => b.rows - a.rows || a.name.localeCompare(b.name));
  const faults = [
    "truncated",
    "sha256_mismatch",
    "row_count_mismatch",
    "column_renamed",
    "column_missing",
    "column_duplicated",
    "header_only",
    "file_empty",
    "file_missing",
  ] as const;
  faults.forEach((fault, i) => {
    const mf = byRows[i];
    if (!mf) return;
    const path = join(last.dir, mf.name);
    const entity = mf.name.replace(/\.csv$/, "");
    const source = SOURCE_BY_NAME.get(entity)!;
    const record = (reason: string, detail?: string) => {
      const d: FileDefect = {
        extract_id: last.extractId,
        file: mf.name,
        kind: fault,
        reason,
        expected: "extract_held",
      };
      if (detail) d.detail = detail;
      out.push(d);
    };
    switch (fault) {
      case "truncated": {
        if (mf.rows === 0) return;
        // Cut the file in the middle of its second-to-last record: the last record is lost and the
        // one before it ends after its first field. The manifest keeps the full count.
        const buf = readFileSync(path);
        let end = buf.length;
        while (end > 0 && (buf[end - 1] === 0x0a || buf[end - 1] === 0x0d)) end--;
        let start = end - 1;
        while (start > 0 && buf[start - 1] !== 0x0a) start--;
        if (mf.rows > 1) {
          end = start - 1;
          while (end > 0 && (buf[end - 1] === 0x0a || buf[end - 1] === 0x0d)) end--;
          start = end - 1;
          while (start > 0 && buf[start - 1] !== 0x0a) start--;
        }
        const lastLine = buf.subarray(start, end).toString("utf8");
        const cut = start + Buffer.byteLength(lastLine.slice(0, lastLine.indexOf(",") + 1), "utf8");
        const truncated = buf.subarray(0, cut);
        writeFileSync(path, truncated);
        lastFiles.set(entity, { ...mf, sha256: sha(truncated) });
        record("file_truncated");
        return;
      }
      case "sha256_mismatch": {
        // Bytes changed after the manifest was written (same record count).
        const buf = readFileSync(path);
        const i = buf.indexOf(0x0a);
        const pos = Math.max(0, i - 2);
        buf[pos] = buf[pos] === 0x5f ? 0x2d : 0x5f;
        writeFileSync(path, buf);
        record("sha256_mismatch");
        return;
      }
      case "row_count_mismatch":
        lastFiles.set(entity, { ...mf, rows: mf.rows + 1 + rng.int(0, 3) });
        record("row_count_mismatch");
        return;
      case "column_renamed":
      case "column_missing":
      case "column_duplicated": {
        const t = readTable(path);
        const candidates = source.columns.filter((c) => !source.key.includes(c.name)).map((c) => c.name);
        const col = rng.pick(candidates.length > 0 ? candidates : source.columns.map((c) => c.name));
        const idx = t.header.indexOf(col);
        if (fault === "column_renamed") t.header[idx] = `${col}_renamed`.replace(/_date_renamed$/, "_dt");
        else if (fault === "column_missing") {
          t.header.splice(idx, 1);
          for (const r of t.rows) r.splice(idx, 1);
        } else {
          t.header.push(col);
          for (const r of t.rows) r.push(r[idx] ?? "");
        }
        const buf = writeTable(path, t);
        lastFiles.set(entity, { ...mf, sha256: sha(buf) });
        record(fault, col);
        return;
      }
      case "header_only": {
        const t = readTable(path);
        const buf = writeTable(path, { ...t, rows: [] });
        lastFiles.set(entity, { ...mf, rows: Math.max(1, mf.rows), sha256: sha(buf) });
        record("header_only");
        return;
      }
      case "file_empty": {
        writeFileSync(path, Buffer.alloc(0));
        lastFiles.set(entity, { ...mf, sha256: sha(Buffer.alloc(0)) });
        record("file_empty");
        return;
      }
      case "file_missing":
        rmSync(path);
        record("file_missing");
        return;
    }
  });
  return out;
}
