/**
 * `npm run bench:build`: time and peak memory of the transform build at Connecticut scale.
 *
 *   tsx transforms/bench.ts [--members 24000[,60000]] [--dir .bench/build] [--json]
 *
 * For each size (the first is the headline, 24,000 members by default):
 *   (a) full: ingest the full extract into an empty warehouse, then build every model;
 *   (b) delta: then ingest the nightly delta (the simulator's `--deltas 1`) and rebuild (an
 *       incremental build: unchanged models kept, monthly snapshots recomputed from the earliest
 *       affected date); its ingest + build time is reported as a ratio to the full ingest + build
 *       (and to the full build alone).
 * Each phase runs in a child process of its own (under /usr/bin/time when there is one), so its
 * peak RSS is its own: the kernel's maximum resident set (getrusage, as /usr/bin/time reports it)
 * and the largest `process.memoryUsage().rss` sampled every 50 ms. DuckDB's memory is native and
 * counted in both. Extracts come from the simulator (no defects), cached under --dir by size.
 *
 * These machines' speed varies from hour to hour (the same 2,000,000-member build of the same data
 * took 551 s and 630-657 s within an hour on 2026-12-03, models without any change 1.5-2x slower
 * in one run than in another). So the bench also times a fixed reference workload, the same at
 * every size, before the first size and after the last (`reference`: DuckDB hashing 150 million
 * numbers in memory; writing 8 million rows to a database file and checkpointing; aggregating
 * them into 8 million groups under a 400 MB memory limit, which spills to disk, as the largest
 * models do at 2,000,000 members). Compare figures of two runs only with their reference times.
 *
 * The disk reads what is not in the page cache slowly (26-80 MB/s on 2026-12-03, against over
 * 2 GB/s from the cache): read cold, the 6.7 GB extract of 2,000,000 members alone took minutes,
 * and the full ingest's time went from 132-141 s to 232-283 s with it. A nightly extract is read
 * soon after it arrives, so each phase's inbox is read once before its ingest is timed, and that
 * read is reported apart (`inbox_read_s`, `inbox_mib`).
 */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DuckDBInstance } from "@duckdb/node-api";
import { ingestCommand } from "../ingest/command.ts";
import { simulate } from "../synthetic/simulate.ts";
import { build } from "./build.ts";

const AS_OF = "2026-06-30";

interface PhaseResult {
  /** Seconds to read the inbox's files once before the ingest (not part of `ingest_s`). */
  inbox_read_s?: number;
  inbox_mib?: number;
  ingest_s: number;
  build_s: number;
  total_s: number;
  models: number;
  tests: number;
  tests_failed: number;
  build_status: string;
  /** getrusage maxRSS of the child (MiB). */
  peak_rss_mib: number;
  /** Largest sampled process.memoryUsage().rss (MiB). */
  sampled_peak_rss_mib: number;
  /** /usr/bin/time %M of the child (MiB), when /usr/bin/time exists. */
  time_max_rss_mib?: number;
  /** How many models were built in full, incrementally, or kept unchanged. */
  modes: Record<string, number>;
  /** Tests whose previous result was kept. */
  tests_reused: number;
  /** Tests run on the recomputed rows of a model rebuilt in part only. */
  tests_scoped: number;
  /** Where the build's time went (seconds): prepare, models, tests, finish. */
  phases?: { prepare: number; models: number; tests: number; finish: number };
  /** The slowest models of the build (seconds, how built, from which date, for how many entities). */
  slowest: { model: string; seconds: number; mode: string; from?: string | null; entities?: number }[];
}

/** Seconds of the reference workload's three parts (see the header). */
export interface Reference {
  cpu_s: number;
  write_s: number;
  spill_s: number;
}

export interface BenchSize {
  members: number;
  records_full: number;
  records_delta: number;
  full: PhaseResult;
  delta: PhaseResult;
  /** Delta ingest + build ÷ full ingest + build. */
  delta_to_full_ratio: number;
  /** Delta ingest + build ÷ the full build alone. */
  delta_to_full_build_ratio: number;
}

const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);
const secs = (ms: number) => Math.round(ms) / 1000;

/** One phase in this (child) process: ingest `inbox` into `dataDir`, then build. */
async function phase(inbox: string, dataDir: string): Promise<PhaseResult> {
  let sampled = process.memoryUsage().rss;
  const timer = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage().rss);
  }, 50);
  try {
    const t0 = performance.now();
    const code = await ingestCommand({ dataDir, inbox, json: true, stdout: { write: () => true } as never });
    if (code !== 0) throw new Error(`ingest of ${inbox} failed with exit code ${code}`);
    const t1 = performance.now();
    const result = await build({
      dataDir,
      // Progress on stderr (the parent shows it only when the child fails).
      onEvent: (e) => {
        if (e.type === "model")
          process.stderr.write(
            `${e.run.model} ${e.run.mode} ${e.run.from ?? ""} ${e.run.seconds} s compare ${e.run.compareSeconds ?? ""} ${e.run.entities ?? ""}\n`,
          );
      },
    });
    const t2 = performance.now();
    sampled = Math.max(sampled, process.memoryUsage().rss);
    const failed = result.tests.filter((t) => t.status === "fail" && t.severity === "error");
    if (result.status !== "swapped") {
      throw new Error(
        `build failed: ${result.error?.message ?? "?"} ${failed.map((t) => `${t.model} ${t.test}`).join(", ")}`,
      );
    }
    return {
      ingest_s: secs(t1 - t0),
      build_s: secs(t2 - t1),
      total_s: secs(t2 - t0),
      models: result.models.length,
      tests: result.tests.length,
      tests_failed: failed.length,
      build_status: result.status,
      peak_rss_mib: Math.round(process.resourceUsage().maxRSS / 1024),
      sampled_peak_rss_mib: mib(sampled),
      modes: result.models.reduce<Record<string, number>>((acc, m) => {
        acc[m.mode ?? "full"] = (acc[m.mode ?? "full"] ?? 0) + 1;
        return acc;
      }, {}),
      tests_reused: result.tests.filter((t) => t.reused).length,
      tests_scoped: result.tests.filter((t) => t.scoped).length,
      phases: result.phases,
      slowest: [...result.models]
        .sort((a, b) => b.seconds - a.seconds)
        .slice(0, 8)
        .map((m) => ({
          model: m.model,
          seconds: m.seconds,
          mode: m.mode ?? "full",
          from: m.from,
          entities: m.entities,
        })),
    };
  } finally {
    clearInterval(timer);
  }
}

/** The reference workload, in this (child) process, in a scratch folder under `dir`. */
async function reference(dir: string): Promise<Reference> {
  const scratch = resolve(dir, "reference");
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const timed = async (f: () => Promise<unknown>) => {
    const t0 = performance.now();
    await f();
    return secs(performance.now() - t0);
  };
  try {
    const memory = await DuckDBInstance.create(":memory:", { threads: "2" });
    const m = await memory.connect();
    const cpu_s = await timed(() => m.run("select sum(hash(i, i % 7)) from range(150000000) t(i)"));
    m.closeSync();
    memory.closeSync();
    const file = await DuckDBInstance.create(join(scratch, "reference.duckdb"), {
      threads: "2",
      memory_limit: "400MB",
      temp_directory: join(scratch, "tmp"),
    });
    const c = await file.connect();
    const write_s = await timed(async () => {
      await c.run("create table t as select i, hash(i) as h, md5(i::varchar) as s from range(8000000) t(i)");
      await c.run("checkpoint");
    });
    const spill_s = await timed(() =>
      c.run("create table u as select s, count(*) as n, sum(h) as h from t group by s"),
    );
    c.closeSync();
    file.closeSync();
    return { cpu_s, write_s, spill_s };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function referenceChild(dir: string): Reference {
  const r = spawnSync(process.execPath, ["--import", "tsx", import.meta.filename, "--reference", dir], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (r.status !== 0) throw new Error(`bench reference workload failed (${r.status})`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Reference;
}

const TIME = "/usr/bin/time";

/** Read every file under `dir` once (into the page cache); its size in bytes. */
function readAll(dir: string): number {
  let bytes = 0;
  const buffer = Buffer.allocUnsafe(1 << 20);
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const fd = openSync(join(entry.parentPath, entry.name), "r");
    try {
      for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) bytes += n;
    } finally {
      closeSync(fd);
    }
  }
  return bytes;
}

function child(inbox: string, dataDir: string): PhaseResult {
  const t0 = performance.now();
  const bytes = readAll(inbox);
  const inbox_read_s = secs(performance.now() - t0);
  const node = [process.execPath, "--import", "tsx", import.meta.filename, "--child", inbox, dataDir];
  const useTime = existsSync(TIME);
  const timeOut = join(tmpdir(), `bench-build-time-${process.pid}.txt`);
  // The child's progress (one line per model) goes straight to this process's stderr.
  const r = useTime
    ? spawnSync(TIME, ["-o", timeOut, "-f", "MAXRSS_KB=%M", ...node], {
        encoding: "utf8",
        maxBuffer: 1 << 24,
        stdio: ["ignore", "pipe", "inherit"],
      })
    : spawnSync(node[0]!, node.slice(1), {
        encoding: "utf8",
        maxBuffer: 1 << 24,
        stdio: ["ignore", "pipe", "inherit"],
      });
  if (r.status !== 0) throw new Error(`bench child failed (${r.status}); see its output above`);
  const result = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as PhaseResult;
  if (useTime) {
    const m = /MAXRSS_KB=(\d+)/.exec(readFileSync(timeOut, "utf8"));
    rmSync(timeOut, { force: true });
    if (m) result.time_max_rss_mib = Math.round(Number(m[1]) / 1024);
  }
  return { inbox_read_s, inbox_mib: Math.round(bytes / 104857.6) / 10, ...result };
}

interface Extracts {
  fullInbox: string;
  deltaInbox: string;
  recordsFull: number;
  recordsDelta: number;
}

function manifestRows(dir: string): number {
  const m = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { files: { rows: number }[] };
  return m.files.reduce((s, f) => s + f.rows, 0);
}

/** A full extract and one nightly delta, each in an inbox of its own (cached by size). */
function ensureExtracts(dir: string, members: number): Extracts {
  const root = resolve(dir, `members-${members}`);
  const fullInbox = join(root, "full");
  const deltaInbox = join(root, "delta");
  const only = (inbox: string) =>
    existsSync(inbox) ? readdirSync(inbox).find((d) => d.startsWith("registry-extract-")) : undefined;
  const ready = (inbox: string) => {
    const f = only(inbox);
    return f !== undefined && existsSync(join(inbox, f, "manifest.json"));
  };
  if (!ready(fullInbox) || !ready(deltaInbox)) {
    rmSync(root, { recursive: true, force: true });
    const scratch = join(root, "simulated");
    process.stderr.write(`simulating ${members.toLocaleString("en-US")} members (full + 1 delta) ...\n`);
    const sim = simulate({
      out: scratch,
      asOf: AS_OF,
      members,
      seed: "bench",
      deltas: 1,
      defects: 0,
      fileDefects: false,
    });
    const full = sim.extracts.find((e) => e.kind === "full")!;
    const delta = sim.extracts.find((e) => e.kind === "delta");
    if (!delta) throw new Error("the simulator wrote no delta extract");
    mkdirSync(fullInbox, { recursive: true });
    mkdirSync(deltaInbox, { recursive: true });
    renameSync(join(scratch, full.folder), join(fullInbox, full.folder));
    renameSync(join(scratch, delta.folder), join(deltaInbox, delta.folder));
    rmSync(scratch, { recursive: true, force: true });
  }
  return {
    fullInbox,
    deltaInbox,
    recordsFull: manifestRows(join(fullInbox, only(fullInbox)!)),
    recordsDelta: manifestRows(join(deltaInbox, only(deltaInbox)!)),
  };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === "--child") {
    const r = await phase(argv[1]!, argv[2]!);
    process.stdout.write(`${JSON.stringify(r)}\n`);
    return;
  }
  if (argv[0] === "--reference") {
    process.stdout.write(`${JSON.stringify(await reference(argv[1]!))}\n`);
    return;
  }
  const { values } = parseArgs({
    args: argv,
    options: {
      members: { type: "string", default: "24000" },
      dir: { type: "string", default: ".bench/build" },
      json: { type: "boolean", default: false },
    },
  });
  const sizes = values.members.split(",").map((s) => Number(s.replace(/_/g, "")));
  if (sizes.some((n) => !Number.isInteger(n) || n < 10)) throw new Error(`--members: ${values.members}`);
  const results: BenchSize[] = [];
  const extracts = sizes.map((members) => ensureExtracts(values.dir, members));
  const before = referenceChild(values.dir);
  for (const [i, members] of sizes.entries()) {
    const ex = extracts[i]!;
    const dataDir = resolve(values.dir, "work", `members-${members}`);
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    const full = child(ex.fullInbox, dataDir);
    const delta = child(ex.deltaInbox, dataDir);
    rmSync(dataDir, { recursive: true, force: true });
    const row: BenchSize = {
      members,
      records_full: ex.recordsFull,
      records_delta: ex.recordsDelta,
      full,
      delta,
      delta_to_full_ratio: Math.round((100 * delta.total_s) / full.total_s) / 100,
      delta_to_full_build_ratio: Math.round((100 * delta.total_s) / full.build_s) / 100,
    };
    results.push(row);
    if (!values.json) {
      process.stderr.write(
        `${members.toLocaleString("en-US")} members (inboxes read first: full ${full.inbox_mib} MiB in ${full.inbox_read_s} s, delta ${delta.inbox_mib} MiB in ${delta.inbox_read_s} s): full ingest ${full.ingest_s} s + build ${full.build_s} s (peak ${full.peak_rss_mib} MiB); delta ingest ${delta.ingest_s} s + build ${delta.build_s} s = ${row.delta_to_full_ratio}x the full run (peak ${delta.peak_rss_mib} MiB; models ${JSON.stringify(delta.modes)}, ${delta.tests_reused}/${delta.tests} test results kept, ${delta.tests_scoped} run on the recomputed rows only; build phases: full ${JSON.stringify(full.phases)}, delta ${JSON.stringify(delta.phases)})\n`,
      );
    }
  }
  const after = referenceChild(values.dir);
  if (!values.json) {
    const show = (r: Reference) => `cpu ${r.cpu_s} s, write ${r.write_s} s, spill ${r.spill_s} s`;
    process.stderr.write(`reference workload: before ${show(before)}; after ${show(after)}\n`);
  }
  process.stdout.write(`${JSON.stringify({ reference: { before, after }, sizes: results }, null, 2)}\n`);
}

await main();
