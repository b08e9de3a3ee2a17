/**
 * Whether a process of this host is still running, for taking over a lock whose holder died.
 * A zombie (killed, not yet reaped by its parent: seen when `timeout -s KILL` kills itself with its
 * child, which is then reparented to a shell that has not waited for it yet) answers signal 0 like
 * a live process, but it holds nothing any more: on Linux its /proc state `Z` counts as dead.
 */
import { readFileSync } from "node:fs";

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    // /proc/<pid>/stat: "pid (comm) S ..."; comm may hold spaces and parentheses, so read after the last ")".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true; // no /proc (not Linux), or the process is gone this instant: signal 0 said it runs
  }
}
