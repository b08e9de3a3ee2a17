/**
 * `workforce schedule`: runs the whole job (`workforce run`) on a cron schedule with node-cron v4
 * (`noOverlap`, time zone America/New_York; the expression from --cron, WORKFORCE_SCHEDULE, default
 * `0 2 * * *`, 02:00 every night).
 *
 * - Catch-up: on start, when the last successful run is older than the schedule's interval (a night
 *   was missed: the machine was off, the scheduler was down), one run starts at once.
 * - Never overlapping: one job at a time in this process (a firing while a job runs is skipped and
 *   logged), and the run lock across processes.
 * - Transient faults are retried with backoff (1, 5, 15, 30 minutes by default): the run lock or the
 *   warehouse writer lock held by another process, an extract folder still being written (no
 *   manifest.json yet). Data and test failures are not retried: they need a person.
 * - Logs are JSON lines in `<data-dir>/logs/workforce.jsonl` (and the run log, runs.jsonl).
 *
 * The clock and the job are injectable (tests drive it with vitest fake timers).
 */
import cron, { type ScheduledTask } from "node-cron";
import { EXIT, WorkforceError } from "./errors.ts";
import { type OpsLogger, readRuns } from "./ops-log.ts";
import { incompleteExtracts, type RunResult, runJob } from "./run.ts";

export const SCHEDULE_ENV = "WORKFORCE_SCHEDULE";
export const DEFAULT_CRON = "0 2 * * *";
export const DEFAULT_TIMEZONE = "America/New_York";
export const DEFAULT_RETRY_DELAYS_MS = [60_000, 5 * 60_000, 15 * 60_000, 30 * 60_000];
const TRANSIENT_CODES = new Set(["run_lock_held", "lock_held"]);

export interface SchedulerOptions {
  dataDir: string;
  inbox: string;
  cron?: string;
  timezone?: string;
  log: OpsLogger;
  /** The job; default `runJob`. */
  run?: (trigger: string) => Promise<RunResult>;
  /** When the last run succeeded; default from the run log. */
  lastSuccess?: () => Date | null;
  retryDelaysMs?: readonly number[];
}

export interface Scheduler {
  task: ScheduledTask;
  /** The interval between two scheduled runs, in ms. */
  intervalMs: number;
  /** Resolves when the catch-up decision (and run, if any) is done. */
  catchUp: Promise<void>;
  /** The job in progress, if any. */
  current(): Promise<void> | null;
  stop(): Promise<void>;
}

export function validateCron(expression: string): void {
  const v = cron.validateDetailed(expression);
  if (!v.valid) {
    throw new WorkforceError(
      "invalid_schedule",
      { expression, detail: v.errors.map((e) => `${e.field}: ${e.message}`).join("; ") || "invalid" },
      EXIT.usage,
    );
  }
}

/** An IANA time zone name Node knows (`America/New_York`); throws `invalid_timezone` (exit 2). */
export function validateTimezone(timezone: string): void {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
  } catch {
    throw new WorkforceError("invalid_timezone", { timezone }, EXIT.usage);
  }
}

function lastSuccessFromLog(dataDir: string): Date | null {
  const ok = readRuns(dataDir).filter((r) => r.status === "succeeded");
  const last = ok.at(-1);
  return last?.ended_at ? new Date(last.ended_at) : null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function startScheduler(opts: SchedulerOptions): Scheduler {
  const expression = opts.cron ?? process.env[SCHEDULE_ENV] ?? DEFAULT_CRON;
  const timezone = opts.timezone ?? DEFAULT_TIMEZONE;
  validateCron(expression);
  validateTimezone(timezone);
  const log = opts.log;
  const run =
    opts.run ?? ((trigger: string) => runJob({ dataDir: opts.dataDir, inbox: opts.inbox, trigger, log }));
  const delays = opts.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  let job: Promise<void> | null = null;
  let stopped = false;

  async function attempt(trigger: string): Promise<void> {
    for (let i = 0; ; i++) {
      if (stopped) return;
      const retry = async (reason: string, fields: Record<string, unknown>) => {
        if (i >= delays.length) {
          log("error", "retry_exhausted", { trigger, reason, attempts: i + 1, ...fields });
          return false;
        }
        log("warn", "retry_scheduled", { trigger, reason, attempt: i + 1, delay_ms: delays[i], ...fields });
        await sleep(delays[i]!);
        return true;
      };
      const incomplete = incompleteExtracts(opts.inbox);
      if (incomplete.length > 0 && i < delays.length) {
        if (await retry("extract_incomplete", { folders: incomplete })) continue;
      }
      let result: RunResult;
      try {
        result = await run(trigger);
      } catch (e) {
        if (e instanceof WorkforceError && TRANSIENT_CODES.has(e.code)) {
          if (await retry(e.code, { message: e.message })) continue;
          return;
        }
        log("error", "run_crashed", { trigger, message: e instanceof Error ? e.message : String(e) });
        return;
      }
      if (result.status === "succeeded") return;
      if (result.error && TRANSIENT_CODES.has(result.error.code)) {
        if (await retry(result.error.code, { run_id: result.run_id, message: result.error.message }))
          continue;
        return;
      }
      log("error", "run_failed_not_retried", {
        trigger,
        run_id: result.run_id,
        failed_step: result.failed_step,
        code: result.error?.code ?? null,
        message: result.error?.message ?? null,
      });
      return;
    }
  }

  function launch(trigger: string): Promise<void> | null {
    if (job) {
      log("warn", "run_skipped_overlap", { trigger, message: "the previous job is still running" });
      return null;
    }
    const p = attempt(trigger).finally(() => {
      job = null;
    });
    job = p;
    return p;
  }

  const task = cron.schedule(
    expression,
    async () => {
      await launch("schedule");
    },
    {
      name: "workforce-run",
      timezone,
      noOverlap: true,
      // node-cron's own messages go to the structured log too.
      logger: {
        info: (m) => log("info", "node_cron", { message: m }),
        warn: (m) => log("warn", "node_cron", { message: m }),
        error: (m) => log("error", "node_cron", { message: String(m) }),
        debug: () => {},
      },
    },
  );
  task.on("execution:overlap", (ctx) => {
    log("warn", "run_skipped_overlap", {
      trigger: "schedule",
      scheduled_for: ctx.date.toISOString(),
      message: "the previous job is still running",
    });
  });
  const [a, b] = task.getNextRuns(2);
  const intervalMs = a && b ? b.getTime() - a.getTime() : 24 * 3600_000;
  log("info", "scheduler_start", {
    cron: expression,
    timezone,
    next_run: a?.toISOString() ?? null,
    interval_ms: intervalMs,
  });

  const lastSuccess = (opts.lastSuccess ?? (() => lastSuccessFromLog(opts.dataDir)))();
  const ageMs = lastSuccess ? Date.now() - lastSuccess.getTime() : Number.POSITIVE_INFINITY;
  let catchUp: Promise<void> = Promise.resolve();
  if (ageMs > intervalMs) {
    log("info", "catch_up", {
      last_success: lastSuccess?.toISOString() ?? null,
      interval_ms: intervalMs,
    });
    catchUp = launch("catch-up") ?? Promise.resolve();
  }

  return {
    task,
    intervalMs,
    catchUp,
    current: () => job,
    async stop() {
      stopped = true;
      await task.stop();
      await task.destroy();
      if (job) await job;
      log("info", "scheduler_stop", {});
    },
  };
}
