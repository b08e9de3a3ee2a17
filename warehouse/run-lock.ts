/**
 * The run lock: one pipeline job (`workforce run`, `publish`) at a time per data directory, across
 * processes. It is a proper-lockfile lock on `<data-dir>/run.lock` (a directory, refreshed while
 * held) plus an owner file `<data-dir>/run.owner.json` that names the holder (command, pid, host,
 * since), so a second run can say who holds it and since when (exit code 3).
 *
 * The ingest and build steps inside a run still take the warehouse's own writer lock (db.ts) for the
 * time they write, so a stand-alone `workforce ingest` never writes at the same time as a run.
 *
 * A lock left by a process that died (SIGKILL, power loss) is taken over at once when its owner pid
 * no longer runs on this host, and otherwise expires after RUN_LOCK_STALE_MS without a refresh.
 */
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import lockfile from "proper-lockfile";
import writeFileAtomic from "write-file-atomic";
import { EXIT, WorkforceError } from "./errors.ts";
import { processIsAlive } from "./process-alive.ts";

export const RUN_LOCK_STALE_MS = 60_000;

export interface RunLockOwner {
  command: string;
  pid: number;
  host: string;
  since: string;
  run_id?: string;
  /** What started a `run`: "manual" (`workforce run`), "schedule", "catch-up", "npm start". */
  trigger?: string;
}

/**
 * How a lock holder is named to people: `npm start`, `workforce run (schedule)`, `workforce publish`.
 * The owner's `command` stays the workforce command for machine readers (`status --json`).
 */
export function holderLabel(owner: Pick<RunLockOwner, "command" | "trigger">, code = false): string {
  const q = (c: string) => (code ? `\`${c}\`` : c);
  if (owner.trigger === "npm start") return q("npm start");
  const command = q(`workforce ${owner.command}`);
  return owner.trigger && owner.trigger !== "manual" ? `${command} (${owner.trigger})` : command;
}

export function runLockPaths(dataDir: string) {
  return { lock: join(dataDir, "run.lock"), owner: join(dataDir, "run.owner.json") };
}

export function readRunLockOwner(dataDir: string): RunLockOwner | null {
  try {
    return JSON.parse(readFileSync(runLockPaths(dataDir).owner, "utf8")) as RunLockOwner;
  } catch {
    return null;
  }
}

/** Is the run lock held by a live process? Returns its owner, or null. */
export async function runLockHolder(dataDir: string): Promise<RunLockOwner | null> {
  const p = runLockPaths(dataDir);
  const locked = await lockfile
    .check(dataDir, { lockfilePath: p.lock, stale: RUN_LOCK_STALE_MS, realpath: false })
    .catch(() => false);
  if (!locked) return null;
  const owner = readRunLockOwner(dataDir);
  if (owner && owner.host === hostname() && !processIsAlive(owner.pid)) return null;
  return owner ?? { command: "unknown", pid: 0, host: "unknown", since: "unknown" };
}

/** Take the run lock for `command`; returns its release function. Throws `run_lock_held` (exit 3). */
export async function acquireRunLock(
  dataDir: string,
  command: string,
  runId?: string,
  trigger?: string,
): Promise<() => Promise<void>> {
  mkdirSync(dataDir, { recursive: true });
  const p = runLockPaths(dataDir);
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dataDir, {
      lockfilePath: p.lock,
      stale: RUN_LOCK_STALE_MS,
      realpath: false,
      // A refresh that fails (the lock was taken over as stale) must not crash the process from a
      // timer; the run's own steps are protected by the warehouse writer lock and atomic swaps.
      onCompromised: () => {},
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ELOCKED") throw e;
    // The holder writes its owner file just after taking the lock: give it a moment to appear.
    let owner = readRunLockOwner(dataDir);
    for (let i = 0; !owner && i < 40; i++) {
      await new Promise((r) => setTimeout(r, 50));
      owner = readRunLockOwner(dataDir);
    }
    if (owner && owner.host === hostname() && !processIsAlive(owner.pid)) {
      // The previous holder died without releasing: take the lock over.
      rmSync(p.lock, { recursive: true, force: true });
      rmSync(p.owner, { force: true });
      return acquireRunLock(dataDir, command, runId, trigger);
    }
    throw new WorkforceError(
      "run_lock_held",
      {
        path: p.lock,
        holder: owner ? holderLabel(owner, true) : "an unknown command",
        pid: owner?.pid ?? "unknown",
        host: owner?.host ?? "unknown",
        since: owner?.since ?? "unknown",
      },
      EXIT.locked,
    );
  }
  const owner: RunLockOwner = {
    command,
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    ...(runId ? { run_id: runId } : {}),
    ...(trigger ? { trigger } : {}),
  };
  writeFileAtomic.sync(p.owner, `${JSON.stringify(owner)}\n`);
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    rmSync(p.owner, { force: true });
    await release().catch(() => {});
  };
}
