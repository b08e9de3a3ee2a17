/** The `workforce simulate` verb: options in, extracts out, a summary on the terminal. */
import { Worker } from "node:worker_threads";
import { SingleBar } from "cli-progress";
import { EXIT } from "../warehouse/errors.ts";
import type { SimulateOptions, SimulateResult } from "./simulate.ts";

/** Heap cap of the simulation worker: the working set is about 150 MiB at 300,000 members. */
const HEAP_MB = 1024;

function runInWorker(
  opts: Omit<SimulateOptions, "onProgress">,
  onProgress: (done: number, total: number, rows: number) => void,
): Promise<SimulateResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./worker-entry.mjs", import.meta.url), {
      workerData: opts,
      resourceLimits: { maxOldGenerationSizeMb: HEAP_MB },
    });
    worker.on(
      "message",
      (m: { type: string; done: number; total: number; rows: number; result: SimulateResult }) => {
        if (m.type === "progress") onProgress(m.done, m.total, m.rows);
        else resolve(m.result);
      },
    );
    worker.on("error", reject);
    worker.on("exit", (code) => {
      if (code !== 0) reject(new Error(`the simulation worker stopped with exit code ${code}`));
    });
  });
}

export interface SimulateCommandOptions {
  out: string;
  asOf: string;
  members: number;
  seed: string;
  deltas: number;
  defects: number;
  fileDefects: boolean;
  json: boolean;
}

export async function simulateCommand(opts: SimulateCommandOptions): Promise<number> {
  const tty = process.stderr.isTTY && !opts.json;
  const bar = tty
    ? new SingleBar({
        format:
          "simulating {bar} {percentage}% | {value}/{total} members | {rows} rows | {rate} rows/s | eta {eta_formatted}",
        hideCursor: true,
        stream: process.stderr,
      })
    : null;
  let peakRss = process.memoryUsage().rss;
  const t0 = Date.now();
  bar?.start(opts.members, 0, { rows: 0, rate: 0 });
  const { json: _json, ...simOpts } = opts;
  const result = await runInWorker(simOpts, (done, _total, rows) => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const secs = (Date.now() - t0) / 1000;
    bar?.update(done, {
      rows: rows.toLocaleString("en-US"),
      rate: Math.round(rows / Math.max(secs, 0.001)).toLocaleString("en-US"),
    });
  });
  bar?.stop();
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const summary = {
    out: opts.out,
    extracts: result.extracts,
    rows: result.rows,
    seconds: Math.round(result.seconds * 10) / 10,
    rows_per_second: Math.round(result.rows / result.seconds),
    peak_rss_mib: Math.round(peakRss / 2 ** 20),
    answer_key: result.answerKey,
  };
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } else {
    const lines = result.extracts.map(
      (e) => `  ${e.folder}  ${e.kind.padEnd(5)}  ${e.rows.toLocaleString("en-US").padStart(12)} records`,
    );
    process.stdout.write(
      [
        `Wrote ${result.extracts.length} extract(s) to ${opts.out}:`,
        ...lines,
        `${result.rows.toLocaleString("en-US")} records in ${summary.seconds} s (${summary.rows_per_second.toLocaleString("en-US")} rows/s), peak memory ${summary.peak_rss_mib} MiB`,
        ...(result.answerKey ? [`Answer key: ${result.answerKey}`] : []),
        "",
      ].join("\n"),
    );
  }
  return EXIT.ok;
}
