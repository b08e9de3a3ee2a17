/**
 * `workforce metrics [--as-of YYYY-MM-DD] [--json]`: the unsuppressed headline figures of
 * metrics.md on a reference date, read from the current build (`<data-dir>/warehouse/marts.duckdb`,
 * opened read-only). Restricted-zone output: never publish it as is.
 */
import { existsSync } from "node:fs";
import { DuckDBInstance } from "@duckdb/node-api";
import { lit } from "../warehouse/db.ts";
import { EXIT, usageError, WorkforceError } from "../warehouse/errors.ts";
import { buildPaths } from "./build.ts";
import { computeHeadline, type Headline, latestAsOf } from "./metrics.ts";

export interface MetricsCommandOptions {
  dataDir: string;
  /** Reference date; default: the latest extract's as-of date in the build. */
  asOf?: string;
  json?: boolean;
  stdout?: { write(chunk: string): unknown };
}

/**
 * Open a build database read-only. It is attached under its own catalog name because DuckDB names
 * a file's catalog after the file ("marts.duckdb" -> "marts"), which would make every
 * `marts.<table>` reference ambiguous with the marts schema.
 */
export async function openBuildReadOnly(path: string) {
  const instance = await DuckDBInstance.create(":memory:");
  const con = await instance.connect();
  try {
    await con.run(`attach ${lit(path)} as current_build (read_only); use current_build`);
  } catch (err) {
    con.closeSync();
    instance.closeSync();
    throw err;
  }
  return {
    con,
    close() {
      con.closeSync();
      instance.closeSync();
    },
  };
}

function formatHeadline(h: Headline): string {
  const lines: string[] = [`Headline figures on ${h.as_of} (unsuppressed: restricted zone)`, ""];
  // Counts with thousands separators, money with cents, shares as percentages (--json keeps the
  // numbers as computed).
  const count = (n: number) => n.toLocaleString("en-US");
  const usd = (n: number) =>
    n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(38)} ${value.padStart(10)}`);
  const map = (title: string, m: Record<string, number>, show: (n: number) => string = count) => {
    lines.push(`  ${title}`);
    for (const [k, v] of Object.entries(m)) lines.push(`    ${k.padEnd(36)} ${show(v).padStart(10)}`);
  };
  row("members", count(h.members));
  row("active workforce", count(h.active_workforce));
  map("active by setting", h.active_by_setting);
  map("active by role (primary spell)", h.active_by_role);
  map("highest award", h.highest_award);
  row("bachelor-level qualified", count(h.bachelor_level_qualified));
  map("median hourly wage by role (USD)", h.median_hourly_wage_by_role, usd);
  map("career-ladder level (registry)", h.ladder_level);
  row("covered classrooms", count(h.covered_classrooms));
  row("  with a bachelor-level QSM", count(h.covered_classrooms_qualified_qsm));
  row("  without a designated QSM", count(h.covered_classrooms_without_qsm));
  row("goal share", h.goal_share === null ? "n/a" : `${(100 * h.goal_share).toFixed(2)}%`);
  lines.push("  scholarships by fiscal year");
  lines.push(
    `    ${"FY".padEnd(6)}${"submitted".padStart(10)}${"approved".padStart(10)}${"denied".padStart(8)}${"awarded USD".padStart(16)}${"paid USD".padStart(16)}`,
  );
  for (const [fy, y] of Object.entries(h.scholarships_by_fiscal_year)) {
    lines.push(
      `    ${fy.padEnd(6)}${count(y.submitted).padStart(10)}${count(y.approved).padStart(10)}${count(y.denied).padStart(8)}${usd(y.awarded_usd).padStart(16)}${usd(y.paid_usd).padStart(16)}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

export async function metricsCommand(opts: MetricsCommandOptions): Promise<number> {
  const stdout = opts.stdout ?? process.stdout;
  const path = buildPaths(opts.dataDir).current;
  if (!existsSync(path)) throw new WorkforceError("no_build", { path }, EXIT.usage);
  const db = await openBuildReadOnly(path);
  try {
    const asOf = opts.asOf ?? (await latestAsOf(db.con));
    if (!asOf) throw usageError("the build has no loaded extract: pass --as-of", "metrics");
    const headline = await computeHeadline(db.con, asOf);
    stdout.write(opts.json ? `${JSON.stringify(headline, null, 2)}\n` : formatHeadline(headline));
    return EXIT.ok;
  } finally {
    db.close();
  }
}
