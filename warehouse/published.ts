/**
 * The published zone, `<data-dir>/published/`, switched between versions atomically:
 *
 * ```
 * published/
 *   versions/<version>/          one complete publication: analytics.duckdb, parquet/, site/, manifest.json
 *   versions/.staging-<version>/ a publication being written (removed when it fails or is left by a crash)
 *   current -> versions/<version>           the one pointer; replaced with rename(2), so atomically
 *   analytics.duckdb -> current/analytics.duckdb   stable paths for analysts and the web server
 *   parquet -> current/parquet
 *   site -> current/site
 * ```
 *
 * A new version is written beside the current one, completed (manifest with the sha256 of every
 * file last), renamed from `.staging-<v>` to `<v>`, and only then does `current` switch: the analyst
 * copy and the site change together, in one rename. A reader that resolved `current` before the
 * switch keeps reading the old files; the last few versions are kept (KEEP_VERSIONS).
 */
import { createHash } from "node:crypto";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { basename, join, relative } from "node:path";
import writeFileAtomic from "write-file-atomic";

export const KEEP_VERSIONS = 3;
const STAGING_PREFIX = ".staging-";

export interface PublishedPaths {
  root: string;
  versions: string;
  current: string;
  analytics: string;
  parquet: string;
  site: string;
}

export function publishedPaths(dataDir: string): PublishedPaths {
  const root = join(dataDir, "published");
  return {
    root,
    versions: join(root, "versions"),
    current: join(root, "current"),
    analytics: join(root, "analytics.duckdb"),
    parquet: join(root, "parquet"),
    site: join(root, "site"),
  };
}

export interface PublishedTable {
  name: string;
  rows: number;
  columns: string[];
  /** Parquet path relative to the version folder (a folder of fiscal_year=YYYY/ parts when partitioned). */
  parquet: string;
  partitioned_by: string | null;
}

export interface VersionManifest {
  version: string;
  created_at: string;
  run_id: string | null;
  build_id: string | null;
  /** Newest loaded extract behind this publication. */
  extract_id: string | null;
  as_of: string | null;
  pseudonym_key: "secret" | "demo";
  tables: PublishedTable[];
  dropped_columns: { table: string; column: string; reason: string }[];
  pseudonymised_columns: { table: string; column: string }[];
  /** Values set to null because they would disclose personal data (a date equal to the person's birth date). */
  redacted_values: { table: string; column: string; count: number; reason: string }[];
  has_site: boolean;
  /**
   * What a `workforce run` made this version from (extract, code, key: run-inputs.ts); a later run
   * that loads nothing new and finds the same keeps this version. Absent when `publish` made it.
   */
  inputs?: string;
  /** sha256 of every file of the version (paths relative to it), manifest excluded. */
  files: Record<string, string>;
}

export function newVersionId(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.(\d+)Z$/, "$1Z");
  return `v${stamp}-${process.pid}`;
}

export function stagingDir(dataDir: string, version: string): string {
  return join(publishedPaths(dataDir).versions, `${STAGING_PREFIX}${version}`);
}

function walk(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p, base));
    else if (e.isFile()) out.push(relative(base, p));
  }
  return out.sort();
}

function sha256File(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

export function hashFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of walk(dir)) if (f !== "manifest.json") files[f] = sha256File(join(dir, f));
  return files;
}

/** Replace (or create) the symlink `path` -> `target` atomically: a new link, then rename over. */
function switchLink(path: string, target: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  symlinkSync(target, tmp);
  renameSync(tmp, path);
}

function ensureStableLinks(p: PublishedPaths): void {
  for (const [path, target] of [
    [p.analytics, "current/analytics.duckdb"],
    [p.parquet, "current/parquet"],
    [p.site, "current/site"],
  ] as const) {
    let ok = false;
    try {
      ok = lstatSync(path).isSymbolicLink() && readlinkSync(path) === target;
    } catch {}
    if (!ok) {
      rmSync(path, { recursive: true, force: true });
      switchLink(path, target);
    }
  }
}

/**
 * Complete a staged version: write its manifest (file hashes last), rename it into place and switch
 * `current` to it. Older versions beyond KEEP_VERSIONS are removed.
 */
export function commitVersion(
  dataDir: string,
  staging: string,
  manifest: Omit<VersionManifest, "files">,
): VersionManifest {
  const p = publishedPaths(dataDir);
  const full: VersionManifest = { ...manifest, files: hashFiles(staging) };
  writeFileAtomic.sync(join(staging, "manifest.json"), `${JSON.stringify(full, null, 2)}\n`);
  const final = join(p.versions, manifest.version);
  renameSync(staging, final);
  switchLink(p.current, join("versions", manifest.version));
  ensureStableLinks(p);
  pruneVersions(dataDir);
  return full;
}

/** The current version's folder and manifest, or null when nothing was published yet. */
export function currentVersion(dataDir: string): { dir: string; manifest: VersionManifest } | null {
  const p = publishedPaths(dataDir);
  let dir: string;
  try {
    dir = realpathSync(p.current);
  } catch {
    return null;
  }
  const manifestPath = join(dir, "manifest.json");
  if (!existsSync(manifestPath)) return null;
  return { dir, manifest: JSON.parse(readFileSync(manifestPath, "utf8")) as VersionManifest };
}

/** Problems with a published version: files missing, changed or not in its manifest. Empty = intact. */
export function verifyVersion(dir: string): string[] {
  const manifestPath = join(dir, "manifest.json");
  if (!existsSync(manifestPath)) return [`${basename(dir)}: no manifest.json`];
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as VersionManifest;
  const actual = hashFiles(dir);
  const problems: string[] = [];
  for (const [f, h] of Object.entries(manifest.files)) {
    if (!(f in actual)) problems.push(`${f}: missing`);
    else if (actual[f] !== h) problems.push(`${f}: changed`);
  }
  for (const f of Object.keys(actual)) if (!(f in manifest.files)) problems.push(`${f}: not in the manifest`);
  return problems;
}

/** Remove staging folders left by runs that died, and versions beyond the newest `keep` (never current). */
export function pruneVersions(dataDir: string, keep = KEEP_VERSIONS): void {
  const p = publishedPaths(dataDir);
  if (!existsSync(p.versions)) return;
  const current = currentVersion(dataDir)?.manifest.version;
  const entries = readdirSync(p.versions).sort();
  const versions = entries.filter((e) => !e.startsWith("."));
  const old = versions.slice(0, Math.max(0, versions.length - keep));
  for (const v of old) if (v !== current) rmSync(join(p.versions, v), { recursive: true, force: true });
}

/** Remove `.staging-*` folders (a publish that died); call while holding the run lock. */
export function removeStaleStaging(dataDir: string): string[] {
  const p = publishedPaths(dataDir);
  if (!existsSync(p.versions)) return [];
  const removed: string[] = [];
  for (const e of readdirSync(p.versions)) {
    if (e.startsWith(STAGING_PREFIX)) {
      rmSync(join(p.versions, e), { recursive: true, force: true });
      removed.push(e);
    }
  }
  for (const e of readdirSync(p.root)) {
    if (/\.tmp-\d+$/.test(e)) rmSync(join(p.root, e), { force: true });
  }
  return removed;
}

export function ensurePublishedRoot(dataDir: string): PublishedPaths {
  const p = publishedPaths(dataDir);
  mkdirSync(p.versions, { recursive: true });
  return p;
}
