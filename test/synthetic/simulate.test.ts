/**
 * `workforce simulate` as the issue checks it: four extract folders and an answer key; manifests
 * match their files (counting records with a real CSV parser) except where a file defect is
 * declared; a second run gives identical bytes; every defect kind is injected at least once.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SOURCE_BY_FILE } from "../../ingest/sources/index.ts";
import { KINDS } from "../../synthetic/defects.ts";
import type { AnswerKey } from "../../synthetic/simulate.ts";
import { extractFolders, readManifest, readRecords, sha256 } from "../helpers/extracts.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const ARGS = [
  "--members",
  "2000",
  "--seed",
  "7",
  "--as-of",
  "2026-06-30",
  "--deltas",
  "3",
  "--defects",
  "0.01",
  "--file-defects",
];

function runSimulate(out: string): string {
  return execFileSync(
    process.execPath,
    [join(ROOT, "bin", "workforce.js"), "simulate", "--out", out, ...ARGS],
    {
      encoding: "utf8",
    },
  );
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1))
    .sort();
}

let a: string;
let b: string;
let key: AnswerKey;
let printed: string;

beforeAll(() => {
  a = mkdtempSync(join(tmpdir(), "sim-a-"));
  b = mkdtempSync(join(tmpdir(), "sim-b-"));
  printed = runSimulate(a);
  runSimulate(b);
  key = JSON.parse(readFileSync(join(a, "answer-key.json"), "utf8")) as AnswerKey;
}, 120_000);

afterAll(() => {
  rmSync(a, { recursive: true, force: true });
  rmSync(b, { recursive: true, force: true });
});

describe("simulate --deltas 3 --defects 0.01 --file-defects", () => {
  it("writes a full extract, three deltas and the answer key outside them", () => {
    expect(extractFolders(a)).toEqual([
      "registry-extract-2026-06-30",
      "registry-extract-2026-07-01",
      "registry-extract-2026-07-02",
      "registry-extract-2026-07-03",
    ]);
    expect(existsSync(join(a, "answer-key.json"))).toBe(true);
    const manifests = extractFolders(a).map((f) => readManifest(join(a, f)));
    expect(manifests.map((m) => [m.kind, m.as_of, m.since])).toEqual([
      ["full", "2026-06-30", null],
      ["delta", "2026-07-01", "2026-06-30"],
      ["delta", "2026-07-02", "2026-07-01"],
      ["delta", "2026-07-03", "2026-07-02"],
    ]);
    expect(manifests[0]!.files).toHaveLength(15);
    expect(manifests[1]!.files.map((f) => f.name)).toContain("deletions.csv");
    expect(manifests[1]!.files).toHaveLength(16);
  });

  it("prints a total that is the sum of the extracts' records, as their manifests list them", () => {
    const lines = [...printed.matchAll(/^ {2}registry-extract-\S+ +\w+ +([\d,]+) records$/gm)].map((m) =>
      Number(m[1]!.replaceAll(",", "")),
    );
    const manifests = extractFolders(a).map((f) => readManifest(join(a, f)));
    expect(lines).toEqual(manifests.map((m) => m.files.reduce((n, f) => n + f.rows, 0)));
    const total = /^([\d,]+) records in /m.exec(printed)![1]!;
    expect(Number(total.replaceAll(",", ""))).toBe(lines.reduce((n, x) => n + x, 0));
  });

  it("gives byte-identical output for the same arguments", () => {
    const files = allFiles(a);
    expect(files).toEqual(allFiles(b));
    expect(files.length).toBeGreaterThan(60);
    for (const f of files) expect(sha256(join(b, f)), f).toBe(sha256(join(a, f)));
  });

  it("has manifests whose counts and sha256 match every file, except the declared file defects", () => {
    let checked = 0;
    for (const folder of extractFolders(a)) {
      const m = readManifest(join(a, folder));
      const declared = new Map(
        key.file_defects.filter((d) => d.extract_id === m.extract_id).map((d) => [d.file, d]),
      );
      for (const f of m.files) {
        const path = join(a, folder, f.name);
        const defect = declared.get(f.name);
        if (defect?.reason === "file_missing") {
          expect(existsSync(path)).toBe(false);
          continue;
        }
        const actualSha = sha256(path);
        const records = readFileSync(path).length === 0 ? 0 : readRecords(path).records.length;
        if (defect?.reason === "sha256_mismatch") expect(actualSha).not.toBe(f.sha256);
        else expect(actualSha, `${folder}/${f.name}`).toBe(f.sha256);
        if (defect?.reason === "file_empty") {
          // No bytes at all, not even the header (a delta file can have no records of its own).
          expect(readFileSync(path).length, `${folder}/${f.name}`).toBe(0);
        } else if (
          defect &&
          ["row_count_mismatch", "header_only", "file_truncated"].includes(defect.reason)
        ) {
          expect(records, `${folder}/${f.name}`).not.toBe(f.rows);
        } else {
          expect(records, `${folder}/${f.name}`).toBe(f.rows);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(55);
  });

  it("injects every row-level defect kind at least once, each at a real record", () => {
    const kinds = new Set(key.row_defects.map((d) => d.kind));
    for (const k of [...KINDS.map((x) => x.kind), "duplicate_conflict"]) expect(kinds, k).toContain(k);
    // About 1% of records get an extra defective record.
    const full = key.extracts[0]!;
    const inFull = key.row_defects.filter((d) => d.extract_id === full.extract_id).length;
    expect(inFull / full.rows).toBeGreaterThan(0.006);
    expect(inFull / full.rows).toBeLessThan(0.02);
    // Where the key columns were left intact, the record at that number carries that key.
    const keyKinds = new Set([
      "duplicate_identical",
      "duplicate_conflict",
      "formula_like_text",
      "end_before_start",
      "orphan_reference",
    ]);
    const cache = new Map<string, Record<string, string>[]>();
    let checked = 0;
    for (const d of key.row_defects.filter((x) => keyKinds.has(x.kind) && x.expected !== "not_loaded")) {
      const folder = key.extracts.find((e) => e.extract_id === d.extract_id)!.folder;
      const path = join(a, folder, d.file);
      if (!cache.has(path)) cache.set(path, readRecords(path).records);
      const rec = cache.get(path)![d.record - 1]!;
      const source = SOURCE_BY_FILE.get(d.file)!;
      if (d.kind === "orphan_reference" && source.key.includes(d.column ?? "")) continue;
      expect(source.key.map((k) => rec[k]).join("|"), `${d.kind} ${d.file} #${d.record}`).toBe(d.key);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it("declares every whole-file defect kind, and holds only the last delta", () => {
    expect(key.file_defects.map((d) => d.reason).sort()).toEqual(
      [
        "column_duplicated",
        "column_extra",
        "column_missing",
        "column_renamed",
        "file_empty",
        "file_missing",
        "file_truncated",
        "file_unlisted",
        "header_only",
        "row_count_mismatch",
        "sha256_mismatch",
      ].sort(),
    );
    expect(key.extracts.map((e) => e.expected)).toEqual(["loaded", "loaded", "loaded", "held"]);
    const held = key.extracts[3]!.extract_id;
    for (const d of key.row_defects.filter((x) => x.extract_id === held))
      expect(d.expected).toBe("not_loaded");
    expect(existsSync(join(a, key.extracts[1]!.folder, "people (1).csv"))).toBe(true);
  });
});
