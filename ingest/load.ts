/**
 * Loading one extract in one transaction: check the listed files, stage each one (parse + per-row
 * checks), run the checks across rows and files, account for every record, then either hold the
 * whole extract (a file-level fault; nothing of it is written but the ledger and the load log) or
 * write raw versions, quarantine, duplicates, load log and ledger, and commit.
 */
import type { DuckDBAppender, DuckDBConnection } from "@duckdb/node-api";
import { ident, lit } from "../warehouse/db.ts";
import { formatReason, hintFor, type ReasonCode } from "../warehouse/errors.ts";
import { applyFile } from "./apply.ts";
import {
  checkListedFile,
  type ExtractFolder,
  type FileCheck,
  type Finding,
  orderedListedFiles,
  unlistedFiles,
} from "./extract.ts";
import { keyText, type QuarantineRow, quarantineRow, type RejectedRow } from "./messages.ts";
import {
  DEFAULT_REJECT_RATE_LIMIT,
  FILE_FAULT_PRECEDENCE,
  FULL_SHRINK_LIMIT,
  fileFaultHoldsExtract,
  fullExtractShrinks,
  rejectRateExceeded,
} from "./policy.ts";
import { rejectCode, rejectedFields } from "./raw-records.ts";
import { referenceChecks } from "./references.ts";
import { dropWaitingBeforeFull, keepWaiting, type Replayed, replayWaiting, waitingCounts } from "./replay.ts";
import { completeSwaps } from "./schema.ts";
import { dropStage, rows, type Staged, scalar, stageFile } from "./stage.ts";
import {
  checkDuplicates,
  checkOrphans,
  checkQsmOverlap,
  DEDUP,
  dupInfoTable,
  qsmInfoTable,
  setAsideParents,
} from "./validate.ts";

export type FileStatus = "loaded" | "rejected" | "not_loaded" | "ignored";

export interface ReasonCount {
  code: string;
  count: number;
}

export interface FileReport {
  file: string;
  status: FileStatus;
  reason_code: string | null;
  message: string | null;
  hint: string | null;
  warnings: { code: string; message: string }[];
  manifest_records: number | null;
  records: number | null;
  loaded: number | null;
  quarantined: number | null;
  deduplicated: number | null;
  inserted: number | null;
  unchanged: number | null;
  top_reasons: ReasonCount[];
}

export type ProgressEvent =
  | { phase: "extract"; extract: string; index: number; total: number }
  | {
      phase: "verify" | "parse" | "validate" | "apply";
      extract: string;
      file: string;
      done: number;
      total: number;
    }
  | { phase: "commit"; extract: string };

/**
 * Connections staging bulk files at once, whole files side by side, with DuckDB's `threads` set to
 * `stageThreads` while they run. On the 2-core machines that is one thread per file: measured on
 * 10.4 million records, 11.7-11.9 s against 13.5-14.0 s for two connections of two threads each. A
 * single-threaded insert keeps file order by construction and fills its row groups (the parallel
 * order-preserving insert leaves partial ones, which the checkpoint after the load transaction
 * then merged: 1.6 s against 0.5 s, and a file 18% larger).
 */
export const STAGE_CONNECTIONS = 3;

/**
 * DuckDB's `threads` while bulk files are staged, from its value otherwise (the cores). Each staging
 * connection runs its statement on its own thread and the setting's other threads - 1 are shared
 * workers, so `cores - (STAGE_CONNECTIONS - 1)`, at least 1, keeps about one thread per core: 1 on
 * two cores; with more cores, files are read by several threads again (one thread per file would
 * make the largest file the load's critical path).
 */
export function stageThreads(cores: number): number {
  return Math.max(1, cores - (STAGE_CONNECTIONS - 1));
}

export interface LoadOptions {
  rejectRateLimit?: number;
  /**
   * Files a full extract may end most of the current records of: "people.csv" (any full extract of
   * this ingest) or "CTREG-2026-07-01-FULL/people.csv" (that one).
   */
  acceptShrink?: readonly string[];
  /** A new connection to the warehouse, to stage bulk files side by side (without it: one at a time). */
  connect?: () => Promise<DuckDBConnection>;
  onProgress?: (e: ProgressEvent) => void;
}

export interface LoadResult {
  status: "loaded" | "held";
  reason_code: string | null;
  message: string | null;
  hint: string | null;
  files: FileReport[];
  /** Records set aside by earlier extracts that loaded with this one (`replay.ts`). */
  replayed: Replayed[];
}

/** Test hook: `WORKFORCE_INGEST_KILL_AT=<point>` or `<point>@<extract_id>` kills the process there. */
export function faultPoint(point: string, extractId: string): void {
  const at = process.env.WORKFORCE_INGEST_KILL_AT;
  if (at && (at === point || at === `${point}@${extractId}`)) process.kill(process.pid, "SIGKILL");
}

const faultRank = (code: string) => {
  const i = (FILE_FAULT_PRECEDENCE as readonly string[]).indexOf(code);
  return i === -1 ? FILE_FAULT_PRECEDENCE.length : i;
};

function message(f: Finding): string {
  return formatReason(f.code, f.params);
}

function emptyReport(check: FileCheck): FileReport {
  return {
    file: check.name,
    status: "not_loaded",
    reason_code: null,
    message: null,
    hint: null,
    warnings: check.warnings.map((w) => ({ code: w.code, message: message(w) })),
    manifest_records: check.manifestRows,
    records: null,
    loaded: null,
    quarantined: null,
    deduplicated: null,
    inserted: null,
    unchanged: null,
    top_reasons: [],
  };
}

function setFault(report: FileReport, f: Finding): void {
  report.status = "rejected";
  report.reason_code = f.code;
  report.message = message(f);
  report.hint = hintFor(f.code, f.params);
}

/**
 * The first file fault found after parsing: header only, truncated (the last record is cut short
 * and the file does not end with a line end), record count.
 */
function parsedFault(extractId: string, check: FileCheck, st: Staged): Finding | null {
  const base = { extract: extractId, file: check.name };
  if (st.records === 0 && check.manifestRows > 0) {
    return { code: "header_only", params: { ...base, expected: check.manifestRows } };
  }
  if (st.lastRecordIncomplete) return { code: "file_truncated", params: { ...base, record: st.records } };
  if (st.records !== check.manifestRows) {
    return {
      code: "row_count_mismatch",
      params: { ...base, actual: st.records, expected: check.manifestRows },
    };
  }
  return null;
}

async function isEmpty(con: DuckDBConnection, source: string): Promise<boolean> {
  return (
    Number(await scalar<bigint>(con, `SELECT count(*) FROM (SELECT 1 FROM raw.${ident(source)} LIMIT 1)`)) ===
    0
  );
}

async function countOutcomes(con: DuckDBConnection, st: Staged) {
  const byCode = await rows(
    con,
    `SELECT split_part(_fail, ':', 1) AS code, count(*) AS n FROM ${st.table} GROUP BY 1`,
  );
  const counts = new Map<string, number>();
  let loaded = 0;
  let deduplicated = 0;
  let quarantined = st.rejects.length;
  for (const x of byCode) {
    const n = Number(x.n);
    if (x.code === null) loaded += n;
    else if (x.code === DEDUP) deduplicated += n;
    else {
      quarantined += n;
      counts.set(String(x.code), n);
    }
  }
  for (const rj of st.rejects) {
    const code = rejectCode(rj.errorType);
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  const top = [...counts]
    .map(([code, count]) => ({ code, count }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  return { loaded, deduplicated, quarantined, top };
}

/**
 * How many current records of an entity a full extract's file would end (apply.ts ends every
 * current record whose key the file does not contain, set-aside records included), and how many
 * there are; null when the entity has none (a first load) or the file is not an entity file.
 */
async function fullExtractEnding(
  con: DuckDBConnection,
  st: Staged,
  asOf: string,
): Promise<{ current: number; ending: number } | null> {
  const s = st.source;
  if (s.mode !== "entity" || st.bulk) return null;
  const raw = `raw.${ident(s.name)}`;
  const match = s.key.map((k) => `x.${ident(k)} = r.${ident(k)}`).join(" AND ");
  const [r] = await rows(
    con,
    `SELECT count(*) AS current,
            count(*) FILTER (WHERE r._valid_from < DATE ${lit(asOf)}
                             AND NOT EXISTS (SELECT 1 FROM ${st.table} x WHERE ${match})) AS ending
     FROM ${raw} r WHERE r._valid_to IS NULL`,
  );
  const current = Number(r!.current);
  return current === 0 ? null : { current, ending: Number(r!.ending) };
}

/** Quarantine rows of one staged file, worded (messages need the contract, so this runs in JS). */
async function quarantineRows(
  con: DuckDBConnection,
  st: Staged,
  extractId: string,
  asOf: string,
  staged: ReadonlyMap<string, Staged>,
): Promise<QuarantineRow[]> {
  const s = st.source;
  const file = st.check.name;
  const fileCols = st.layout.fileColumns;
  const out: QuarantineRow[] = [];
  const refs = referenceChecks(s);
  // The reference a column makes (verifications' record_id: the one its record_type names).
  const refOf = (column: string, get: (c: string) => string | null) =>
    refs.find(
      (r) =>
        r.column === column && (!r.discriminator || get(r.discriminator.column) === r.discriminator.value),
    );
  const typedCols = s.columns.map((c) => `CAST(v.${ident(c.name)} AS VARCHAR) AS ${ident(`t_${c.name}`)}`);
  const failed = await rows(
    con,
    `SELECT v._rec, v._fail, v._raw, d.n AS dup_n, d.loaded_from, d.was, q.other, CAST(q.other_start AS VARCHAR) AS other_start,
            ${typedCols.join(", ")}
     FROM ${ident(st.view)} v
     LEFT JOIN ${ident(dupInfoTable(s))} d ON d._rid = v._rid
     ${s.name === "classroom_staffing" ? `LEFT JOIN ${ident(qsmInfoTable(s))} q ON q._rid = v._rid` : "LEFT JOIN (SELECT NULL::BIGINT AS _rid, NULL::VARCHAR AS other, NULL::DATE AS other_start) q ON false"}
     WHERE v._fail IS NOT NULL AND NOT starts_with(v._fail, '${DEDUP}:')
     ORDER BY v._rec`,
  );
  const read = failed.map((f) => {
    const [code, column] = String(f._fail).split(":") as [string, string];
    const raw = f._raw as { items: (string | null)[] } | null;
    const rawItems = raw ? raw.items : null;
    const get = (c: string): string | null => {
      if (rawItems) {
        const i = fileCols.indexOf(c);
        if (i !== -1) return rawItems[i] ?? null;
      }
      const t = f[`t_${c}`];
      return t === null || t === undefined ? null : String(t);
    };
    const ref = column ? refOf(column, get) : undefined;
    return { f, code, column, rawItems, get, ref };
  });
  // The set-aside records that records set aside with them refer to, by referenced file.
  const parents = new Map<string, Awaited<ReturnType<typeof setAsideParents>>>();
  for (const target of new Set(read.filter((x) => x.code === "parent_set_aside").map((x) => x.ref!.target))) {
    const keys = read.filter((x) => x.code === "parent_set_aside" && x.ref!.target === target);
    parents.set(
      target,
      await setAsideParents(
        con,
        target,
        staged.get(target),
        keys.map((x) => x.get(x.column) ?? ""),
      ),
    );
  }
  for (const { f, code, column, rawItems, get, ref } of read) {
    const fields = rawItems ? rawItems.filter((x) => x !== null) : [];
    const parent =
      ref && code === "parent_set_aside" ? parents.get(ref.target)?.get(get(column) ?? "") : undefined;
    const rejected: RejectedRow = {
      record: Number(f._rec),
      code,
      column: column === "" ? null : column,
      get,
      found: fields.length,
      expected: fileCols.length,
      detail: fields.join(","),
      dupCount: f.dup_n === null ? undefined : Number(f.dup_n),
      loadedFrom: (f.loaded_from as string | null) ?? null,
      was: (f.was as string | null) ?? null,
      other: (f.other as string | null) ?? null,
      otherStart: (f.other_start as string | null) ?? null,
      target: ref ? `${ref.target}.${ref.targetColumn}` : undefined,
      parent,
    };
    out.push(quarantineRow(extractId, asOf, s, file, rejected));
  }
  // DuckDB's copy of a record that is not valid UTF-8 is mangled: those are read from the file.
  const readBack = rejectedFields(st.check.path, st.rejects);
  for (const rj of st.rejects) {
    const { fields, fromFile: raw } = readBack.get(rj.record)!;
    const get = (c: string): string | null => {
      const i = fileCols.indexOf(c);
      return i === -1 ? null : (fields[i] ?? null);
    };
    const code = rejectCode(rj.errorType);
    const row = quarantineRow(extractId, asOf, s, file, {
      record: rj.record,
      code,
      column: code === "invalid_encoding" ? rj.column : null,
      get,
      found: fields.length,
      expected: fileCols.length,
      detail:
        code === "malformed_record"
          ? rj.detail
          : raw
            ? fields.join(",")
            : (rj.line ?? "").replace(/^\r?\n/, ""),
    });
    row.key = keyText(s, get);
    out.push(row);
  }
  return out;
}

async function appendQuarantine(con: DuckDBConnection, q: QuarantineRow[]): Promise<void> {
  if (q.length === 0) return;
  const ap: DuckDBAppender = await con.createAppender("quarantine", "meta");
  const str = (v: string | null) => (v === null ? ap.appendNull() : ap.appendVarchar(v));
  for (const r of q) {
    ap.appendVarchar(r.extract_id);
    ap.appendVarchar(r.file);
    ap.appendBigInt(BigInt(r.record));
    str(r.column);
    str(r.value);
    ap.appendVarchar(r.reason_code);
    ap.appendVarchar(r.message);
    str(r.key);
    ap.endRow();
  }
  ap.closeSync();
}

async function insertDuplicates(con: DuckDBConnection, st: Staged, extractId: string): Promise<void> {
  const s = st.source;
  const key = s.key.map((k) => `coalesce(CAST(v.${ident(k)} AS VARCHAR), '')`).join(" || '|' || ");
  await con.run(
    `INSERT INTO meta.duplicates
     SELECT ${lit(extractId)}, ${lit(st.check.name)}, v._rec, ${key}, k._rec
     FROM ${ident(st.view)} v JOIN ${ident(dupInfoTable(s))} d ON d._rid = v._rid
       JOIN ${ident(st.view)} k ON k._rid = d.first_rid
     WHERE starts_with(v._fail, '${DEDUP}:')`,
  );
}

async function writeLoadLog(
  con: DuckDBConnection,
  extractId: string,
  files: FileReport[],
  shas: Map<string, string | null>,
  loadIds: Map<string, number> = new Map(),
) {
  const values = files.map((f) =>
    [
      lit(extractId),
      lit(f.file),
      lit(f.status),
      f.reason_code === null ? "NULL" : lit(f.reason_code),
      f.message === null ? "NULL" : lit(f.message),
      f.manifest_records ?? "NULL",
      f.records ?? "NULL",
      f.loaded ?? "NULL",
      f.quarantined ?? "NULL",
      f.deduplicated ?? "NULL",
      f.inserted ?? "NULL",
      f.unchanged ?? "NULL",
      shas.get(f.file) ? lit(shas.get(f.file)!) : "NULL",
      f.status === "loaded" ? (loadIds.get(f.file) ?? "NULL") : "NULL",
    ].join(", "),
  );
  if (values.length > 0)
    await con.run(`INSERT INTO meta.load_log VALUES ${values.map((v) => `(${v})`).join(", ")}`);
}

async function writeLedger(
  con: DuckDBConnection,
  ex: ExtractFolder,
  status: "loaded" | "held",
  reason: string | null,
  msg: string | null,
): Promise<void> {
  const m = ex.manifest!;
  await con.run(
    `DELETE FROM meta.extracts WHERE extract_id = ${lit(m.extract_id)};
     INSERT INTO meta.extracts VALUES (${lit(m.extract_id)}, ${lit(m.kind)}, DATE ${lit(m.as_of)},
       ${m.since ? `DATE ${lit(m.since)}` : "NULL"}, ${lit(ex.folder)}, ${lit(ex.manifestSha256)}, ${lit(status)},
       ${reason ? lit(reason) : "NULL"}, ${msg ? lit(msg) : "NULL"},
       ${status === "loaded" ? "now()::TIMESTAMP" : "NULL"})`,
  );
}

/** Remove what an earlier run recorded for an extract that was held (it is being tried again). */
async function clearHeld(con: DuckDBConnection, extractId: string): Promise<void> {
  await con.run(
    `DELETE FROM meta.load_log WHERE extract_id = ${lit(extractId)};
     DELETE FROM meta.quarantine WHERE extract_id = ${lit(extractId)};
     DELETE FROM meta.duplicates WHERE extract_id = ${lit(extractId)};
     DELETE FROM meta.extracts WHERE extract_id = ${lit(extractId)}`,
  );
}

export async function loadExtract(
  con: DuckDBConnection,
  ex: ExtractFolder,
  opts: LoadOptions = {},
): Promise<LoadResult> {
  const m = ex.manifest!;
  const extractId = m.extract_id;
  const progress = opts.onProgress ?? (() => {});
  const listed = orderedListedFiles(m);
  const checks: FileCheck[] = [];
  for (const [i, f] of listed.entries()) {
    progress({ phase: "verify", extract: extractId, file: f.name, done: i, total: listed.length });
    checks.push(await checkListedFile(ex, f));
  }
  const reports = new Map<string, FileReport>(checks.map((c) => [c.name, emptyReport(c)]));
  const faults = new Map<string, Finding>();
  for (const c of checks) if (c.fault) faults.set(c.name, c.fault);
  const unlisted: FileReport[] = unlistedFiles(ex).map((name) => {
    const f: Finding = { code: "file_unlisted", params: { extract: extractId, file: name } };
    return {
      ...emptyReport({ name, manifestRows: 0, warnings: [] } as unknown as FileCheck),
      manifest_records: null,
      status: "ignored",
      reason_code: f.code,
      message: message(f),
      hint: hintFor(f.code, f.params),
    };
  });
  for (const c of checks) {
    if (!c.source) {
      const r = reports.get(c.name)!;
      r.status = "ignored";
      r.reason_code = "file_unknown";
      r.message = r.warnings[0]?.message ?? null;
    }
  }

  const staged = new Map<string, Staged>();
  const toStage = checks.filter((c) => c.source && !c.fault);
  // Load ids of the files that can be written, in file-name order after the last one used (a
  // crashed run used none: nothing it did was committed).
  const lastLoadId = Number(
    await scalar<number | null>(con, "SELECT coalesce(max(load_id), 0) FROM meta.load_log"),
  );
  const loadIds = new Map(
    checks
      .filter((c) => c.source)
      .map((c) => c.name)
      .sort()
      .map((name, i) => [name, lastLoadId + 1 + i]),
  );
  // An empty raw table is loaded in bulk: its staging table becomes the raw table (no copy). Not
  // worth it when a file fault already holds the extract.
  const holds = [...faults.values()].some((f) => fileFaultHoldsExtract(f.code));
  const bulk = new Map<string, boolean>();
  for (const c of toStage) bulk.set(c.name, !holds && (await isEmpty(con, c.source!.name)));
  // Bulk files are staged STAGE_CONNECTIONS at a time (largest first), each on a connection of its
  // own (`con` keeps the views); files staged into temporary tables only on `con`, one by one.
  const own: DuckDBConnection[] = [];
  if (opts.connect && toStage.length > 1 && toStage.every((c) => bulk.get(c.name))) {
    try {
      for (let i = 0; i < STAGE_CONNECTIONS; i++) own.push(await opts.connect());
    } catch (e) {
      for (const r of own) r.closeSync();
      throw e;
    }
  }
  const readers = own.length > 0 ? own : [con];
  const results = new Map<string, Staged>();
  const queue = [...toStage].sort((a, b) => b.size - a.size || a.name.localeCompare(b.name));
  let started = 0;
  let stop = false;
  const work = async (reader: DuckDBConnection) => {
    for (let c = queue.shift(); c && !stop; c = queue.shift()) {
      progress({ phase: "parse", extract: extractId, file: c.name, done: started++, total: toStage.length });
      faultPoint(`parse:${c.name}`, extractId);
      try {
        results.set(
          c.name,
          await stageFile(con, c.source!, c, m.as_of, loadIds.get(c.name)!, bulk.get(c.name), reader),
        );
      } catch (e) {
        stop = true;
        throw e;
      }
    }
  };
  const threads = own.length > 0 ? await scalar<bigint>(con, "SELECT current_setting('threads')") : null;
  if (threads !== null) await con.run(`SET threads = ${stageThreads(Number(threads))}`);
  const outcomes = await Promise.allSettled(readers.map(work));
  if (threads !== null) await con.run(`SET threads = ${Number(threads)}`);
  for (const r of own) r.closeSync();
  const failed = outcomes.find((o) => o.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
  for (const c of toStage) {
    const st = results.get(c.name);
    if (!st) continue;
    staged.set(c.source!.name, st);
    const r = reports.get(c.name)!;
    r.records = st.records;
    const f = parsedFault(extractId, c, st);
    if (f) faults.set(c.name, f);
  }
  await con.run("BEGIN TRANSACTION");
  try {
    if (faults.size === 0) {
      const all = [...staged.values()];
      for (const [i, st] of all.entries()) {
        progress({ phase: "validate", extract: extractId, file: st.check.name, done: i, total: all.length });
        faultPoint(`validate:${st.check.name}`, extractId);
        await checkDuplicates(con, st);
        await checkOrphans(con, st, staged);
        await checkQsmOverlap(con, st, m.kind);
      }
      for (const st of all) {
        const r = reports.get(st.check.name)!;
        const o = await countOutcomes(con, st);
        Object.assign(r, {
          loaded: o.loaded,
          quarantined: o.quarantined,
          deduplicated: o.deduplicated,
          top_reasons: o.top,
        });
        if (o.loaded + o.quarantined + o.deduplicated !== st.records) {
          throw new Error(
            `${extractId}/${st.check.name}: accounting does not balance (${JSON.stringify(o)} vs ${st.records})`,
          );
        }
        const limit = opts.rejectRateLimit ?? DEFAULT_REJECT_RATE_LIMIT;
        if (rejectRateExceeded(st.records, o.quarantined, limit)) {
          faults.set(st.check.name, {
            code: "reject_rate_exceeded",
            params: {
              extract: extractId,
              file: st.check.name,
              rate: `${((100 * o.quarantined) / st.records).toFixed(1)}%`,
              limit: `${(100 * limit).toFixed(1)}%`,
            },
          });
        } else if (
          m.kind === "full" &&
          !(opts.acceptShrink ?? []).some((a) => a === st.check.name || a === `${extractId}/${st.check.name}`)
        ) {
          const shrink = await fullExtractEnding(con, st, m.as_of);
          if (shrink && fullExtractShrinks(shrink.current, shrink.ending)) {
            faults.set(st.check.name, {
              code: "full_extract_shrinks",
              params: {
                extract: extractId,
                file: st.check.name,
                records: st.records,
                current: shrink.current,
                ending: shrink.ending,
                rate: `${((100 * shrink.ending) / shrink.current).toFixed(1)}%`,
                limit: `${(100 * FULL_SHRINK_LIMIT).toFixed(1)}%`,
              },
            });
          }
        }
      }
    }
    if (faults.size > 0) {
      // A file held for its reject rate keeps its set-aside records, so that the operator can see
      // why (`workforce quarantine --extract`); they go when the extract is loaded or held again.
      const why: QuarantineRow[] = [];
      for (const st of staged.values())
        if (["reject_rate_exceeded", "full_extract_shrinks"].includes(faults.get(st.check.name)?.code ?? ""))
          why.push(...(await quarantineRows(con, st, extractId, m.as_of, staged)));
      await con.run("ROLLBACK");
      for (const st of staged.values()) await dropStage(con, st);
      return await hold(con, ex, checks, reports, faults, unlisted, staged, why);
    }
    await clearHeld(con, extractId);
    if (m.kind === "full") await dropWaitingBeforeFull(con, m.as_of);
    const waits = await waitingCounts(con);
    const quarantine: QuarantineRow[] = [];
    const all = [...staged.values()];
    const tableOf = (source: string) => {
      const t = staged.get(source);
      return t?.bulk ? t.table : null;
    };
    for (const [i, st] of all.entries()) {
      progress({ phase: "apply", extract: extractId, file: st.check.name, done: i, total: all.length });
      faultPoint(`apply:${st.check.name}`, extractId);
      const r = reports.get(st.check.name)!;
      // Read what is set aside before applying: a bulk load drops the rejected rows.
      const setAside = await quarantineRows(con, st, extractId, m.as_of, staged);
      quarantine.push(...setAside);
      await keepWaiting(con, st, m.as_of, {
        hasWaiting: waits.has(st.source.name),
        setsAside: setAside.some((x) => x.reason_code === "parent_set_aside"),
      });
      await insertDuplicates(con, st, extractId);
      const applied = await applyFile(
        con,
        st,
        { extractId, asOf: m.as_of, kind: m.kind, tableOf },
        r.loaded!,
      );
      r.inserted = applied.inserted;
      r.unchanged = applied.unchanged;
      r.status = "loaded";
      if (r.warnings.length > 0) {
        r.reason_code = r.warnings[0]!.code;
        r.message = r.warnings[0]!.message;
        r.hint = hintFor(r.reason_code as ReasonCode, {});
      }
    }
    await appendQuarantine(con, quarantine);
    const files = [...reports.values(), ...unlisted];
    await writeLoadLog(con, extractId, files, new Map(checks.map((c) => [c.name, c.sha256])), loadIds);
    const replayed = await replayWaiting(con, {
      extractId,
      asOf: m.as_of,
      tableOf,
      nextLoadId: lastLoadId + loadIds.size + 1,
    });
    await writeLedger(con, ex, "loaded", null, null);
    progress({ phase: "commit", extract: extractId });
    faultPoint("before_commit", extractId);
    await con.run("COMMIT");
    faultPoint("after_commit", extractId);
    await completeSwaps(
      con,
      [...staged.values()].filter((st) => st.bulk).map((st) => st.source.name),
    );
    for (const st of staged.values()) await dropStage(con, st);
    return { status: "loaded", reason_code: null, message: null, hint: null, files, replayed };
  } catch (e) {
    try {
      await con.run("ROLLBACK");
    } catch {
      // the transaction was already closed
    }
    for (const st of staged.values()) await dropStage(con, st);
    throw e;
  }
}

async function hold(
  con: DuckDBConnection,
  ex: ExtractFolder,
  checks: FileCheck[],
  reports: Map<string, FileReport>,
  faults: Map<string, Finding>,
  unlisted: FileReport[],
  staged: Map<string, Staged>,
  why: QuarantineRow[] = [],
): Promise<LoadResult> {
  const extractId = ex.manifest!.extract_id;
  for (const [file, f] of faults) setFault(reports.get(file)!, f);
  for (const r of reports.values()) {
    // A file rejected for its reject rate keeps what would have been set aside, and why.
    if (r.status === "rejected") r.loaded = null;
    if (r.status === "not_loaded") {
      r.loaded = null;
      r.quarantined = null;
      r.deduplicated = null;
      r.top_reasons = [];
    }
  }
  const first = [...faults.entries()].sort(
    (a, b) =>
      checks.findIndex((c) => c.name === a[0]) - checks.findIndex((c) => c.name === b[0]) ||
      faultRank(a[1].code) - faultRank(b[1].code),
  )[0]!;
  const params = { extract: extractId, file: first[0], reason: first[1].code };
  const msg = formatReason("extract_held", params);
  const files = [...reports.values(), ...unlisted];
  staged.clear();
  await con.run("BEGIN TRANSACTION");
  try {
    await clearHeld(con, extractId);
    await appendQuarantine(con, why);
    await writeLoadLog(con, extractId, files, new Map(checks.map((c) => [c.name, c.sha256])));
    await writeLedger(con, ex, "held", "extract_held", msg);
    await con.run("COMMIT");
  } catch (e) {
    await con.run("ROLLBACK");
    throw e;
  }
  return {
    status: "held",
    reason_code: "extract_held",
    message: msg,
    replayed: [],
    hint: hintFor("extract_held", params),
    files,
  };
}
