/**
 * `npm run bench:reports`: how long `workforce report <kind> --all` takes at Connecticut scale, as a
 * ratio to the baseline of one query per program measured in the same run.
 *
 *   tsx warehouse/reports/bench.ts --data-dir DIR [--sample 40] [--json]
 *
 * DIR must hold a current build (for example `npm start`'s ./data: 24,000 members, about 4,000
 * programs). For each report kind: (a) `--all` (one query per kind, every program open on the
 * latest date, all files written); (b) the baseline: `--program` for `--sample` programs spread over
 * the same list, each a run of its own (open the build, query, write), extrapolated to every program.
 * Reported: seconds, programs, ms per program, and the baseline ÷ `--all` ratio.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { dataLayout } from "../config.ts";
import { REPORT_KINDS, runReports } from "../report.ts";

const { values } = parseArgs({
  options: {
    "data-dir": { type: "string", default: "data" },
    sample: { type: "string", default: "40" },
    json: { type: "boolean", default: false },
  },
});

const dataDir = values["data-dir"]!;
const sample = Number(values.sample);
const results: Record<string, unknown>[] = [];
for (const kind of REPORT_KINDS) {
  const started = performance.now();
  const all = await runReports({ dataDir, kind, all: true });
  const allSeconds = (performance.now() - started) / 1000;
  const ids = all.files
    .map((f) => f.slice(f.lastIndexOf("/") + 1))
    .filter((f) => /^P\d{6}\.html$/.test(f))
    .map((f) => f.slice(0, -5));
  const step = Math.max(1, Math.floor(ids.length / sample));
  const picked = ids.filter((_, i) => i % step === 0).slice(0, sample);
  const t0 = performance.now();
  for (const program of picked) await runReports({ dataDir, kind, program, asOf: all.as_of });
  const perProgramMs = (performance.now() - t0) / picked.length;
  const baselineSeconds = (perProgramMs * ids.length) / 1000;
  results.push({
    kind,
    as_of: all.as_of,
    programs: all.programs,
    all_seconds: Math.round(allSeconds * 100) / 100,
    all_ms_per_program: Math.round((allSeconds * 1000 * 100) / all.programs) / 100,
    baseline_sample: picked.length,
    baseline_ms_per_program: Math.round(perProgramMs * 10) / 10,
    baseline_seconds_extrapolated: Math.round(baselineSeconds * 10) / 10,
    baseline_to_all_ratio: Math.round((baselineSeconds / allSeconds) * 10) / 10,
  });
  rmSync(join(dataLayout(dataDir).reports, all.as_of, kind), { recursive: true, force: true });
}
if (values.json) {
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} else {
  for (const r of results) {
    process.stdout.write(
      `${String(r.kind).padEnd(22)} --all: ${r.programs} programs in ${r.all_seconds} s (${r.all_ms_per_program} ms each); ` +
        `one query per program: ${r.baseline_ms_per_program} ms each (${r.baseline_sample} sampled), ` +
        `${r.baseline_seconds_extrapolated} s for all = ${r.baseline_to_all_ratio}x --all\n`,
    );
  }
}
