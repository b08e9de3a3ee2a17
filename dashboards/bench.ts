/**
 * `npm run bench:site -- --data-dir DIR`: times the public site's build on a built data directory
 * (Connecticut scale: 24,000 members, `npm start`'s data) against the 90 s budget, in three runs of the
 * same session:
 * 1. a build from nothing (`clean`: no Framework cache, no npm cache, no dist/), as CI builds;
 * 2. the ordinary build (`npm run build:site`: loader output purged, npm cache kept);
 * 3. the baseline: the same build reusing the loaders' output (`keepLoaderCache`), i.e. Framework's own
 *    page rendering and bundling with no data work; runs 1 and 2 are reported as ratios to it, and the
 *    difference is the cost of the loaders (one per page).
 * Prints a table, or JSON with --json. Each run includes check-dist and the privacy gate.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildSite } from "./build-site.ts";

const BUDGET_SECONDS = 90;

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const dataDir = path.resolve(argValue("--data-dir") ?? process.env.WORKFORCE_DATA_DIR ?? "data");
  const json = process.argv.includes("--json");
  const quiet = () => {};
  const runs: { run: string; seconds: number; build: number; gate: number }[] = [];
  for (const [run, options] of [
    ["from nothing (clean)", { clean: true }],
    ["build:site (loaders re-run)", {}],
    ["baseline: loaders' output reused", { keepLoaderCache: true }],
  ] as const) {
    const result = await buildSite({ ...options, dataDir, log: quiet });
    runs.push({ run, seconds: result.seconds.total, build: result.seconds.build, gate: result.seconds.gate });
  }
  const baseline = runs[2]?.seconds ?? Number.NaN;
  const report = runs.map((r) => ({
    ...r,
    ratio_to_baseline: Math.round((r.seconds / baseline) * 100) / 100,
    within_budget: r.seconds <= BUDGET_SECONDS,
  }));
  if (json) {
    console.log(JSON.stringify({ data_dir: dataDir, budget_seconds: BUDGET_SECONDS, runs: report }, null, 2));
    return;
  }
  console.log(`site build on ${dataDir} (budget ${BUDGET_SECONDS} s)`);
  for (const r of report) {
    console.log(
      `  ${r.run.padEnd(34)} ${r.seconds.toFixed(1).padStart(6)} s  (observable build ${r.build.toFixed(1)} s, ` +
        `privacy gate ${r.gate.toFixed(1)} s)  x${r.ratio_to_baseline.toFixed(2)} baseline  ${r.within_budget ? "ok" : "OVER BUDGET"}`,
    );
  }
  const loaders = (runs[1]?.seconds ?? 0) - baseline;
  console.log(`  the loaders cost ${loaders.toFixed(1)} s of the ordinary build`);
  if (report.some((r) => !r.within_budget)) process.exitCode = 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
