/** The `workforce simulate` verb: options in, extracts out, a summary on the terminal. */
import { SingleBar } from "cli-progress";
import { EXIT } from "../warehouse/errors.ts";
import { simulate } from "./simulate.ts";

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
  const result = simulate({
    ...opts,
    onProgress: (done, _total, rows) => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      const secs = (Date.now() - t0) / 1000;
      bar?.update(done, {
        rows: rows.toLocaleString("en-US"),
        rate: Math.round(rows / Math.max(secs, 0.001)).toLocaleString("en-US"),
      });
    },
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
