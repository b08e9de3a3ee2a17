/**
 * Finding complete extracts in an inbox and checking their manifest and files before anything is
 * parsed: manifest shape and spec version, listed files present, unlisted files, empty files,
 * header drift (missing, renamed, duplicated, extra columns), sha256.
 */
import { createHash } from "node:crypto";
import { closeSync, createReadStream, existsSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { z } from "zod";
import type { ReasonCode } from "../warehouse/errors.ts";
import { extraName } from "./checks.ts";
import type { SourceSpec } from "./sources/contract.ts";
import { SOURCE_BY_FILE, SOURCES, SPEC_VERSIONS } from "./sources/index.ts";

export const FOLDER_RE = /^registry-extract-(\d{4}-\d{2}-\d{2})$/;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const manifestSchema = z.object({
  spec_version: z.string(),
  extract_id: z.string().min(1),
  kind: z.enum(["full", "delta"]),
  as_of: isoDate,
  since: isoDate.nullable().optional().default(null),
  files: z.array(
    z.object({
      name: z.string().min(1),
      rows: z.number().int().min(0),
      sha256: z.string().regex(/^[0-9a-f]{64}$/i),
    }),
  ),
});

export type Manifest = z.infer<typeof manifestSchema>;

export interface Finding {
  code: ReasonCode;
  params: Record<string, unknown>;
}

export interface ExtractFolder {
  dir: string;
  folder: string;
  /** as_of from the manifest, or from the folder name when the manifest is unreadable. */
  asOf: string;
  manifestSha256: string;
  manifest: Manifest | null;
  /** A fault of the manifest itself (invalid, unknown spec version). */
  fault: Finding | null;
}

function sha256Buffer(buf: Buffer): string {
  return createHash("sha256").update(buf).digest("hex");
}

function readManifest(dir: string, folder: string, asOfFromName: string): ExtractFolder {
  const path = join(dir, "manifest.json");
  const bytes = statSync(path).size > 0 ? readFileBytes(path) : Buffer.alloc(0);
  const base = { dir, folder, asOf: asOfFromName, manifestSha256: sha256Buffer(bytes) };
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch (e) {
    return {
      ...base,
      manifest: null,
      fault: { code: "manifest_invalid", params: { extract: folder, detail: (e as Error).message } },
    };
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    return {
      ...base,
      manifest: null,
      fault: { code: "manifest_invalid", params: { extract: folder, detail } },
    };
  }
  const manifest = parsed.data;
  if (!(SPEC_VERSIONS as readonly string[]).includes(manifest.spec_version)) {
    return {
      ...base,
      asOf: manifest.as_of,
      manifest,
      fault: {
        code: "unknown_spec_version",
        params: {
          extract: manifest.extract_id,
          value: manifest.spec_version,
          supported: SPEC_VERSIONS.join(", "),
        },
      },
    };
  }
  const detail = inconsistency(manifest, folder, asOfFromName);
  if (detail) {
    return {
      ...base,
      asOf: manifest.as_of,
      manifest,
      fault: { code: "manifest_invalid", params: { extract: manifest.extract_id, detail } },
    };
  }
  return { ...base, asOf: manifest.as_of, manifest, fault: null };
}

const ID_RE = /^CTREG-(\d{4}-\d{2}-\d{2})-(FULL|DELTA)$/i;

/**
 * What contradicts itself in a manifest that parsed: a delta without `since`, or with a `since`
 * not before its `as_of`; an `as_of` other than the folder's date (the spec names the folder for
 * it); an extract id in the registry's `CTREG-<date>-<KIND>` form naming another date or kind.
 * Loading any of these would file the data under a date nobody can vouch for.
 */
function inconsistency(m: Manifest, folder: string, asOfFromName: string): string | null {
  if (m.kind === "delta" && !m.since) return "a delta needs since";
  if (m.kind === "delta" && m.since! >= m.as_of)
    return `since ${m.since} is not before as_of ${m.as_of}; a delta covers the days after since up to as_of`;
  if (m.as_of !== asOfFromName)
    return `as_of is ${m.as_of} but the folder is named ${folder}; the folder must carry the extract's as_of date`;
  const id = ID_RE.exec(m.extract_id);
  if (id && (id[1] !== m.as_of || id[2]!.toLowerCase() !== m.kind))
    return `extract_id ${m.extract_id} names ${id[1]} ${id[2]!.toUpperCase()}, but the manifest says as_of ${m.as_of}, kind ${m.kind}`;
  return null;
}

function readFileBytes(path: string): Buffer {
  const fd = openSync(path, "r");
  try {
    const size = statSync(path).size;
    const buf = Buffer.alloc(size);
    let off = 0;
    while (off < size) off += readSync(fd, buf, off, size - off, off);
    return buf;
  } finally {
    closeSync(fd);
  }
}

/**
 * Complete extracts in the inbox (folders named registry-extract-YYYY-MM-DD with a manifest.json),
 * in load order: as_of, then full before delta, then extract id.
 */
export function findExtracts(inbox: string): ExtractFolder[] {
  if (!existsSync(inbox)) return [];
  const found: ExtractFolder[] = [];
  for (const entry of readdirSync(inbox, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const m = FOLDER_RE.exec(entry.name);
    if (!m) continue;
    const dir = join(inbox, entry.name);
    if (!existsSync(join(dir, "manifest.json"))) continue; // still being written
    found.push(readManifest(dir, entry.name, m[1]!));
  }
  const kindRank = (e: ExtractFolder) => (e.manifest?.kind === "delta" ? 1 : 0);
  return found.sort(
    (a, b) =>
      a.asOf.localeCompare(b.asOf) ||
      kindRank(a) - kindRank(b) ||
      (a.manifest?.extract_id ?? a.folder).localeCompare(b.manifest?.extract_id ?? b.folder),
  );
}

/** A listed file after the checks that need no CSV parse. */
export interface FileCheck {
  name: string;
  path: string;
  source: SourceSpec | null;
  manifestRows: number;
  manifestSha256: string;
  exists: boolean;
  size: number;
  sha256: string | null;
  /** The file's columns as DuckDB will name them (contract names, extras as _extraN). */
  fileColumns: string[];
  /** Ends with a line end (a last line without one is legitimate, but matters for truncation). */
  endsWithNewline: boolean;
  /** The first structural fault found before parsing (missing, empty, header drift). */
  fault: Finding | null;
  /** Reported but not blocking (column_extra, file_unknown). */
  warnings: Finding[];
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

function readHead(path: string, max: number): Buffer {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(max);
    const n = readSync(fd, buf, 0, max, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function lastByte(path: string, size: number): number {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(1);
    readSync(fd, buf, 0, 1, size - 1);
    return buf[0]!;
  } finally {
    closeSync(fd);
  }
}

/** The header row's field names (BOM stripped), or null when the file has no header line. */
export function readHeader(path: string): string[] | null {
  let head = readHead(path, 1 << 16).toString("utf8");
  if (head.charCodeAt(0) === 0xfeff) head = head.slice(1);
  if (head.length === 0) return null;
  const end = head.indexOf("\n");
  const line = (end === -1 ? head : head.slice(0, end)).replace(/\r$/, "");
  if (line === "") return null;
  const rows = parse(line, { relax_quotes: true, relax_column_count: true }) as string[][];
  return rows[0] ?? null;
}

/** Header drift against the contract: the first fault, the warnings and the DuckDB column names. */
export function matchHeader(
  extract: string,
  file: string,
  source: SourceSpec,
  header: readonly string[],
): { fault: Finding | null; warnings: Finding[]; fileColumns: string[] } {
  const known = new Set(source.columns.map((c) => c.name));
  const counts = new Map<string, number>();
  for (const h of header) counts.set(h, (counts.get(h) ?? 0) + 1);
  const unknown = header.filter((h) => !known.has(h));
  const missing = source.columns.filter((c) => !counts.has(c.name)).map((c) => c.name);
  let extra = 0;
  const fileColumns = header.map((h) => (known.has(h) ? h : extraName(++extra)));
  const warnings: Finding[] = unknown.map((column) => ({
    code: "column_extra",
    params: { extract, file, column },
  }));
  const duplicated = source.columns.find((c) => (counts.get(c.name) ?? 0) > 1);
  const dupUnknown = [...counts].find(([h, n]) => n > 1 && !known.has(h));
  if (duplicated || dupUnknown) {
    const column = duplicated?.name ?? dupUnknown![0];
    return {
      fault: { code: "column_duplicated", params: { extract, file, column, count: counts.get(column) } },
      warnings,
      fileColumns,
    };
  }
  if (missing.length > 0 && unknown.length > 0) {
    return {
      fault: { code: "column_renamed", params: { extract, file, column: missing[0], found: unknown[0] } },
      warnings: [],
      fileColumns,
    };
  }
  if (missing.length > 0) {
    const optional = new Set(source.columns.filter((c) => c.optional).map((c) => c.name));
    const kinds = new Set(missing.map((c) => (optional.has(c) ? "optional" : "required")));
    const columns = missing.length === 1 ? `column ${missing[0]} is` : `columns ${missing.join(", ")} are`;
    return {
      fault: {
        code: "column_missing",
        params: {
          extract,
          file,
          column: missing[0],
          columns,
          which: kinds.size === 2 ? "required and optional" : [...kinds][0],
        },
      },
      warnings,
      fileColumns,
    };
  }
  return { fault: null, warnings, fileColumns };
}

/** Check one listed file: presence, emptiness, header; sha256 is computed here too. */
export async function checkListedFile(
  extract: ExtractFolder,
  listed: { name: string; rows: number; sha256: string },
): Promise<FileCheck> {
  const extractId = extract.manifest?.extract_id ?? extract.folder;
  const path = join(extract.dir, listed.name);
  const source = SOURCE_BY_FILE.get(listed.name) ?? null;
  const check: FileCheck = {
    name: listed.name,
    path,
    source,
    manifestRows: listed.rows,
    manifestSha256: listed.sha256.toLowerCase(),
    exists: existsSync(path),
    size: 0,
    sha256: null,
    fileColumns: [],
    endsWithNewline: true,
    fault: null,
    warnings: [],
  };
  if (!source) {
    check.warnings.push({ code: "file_unknown", params: { extract: extractId, file: listed.name } });
    return check;
  }
  if (!check.exists) {
    check.fault = { code: "file_missing", params: { extract: extractId, file: listed.name } };
    return check;
  }
  check.size = statSync(path).size;
  check.sha256 = await sha256File(path);
  if (check.sha256 !== check.manifestSha256) {
    check.fault = {
      code: "sha256_mismatch",
      params: { extract: extractId, file: listed.name, actual: check.sha256, expected: check.manifestSha256 },
    };
    return check;
  }
  const header = check.size > 0 ? readHeader(path) : null;
  if (header === null) {
    check.fault = { code: "file_empty", params: { extract: extractId, file: listed.name } };
    return check;
  }
  check.endsWithNewline = lastByte(path, check.size) === 0x0a;
  const matched = matchHeader(extractId, listed.name, source, header);
  check.fault = matched.fault;
  check.warnings = matched.warnings;
  check.fileColumns = matched.fileColumns;
  return check;
}

/** Files in the extract folder that the manifest does not list. */
export function unlistedFiles(extract: ExtractFolder): string[] {
  const listed = new Set(extract.manifest?.files.map((f) => f.name) ?? []);
  return readdirSync(extract.dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name !== "manifest.json" && !listed.has(e.name))
    .map((e) => e.name)
    .sort();
}

/** Listed files in contract order (then any files outside the contract, by name). */
export function orderedListedFiles(manifest: Manifest): Manifest["files"] {
  const rank = (name: string) => {
    const i = SOURCES.findIndex((s) => s.file === name);
    return i === -1 ? SOURCES.length : i;
  };
  return [...manifest.files].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}
