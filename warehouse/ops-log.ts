/**
 * Structured logs of the operations verbs, as JSON lines in `<data-dir>/logs/`:
 * - `workforce.jsonl`: one event per line (`{"time", "level", "event", ...fields}`) from run,
 *   publish and schedule: steps started and finished, retries, warnings;
 * - `runs.jsonl`: the run log, two records per run: `{"record":"start", run_id, started_at, ...}` when
 *   it starts and `{"record":"end", run_id, status, ...}` when it ends. A start with no end is a run
 *   that died (killed, power loss); `readRuns` reports it as `interrupted`.
 *
 * Lines are appended with one `appendFileSync` each (a single write of a short line), so concurrent
 * writers never interleave within a line. (pino would bring worker-thread transports that can lose
 * the last lines when a process is killed; a synchronous append keeps every line that was written.)
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export type Level = "info" | "warn" | "error";

export interface OpsLogger {
  (level: Level, event: string, fields?: Record<string, unknown>): void;
  file: string;
}

export function logsDir(dataDir: string): string {
  return join(dataDir, "logs");
}

/** A logger appending JSON lines to `<data-dir>/logs/workforce.jsonl`; `echo` also sees each record. */
export function opsLogger(dataDir: string, echo?: (record: Record<string, unknown>) => void): OpsLogger {
  const dir = logsDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "workforce.jsonl");
  const log = ((level: Level, event: string, fields: Record<string, unknown> = {}) => {
    const record = { time: new Date().toISOString(), level, event, pid: process.pid, ...fields };
    appendFileSync(file, `${JSON.stringify(record)}\n`);
    echo?.(record);
  }) as OpsLogger;
  log.file = file;
  return log;
}

export type RunStatus = "running" | "succeeded" | "failed" | "interrupted";

export interface RunCounts {
  /** Extracts loaded by this run's ingest. */
  extracts_loaded: number;
  /** Rows loaded (valid records) by this run's ingest. */
  rows_loaded: number;
  /** Records set aside by this run's ingest. */
  quarantined: number;
  /** Identical copies of a record in the same file, counted once (records = rows + quarantined + deduplicated). */
  deduplicated: number;
  /** Blocking tests that failed in the build or test step. */
  tests_failed: number;
}

export interface RunRecord extends RunCounts {
  run_id: string;
  trigger: string;
  pid: number;
  started_at: string;
  ended_at: string | null;
  status: RunStatus;
  /** The step that failed, or null. */
  failed_step: string | null;
  error: { code: string; message: string; hint?: string } | null;
  /** As-of date of the newest loaded extract after the run. */
  as_of: string | null;
  /** The published version the run switched to (or kept, when unchanged), when it succeeded. */
  published_version: string | null;
  steps: { step: string; status: "ok" | "failed" | "skipped"; seconds: number }[];
  /** True when nothing new was loaded and the current version already published the same: kept. */
  unchanged?: boolean;
}

export function runLogFile(dataDir: string): string {
  return join(logsDir(dataDir), "runs.jsonl");
}

export function appendRunRecord(dataDir: string, record: Record<string, unknown>): void {
  mkdirSync(logsDir(dataDir), { recursive: true });
  appendFileSync(runLogFile(dataDir), `${JSON.stringify(record)}\n`);
}

/** Every run, oldest first: start and end records merged; a start without an end is `interrupted`. */
export function readRuns(dataDir: string, isLive: (pid: number) => boolean = () => false): RunRecord[] {
  const file = runLogFile(dataDir);
  if (!existsSync(file)) return [];
  const runs = new Map<string, RunRecord>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    let r: Record<string, unknown>;
    try {
      r = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue; // a line cut short by a crash
    }
    const id = String(r.run_id);
    if (r.record === "start") {
      runs.set(id, {
        run_id: id,
        trigger: String(r.trigger ?? "manual"),
        pid: Number(r.pid),
        started_at: String(r.started_at),
        ended_at: null,
        status: "running",
        failed_step: null,
        error: null,
        extracts_loaded: 0,
        rows_loaded: 0,
        quarantined: 0,
        deduplicated: 0,
        tests_failed: 0,
        as_of: null,
        published_version: null,
        steps: [],
      });
    } else if (r.record === "end") {
      const { record: _record, ...rest } = r;
      const prev = runs.get(id);
      runs.set(id, { ...(prev ?? ({} as RunRecord)), ...(rest as unknown as RunRecord) });
    }
  }
  return [...runs.values()].map((r) =>
    r.status === "running" && !isLive(r.pid) ? { ...r, status: "interrupted" } : r,
  );
}
