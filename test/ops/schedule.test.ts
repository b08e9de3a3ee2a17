/**
 * The scheduler with a fake clock (vitest fake timers drive node-cron and the retry backoff) and a
 * stand-in job that records when it ran: catch-up of a missed night, once; the America/New_York
 * schedule; no overlap; transient faults retried with backoff, data failures not.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EXIT, WorkforceError } from "../../warehouse/errors.ts";
import { opsLogger } from "../../warehouse/ops-log.ts";
import type { RunResult } from "../../warehouse/run.ts";
import { type Scheduler, startScheduler } from "../../warehouse/schedule.ts";
import { events, tempDataDir } from "./helpers.ts";

const HOUR = 3600_000;
const MIN = 60_000;

let dir: string;
let scheduler: Scheduler | null;

function result(status: "succeeded" | "failed", code?: string): RunResult {
  return {
    run_id: `run-${Date.now()}`,
    trigger: "test",
    pid: process.pid,
    started_at: new Date().toISOString(),
    ended_at: new Date().toISOString(),
    status,
    failed_step: status === "failed" ? "test" : null,
    error: code ? { code, message: code } : null,
    extracts_loaded: 0,
    rows_loaded: 0,
    quarantined: 0,
    deduplicated: 0,
    tests_failed: 0,
    as_of: null,
    published_version: null,
    steps: [],
    exit_code: status === "succeeded" ? 0 : 1,
    incomplete_extracts: [],
  };
}

/** A job that takes `ms` of (fake) time and records its start, end and trigger. */
function fakeJob(ms: number, outcome: (n: number) => RunResult | Error = () => result("succeeded")) {
  const runs: { trigger: string; start: string; end?: string }[] = [];
  let active = 0;
  let maxActive = 0;
  const run = async (trigger: string) => {
    const r = { trigger, start: new Date().toISOString() } as {
      trigger: string;
      start: string;
      end?: string;
    };
    runs.push(r);
    active++;
    maxActive = Math.max(maxActive, active);
    try {
      if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
      const o = outcome(runs.length);
      if (o instanceof Error) throw o;
      return o;
    } finally {
      active--;
      r.end = new Date().toISOString();
    }
  };
  return { run, runs, maxActive: () => maxActive };
}

function startWith(job: { run: (t: string) => Promise<RunResult> }, lastSuccess: string | null) {
  scheduler = startScheduler({
    dataDir: dir,
    inbox: join(dir, "inbox"),
    cron: "0 2 * * *",
    timezone: "America/New_York",
    log: opsLogger(dir),
    run: job.run,
    lastSuccess: () => (lastSuccess ? new Date(lastSuccess) : null),
  });
  return scheduler;
}

beforeEach(() => {
  dir = tempDataDir("wf-ops-schedule-");
  mkdirSync(join(dir, "inbox"));
  vi.useFakeTimers({ now: new Date("2026-01-10T12:00:00Z") }); // 07:00 in New York
});

afterEach(async () => {
  await scheduler?.stop();
  scheduler = null;
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

describe("workforce schedule", () => {
  it("catches up a missed night once at start, then runs at 02:00 New York time", async () => {
    const job = fakeJob(30 * MIN);
    const s = startWith(job, "2026-01-08T07:20:00Z"); // the night of the 9th was missed
    expect(s.intervalMs).toBe(24 * HOUR);
    await vi.advanceTimersByTimeAsync(20 * HOUR); // to 2026-01-11T08:00Z
    expect(job.runs.map((r) => [r.trigger, r.start])).toEqual([
      ["catch-up", "2026-01-10T12:00:00.000Z"],
      ["schedule", "2026-01-11T07:00:00.000Z"], // 02:00 EST
    ]);
    expect(events(dir).filter((e) => e.event === "catch_up")).toHaveLength(1);
  });

  it("does not catch up when the last success is within the interval; follows daylight saving time", async () => {
    vi.setSystemTime(new Date("2026-07-10T12:00:00Z"));
    const job = fakeJob(10 * MIN);
    startWith(job, "2026-07-10T06:15:00Z");
    await vi.advanceTimersByTimeAsync(24 * HOUR);
    expect(job.runs.map((r) => [r.trigger, r.start])).toEqual([["schedule", "2026-07-11T06:00:00.000Z"]]); // 02:00 EDT
  });

  it("never overlaps: a night that fires while a job runs is skipped", async () => {
    const job = fakeJob(30 * HOUR);
    startWith(job, null); // never succeeded: catch up at once
    await vi.advanceTimersByTimeAsync(3 * 24 * HOUR + 2 * HOUR); // to 2026-01-13T14:00Z
    expect(job.maxActive()).toBe(1);
    expect(job.runs.map((r) => [r.trigger, r.start])).toEqual([
      ["catch-up", "2026-01-10T12:00:00.000Z"],
      // 2026-01-11T07:00Z fired while the catch-up ran (until 2026-01-11T18:00Z): skipped
      ["schedule", "2026-01-12T07:00:00.000Z"],
      // 2026-01-13T07:00Z fired while that one ran (until 2026-01-13T13:00Z): skipped
    ]);
    expect(job.runs.map((r) => r.end)).toEqual(["2026-01-11T18:00:00.000Z", "2026-01-13T13:00:00.000Z"]);
    expect(events(dir).some((e) => e.event === "run_skipped_overlap")).toBe(true);
  });

  it("retries a held lock with backoff (1, then 5 minutes) and then runs", async () => {
    const locked = () =>
      new WorkforceError(
        "run_lock_held",
        { path: "x", holder: "`workforce run`", pid: 1, host: "h", since: "2026-01-10T11:00:00Z" },
        EXIT.locked,
      );
    const job = fakeJob(0, (n) => (n <= 2 ? locked() : result("succeeded")));
    startWith(job, "2026-01-09T07:10:00Z"); // 28 h 50 min ago: a night was missed
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(job.runs.map((r) => r.start)).toEqual([
      "2026-01-10T12:00:00.000Z",
      "2026-01-10T12:01:00.000Z",
      "2026-01-10T12:06:00.000Z",
    ]);
    expect(
      events(dir)
        .filter((e) => e.event === "retry_scheduled")
        .map((e) => e.delay_ms),
    ).toEqual([MIN, 5 * MIN]);
  });

  it("waits for an extract still being written, then runs once it is complete", async () => {
    const folder = join(dir, "inbox", "registry-extract-2026-01-10");
    mkdirSync(folder);
    const job = fakeJob(0);
    startWith(job, "2026-01-08T07:10:00Z");
    await vi.advanceTimersByTimeAsync(3 * MIN);
    expect(job.runs).toHaveLength(0);
    writeFileSync(join(folder, "manifest.json"), "{}");
    await vi.advanceTimersByTimeAsync(10 * MIN);
    expect(job.runs.map((r) => r.start)).toEqual(["2026-01-10T12:06:00.000Z"]);
    expect(events(dir).filter((e) => e.reason === "extract_incomplete")).toHaveLength(2);
  });

  it("does not retry a data or test failure", async () => {
    const job = fakeJob(5 * MIN, () => result("failed", "tests_failed"));
    startWith(job, null);
    await vi.advanceTimersByTimeAsync(12 * HOUR);
    expect(job.runs).toHaveLength(1);
    const failed = events(dir).filter((e) => e.event === "run_failed_not_retried");
    expect(failed).toMatchObject([{ code: "tests_failed", failed_step: "test" }]);
    expect(events(dir).some((e) => e.event === "retry_scheduled")).toBe(false);
  });

  it("refuses an invalid cron expression (exit 2)", () => {
    expect(() =>
      startScheduler({
        dataDir: dir,
        inbox: dir,
        cron: "0 25 * * *",
        log: opsLogger(dir),
        run: fakeJob(0).run,
      }),
    ).toThrow(expect.objectContaining({ code: "invalid_schedule", exitCode: 2 }));
  });

  it("refuses an unknown time zone (exit 2), naming it", () => {
    expect(() =>
      startScheduler({
        dataDir: dir,
        inbox: dir,
        timezone: "America/Hartford",
        log: opsLogger(dir),
        run: fakeJob(0).run,
      }),
    ).toThrow(
      expect.objectContaining({
        code: "invalid_timezone",
        exitCode: 2,
        message: expect.stringContaining("America/Hartford"),
      }),
    );
  });

  it("`schedule` refuses a bad time zone or cron expression before creating the data directory", async () => {
    const { scheduleCommand } = await import("../../warehouse/ops-commands.ts");
    const missing = join(dir, "not-yet");
    await expect(scheduleCommand({ dataDir: missing, timezone: "Mars/Olympus" })).rejects.toMatchObject({
      code: "invalid_timezone",
      exitCode: EXIT.usage,
    });
    await expect(
      scheduleCommand({ dataDir: missing, timezone: "America/New_York", cron: "0 25 * * *" }),
    ).rejects.toMatchObject({ code: "invalid_schedule", exitCode: EXIT.usage });
    expect(existsSync(missing)).toBe(false);
  });
});
