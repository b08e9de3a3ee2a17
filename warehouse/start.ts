/**
 * `npm start`: the whole job on an embedded DuckDB with simulated registry data when no real
 * extract is given. With an empty inbox it simulates a Connecticut-size extract into it, then runs
 * the job of `workforce run` (ingest, build, test, publish the pseudonymised analyst copy and the
 * public site together; recorded in the run log) and serves the site on http://127.0.0.1:3000.
 *
 * Environment: WORKFORCE_DATA_DIR (default ./data), PORT (default 3000), WORKFORCE_NO_SERVE=1 to
 * stop after the build (used by tests and CI).
 */
import { createServer } from "node:http";
import { join } from "node:path";
import { serveDist } from "../dashboards/serve-dist.ts";
import { findExtracts } from "../ingest/extract.ts";
import { simulateCommand } from "../synthetic/command.ts";
import { dataLayout, ensureLayout } from "./config.ts";
import { WorkforceError } from "./errors.ts";
import { renderRun } from "./ops-commands.ts";
import { currentVersion } from "./published.ts";
import { type RunResult, runJob } from "./run.ts";

const serving = process.env.WORKFORCE_NO_SERVE !== "1";

/** PORT: a whole number from 1 to 65535 (default 3000). */
function portFromEnv(): number {
  const v = process.env.PORT;
  if (v === undefined || v.trim() === "") return 3000;
  const n = Number(v.trim());
  if (!/^\d+$/.test(v.trim()) || n < 1 || n > 65_535) {
    throw new Error(
      `PORT is ${JSON.stringify(v)}: expected a port number from 1 to 65535 (or unset, for 3000)`,
    );
  }
  return n;
}

/** Rejects with a clear message when nothing can listen on 127.0.0.1:port (in use, or not allowed). */
async function assertPortFree(port: number): Promise<void> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", (e: NodeJS.ErrnoException) =>
      reject(new Error(`cannot serve the site on 127.0.0.1:${port}: ${portProblem(e)}`)),
    );
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
}

const portProblem = (e: NodeJS.ErrnoException) =>
  e.code === "EADDRINUSE"
    ? "another program is listening on that port"
    : e.code === "EACCES"
      ? "this user may not listen on that port"
      : e.message;

const PORT_HINT =
  "hint: set PORT to a free port (PORT=3001 npm start), or WORKFORCE_NO_SERVE=1 to run the job without serving the site.";

async function main(): Promise<number> {
  // The port is checked before the run, not after it (a run takes a minute or more).
  if (serving) {
    try {
      await assertPortFree(portFromEnv());
    } catch (e) {
      console.error(`error usage: ${(e as Error).message}\n${PORT_HINT}`);
      return 2;
    }
  }
  const layout = ensureLayout(dataLayout());
  if (findExtracts(layout.inbox).length === 0) {
    console.log(
      `The inbox ${layout.inbox} is empty: simulating a Connecticut-size registry extract into it (with the spec's row defects in 0.2% of records, which ingest sets aside).`,
    );
    const code = await simulateCommand({
      out: layout.inbox,
      asOf: "2026-06-30",
      members: 24_000,
      seed: "ct",
      deltas: 3,
      defects: 0.002,
      fileDefects: false,
      json: false,
    });
    if (code !== 0) return code;
  } else {
    console.log(`Using the extracts already in ${layout.inbox}.`);
  }
  // The job `workforce run` runs (and records in logs/runs.jsonl, so `workforce status` sees it):
  // the analyst copy and the site are published together only when every step passed.
  console.log("\nRunning the job: ingest, build, test, publish the analyst copy and the public site.");
  let r: RunResult;
  try {
    r = await runJob({
      dataDir: layout.root,
      trigger: "npm start",
      progress: (line) => console.log(`  ${line}`),
      warn: (m) => console.log(m),
    });
  } catch (e) {
    // Another run holds the lock (exit 3), as `workforce run` reports it.
    if (!(e instanceof WorkforceError)) throw e;
    console.error(`error ${e.code}: ${e.message}\nhint: ${e.hint}`);
    return e.exitCode;
  }
  process.stdout.write(renderRun(r, layout.root));
  if (r.exit_code !== 0) {
    // Nothing is published unless every step passed (an extract held by ingest included).
    console.log(
      `\nThe run's steps are logged in ${join(layout.logs, "workforce.jsonl")}; \`npx workforce --data-dir ${layout.root} status\` shows the run.`,
    );
    const kept = currentVersion(layout.root);
    if (!serving || !kept?.manifest.has_site) return r.exit_code;
    console.log(
      `Serving the site published before, ${kept.manifest.version} (as of ${kept.manifest.as_of}).`,
    );
    return await serve(join(kept.dir, "site"));
  }
  console.log(
    [
      "",
      `Done. Published in ${layout.published}/: the analyst copy (analytics.duckdb and parquet/:`,
      `\`npx workforce tables\`, \`npx workforce sql "select ..."\`) and the site (site/${r.unchanged ? "" : ", also in dist/"}).`,
      `The restricted warehouse is in ${join(layout.root, "warehouse")}/ (\`npx workforce metrics\`,`,
      "`quarantine` for the records set aside, `report`, `cost`); `npx workforce status` shows this run.",
    ].join("\n"),
  );
  if (!serving) return 0;
  // The version now published (a run with nothing new keeps the one before; dist/ may be older).
  const published = currentVersion(layout.root);
  return await serve(published ? join(published.dir, "site") : undefined);
}

async function serve(dir?: string): Promise<number> {
  const port = portFromEnv();
  let server: Awaited<ReturnType<typeof serveDist>>;
  try {
    server = await serveDist(dir, port);
  } catch (e) {
    // Taken between the check before the run and now: the run itself is done and published.
    console.error(
      `error usage: cannot serve the site on 127.0.0.1:${port}: ${portProblem(e as NodeJS.ErrnoException)}.\n` +
        `The run is done and published; serve it with \`npm run preview:site\`, or ${PORT_HINT.replace(/^hint: /, "")}`,
    );
    return 2;
  }
  console.log(`\nThe site is being served at ${server.url} (Ctrl-C to stop).`);
  return await new Promise<number>(() => {});
}

process.exitCode = await main();
