/**
 * The `workforce` command: one verb per job. Exit codes: 0 ok, 1 data or test failure, 2 usage or
 * configuration error, 3 another run holds the lock.
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from "commander";
import pc from "picocolors";
import { ingestCommand } from "../ingest/command.ts";
import { findExtracts } from "../ingest/extract.ts";
import { DEFAULT_REJECT_RATE_LIMIT, FULL_SHRINK_LIMIT, REJECT_RATE_MIN_RECORDS } from "../ingest/policy.ts";
import { quarantineCommand } from "../ingest/quarantine.ts";
import { isCalendarDate } from "../ingest/sources/contract.ts";
import { addDays } from "../ingest/sources/dates.ts";
import { simulateCommand } from "../synthetic/command.ts";
import { HISTORY_START } from "../synthetic/world.ts";
import { buildCommand, testCommand } from "../transforms/command.ts";
import { metricsCommand } from "../transforms/metrics-command.ts";
import { DATA_DIR_ENV, dataLayout, ensureLayout } from "./config.ts";
import { writeDocs } from "./docs.ts";
import { EXIT, usageError, WorkforceError } from "./errors.ts";
import { COST_FORMATS, type CostFormat, REPORT_KINDS, type ReportKind } from "./reports/kinds.ts";
import type { Format } from "./sql.ts";

/**
 * Whether `inbox` holds a complete extract (`findExtracts`: the folders ingest would load), or is
 * not a folder at all (which the verb reports as such).
 */
function hasExtractOrIsNoFolder(inbox: string): boolean {
  return !existsSync(inbox) || !statSync(inbox).isDirectory() || findExtracts(inbox).length > 0;
}

function parseDate(value: string): string {
  if (!isCalendarDate(value)) {
    throw new InvalidArgumentError(
      /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? `"${value}" is not a day of the calendar (month 01-12, and a day that month has).`
        : `"${value}" is not a date in YYYY-MM-DD form.`,
    );
  }
  return value;
}

/** The simulated registry's history starts on HISTORY_START: a full extract can be as of that day or later. */
function parseSimulatedAsOf(value: string): string {
  const date = parseDate(value);
  if (date < HISTORY_START) {
    throw new InvalidArgumentError(
      `${date} is before ${HISTORY_START}, when the simulated registry's history starts: give ${HISTORY_START} or later.`,
    );
  }
  return date;
}

/** The folders `simulate` would write (the full extract and its deltas) that `out` already holds. */
function existingExtractFolders(out: string, asOf: string, deltas: number): string[] {
  return Array.from({ length: deltas + 1 }, (_, i) => `registry-extract-${addDays(asOf, i)}`).filter(
    (folder) => existsSync(join(out, folder)),
  );
}

/** `--format`, or without it the format an `--output` file's .csv or .json extension names. */
function outputFormat(cmd: Command, opts: { format: string; output?: string }): string {
  const byExtension = /\.(csv|json)$/i.exec(opts.output ?? "")?.[1]?.toLowerCase();
  return cmd.getOptionValueSource("format") === "default" && byExtension ? byExtension : opts.format;
}

function parseCount(min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value))
      throw new InvalidArgumentError(`"${value}" is not a whole number from ${min} to ${max}.`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`${n} is outside ${min} to ${max}.`);
    return n;
  };
}

function parseRate(value: string): number {
  const n = Number(value);
  if (!/^\d*\.?\d+$/.test(value) || n < 0 || n > 0.5) {
    throw new InvalidArgumentError(`"${value}" is not a rate between 0 and 0.5.`);
  }
  return n;
}

export function buildProgram(): Command {
  const program = new Command("workforce")
    .description(
      "Analytics warehouse for Connecticut's Early Childhood Professional Registry: load registry " +
        "extracts, build the star schema and metrics, publish the public dashboards.",
    )
    .addOption(
      new Option("--data-dir <dir>", "data directory (inbox/, warehouse/, published/, reports/, logs/)")
        .env(DATA_DIR_ENV)
        .default("./data"),
    )
    .exitOverride()
    // (the whole help after a mistyped option buried the message: a pointer to it instead)
    .showHelpAfterError("(add --help for usage)")
    .configureOutput({ outputError: (str, write) => write(pc.red(str)) })
    .addHelpText(
      "after",
      "\nExit codes: 0 ok, 1 data or test failure, 2 usage or configuration error, 3 another run holds the lock.",
    );
  // A mistyped --data-dir is a usage error, not an empty warehouse: only the verbs that start a
  // data directory create it (simulate; ingest and run given an --inbox holding an extract to
  // load; schedule, which waits for extracts to be delivered into its inbox).
  program.hook("preAction", (_program, action) => {
    const verb = action.name();
    if (["simulate", "docs", "schedule"].includes(verb)) return;
    const inbox: string | undefined = action.opts().inbox;
    if ((verb === "ingest" || verb === "run") && inbox !== undefined && hasExtractOrIsNoFolder(inbox)) return;
    const { root } = dataLayout(action.optsWithGlobals().dataDir);
    if (!existsSync(root)) throw new WorkforceError("data_dir_missing", { path: root }, EXIT.usage);
  });

  program
    .command("simulate")
    .description(
      "Write simulated registry extracts (spec-conformant, deterministic): a full extract as of a date, " +
        "optional daily deltas, optional known defects with an answer key. Later days of the same registry are " +
        "its deltas (--deltas): a full extract simulated at another --as-of is a different history, which ingest " +
        "holds after the first (event_changed).",
    )
    .option("--out <dir>", "where to write registry-extract-<as-of>/ folders (default: <data-dir>/inbox)")
    .option(
      "--as-of <date>",
      `as-of date of the full extract (YYYY-MM-DD, ${HISTORY_START} or later: the simulated history starts then)`,
      parseSimulatedAsOf,
      "2026-06-30",
    )
    .option(
      "--members <n>",
      "number of registry members (10 to 50,000,000)",
      parseCount(10, 50_000_000),
      24_000,
    )
    .option("--seed <seed>", "random seed; the same arguments give byte-identical output", "ct")
    .option("--deltas <k>", "also write the K daily delta extracts that follow", parseCount(0, 366), 0)
    .option(
      "--defects <rate>",
      "inject the row-level defects of spec §5 at this rate (0 to 0.5)",
      parseRate,
      0,
    )
    .option("--file-defects", "also inject whole-file defects into the deltas", false)
    .option(
      "--overwrite",
      "replace extract folders of the same dates already in --out (without it, such a folder is an error: ingest may have loaded it)",
      false,
    )
    .option("--json", "print the summary as JSON", false)
    .action(async (opts, cmd: Command) => {
      const layout = dataLayout(cmd.optsWithGlobals().dataDir);
      const out = opts.out ?? ensureLayout(layout).inbox;
      const { overwrite, ...simulateOpts } = opts;
      const existing = overwrite ? [] : existingExtractFolders(out, opts.asOf, opts.deltas);
      if (existing.length > 0) {
        const [verb, it] = existing.length === 1 ? ["is", "it"] : ["are", "them"];
        throw usageError(
          `${existing.join(", ")} ${verb} already in ${out} (ingest may have loaded ${it}): ` +
            `give another --out, remove ${it}, or --overwrite to replace ${it}`,
          "simulate",
        );
      }
      process.exitCode = await simulateCommand({ ...simulateOpts, out });
    });

  program
    .command("ingest")
    .description(
      "Load every complete extract in the inbox (manifest present) in as-of order into the restricted warehouse: " +
        "manifest checks, contract validation, quarantine of invalid records with a reason, deltas applied, " +
        "each extract exactly once and atomically; records that waited for a set-aside record load once it has. " +
        "Exit 1 when a file or extract was not loaded, 2 when --inbox is not a folder, 3 when another run holds the lock.",
    )
    .option("--inbox <dir>", "where the registry-extract-<as-of>/ folders are (default: <data-dir>/inbox)")
    .option(
      "--reject-rate-limit <rate>",
      `reject a file (and hold its extract) when more than this share of its records is quarantined (0 to 0.5; default ${DEFAULT_REJECT_RATE_LIMIT}; a file of fewer than ${REJECT_RATE_MIN_RECORDS} records is never rejected for it)`,
      parseRate,
    )
    .option(
      "--accept-shrink <file...>",
      `let a full extract's file end more than ${100 * FULL_SHRINK_LIMIT}% of the current records of its entity: people.csv for every full extract of this ingest, or EXTRACT_ID/people.csv for one; without it such an extract is held (full_extract_shrinks)`,
    )
    .option("--json", "print the summary as JSON", false)
    .action(async (opts, cmd: Command) => {
      // An explicit inbox that is not a folder is reported before the data directory is created.
      const layout = opts.inbox
        ? dataLayout(cmd.optsWithGlobals().dataDir)
        : ensureLayout(dataLayout(cmd.optsWithGlobals().dataDir));
      process.exitCode = await ingestCommand({
        dataDir: layout.root,
        inbox: opts.inbox ?? layout.inbox,
        json: opts.json,
        rejectRateLimit: opts.rejectRateLimit,
        acceptShrink: opts.acceptShrink,
      });
    });

  program
    .command("quarantine")
    .description(
      "List the records ingest set aside, with extract, file, record, column, value, reason, message and what to do; " +
        "a record set aside only for a record it refers to also says whether it still waits for it or has loaded since. " +
        "Reads the restricted zone: the output can contain personal data.",
    )
    .option("--extract <id>", "only this extract (e.g. CTREG-2026-06-30-FULL)")
    .option("--reason <code>", "only this reason code (see docs/reason-codes.md)")
    .option("--file <name>", "only this file of the extract (e.g. people.csv)")
    .addOption(new Option("--json", "print JSON").conflicts("csv"))
    .option("--csv <file>", "write a CSV safe to open in a spreadsheet (formula-like cells neutralised)")
    .action(async (opts, cmd: Command) => {
      const layout = dataLayout(cmd.optsWithGlobals().dataDir);
      const r = await quarantineCommand({
        dataDir: layout.root,
        extract: opts.extract,
        reason: opts.reason,
        file: opts.file,
        json: opts.json ?? false,
        csv: opts.csv,
      });
      process.stderr.write(r.notice.endsWith("\n") ? r.notice : `${r.notice}\n`);
      process.stdout.write(r.output);
      process.exitCode = r.exitCode;
    });

  program
    .command("docs")
    .description(
      "Write the documentation generated from the code: the reason-code catalogue (reason-codes.md) and the data " +
        "dictionary (data-dictionary.md and .json: every source, reference table and model, its grain, columns, " +
        "descriptions, DuckDB types and upstream tables). Needs no data: the same code writes the same files.",
    )
    .option("--out <dir>", "output folder", "docs")
    .action(async (opts) => {
      process.exitCode = await writeDocs(opts.out);
    });

  program
    .command("metrics")
    .description(
      "Print the headline figures of metrics.md on a date from the current build, unsuppressed (restricted zone: " +
        "small numbers are not hidden).",
    )
    .option(
      "--as-of <date>",
      "a month end from 2012-01-31 or an extract's as-of date (default: the latest extract's)",
      parseDate,
    )
    .option("--json", "print the figures as JSON", false)
    .action(async (opts, cmd: Command) => {
      const layout = dataLayout(cmd.optsWithGlobals().dataDir);
      process.exitCode = await metricsCommand({ dataDir: layout.root, asOf: opts.asOf, json: opts.json });
    });

  program
    .command("report")
    .description(
      "Write a restricted program report as printable HTML plus CSV into <data-dir>/reports/<as-of>/<kind>/ " +
        "(never part of the public site), from the current build read-only. Kinds: staff-qualifications (each " +
        "confirmed staff member's qualifications and what they still need), naeyc (NAEYC readiness criteria, " +
        "each staff member's standing and the program's result), scholarships (every scholarship request of the " +
        "program's confirmed staff naming it as employer, with its status history). The reports name staff: restricted use.",
    )
    .addArgument(new Argument("<kind>", "report kind").choices(REPORT_KINDS))
    .addOption(
      new Option("--program <id>", "one program (P followed by 6 digits, e.g. P000123)").conflicts("all"),
    )
    .option("--all", "every program open on the as-of date (one query per report kind)", false)
    .option(
      "--as-of <date>",
      "a month end from 2012-01-31 or an extract's as-of date (default: the latest extract's)",
      parseDate,
    )
    .option(
      "--json",
      "print the result as JSON (folder, files and timing; with --all, the program count instead of files)",
      false,
    )
    .addHelpText(
      "after",
      "\nExamples:\n  workforce report staff-qualifications --program P000123\n" +
        "  workforce report naeyc --all --as-of 2026-05-31\n\n" +
        "Exit codes: 0 written, 1 the program is not in the warehouse (with the ids within two edits, if any, and the range of ids), 2 usage " +
        "(a malformed id, a date that is not a snapshot date, no build).",
    )
    .action(async (kind: ReportKind, opts, cmd: Command) => {
      const layout = dataLayout(cmd.optsWithGlobals().dataDir);
      if (!opts.program && !opts.all) {
        throw usageError("give --program P000123 or --all", "report");
      }
      const { reportCommand } = await import("./report.ts");
      process.exitCode = await reportCommand({
        dataDir: layout.root,
        kind,
        program: opts.program,
        all: opts.all,
        asOf: opts.asOf,
        json: opts.json,
      });
    });

  program
    .command("cost")
    .description(
      "Cost a target wage schedule: the people in the active workforce paid below it and the annual cost of " +
        "closing the gap (per person: max(0, target - hourly wage) x hours_per_week x weeks_per_year of the pay " +
        "record in force), by planning region, setting and funding source, with the assumptions. Restricted use: " +
        "unsuppressed.",
    )
    .requiredOption(
      "--target <file|preset>",
      "a preset of seeds.wage_target_presets (HOURLY_FLOOR, K12_PARITY), or a .csv/.json schedule with columns " +
        "role_code, qualification_level_code ('*' = any) and one of target_hourly_wage_usd or k12_parity_pct " +
        "(a fraction of the K-12 benchmark's hourly rate)",
    )
    .option(
      "--as-of <date>",
      "a month end from 2012-01-31 or an extract's as-of date (default: the latest extract's)",
      parseDate,
    )
    .addOption(new Option("--format <format>", "output format").choices(COST_FORMATS).default("table"))
    .option(
      "--output <file>",
      "write the output to this file instead of stdout (as CSV for a .csv file and JSON for a .json file, unless --format says otherwise)",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  workforce cost --target K12_PARITY\n" +
        "  workforce cost --target schedule.csv --as-of 2026-06-30 --output cost.csv\n\n" +
        "A schedule file (CSV, or JSON: an array of rows or {description, rows}):\n" +
        "  role_code,qualification_level_code,target_hourly_wage_usd,k12_parity_pct\n" +
        "  TEACHER,BACHELOR_LEVEL,,0.75\n  TEACHER,*,22.50,\n  *,*,18.00,\n" +
        "The most specific row applies (an exact role before *, then an exact level before *).\n\n" +
        "Exit codes: 0 ok, 2 usage (an invalid schedule: file, row, column, value and rule are named).",
    )
    .action(async (opts, cmd: Command) => {
      const layout = dataLayout(cmd.optsWithGlobals().dataDir);
      const { costCommand } = await import("./cost.ts");
      process.exitCode = await costCommand({
        dataDir: layout.root,
        target: opts.target,
        asOf: opts.asOf,
        format: outputFormat(cmd, opts) as CostFormat,
        output: opts.output,
      });
    });

  program
    .command("build")
    .description(
      "Build the reference tables and every model (staging, marts, reporting) in dependency order into a new " +
        "version, run the tests, and make it current only when every blocking test passes; the previous build " +
        "stays otherwise.",
    )
    .option(
      "--select <models...>",
      "build only these models (e.g. marts.dim_people or dim_people) and everything downstream",
    )
    .option(
      "--full",
      "rebuild every model from scratch (by default a model whose inputs did not change is kept, a " +
        "monthly snapshot recomputes only the dates a change can affect, the workforce and QSM " +
        "snapshots the members and classrooms whose records changed, NAEYC readiness the programs " +
        "whose snapshot rows changed, and record-level staging " +
        "models, facts, dim_people and dim_programs the accounts, records, programs or members a " +
        "load touched (in full instead when those hold over 40% of a table of 100,000 rows or " +
        "more), and the count tables behind the publication cells add the changed members' " +
        "difference; a current build in an older storage format is rebuilt in full once)",
      false,
    )
    .option("--json", "print the result as JSON", false)
    .addHelpText(
      "after",
      "\nEnvironment: WORKFORCE_BUILD_MEMORY_LIMIT caps DuckDB's memory (default 3GB; beyond it DuckDB " +
        "spills to disk). The process uses more: 3.8-5.3 GiB at its peak for 2,000,000 members with 3GB.\n" +
        "WORKFORCE_BUILD_CONCURRENCY: how many models (and tests) run side by side (default 2; 1 runs them " +
        "one after the other); a model reading more than 4,000,000 rows always runs alone. While tests run " +
        "side by side, DuckDB's threads are lowered so that each core has one.",
    )
    .action(async (opts, cmd: Command) => {
      const layout = dataLayout(cmd.optsWithGlobals().dataDir);
      process.exitCode = await buildCommand({
        dataDir: layout.root,
        select: opts.select ?? [],
        json: opts.json,
        full: opts.full,
      });
    });

  program
    .command("test")
    .description(
      "Run every model's tests (grain, not-null, values, relationships, ranges) against the current build.",
    )
    .option("--json", "print the results as JSON", false)
    .addHelpText(
      "after",
      "\nEnvironment: WORKFORCE_BUILD_CONCURRENCY: how many tests run side by side (default 2; 1 runs them " +
        "one after the other; DuckDB's threads are lowered meanwhile so that each core has one).",
    )
    .action(async (opts, cmd: Command) => {
      const layout = dataLayout(cmd.optsWithGlobals().dataDir);
      process.exitCode = await testCommand({ dataDir: layout.root, json: opts.json });
    });

  program
    .command("run")
    .description(
      "The whole job under the run lock: ingest, build, test, publish the analyst copy, build the site. The analyst " +
        "copy and the site switch to the new version together, atomically, only when every step passed; otherwise " +
        "the previous ones stay (exit 1). When nothing new was loaded and the current version was made from the " +
        "same extract, code and pseudonym key, it stays and build to site are skipped. Each run is recorded in " +
        "<data-dir>/logs/runs.jsonl. Exit 3 when another run holds the lock.",
    )
    .option("--inbox <dir>", "where the registry-extract-<as-of>/ folders are (default: <data-dir>/inbox)")
    .option("--force", "build and publish even when nothing changed since the current version", false)
    .option("--json", "print the run record as JSON", false)
    .action(async (opts, cmd: Command) => {
      const layout = dataLayout(cmd.optsWithGlobals().dataDir);
      // The operations verbs load their modules (DuckDB, node-cron, tables) only when they run.
      const { runCommand } = await import("./ops-commands.ts");
      process.exitCode = await runCommand({
        dataDir: layout.root,
        inbox: opts.inbox,
        json: opts.json,
        force: opts.force,
      });
    });

  program
    .command("publish")
    .description(
      "Write a new version of the analyst copy from the current build: <data-dir>/published/analytics.duckdb " +
        "(marts and reporting only, read-only) and Parquet per table (facts partitioned by fiscal year). People are " +
        "keyed by HMAC-SHA256 of the registry id (secret in WORKFORCE_PSEUDONYM_KEY; without it a public demo key, " +
        "with a warning); no names, emails, birth dates or free text. Switched atomically; the site stays.",
    )
    .option("--json", "print the publication's manifest as JSON", false)
    .action(async (opts, cmd: Command) => {
      const layout = dataLayout(cmd.optsWithGlobals().dataDir);
      const { publishCommand } = await import("./ops-commands.ts");
      process.exitCode = await publishCommand({ dataDir: layout.root, json: opts.json });
    });

  program
    .command("schedule")
    .description(
      "Run the whole job (workforce run) on a schedule, until stopped: catches up once at start when the last " +
        "success is older than the schedule's interval, never overlaps, retries transient faults (lock busy, extract " +
        "still being written) with backoff, not data or test failures. Logs JSON lines to <data-dir>/logs/.",
    )
    .option(
      "--cron <expression>",
      `cron expression (environment ${"WORKFORCE_SCHEDULE"}; default "0 2 * * *", 02:00 nightly)`,
    )
    .option("--timezone <tz>", "time zone of the expression", "America/New_York")
    .option("--inbox <dir>", "where the registry-extract-<as-of>/ folders are (default: <data-dir>/inbox)")
    .action(async (opts, cmd: Command) => {
      const layout = dataLayout(cmd.optsWithGlobals().dataDir);
      const { scheduleCommand } = await import("./ops-commands.ts");
      process.exitCode = await scheduleCommand({
        dataDir: layout.root,
        inbox: opts.inbox,
        cron: opts.cron,
        timezone: opts.timezone,
      });
    });

  program
    .command("status")
    .description(
      "Last run, last success, the newest loaded extract, the published version, open gaps, pending and held extracts " +
        "and quarantine totals. Exit 1 when the published data is older than --max-age-hours, or when the last run " +
        "failed (the data is still yesterday's and goes stale unless the cause is fixed), for monitors.",
    )
    .option(
      "--max-age-hours <n>",
      "alert (exit 1) when the published data has not been current for this many hours, counted from the end of its as-of day in New York (environment WORKFORCE_MAX_DATA_AGE_HOURS; default 48)",
      parseCount(1, 100_000),
    )
    .option(
      "--inbox <dir>",
      "the inbox whose pending extracts and gaps to report (default: <data-dir>/inbox)",
    )
    .option("--json", "print the status as JSON", false)
    .action(async (opts, cmd: Command) => {
      const layout = dataLayout(cmd.optsWithGlobals().dataDir);
      const { statusCommand } = await import("./status.ts");
      process.exitCode = await statusCommand({
        dataDir: layout.root,
        inbox: opts.inbox,
        json: opts.json,
        maxAgeHours: opts.maxAgeHours,
      });
    });

  const formatOption = () =>
    new Option("--format <format>", "output format").choices(["table", "csv", "json"]).default("table");

  program
    .command("sql")
    .description(
      "Run a read-only SQL query on the analyst copy (published/analytics.duckdb); with no query, an interactive " +
        "prompt. Tables are named with or without their schema (marts.dim_people or dim_people). Statements that would " +
        "write (CREATE, COPY ... TO, ATTACH, INSTALL, SET, PRAGMA ...) are refused (exit 2).",
    )
    .argument("[query]", "one SQL query (quote it)")
    .addOption(formatOption())
    .option(
      "--output <file>",
      "write the result to a file instead of standard output (as CSV for a .csv file and JSON for a .json file, unless --format says otherwise)",
    )
    .addHelpText(
      "after",
      "\nThe table format shows the first 100 rows of a result and counts the rest; csv and json give every row.",
    )
    .addHelpText(
      "after",
      `\nA query that starts with a comment ("-- " then text) is read as the query, not as an option\n(options may come before or after it); after -- it may also start with anything else that looks like\nan option:\n  workforce sql --format csv "-- headcount\n  select count(*) from reporting.rpt_workforce_by_setting_role"`,
    )
    .action(async (query: string | undefined, opts, cmd: Command) => {
      const layout = dataLayout(cmd.optsWithGlobals().dataDir);
      const { sqlCommand } = await import("./sql.ts");
      process.exitCode = await sqlCommand({
        dataDir: layout.root,
        query,
        format: outputFormat(cmd, opts) as Format,
        output: opts.output,
      });
    });

  program
    .command("tables")
    .description("List the tables of the analyst copy with their row counts and descriptions.")
    .addOption(formatOption())
    .action(async (opts, cmd: Command) => {
      const layout = dataLayout(cmd.optsWithGlobals().dataDir);
      const { tablesCommand } = await import("./sql.ts");
      process.exitCode = await tablesCommand({ dataDir: layout.root, format: opts.format as Format });
    });

  program
    .command("describe")
    .description(
      "Show a table of the analyst copy: its columns, types and descriptions (from the data dictionary).",
    )
    .argument("<table>", "table name, e.g. marts.dim_people or dim_people")
    .addOption(formatOption())
    .action(async (table: string, opts, cmd: Command) => {
      const layout = dataLayout(cmd.optsWithGlobals().dataDir);
      const { describeCommand } = await import("./sql.ts");
      process.exitCode = await describeCommand({
        dataDir: layout.root,
        table,
        format: opts.format as Format,
      });
    });

  return program;
}

/**
 * A query that starts with a `--` comment looks like an option to the parser: one (an argument
 * starting with `--` then a space or line end, which no option does) is moved to the end after a
 * `--`, so `workforce sql "-- note\nselect 1" --format csv` runs as
 * `workforce sql --format csv -- "-- note\nselect 1"` would (options after it stay options).
 */
export function sqlCommentArgs(argv: readonly string[]): string[] {
  let verb = 0;
  // the global options before the verb (--data-dir takes a value unless written --data-dir=DIR)
  while (verb < argv.length && argv[verb]!.startsWith("-")) verb += argv[verb] === "--data-dir" ? 2 : 1;
  if (argv[verb] !== "sql" || argv.includes("--")) return [...argv];
  const at = argv.findIndex((a, i) => i > verb && /^--\s/.test(a));
  return at < 0 ? [...argv] : [...argv.slice(0, at), ...argv.slice(at + 1), "--", argv[at]!];
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(sqlCommentArgs(argv), { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (
        err.code === "commander.helpDisplayed" ||
        err.code === "commander.version" ||
        err.code === "commander.help"
      ) {
        return EXIT.ok;
      }
      return EXIT.usage;
    }
    if (err instanceof WorkforceError) {
      process.stderr.write(
        `${pc.red(`error ${err.code}:`)} ${err.message}\n${pc.dim(`hint: ${err.hint}`)}\n`,
      );
      return err.exitCode;
    }
    process.stderr.write(
      `${pc.red("unexpected error:")} ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    return EXIT.dataFailure;
  }
}

// A closed pipe (`workforce ... | head`) ends the command quietly, as Unix tools do.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw err;
});

process.exitCode = await main(process.argv.slice(2));
