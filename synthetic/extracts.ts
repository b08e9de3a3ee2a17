/**
 * Routes the simulated world's dated versions and events into one full extract (as of day A) and
 * K daily deltas (A+1 .. A+K), and writes them: per member, rows are buffered for every extract,
 * then flushed through the defect injector to the CSV writers. Memory stays bounded by one member.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { SourceSpec } from "../ingest/sources/contract.ts";
import { fromDays } from "../ingest/sources/dates.ts";
import { SOURCE_BY_NAME, SOURCES } from "../ingest/sources/index.ts";
import { CsvFileWriter } from "./csv-writer.ts";
import type { DefectInjector } from "./defects.ts";
import { type Emitter, timestamp, type Values, type Version } from "./model.ts";
import { Rng } from "./rng.ts";

export interface ExtractInfo {
  index: number;
  extractId: string;
  kind: "full" | "delta";
  asOf: string;
  since: string | null;
  folder: string;
  dir: string;
}

export interface BufferedRow {
  source: SourceSpec;
  key: string;
  values: string[];
}

export interface ManifestFile {
  name: string;
  rows: number;
  sha256: string;
}

export interface Manifest {
  spec_version: "1";
  extract_id: string;
  kind: "full" | "delta";
  as_of: string;
  since: string | null;
  files: ManifestFile[];
}

export function keyOf(source: SourceSpec, values: Values): string {
  return source.key.map((k) => values[k] ?? "").join("|");
}

export class ExtractRouter implements Emitter {
  readonly extracts: ExtractInfo[] = [];
  readonly writers: Map<string, CsvFileWriter>[] = [];
  /** Per extract: buffered rows of the current member. */
  private buffers: BufferedRow[][] = [];
  private readonly columnsOf = new Map<string, string[]>();
  rowsWritten = 0;

  constructor(
    outDir: string,
    private readonly asOfDay: number,
    deltas: number,
    seed: string,
    private readonly injector: DefectInjector,
  ) {
    const formatRng = Rng.derive(seed, "file-format");
    for (const s of SOURCES)
      this.columnsOf.set(
        s.name,
        s.columns.map((c) => c.name),
      );
    for (let i = 0; i <= deltas; i++) {
      const asOf = fromDays(asOfDay + i);
      const kind = i === 0 ? "full" : "delta";
      const folder = `registry-extract-${asOf}`;
      const dir = join(outDir, folder);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const info: ExtractInfo = {
        index: i,
        extractId: `CTREG-${asOf}-${kind.toUpperCase()}`,
        kind,
        asOf,
        since: i === 0 ? null : fromDays(asOfDay + i - 1),
        folder,
        dir,
      };
      this.extracts.push(info);
      const writers = new Map<string, CsvFileWriter>();
      for (const s of SOURCES) {
        if (s.mode === "deletions" && kind === "full") continue;
        // Real extracts come with and without a byte-order mark, with LF or CRLF (spec §2).
        const opts = { bom: formatRng.chance(0.25), crlf: formatRng.chance(0.3) };
        writers.set(s.name, new CsvFileWriter(join(dir, s.file), this.columnsOf.get(s.name)!, opts));
      }
      this.writers.push(writers);
      this.buffers.push([]);
    }
  }

  private push(index: number, sourceName: string, values: Values): void {
    const source = SOURCE_BY_NAME.get(sourceName)!;
    const cols = this.columnsOf.get(sourceName)!;
    const row = new Array<string>(cols.length);
    for (let i = 0; i < cols.length; i++) row[i] = values[cols[i]!] ?? "";
    this.buffers[index]!.push({ source, key: keyOf(source, values), values: row });
  }

  entity(file: string, key: string, versions: Version[], deletedOn?: number): void {
    const A = this.asOfDay;
    const K = this.extracts.length - 1;
    // Full extract: the latest version visible on A, unless deleted by then.
    if (deletedOn === undefined || deletedOn > A) {
      let latest: Version | undefined;
      for (const v of versions) if (v.visible <= A) latest = v;
      if (latest) this.push(0, file, latest.values);
    }
    for (let i = 1; i <= K; i++) {
      const day = A + i;
      if (deletedOn !== undefined && deletedOn <= day) {
        if (deletedOn > day - 1 && versions.some((v) => v.visible < deletedOn)) {
          this.push(i, "deletions", {
            entity: file,
            record_id: key,
            deleted_at: timestamp(fromDays(deletedOn), 43200 + ((key.length * 977) % 30000)),
          });
        }
        continue;
      }
      let latest: Version | undefined;
      for (const v of versions) if (v.visible > day - 1 && v.visible <= day) latest = v;
      if (latest) this.push(i, file, latest.values);
    }
  }

  event(file: string, visible: number, values: Values): void {
    const offset = visible - this.asOfDay;
    if (offset > this.extracts.length - 1) return;
    this.push(Math.max(offset, 0), file, values);
  }

  /** Write everything buffered (one member, or the world), extract by extract. */
  flush(): void {
    for (let i = 0; i < this.buffers.length; i++) {
      const rows = this.buffers[i]!;
      if (rows.length === 0) continue;
      const extract = this.extracts[i]!;
      const writers = this.writers[i]!;
      this.injector.writeRows(extract, writers, rows, this.buffers);
      this.rowsWritten += rows.length;
      this.buffers[i] = [];
    }
  }

  close(): Map<string, ManifestFile>[] {
    return this.writers.map((writers) => {
      const files = new Map<string, ManifestFile>();
      for (const [name, w] of writers) {
        const { rows, sha256 } = w.close();
        files.set(name, { name: SOURCE_BY_NAME.get(name)!.file, rows, sha256 });
      }
      return files;
    });
  }
}
