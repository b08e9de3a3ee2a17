/** The operations verbs' command-line contract on an empty data directory: help, usage errors, exit codes. */
import { spawn } from "node:child_process";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { processIsAlive } from "../../warehouse/process-alive.ts";
import { acquireRunLock } from "../../warehouse/run-lock.ts";
import { tempDataDir, workforce } from "./helpers.ts";

let dir: string;

beforeAll(() => {
  dir = tempDataDir("wf-ops-cli-");
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

it("lists the operations verbs in --help", async () => {
  const r = await workforce(["--help"]);
  expect(r.code).toBe(0);
  for (const verb of ["run", "schedule", "status", "publish", "sql", "tables", "describe"])
    expect(r.out).toMatch(new RegExp(`\\n  ${verb}\\b`));
  const sql = await workforce(["sql", "--help"]);
  expect(sql.out).toContain("--format <format>");
  expect(sql.out.replace(/\s+/g, " ")).toContain('(choices: "table", "csv", "json", default: "table")');
}, 60_000);

it("usage errors exit 2: a bad cron expression, an unknown format, no analyst copy yet", async () => {
  const cron = await workforce(["--data-dir", dir, "schedule", "--cron", "0 25 * * *"]);
  expect(cron.code).toBe(2);
  expect(cron.err).toContain("0 25 * * * is not a valid cron expression");
  const format = await workforce(["--data-dir", dir, "sql", "select 1", "--format", "xml"]);
  expect(format.code).toBe(2);
  expect(format.err).toContain("Allowed choices are table, csv, json");
  const none = await workforce(["--data-dir", dir, "tables"]);
  expect(none.code).toBe(2);
  expect(none.err).toContain(
    `there is no published analyst copy in ${join(dir, "published", "analytics.duckdb")}`,
  );
  const noBuild = await workforce(["--data-dir", dir, "publish"]);
  expect(noBuild.code).toBe(2);
  expect(noBuild.err).toContain("there is no build yet");
  // A mistyped inbox: before anything is created or a run is recorded.
  const fresh = join(dir, "fresh");
  for (const verb of ["run", "ingest"]) {
    const inbox = await workforce(["--data-dir", fresh, verb, "--inbox", join(dir, "no-such-inbox")]);
    expect(inbox.code, verb).toBe(2);
    expect(inbox.err, verb).toContain(
      `error inbox_not_found: the inbox ${join(dir, "no-such-inbox")} does not exist`,
    );
    expect(existsSync(fresh), verb).toBe(false);
  }
  // A data directory that does not exist (a mistyped --data-dir): exit 2, and nothing is created.
  for (const args of [["build"], ["metrics"], ["status"], ["ingest"], ["run"], ["quarantine"]]) {
    const missing = await workforce(["--data-dir", fresh, ...args]);
    expect(missing.code, args[0]).toBe(2);
    expect(missing.err, args[0]).toContain(
      `error data_dir_missing: the data directory ${fresh} does not exist`,
    );
    expect(missing.err, args[0]).toContain("Check --data-dir (or WORKFORCE_DATA_DIR");
    expect(existsSync(fresh), args[0]).toBe(false);
  }
  // The same through the environment, and with an --inbox that holds no extract to load.
  const viaEnv = await workforce(["status"], { WORKFORCE_DATA_DIR: fresh });
  expect(viaEnv.code).toBe(2);
  expect(viaEnv.err).toContain(`error data_dir_missing: the data directory ${fresh} does not exist`);
  const emptyInbox = join(dir, "empty-inbox");
  mkdirSync(emptyInbox);
  for (const verb of ["ingest", "run"]) {
    const r = await workforce(["--data-dir", fresh, verb, "--inbox", emptyInbox]);
    expect(r.code, verb).toBe(2);
    expect(r.err, verb).toContain("error data_dir_missing");
    expect(existsSync(fresh), verb).toBe(false);
  }
  mkdirSync(fresh);
  const noWarehouse = await workforce(["--data-dir", fresh, "build"]);
  expect(noWarehouse.code).toBe(2);
  expect(noWarehouse.err).toContain("error no_warehouse: there is no warehouse in");
  expect(noWarehouse.err).toContain("Run `workforce ingest --inbox DIR` first");
}, 60_000);

it("status with nothing published exits 1 and says so; it names a run holding the lock", async () => {
  const release = await acquireRunLock(dir, "run", "run-test");
  try {
    const r = await workforce(["--data-dir", dir, "status", "--json"]);
    expect(r.code).toBe(1);
    const s = JSON.parse(r.out);
    expect(s).toMatchObject({ published: null, is_stale: true, warehouse: "missing", last_run: null });
    expect(s.running).toMatchObject({ command: "run", pid: process.pid, run_id: "run-test" });
    const text = await workforce(["--data-dir", dir, "status"]);
    expect(text.out).toContain(`workforce run, pid ${process.pid}, since`);
    expect(text.out).toContain("nothing published");
    expect(text.out).toContain(`nothing has been published from ${dir} yet\nhint: Run \`workforce run\``);
    expect(text.out).not.toContain("as of never");
    // A second run exits 3 naming the holder.
    const second = await workforce(["--data-dir", dir, "run"]);
    expect(second.code).toBe(3);
    expect(second.err).toContain(`\`workforce run\` (pid ${process.pid} on`);
  } finally {
    await release();
  }
}, 60_000);

it("names a run started by npm start or the schedule as such, in status and to a second run", async () => {
  const sub = join(dir, "held-by-start");
  mkdirSync(sub);
  let release = await acquireRunLock(sub, "run", "run-start", "npm start");
  try {
    const s = JSON.parse((await workforce(["--data-dir", sub, "status", "--json"])).out);
    expect(s.running).toMatchObject({ command: "run", trigger: "npm start", run_id: "run-start" });
    expect((await workforce(["--data-dir", sub, "status"])).out).toContain(
      `npm start, pid ${process.pid}, since`,
    );
    const second = await workforce(["--data-dir", sub, "run"]);
    expect(second.code).toBe(3);
    expect(second.err).toContain(
      `another run holds the run lock on ${join(sub, "run.lock")}: \`npm start\` (pid ${process.pid} on`,
    );
  } finally {
    await release();
  }
  release = await acquireRunLock(sub, "run", "run-cron", "schedule");
  try {
    expect((await workforce(["--data-dir", sub, "status"])).out).toContain(
      `workforce run (schedule), pid ${process.pid}, since`,
    );
    const second = await workforce(["--data-dir", sub, "publish"]);
    expect(second.code).toBe(3);
    expect(second.err).toContain(`: \`workforce run\` (schedule) (pid ${process.pid} on`);
  } finally {
    await release();
  }
}, 60_000);

it("a run lock left by a process that died is taken over", async () => {
  const sub = join(dir, "dead");
  mkdirSync(join(sub, "run.lock"), { recursive: true });
  writeFileSync(
    join(sub, "run.owner.json"),
    JSON.stringify({
      command: "run",
      pid: 2 ** 22 + 12345,
      host: (await import("node:os")).hostname(),
      since: "x",
    }),
  );
  const release = await acquireRunLock(sub, "publish");
  await release();
});

it("a lock whose holder is a zombie (killed, not yet reaped) is taken over at once", async () => {
  // perl forks a child that exits at once and never waits for it: a zombie for 5 s. (A shell is
  // no good here: dash may reap its background job before it execs, which CI once hit.)
  const child = spawn("perl", ["-e", '$| = 1; my $p = fork(); exit 0 unless $p; print "$p\\n"; sleep 5'], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  try {
    const zombie = Number((await new Promise<Buffer>((r) => child.stdout.once("data", r))).toString().trim());
    const state = () => readFileSync(`/proc/${zombie}/stat`, "utf8");
    for (let i = 0; i < 60 && !/\) Z /.test(state()); i++) await new Promise((r) => setTimeout(r, 50));
    expect(state()).toMatch(/\) Z /);
    expect([processIsAlive(zombie), processIsAlive(child.pid!)]).toEqual([false, true]);
    const sub = join(dir, "zombie");
    mkdirSync(join(sub, "run.lock"), { recursive: true });
    writeFileSync(
      join(sub, "run.owner.json"),
      JSON.stringify({ command: "run", pid: zombie, host: hostname(), since: "x" }),
    );
    const release = await acquireRunLock(sub, "publish");
    await release();
  } finally {
    child.kill();
  }
});

it("a run with an empty inbox and an empty warehouse exits 1 saying there is nothing to load", async () => {
  const sub = join(dir, "empty");
  mkdirSync(sub);
  const r = await workforce(["--data-dir", sub, "run"]);
  expect(r.code).toBe(1);
  expect(r.out).toContain("nothing was published (no earlier version either)");
  expect(r.out).toContain(
    `the warehouse holds no loaded extract and the inbox ${join(sub, "inbox")} has none to load; nothing to build`,
  );
  expect(r.out).toContain("workforce simulate --out <inbox>");
}, 60_000);

it("a run whose ingest holds an extract exits 1 and says which command shows why, with its folders", async () => {
  const sub = join(dir, "held extract");
  const inbox = join(dir, "inbox with a bad file");
  mkdirSync(sub);
  const sim = await workforce(["simulate", "--out", inbox, "--members", "60"]);
  expect(sim.code).toBe(0);
  const [extract] = readdirSync(inbox);
  // A line added after the manifest was written: people.csv no longer matches its sha256.
  appendFileSync(join(inbox, extract!, "people.csv"), "x\n");
  const r = await workforce(["--data-dir", sub, "run", "--inbox", inbox]);
  expect(r.code).toBe(1);
  expect(r.out).toContain(
    "error ingest_failed: ingest did not load every complete extract: CTREG-2026-06-30-FULL held (extract_held)",
  );
  // The folders are quoted for the shell (both hold spaces).
  expect(r.out).toContain(
    `hint: Run \`workforce ingest --data-dir '${sub}' --inbox '${inbox}'\` to see each extract's reason`,
  );
  const again = await workforce(["ingest", "--data-dir", sub, "--inbox", inbox]);
  expect(again.code).toBe(1);
  expect(again.out).toContain("people.csv was rejected (sha256_mismatch)");
}, 60_000);
