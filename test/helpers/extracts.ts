/** Test helpers: read simulated extracts with a real CSV parser and check them against the contract. */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { type SourceSpec, zodRow } from "../../ingest/sources/contract.ts";
import { SOURCE_BY_FILE } from "../../ingest/sources/index.ts";

export interface Manifest {
  spec_version: string;
  extract_id: string;
  kind: "full" | "delta";
  as_of: string;
  since: string | null;
  files: { name: string; rows: number; sha256: string }[];
}

export function extractFolders(dir: string): string[] {
  return readdirSync(dir)
    .filter((d) => d.startsWith("registry-extract-") && existsSync(join(dir, d, "manifest.json")))
    .sort();
}

export function readManifest(folder: string): Manifest {
  return JSON.parse(readFileSync(join(folder, "manifest.json"), "utf8")) as Manifest;
}

export function sha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** Records of a CSV file as objects keyed by header (BOM stripped, RFC 4180). */
export function readRecords(path: string): { header: string[]; records: Record<string, string>[] } {
  const rows = parse(readFileSync(path), { bom: true, relax_column_count: true }) as string[][];
  const header = rows[0] ?? [];
  return {
    header,
    records: rows.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""]))),
  };
}

export interface Violation {
  file: string;
  record: number;
  problem: string;
}

/** Validate every record of every file of one extract against the zod contract. */
export function validateExtract(
  folder: string,
  asOf: string,
  limit = 50,
): { violations: Violation[]; rows: number } {
  const violations: Violation[] = [];
  let rows = 0;
  for (const f of readManifest(folder).files) {
    const source: SourceSpec | undefined = SOURCE_BY_FILE.get(f.name);
    if (!source) {
      violations.push({ file: f.name, record: 0, problem: "not in the contract" });
      continue;
    }
    const schema = zodRow(source, { asOf });
    const { header, records } = readRecords(join(folder, f.name));
    const expected = source.columns.map((c) => c.name);
    if (header.join(",") !== expected.join(",")) {
      violations.push({ file: f.name, record: 0, problem: `header ${header.join(",")}` });
    }
    records.forEach((rec, i) => {
      rows++;
      const res = schema.safeParse(rec);
      if (!res.success && violations.length < limit) {
        violations.push({
          file: f.name,
          record: i + 1,
          problem: res.error.issues
            .map((x) => `${x.path.join(".")}: ${x.message} (${JSON.stringify(rec[String(x.path[0])])})`)
            .join("; "),
        });
      }
    });
  }
  return { violations, rows };
}

/**
 * Cross-file integrity of a sequence of extracts, replayed in order (full, then deltas: upserts,
 * deletions, appended events): duplicate keys within a file, references that resolve to nothing
 * (orphans), and rooms with two designated QSMs on the same day.
 */
export function integrityProblems(dir: string, limit = 50): string[] {
  const problems: string[] = [];
  const state = new Map<string, Map<string, Record<string, string>>>();
  const table = (name: string) => {
    let t = state.get(name);
    if (!t) {
      t = new Map();
      state.set(name, t);
    }
    return t;
  };
  const verifiedTargets: Record<string, [string, string]> = {
    EDUCATION: ["education", "education_id"],
    COURSEWORK: ["coursework", "course_record_id"],
    TRAINING: ["training", "training_record_id"],
    EMPLOYMENT: ["employment", "employment_id"],
    CREDENTIAL: ["credentials", "credential_id"],
  };
  for (const folder of extractFolders(dir)) {
    const m = readManifest(join(dir, folder));
    const delivered: { source: SourceSpec; rec: Record<string, string> }[] = [];
    for (const f of m.files) {
      const source = SOURCE_BY_FILE.get(f.name)!;
      const { records } = readRecords(join(dir, folder, f.name));
      const seen = new Set<string>();
      for (const rec of records) {
        const key = source.key.map((k) => rec[k]).join("|");
        if (seen.has(key)) problems.push(`${folder}/${f.name}: duplicate key ${key}`);
        seen.add(key);
        if (source.mode === "deletions") continue;
        delivered.push({ source, rec });
        table(source.name).set(source.mode === "event" ? `${key}` : key, rec);
      }
    }
    for (const f of m.files.filter((x) => x.name === "deletions.csv")) {
      for (const rec of readRecords(join(dir, folder, f.name)).records) {
        if (!table(rec.entity!).delete(rec.record_id!))
          problems.push(`${folder}: deletion of unknown ${rec.entity}/${rec.record_id}`);
      }
    }
    for (const { source, rec } of delivered) {
      for (const c of source.columns) {
        const v = rec[c.name];
        if (!c.references || !v) continue;
        if (!table(c.references.source).has(v)) {
          problems.push(`${folder}/${source.file}: ${c.name}=${v} does not exist in ${c.references.source}`);
        }
      }
      if (source.name === "verifications") {
        const [target] = verifiedTargets[rec.record_type!]!;
        if (!table(target).has(rec.record_id!)) {
          problems.push(`${folder}/verifications.csv: ${rec.record_type} ${rec.record_id} does not exist`);
        }
      }
      if (problems.length >= limit) return problems;
    }
    // At most one designated QSM per room on any day (current state).
    const byRoom = new Map<string, [string, string][]>();
    for (const a of table("classroom_staffing").values()) {
      if (a.assignment_role !== "DESIGNATED_QSM") continue;
      const list = byRoom.get(a.classroom_id!) ?? [];
      list.push([a.start_date!, a.end_date || "9999-12-31"]);
      byRoom.set(a.classroom_id!, list);
    }
    for (const [room, list] of byRoom) {
      list.sort();
      for (let i = 1; i < list.length; i++) {
        if (list[i]![0] <= list[i - 1]![1])
          problems.push(`${folder}: room ${room} has overlapping QSMs ${list[i - 1]} ${list[i]}`);
      }
    }
    if (problems.length >= limit) return problems;
  }
  return problems;
}
