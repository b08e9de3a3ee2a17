/**
 * Runs `simulate` in a worker thread, so the command can cap the JavaScript heap (bounded memory at
 * national scale: V8 otherwise lets a 2,000,000-member run's garbage grow the heap towards 4 GiB).
 */
import { parentPort, workerData } from "node:worker_threads";
import { type SimulateOptions, simulate } from "./simulate.ts";

const opts = workerData as Omit<SimulateOptions, "onProgress">;
const result = simulate({
  ...opts,
  onProgress: (done, total, rows) => parentPort!.postMessage({ type: "progress", done, total, rows }),
});
parentPort!.postMessage({ type: "done", result });
