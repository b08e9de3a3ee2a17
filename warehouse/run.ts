/**
 * `workforce run`: the whole job under the run lock (run-lock.ts):
 *
 *   ingest -> build -> test -> publish (staged) -> site build (staged) -> switch
 *
 * The analyst copy and the site are written into a new staged version beside the current one and
 * switched together, with one atomic rename, only when every step passed (published.ts); otherwise
 * the previous ones stay and the run exits 1. A run killed at any point leaves the published version
 * as it was: the next run removes the staging folder, and ingest and build recover on their own
 * (exactly-once loads, a build file swapped by rename).
 *
 * Each run is recorded in the run log (`<data-dir>/logs/runs.jsonl`: start, end, status, extracts
 * loaded, rows, quarantined, tests failed), its steps in `<data-dir>/logs/workforce.jsonl`.
 */
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { quote } from "shell-quote";
import { assertInbox, ingest } from "../ingest/run.ts";
import { build, buildConcurrency, buildMemoryLimit, testCurrent } from "../transforms/build.ts";
import { dataLayout, ensureLayout } from "./config.ts";
import { withReadOnly } from "./db.ts";
import { EXIT, WorkforceError } from "./errors.ts";
import { appendRunRecord, type OpsLogger, opsLogger, type RunRecord } from "./ops-log.ts";
import { publish, type StagedPublication } from "./publish.ts";
import { commitVersion, currentVersion, removeStaleStaging, verifyVersion } from "./published.ts";
import { runInputs } from "./run-inputs.ts";
import { acquireRunLock } from "./run-lock.ts";
import { buildSiteInto } from "./site-step.ts";

export type Step = "ingest" | "build" | "test" | "publish" | "site";
export const STEPS: readonly Step[] = ["ingest", "build", "test", "publish", "site"];

export interface RunOptions {
  dataDir: string;
  inbox?: string;
  trigger?: string;
  /** Human progress lines (stderr on a terminal). */
  progress?: (line: string) => void;
  warn?: (message: string) => void;
  log?: OpsLogger;
  /**
   * Build and publish even when nothing new was loaded and the current version was made from the
   * same extract, code and key (by default such a run keeps that version: run-inputs.ts).
   */
  force?: boolean;
}

export interface RunResult extends RunRecord {
  exit_code: number;
  /** Extract folders in the inbox still being written (no manifest.json yet); they wait. */
  incomplete_extracts: string[];
}

export function newRunId(now = new Date()): string {
  return `run-${now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.(\d+)Z$/, "$1Z")}-${process.pid}`;
}

/** Extract folders without a manifest.json: the registry is still writing them. */
export function incompleteExtracts(inbox: string): string[] {
  if (!existsSync(inbox)) return [];
  return readdirSync(inbox, { withFileTypes: true })
    .filter(
      (d) =>
        d.isDirectory() &&
        d.name.startsWith("registry-extract-") &&
        !existsSync(join(inbox, d.name, "manifest.json")),
    )
    .map((d) => d.name)
    .sort();
}

function secondsSince(t0: number): number {
  return Math.round((performance.now() - t0) / 10) / 100;
}

/** Run the whole job. Throws `run_lock_held` (exit 3) when another run holds the lock. */
export async function runJob(opts: RunOptions): Promise<RunResult> {
  // A mistyped --inbox is the caller's error (exit 2, nothing created), not a failed run (the
  // default inbox is created with the data directory).
  if (opts.inbox !== undefined) assertInbox(opts.inbox);
  // So are build settings that would fail the build after the load.
  buildMemoryLimit("run");
  buildConcurrency("run");
  const layout = ensureLayout(dataLayout(opts.dataDir));
  const dataDir = layout.root;
  const inbox = opts.inbox ?? layout.inbox;
  const log = opts.log ?? opsLogger(dataDir);
  const progress = opts.progress ?? (() => {});
  const runId = newRunId();
  let release: () => Promise<void>;
  try {
    release = await acquireRunLock(dataDir, "run", runId, opts.trigger ?? "manual");
  } catch (e) {
    if (e instanceof WorkforceError) log("warn", "run_locked", { run_id: runId, message: e.message });
    throw e;
  }
  const record: RunResult = {
    run_id: runId,
    trigger: opts.trigger ?? "manual",
    pid: process.pid,
    started_at: new Date().toISOString(),
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
    exit_code: EXIT.ok,
    incomplete_extracts: incompleteExtracts(inbox),
  };
  appendRunRecord(dataDir, {
    record: "start",
    run_id: runId,
    trigger: record.trigger,
    pid: process.pid,
    started_at: record.started_at,
  });
  log("info", "run_start", { run_id: runId, trigger: record.trigger });
  if (record.incomplete_extracts.length > 0) {
    log("warn", "extract_incomplete", { run_id: runId, folders: record.incomplete_extracts });
    opts.warn?.(
      `warning: ${record.incomplete_extracts.join(", ")} ${record.incomplete_extracts.length === 1 ? "is" : "are"} still being written (no manifest.json); loading what is complete.`,
    );
  }
  let staged: StagedPublication | null = null;
  let ingestProblem: WorkforceError | null = null;
  /** The run's outcome once every step ran: failed at ingest when an extract was not loaded. */
  const settle = () => {
    if (!ingestProblem) {
      record.status = "succeeded";
      return;
    }
    record.status = "failed";
    record.failed_step = "ingest";
    record.error = { code: ingestProblem.code, message: ingestProblem.message, hint: ingestProblem.hint };
    record.exit_code = EXIT.dataFailure;
  };
  let step: Step = "ingest";
  let stepStarted = performance.now();
  const begin = (s: Step) => {
    step = s;
    progress(`${s} ...`);
    log("info", "step_start", { run_id: runId, step: s });
    stepStarted = performance.now();
    return stepStarted;
  };
  const done = (s: Step, t0: number, fields: Record<string, unknown> = {}) => {
    const seconds = secondsSince(t0);
    record.steps.push({ step: s, status: "ok", seconds });
    progress(`${s} ok (${seconds} s)`);
    log("info", "step_end", { run_id: runId, step: s, status: "ok", seconds, ...fields });
  };
  try {
    const removed = removeStaleStaging(dataDir);
    if (removed.length > 0) log("info", "staging_removed", { run_id: runId, folders: removed });

    let t0 = begin("ingest");
    const summary = await ingest({ dataDir, inbox });
    for (const ex of summary.extracts) {
      if (ex.status !== "loaded") continue;
      record.extracts_loaded += 1;
      for (const f of ex.files) {
        record.rows_loaded += f.loaded ?? 0;
        record.quarantined += f.quarantined ?? 0;
        record.deduplicated += f.deduplicated ?? 0;
      }
    }
    // An extract ingest did not load (held, waiting behind a gap) fails the run, but only after
    // what did load is built and published: one bad delivery does not freeze the dashboards.
    if (summary.exit_code !== 0) {
      const bad = summary.extracts.filter((e) => e.status !== "loaded" && e.status !== "skipped");
      ingestProblem = new WorkforceError("ingest_failed", {
        detail: bad
          .map((e) => `${e.extract_id} ${e.status}${e.reason_code ? ` (${e.reason_code})` : ""}`)
          .join(", "),
        retry: `workforce ingest --data-dir ${quote([dataDir])}${opts.inbox !== undefined ? ` --inbox ${quote([inbox])}` : ""}`,
      });
    }
    const newest = await newestLoadedExtract(dataDir);
    if (newest === null) {
      throw ingestProblem ?? new WorkforceError("nothing_loaded", { inbox });
    }
    const ingestFields = {
      extracts_loaded: record.extracts_loaded,
      rows_loaded: record.rows_loaded,
      quarantined: record.quarantined,
      deduplicated: record.deduplicated,
    };
    if (ingestProblem) {
      const seconds = secondsSince(t0);
      record.steps.push({ step: "ingest", status: "failed", seconds });
      progress(`ingest failed: ${ingestProblem.message}; building and publishing what did load`);
      log("error", "step_end", {
        run_id: runId,
        step: "ingest",
        status: "failed",
        seconds,
        code: ingestProblem.code,
        message: ingestProblem.message,
        ...ingestFields,
      });
    } else done("ingest", t0, ingestFields);

    // Nothing new loaded, and the current version was made from the same extract, code and key,
    // and is intact: publishing again would write the same version and push an older one out.
    let inputs: string;
    try {
      inputs = runInputs(newest);
    } catch (e) {
      step = "publish"; // a pseudonym key publish would refuse: say so now, before building
      throw e;
    }
    const current = currentVersion(dataDir);
    if (
      !opts.force &&
      record.extracts_loaded === 0 &&
      current?.manifest.has_site &&
      current.manifest.inputs === inputs &&
      verifyVersion(current.dir).length === 0
    ) {
      for (const s of STEPS.slice(1)) record.steps.push({ step: s, status: "skipped", seconds: 0 });
      record.unchanged = true;
      record.as_of = current.manifest.as_of;
      record.published_version = current.manifest.version;
      progress(`nothing new: ${current.manifest.version} already publishes ${newest} with this code and key`);
      log("info", "run_unchanged", { run_id: runId, version: current.manifest.version, extract_id: newest });
      settle();
      return record;
    }

    t0 = begin("build");
    const built = await build({ dataDir });
    record.tests_failed = built.tests.filter((t) => t.status === "fail" && t.severity === "error").length;
    if (built.status !== "swapped") throw built.error ?? new WorkforceError("tests_failed", { count: 0 });
    done("build", t0, { build_id: built.buildId, models: built.models.length });

    t0 = begin("test");
    const tests = await testCurrent({ dataDir });
    const failed = tests.filter((t) => t.status === "fail" && t.severity === "error").length;
    record.tests_failed = Math.max(record.tests_failed, failed);
    if (failed > 0) throw new WorkforceError("tests_failed", { count: failed });
    done("test", t0, { tests: tests.length });

    t0 = begin("publish");
    staged = (await publish({ dataDir, runId, log, warn: opts.warn, stageOnly: true })) as StagedPublication;
    record.as_of = staged.manifest.as_of;
    done("publish", t0, { version: staged.version, tables: staged.manifest.tables.length });

    t0 = begin("site");
    await buildSiteInto({ dataDir, staging: staged.staging });
    done("site", t0);

    const committed = commitVersion(dataDir, staged.staging, { ...staged.manifest, has_site: true, inputs });
    staged = null;
    record.published_version = committed.version;
    log("info", "published", { run_id: runId, version: committed.version, as_of: committed.as_of });
    settle();
  } catch (e) {
    record.status = "failed";
    record.failed_step = step;
    const err =
      e instanceof WorkforceError
        ? e
        : new WorkforceError("run_step_failed", { step, detail: e instanceof Error ? e.message : String(e) });
    // An extract ingest held earlier in the run is said too: the later failure does not hide it.
    const also = ingestProblem && ingestProblem !== err ? `; also, ${ingestProblem.message}` : "";
    record.error = { code: err.code, message: `${err.message}${also}`, hint: err.hint };
    record.exit_code = err.exitCode === EXIT.locked ? EXIT.locked : EXIT.dataFailure;
    record.steps.push({ step, status: "failed", seconds: secondsSince(stepStarted) });
    progress(`${step} failed: ${err.message}`);
    log("error", "step_end", { run_id: runId, step, status: "failed", code: err.code, message: err.message });
    if (staged) rmSync(staged.staging, { recursive: true, force: true });
  } finally {
    record.ended_at = new Date().toISOString();
    const { exit_code: _exit, incomplete_extracts: _incomplete, ...rest } = record;
    appendRunRecord(dataDir, { record: "end", ...rest });
    log(record.status === "succeeded" ? "info" : "error", "run_end", {
      run_id: runId,
      status: record.status,
      failed_step: record.failed_step,
    });
    await release();
  }
  return record;
}

/** The id of the newest extract the warehouse holds as loaded (null when none, or no warehouse yet). */
async function newestLoadedExtract(dataDir: string): Promise<string | null> {
  return withReadOnly(dataDir, async (db) => {
    if (!db) return null;
    const reader = await db.con.runAndReadAll(
      "select extract_id from meta.extracts where status = 'loaded' order by as_of desc, kind desc limit 1",
    );
    const v = reader.getRows()[0]?.[0];
    return v === undefined || v === null ? null : String(v);
  });
}
