/**
 * `npm run bench:ingest`: validated ingest time against the floor, DuckDB's plain typed `read_csv`
 * of the same files into a fresh database file (same run, same machine), at about 1M and 10M
 * records. Reports the ratio, rows per second and peak memory (each measured in a child process
 * of its own, so one does not inherit the other's memory).
 *
 *   tsx ingest/bench.ts [--sizes 1000000,10000000] [--dir .bench/ingest] [--repeat 2] [--json]
 *
 * Extracts come from the simulator (a full extract, no defects), cached under --dir by size.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DuckDBInstance } from "@duckdb/node-api";
import { simulate } from "../synthetic/simulate.ts";
import { duckType } from "./checks.ts";
import { ingest } from "./run.ts";
import { SOURCES } from "./sources/index.ts";

/** Records per member of a simulated full extract (1,024,946 records for 24,000 members). */
const RECORDS_PER_MEMBER = 42.7;

interface Measured {
  ms: number;
  peak_rss_mib: number;
  records?: number;
}

function peakMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** The floor: every file of the extract read with DuckDB's typed read_csv into a new database. */
async function floor(extractDir: string, dbFile: string): Promise<Measured> {
  rmSync(dbFile, { force: true });
  rmSync(`${dbFile}.wal`, { force: true });
  const t0 = performance.now();
  const instance = await DuckDBInstance.create(dbFile);
  const con = await instance.connect();
  for (const s of SOURCES) {
    const path = join(extractDir, s.file);
    if (!existsSync(path)) continue;
    const cols = `{${s.columns.map((c) => `'${c.name}': '${duckType(c)}'`).join(", ")}}`;
    await con.run(
      `CREATE TABLE "${s.name}" AS SELECT * FROM read_csv('${path}', header = true, columns = ${cols}, auto_detect = false)`,
    );
  }
  await con.run("CHECKPOINT");
  con.closeSync();
  instance.closeSync();
  return { ms: performance.now() - t0, peak_rss_mib: peakMiB() };
}

async function ingestOnce(inbox: string, dataDir: string): Promise<Measured> {
  rmSync(dataDir, { recursive: true, force: true });
  const t0 = performance.now();
  const summary = await ingest({ dataDir, inbox });
  const ms = performance.now() - t0;
  const records = summary.extracts.flatMap((e) => e.files).reduce((n, f) => n + (f.records ?? 0), 0);
  if (summary.exit_code !== 0)
    throw new Error(`ingest failed: ${JSON.stringify(summary.extracts[0]?.message)}`);
  return { ms, peak_rss_mib: peakMiB(), records };
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
  ingest_s: number;
  ratio: number;
  rows_per_s: number;
  ingest_peak_rss_mib: number;
  floor_peak_rss_mib: number;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === "--child") {
    const [, what, a, b] = argv as [string, string, string, string];
    const m = what === "floor" ? await floor(a, b) : await ingestOnce(a, b);
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
    let g: Measured | null = null;
    // Interleaved, best of `repeat`: other load on the machine hits both alike.
    for (let i = 0; i < repeat; i++) {
      const fi = child(["floor", extractDir, join(work, "floor.duckdb")]);
      const gi = child(["ingest", inbox, join(work, "data")]);
      if (!f || fi.ms < f.ms) f = fi;
      if (!g || gi.ms < g.ms) g = gi;
    }
    rmSync(work, { recursive: true, force: true });
    const records = g!.records ?? 0;
    const row: BenchRow = {
      records,
      floor_s: Math.round(f!.ms) / 1000,
      ingest_s: Math.round(g!.ms) / 1000,
      ratio: Math.round((100 * g!.ms) / f!.ms) / 100,
      rows_per_s: Math.round(records / (g!.ms / 1000)),
      ingest_peak_rss_mib: g!.peak_rss_mib,
      floor_peak_rss_mib: f!.peak_rss_mib,
    };
    results.push(row);
    if (!values.json) {
      process.stdout.write(
        `${records.toLocaleString("en-US").padStart(12)} records: floor ${row.floor_s.toFixed(1)} s, ingest ${row.ingest_s.toFixed(1)} s = ${row.ratio.toFixed(2)}x the floor (goal <= 1.3x), ${row.rows_per_s.toLocaleString("en-US")} rows/s, peak ${row.ingest_peak_rss_mib} MiB (floor ${row.floor_peak_rss_mib} MiB)\n`,
      );
    }
  }
  if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

await main();
