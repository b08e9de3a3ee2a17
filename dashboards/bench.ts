/**
 * `npm run bench:site -- --data-dir DIR`: times the public site's build on a built data directory
 * (Connecticut scale: 24,000 members, `npm start`'s data) against the 90 s budget, in three runs of the
 * same session:
 * 1. a build from nothing (`clean`: no Framework cache, no npm cache, no dist/), as CI builds;
 * 2. the ordinary build (`npm run build:site`: loader output purged, npm cache kept);
 * 3. the baseline: the same build reusing the loaders' output (`keepLoaderCache`), i.e. Framework's own
 *    page rendering and bundling with no data work; runs 1 and 2 are reported as ratios to it, and the
 *    difference is the cost of the loaders (one per page).
 * Each run includes check-dist and the privacy gate. Then every page of the last build is visited in
 * headless Chromium (`page-timing.ts`, three visits a page after one warming visit): the median time
 * to the first drawn chart against the 2 s budget, and as the same visits' baseline the median time to
 * DOMContentLoaded (the page shell without data or charts), reported as a ratio.
 * Prints tables, or JSON with --json; exits 1 when a build or a page is over its budget.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import config from "../observablehq.config.ts";
import { buildSite } from "./build-site.ts";
import { type ConfigPage, configPages, FIRST_CHART_BUDGET_MS, timePages } from "./page-timing.ts";

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
  let distDir = "";
  for (const [run, options] of [
    ["from nothing (clean)", { clean: true }],
    ["build:site (loaders re-run)", {}],
    ["baseline: loaders' output reused", { keepLoaderCache: true }],
  ] as const) {
    const result = await buildSite({ ...options, dataDir, log: quiet });
    runs.push({ run, seconds: result.seconds.total, build: result.seconds.build, gate: result.seconds.gate });
    distDir = result.distDir;
  }
  const pages = (await timePages(distDir, configPages((config as { pages: ConfigPage[] }).pages))).map(
    (t) => ({
      ...t,
      ratio_to_shell: t.firstChartMs === null ? null : Math.round((t.firstChartMs / t.shellMs) * 100) / 100,
      within_budget: t.firstChartMs !== null && t.firstChartMs <= FIRST_CHART_BUDGET_MS,
    }),
  );
  const baseline = runs[2]?.seconds ?? Number.NaN;
  const report = runs.map((r) => ({
    ...r,
    ratio_to_baseline: Math.round((r.seconds / baseline) * 100) / 100,
    within_budget: r.seconds <= BUDGET_SECONDS,
  }));
  if (json) {
    console.log(
      JSON.stringify(
        {
          data_dir: dataDir,
          budget_seconds: BUDGET_SECONDS,
          runs: report,
          first_chart_budget_ms: FIRST_CHART_BUDGET_MS,
          pages,
        },
        null,
        2,
      ),
    );
    if (report.some((r) => !r.within_budget) || pages.some((p) => !p.within_budget)) process.exitCode = 1;
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
  console.log(
    `first chart drawn, median of 3 visits a page (budget ${FIRST_CHART_BUDGET_MS} ms; baseline: the same visits' DOMContentLoaded)`,
  );
  for (const p of pages) {
    const first = p.firstChartMs === null ? "no chart drawn" : `${p.firstChartMs.toFixed(0)} ms`;
    console.log(
      `  ${p.path.padEnd(34)} ${first.padStart(14)}  (shell ${p.shellMs.toFixed(0)} ms)  ` +
        `${p.ratio_to_shell === null ? "" : `x${p.ratio_to_shell.toFixed(2)} shell`}  ${p.within_budget ? "ok" : "OVER BUDGET"}`,
    );
  }
  if (report.some((r) => !r.within_budget) || pages.some((p) => !p.within_budget)) process.exitCode = 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
