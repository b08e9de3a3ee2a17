/** The operations verbs for warehouse/cli.ts: run, publish, schedule (status and sql live in their files). */
import Table from "cli-table3";
import cronstrue from "cronstrue";
import pc from "picocolors";
import { dataLayout, ensureLayout } from "./config.ts";
import { EXIT, WorkforceError } from "./errors.ts";
import { opsLogger } from "./ops-log.ts";
import { publish } from "./publish.ts";
import { currentVersion, type VersionManifest } from "./published.ts";
import { type RunResult, runJob } from "./run.ts";
import { DEFAULT_CRON, SCHEDULE_ENV, startScheduler, validateCron, validateTimezone } from "./schedule.ts";

/** A count as the terminal shows it: 1,064,725. */
const fmt = (n: number) => n.toLocaleString("en-US");

/** A run's steps and outcome, as `workforce run` prints them (also `npm start`). */
export function renderRun(r: RunResult, dataDir: string): string {
  const t = new Table({ head: ["step", "status", "seconds"], style: { head: [], border: [] } });
  for (const s of r.steps)
    t.push([
      s.step,
      s.status === "ok" ? pc.green("ok") : s.status === "skipped" ? pc.dim("skipped") : pc.red("failed"),
      String(s.seconds),
    ]);
  const lines = [
    t.toString(),
    `run ${r.run_id}: ${r.status === "succeeded" ? pc.green("succeeded") : pc.red(r.status)}; ` +
      `${fmt(r.extracts_loaded)} extract(s) loaded, ${fmt(r.rows_loaded)} rows, ${fmt(r.quarantined)} quarantined, ${fmt(r.deduplicated ?? 0)} deduplicated, ${fmt(r.tests_failed)} test(s) failed`,
  ];
  if (r.published_version && r.unchanged)
    lines.push(
      `nothing new to publish: ${r.published_version} (as of ${r.as_of}) was made from the same extract, code and pseudonym key, and stays (\`workforce run --force\` builds and publishes anyway)`,
    );
  else if (r.published_version)
    lines.push(`published ${r.published_version} (as of ${r.as_of}): analyst copy and site`);
  if (r.error) {
    const kept = currentVersion(dataDir);
    lines.push(
      pc.red(`error ${r.error.code}: ${r.error.message}`),
      ...(r.error.hint ? [`hint: ${r.error.hint}`] : []),
      ...(r.published_version
        ? []
        : [
            kept
              ? `nothing new was published: ${kept.manifest.version} (as of ${kept.manifest.as_of}) stays`
              : "nothing was published (no earlier version either)",
          ]),
    );
  }
  return `${lines.join("\n")}\n`;
}

export async function runCommand(opts: {
  dataDir: string;
  inbox?: string;
  json: boolean;
  force?: boolean;
}): Promise<number> {
  const tty = process.stderr.isTTY && !opts.json;
  const warn = (m: string) => process.stderr.write(`${pc.yellow(m)}\n`);
  const r = await runJob({
    dataDir: opts.dataDir,
    inbox: opts.inbox,
    force: opts.force,
    warn,
    progress: tty ? (line) => process.stderr.write(`  ${line}\n`) : undefined,
  });
  const { exit_code, ...record } = r;
  process.stdout.write(opts.json ? `${JSON.stringify(record, null, 2)}\n` : renderRun(r, opts.dataDir));
  return exit_code;
}

function renderPublished(m: VersionManifest, dataDir: string): string {
  const t = new Table({ head: ["table", "rows", "parquet"], style: { head: [], border: [] } });
  for (const x of m.tables) t.push([x.name, String(x.rows), x.parquet]);
  const p = dataLayout(dataDir).published;
  return (
    `${t.toString()}\n` +
    `published ${m.version} (as of ${m.as_of}): ${m.tables.length} tables in ${p}/analytics.duckdb and ${p}/parquet/; ` +
    `${m.pseudonymised_columns.length} person column(s) pseudonymised, ${m.dropped_columns.length} column(s) dropped` +
    `${m.pseudonym_key === "demo" ? pc.yellow(" (DEMO pseudonym key)") : ""}\n` +
    (m.has_site
      ? `the public site of the previous version is kept in ${p}/site/\n`
      : `no public site in this version yet (${p}/site/ is empty): \`workforce run\` builds and publishes it with the analyst copy\n`)
  );
}

export async function publishCommand(opts: { dataDir: string; json: boolean }): Promise<number> {
  const layout = ensureLayout(dataLayout(opts.dataDir));
  const { acquireRunLock } = await import("./run-lock.ts");
  const release = await acquireRunLock(layout.root, "publish");
  try {
    const m = (await publish({
      dataDir: layout.root,
      log: opsLogger(layout.root),
      warn: (msg) => process.stderr.write(`${pc.yellow(msg)}\n`),
    })) as VersionManifest;
    process.stdout.write(opts.json ? `${JSON.stringify(m, null, 2)}\n` : renderPublished(m, layout.root));
    return EXIT.ok;
  } finally {
    await release();
  }
}

export async function scheduleCommand(opts: {
  dataDir: string;
  inbox?: string;
  cron?: string;
  timezone: string;
}): Promise<number> {
  const expression = opts.cron ?? process.env[SCHEDULE_ENV] ?? DEFAULT_CRON;
  // Checked before the data directory is created: a refused command leaves nothing behind.
  validateCron(expression);
  validateTimezone(opts.timezone);
  const layout = ensureLayout(dataLayout(opts.dataDir));
  const echo = (record: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(record)}\n`);
  const log = opsLogger(layout.root, echo);
  let scheduler: ReturnType<typeof startScheduler>;
  try {
    scheduler = startScheduler({
      dataDir: layout.root,
      inbox: opts.inbox ?? layout.inbox,
      cron: expression,
      timezone: opts.timezone,
      log,
    });
  } catch (e) {
    if (e instanceof WorkforceError) throw e;
    throw new WorkforceError("invalid_schedule", { expression, detail: (e as Error).message }, EXIT.usage);
  }
  const next = scheduler.task.getNextRuns(1)[0];
  const at = (d: Date, timeZone: string) =>
    d.toLocaleString("en-US", { timeZone, dateStyle: "medium", timeStyle: "short", hourCycle: "h23" });
  process.stderr.write(
    `${pc.dim(
      `scheduled: ${cronstrue.toString(expression, { use24HourTimeFormat: true })} (${opts.timezone})${
        next ? `; next run ${at(next, opts.timezone)} ${opts.timezone} (${at(next, "UTC")} UTC)` : ""
      }; logs in ${log.file}; Ctrl-C to stop`,
    )}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      scheduler.stop().then(resolve, resolve);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  return EXIT.ok;
}
