/**
 * `npm run bench:ingest`: validated ingest time against the floor, DuckDB's plain typed `read_csv`
 * of the same files into a fresh database file (same run, same machine), at about 1M and 10M
 * records. Reports the ratio, rows per second, peak memory and the ingest's time per phase (each
 * run in a child process of its own, so one does not inherit the other's memory).
 *
 * A second reference, measured in the same run, is the floor plus the lineage and validity columns
 * every raw table carries (`_load_id`, `_record`, `_valid_from`, `_valid_to`, `_end_reason`,
 * `_end_load_id`; constants and NULLs, `_record` left empty): what storing the
 * raw tables' shape costs before any validation, so a lower bound for any ingest that writes them.
 * The goal stays a ratio to the plain floor.
 *
 *   tsx ingest/bench.ts [--sizes 1000000,10000000] [--dir .bench/ingest] [--repeat 2] [--json]
 *
 * Extracts come from the simulator (a full extract, no defects), cached under --dir by size.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DuckDBInstance } from "@duckdb/node-api";
import { simulate } from "../synthetic/simulate.ts";
import { duckType, lineageSelect } from "./checks.ts";
import { manifestSchema } from "./extract.ts";
import { ingest } from "./run.ts";
import { SOURCES } from "./sources/index.ts";

/** Records per member of a simulated full extract (1,024,946 records for 24,000 members). */
const RECORDS_PER_MEMBER = 42.7;

interface Measured {
  ms: number;
  peak_rss_mib: number;
  records?: number;
  /** Ingest only: wall seconds per phase (verify, parse, validate, apply, commit). */
  phases?: Record<string, number>;
}

function peakMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/**
 * The floor: every file of the extract read with DuckDB's typed read_csv into a new database.
 * With `lineage`, each table also gets the raw tables' lineage and validity columns.
 */
async function floor(extractDir: string, dbFile: string, lineage: boolean): Promise<Measured> {
  rmSync(dbFile, { force: true });
  rmSync(`${dbFile}.wal`, { force: true });
  const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(extractDir, "manifest.json"), "utf8")));
  const t0 = performance.now();
  const instance = await DuckDBInstance.create(dbFile);
  const con = await instance.connect();
  for (const s of SOURCES) {
    const path = join(extractDir, s.file);
    if (!existsSync(path)) continue;
    const cols = `{${s.columns.map((c) => `'${c.name}': '${duckType(c)}'`).join(", ")}}`;
    const extra = lineage ? `, ${lineageSelect(manifest.as_of, { loadId: 1 })}` : "";
    await con.run(
      `CREATE TABLE "${s.name}" AS SELECT *${extra} FROM read_csv('${path}', header = true, columns = ${cols}, auto_detect = false)`,
    );
  }
  await con.run("CHECKPOINT");
  con.closeSync();
  instance.closeSync();
  return { ms: performance.now() - t0, peak_rss_mib: peakMiB() };
}

async function ingestOnce(inbox: string, dataDir: string): Promise<Measured> {
  rmSync(dataDir, { recursive: true, force: true });
  const phases: Record<string, number> = {};
  let phase = "open";
  let mark = performance.now();
  const t0 = mark;
  const summary = await ingest({
    dataDir,
    inbox,
    onProgress: (e) => {
      const now = performance.now();
      phases[phase] = (phases[phase] ?? 0) + (now - mark) / 1000;
      phase = e.phase === "extract" ? "verify" : e.phase;
      mark = now;
    },
  });
  const ms = performance.now() - t0;
  // The commit phase runs to the end: commit, swaps, closing the warehouse.
  phases[phase] = (phases[phase] ?? 0) + (t0 + ms - mark) / 1000;
  const records = summary.extracts.flatMap((e) => e.files).reduce((n, f) => n + (f.records ?? 0), 0);
  if (summary.exit_code !== 0)
    throw new Error(`ingest failed: ${JSON.stringify(summary.extracts[0]?.message)}`);
  return { ms, peak_rss_mib: peakMiB(), records, phases };
}

function child(args: string[]): Measured {
  const r = spawnSync(process.execPath, ["--import", "tsx", import.meta.filename, "--child", ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`bench child ${args[0]} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Measured;
}

function ensureExtract(dir: string, size: number): { inbox: string; extractDir: string } {
  const members = Math.max(10, Math.round(size / RECORDS_PER_MEMBER));
  const inbox = resolve(dir, `members-${members}`);
  const find = () => readdirSync(inbox).find((d) => d.startsWith("registry-extract-"));
  if (!existsSync(inbox) || !find() || !existsSync(join(inbox, find()!, "manifest.json"))) {
    rmSync(inbox, { recursive: true, force: true });
    process.stderr.write(`simulating ${members.toLocaleString("en-US")} members into ${inbox} ...\n`);
    simulate({
      out: inbox,
      asOf: "2026-06-30",
      members,
      seed: "bench",
      deltas: 0,
      defects: 0,
      fileDefects: false,
    });
  }
  return { inbox, extractDir: join(inbox, find()!) };
}

export interface BenchRow {
  records: number;
  floor_s: number;
  /** The floor plus the raw tables' lineage and validity columns (same run). */
  floor_lineage_s: number;
  floor_lineage_ratio: number;
  ingest_s: number;
  /** Ingest time over the floor: the goal is at most 1.3. */
  ratio: number;
  /** Ingest time over the floor with lineage columns. */
  ratio_to_floor_lineage: number;
  rows_per_s: number;
  ingest_peak_rss_mib: number;
  floor_peak_rss_mib: number;
  /** Wall seconds per ingest phase, in the best ingest run. */
  phases: Record<string, number>;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === "--child") {
    const [, what, a, b] = argv as [string, string, string, string];
    const m = what === "ingest" ? await ingestOnce(a, b) : await floor(a, b, what === "floor-lineage");
    process.stdout.write(JSON.stringify(m));
    return;
  }
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: "string", default: "1000000,10000000" },
      dir: { type: "string", default: ".bench/ingest" },
      repeat: { type: "string", default: "2" },
      json: { type: "boolean", default: false },
    },
  });
  const sizes = values.sizes.split(",").map(Number);
  const repeat = Math.max(1, Number(values.repeat));
  const results: BenchRow[] = [];
  for (const size of sizes) {
    const { inbox, extractDir } = ensureExtract(values.dir, size);
    const work = resolve(values.dir, "work");
    mkdirSync(work, { recursive: true });
    let f: Measured | null = null;
    let l: Measured | null = null;
    let g: Measured | null = null;
    // Interleaved, best of `repeat`: other load on the machine hits all alike.
    for (let i = 0; i < repeat; i++) {
      const fi = child(["floor", extractDir, join(work, "floor.duckdb")]);
      const li = child(["floor-lineage", extractDir, join(work, "floor.duckdb")]);
      const gi = child(["ingest", inbox, join(work, "data")]);
      if (!f || fi.ms < f.ms) f = fi;
      if (!l || li.ms < l.ms) l = li;
      if (!g || gi.ms < g.ms) g = gi;
    }
    rmSync(work, { recursive: true, force: true });
    const records = g!.records ?? 0;
    const ratio = (a: number, b: number) => Math.round((100 * a) / b) / 100;
    const row: BenchRow = {
      records,
      floor_s: Math.round(f!.ms) / 1000,
      floor_lineage_s: Math.round(l!.ms) / 1000,
      floor_lineage_ratio: ratio(l!.ms, f!.ms),
      ingest_s: Math.round(g!.ms) / 1000,
      ratio: ratio(g!.ms, f!.ms),
      ratio_to_floor_lineage: ratio(g!.ms, l!.ms),
      rows_per_s: Math.round(records / (g!.ms / 1000)),
      ingest_peak_rss_mib: g!.peak_rss_mib,
      floor_peak_rss_mib: f!.peak_rss_mib,
      phases: Object.fromEntries(
        Object.entries(g!.phases ?? {}).map(([k, v]) => [k, Math.round(100 * v) / 100]),
      ),
    };
    results.push(row);
    if (!values.json) {
      const phases = Object.entries(row.phases)
        .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
        .join(", ");
      process.stdout.write(
        `${records.toLocaleString("en-US").padStart(12)} records: floor ${row.floor_s.toFixed(1)} s, ingest ${row.ingest_s.toFixed(1)} s = ${row.ratio.toFixed(2)}x the floor (goal <= 1.3x), ${row.rows_per_s.toLocaleString("en-US")} rows/s, peak ${row.ingest_peak_rss_mib} MiB (floor ${row.floor_peak_rss_mib} MiB)\n` +
          `${"".padStart(12)}  floor + lineage columns ${row.floor_lineage_s.toFixed(1)} s = ${row.floor_lineage_ratio.toFixed(2)}x the floor; ingest = ${row.ratio_to_floor_lineage.toFixed(2)}x that\n` +
          `${"".padStart(12)}  ingest phases: ${phases}\n`,
      );
    }
  }
  if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

await main();
