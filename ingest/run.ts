/**
 * `workforce ingest`: load every complete extract of the inbox, in as-of order, into the restricted
 * warehouse, exactly once. Decides per extract: skip (already loaded, same bytes), refuse (changed
 * bytes under a loaded id, older than what is loaded, invalid manifest; a delta whose `since` is
 * before the last loaded as-of: an overlap), wait (a delta whose `since` is after it: a gap; and
 * every delta after a gap or an overlap), or load (ingest/load.ts).
 */
import { existsSync, statSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import { openWriter, warehousePaths } from "../warehouse/db.ts";
import { EXIT, formatReason, hintFor, type ReasonCode, WorkforceError } from "../warehouse/errors.ts";
import { type ExtractFolder, findExtracts } from "./extract.ts";
import { type FileReport, type LoadOptions, loadExtract, type ProgressEvent } from "./load.ts";
import type { Replayed } from "./replay.ts";
import { ensureSchema, recoverLeftovers, upgradeLineage } from "./schema.ts";
import { rows } from "./stage.ts";

export type ExtractStatus =
  | "loaded"
  | "held"
  | "skipped"
  | "gap"
  | "overlap"
  | "waiting"
  | "stale"
  | "changed"
  | "invalid";

export interface ExtractReport {
  extract_id: string;
  folder: string;
  kind: string | null;
  as_of: string;
  since: string | null;
  status: ExtractStatus;
  reason_code: string | null;
  message: string | null;
  hint: string | null;
  duration_ms: number;
  files: FileReport[];
  /** Records set aside by earlier extracts that loaded with this one, once what they waited for had. */
  replayed: Replayed[];
}

export interface IngestSummary {
  inbox: string;
  warehouse: string;
  extracts: ExtractReport[];
  exit_code: number;
}

export interface IngestOptions extends LoadOptions {
  dataDir: string;
  inbox: string;
}

export type { FileReport, ProgressEvent };

interface Ledger {
  extract_id: string;
  as_of: string;
  status: string;
  manifest_sha256: string;
}

async function readLedger(con: DuckDBConnection): Promise<Map<string, Ledger>> {
  const r = await rows(
    con,
    "SELECT extract_id, CAST(as_of AS VARCHAR) AS as_of, status, manifest_sha256 FROM meta.extracts",
  );
  return new Map(r.map((x) => [String(x.extract_id), x as unknown as Ledger]));
}

function lastLoaded(ledger: Map<string, Ledger>): string | null {
  let last: string | null = null;
  for (const l of ledger.values())
    if (l.status === "loaded" && (last === null || l.as_of > last)) last = l.as_of;
  return last;
}

function report(
  ex: ExtractFolder,
  status: ExtractStatus,
  code: ReasonCode | null,
  params: Record<string, unknown> = {},
): ExtractReport {
  return {
    extract_id: ex.manifest?.extract_id ?? ex.folder,
    folder: ex.folder,
    kind: ex.manifest?.kind ?? null,
    as_of: ex.asOf,
    since: ex.manifest?.since ?? null,
    status,
    reason_code: code,
    message: code ? formatReason(code, params) : null,
    hint: code ? hintFor(code, params) : null,
    duration_ms: 0,
    files: [],
    replayed: [],
  };
}

/** Decide what to do with an extract before loading it; null = load it. */
function decide(
  ex: ExtractFolder,
  ledger: Map<string, Ledger>,
  blockedBy: string | null,
): ExtractReport | null {
  if (ex.fault) return report(ex, "invalid", ex.fault.code, ex.fault.params);
  const m = ex.manifest!;
  const extract = m.extract_id;
  const seen = ledger.get(extract);
  if (seen?.status === "loaded") {
    if (seen.manifest_sha256 === ex.manifestSha256)
      return report(ex, "skipped", "extract_already_loaded", { extract });
    return report(ex, "changed", "extract_changed", {
      extract,
      actual: ex.manifestSha256,
      expected: seen.manifest_sha256,
    });
  }
  const last = lastLoaded(ledger);
  if (last !== null && m.as_of <= last)
    return report(ex, "stale", "extract_stale", { extract, as_of: m.as_of, last });
  if (m.kind === "delta") {
    if (blockedBy) return report(ex, "waiting", "waiting_behind_gap", { extract, gap: blockedBy });
    if (last !== null && m.since !== null && m.since < last)
      return report(ex, "overlap", "delta_overlap", { extract, since: m.since, last });
    if (m.since !== last)
      return report(ex, "gap", "delta_gap", { extract, since: m.since, last: last ?? "none" });
  }
  return null;
}

/** Throws `inbox_not_found` (exit 2) unless `inbox` is a folder: a mistyped inbox is not an empty one. */
export function assertInbox(inbox: string): void {
  const problem = !existsSync(inbox)
    ? "does not exist"
    : !statSync(inbox).isDirectory()
      ? "is a file, not a folder"
      : null;
  if (problem) throw new WorkforceError("inbox_not_found", { inbox, problem }, EXIT.usage);
}

/** Load every complete extract of `inbox` into `<dataDir>/warehouse/warehouse.duckdb`. */
export async function ingest(opts: IngestOptions): Promise<IngestSummary> {
  // Before the warehouse is opened (or created).
  assertInbox(opts.inbox);
  const paths = warehousePaths(opts.dataDir);
  const db = await openWriter(opts.dataDir);
  const summary: IngestSummary = {
    inbox: opts.inbox,
    warehouse: paths.file,
    extracts: [],
    exit_code: EXIT.ok,
  };
  try {
    await ensureSchema(db.con);
    await recoverLeftovers(db.con);
    await upgradeLineage(db.con);
    const extracts = findExtracts(opts.inbox);
    let blockedBy: string | null = null;
    for (const [index, ex] of extracts.entries()) {
      const extractId = ex.manifest?.extract_id ?? ex.folder;
      opts.onProgress?.({ phase: "extract", extract: extractId, index, total: extracts.length });
      const ledger = await readLedger(db.con);
      const decided = decide(ex, ledger, blockedBy);
      if (decided) {
        summary.extracts.push(decided);
        if (["gap", "overlap", "waiting"].includes(decided.status) && !blockedBy) blockedBy = extractId;
        continue;
      }
      const started = Date.now();
      const result = await loadExtract(db.con, ex, { ...opts, connect: () => db.instance.connect() });
      const r = report(ex, result.status, null);
      Object.assign(r, {
        reason_code: result.reason_code,
        message: result.message,
        hint: result.hint,
        files: result.files,
        replayed: result.replayed,
        duration_ms: Date.now() - started,
      });
      summary.extracts.push(r);
      if (result.status === "held" && !blockedBy) blockedBy = extractId;
    }
  } finally {
    await db.close();
  }
  const failed = summary.extracts.some((e) => !["loaded", "skipped"].includes(e.status));
  summary.exit_code = failed ? EXIT.dataFailure : EXIT.ok;
  return summary;
}
