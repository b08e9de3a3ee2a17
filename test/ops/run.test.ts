/**
 * `workforce run` end to end (child processes, a 1,500-member simulated registry, the fast stand-in
 * site builder): the run lock (a second run exits 3 naming the holder), and SIGKILL during ingest,
 * build, publish and the site build: what is published is always exactly the old version or the new
 * one (every file matching its manifest, the site made for the same version), and the next run
 * completes.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRuns } from "../../warehouse/ops-log.ts";
import {
  currentVersion,
  publishedPaths,
  type VersionManifest,
  verifyVersion,
} from "../../warehouse/published.ts";
import { csv, writeExtract } from "../ingest/helpers.ts";
import { events, simulate, start, tempDataDir, waitFor, workforce } from "./helpers.ts";

let dir: string;
let held: string;
let v1: VersionManifest;

/** The published version is complete and consistent: manifest hashes, site and database agree. */
async function assertIntact(expectedVersion: string, afterKill = false): Promise<void> {
  const cur = currentVersion(dir);
  expect(cur, "something is published").not.toBeNull();
  expect(cur!.manifest.version).toBe(expectedVersion);
  expect(verifyVersion(cur!.dir)).toEqual([]);
  // The stable paths lead to the same version.
  const p = publishedPaths(dir);
  expect(readFileSync(join(p.site, "index.html"), "utf8")).toContain(`site of ${expectedVersion}`);
  const instance = await DuckDBInstance.create(p.analytics, { access_mode: "READ_ONLY" });
  const con = await instance.connect();
  try {
    for (const t of cur!.manifest.tables.slice(0, 6)) {
      const n = (
        await con.runAndReadAll(`select count(*)::integer as n from ${t.name}`)
      ).getRowObjectsJson()[0]!.n;
      expect(n, t.name).toBe(t.rows);
    }
  } finally {
    con.closeSync();
    instance.closeSync();
  }
  // A killed run may leave its staging folder (never pointed to); the next run removes it.
  const staging = readdirSync(p.versions).filter((v) => v.startsWith(".staging-"));
  if (afterKill) expect(staging.length).toBeLessThanOrEqual(1);
  else expect(staging).toEqual([]);
}

beforeAll(async () => {
  dir = tempDataDir("wf-ops-run-");
  const inbox = join(dir, "inbox");
  await simulate(inbox, 1500, 2, "ops-run");
  // The deltas wait outside the inbox until the first version is published.
  held = join(dir, "held");
  mkdirSync(held);
  for (const d of readdirSync(inbox).filter((d) => d !== "registry-extract-2026-06-30"))
    renameSync(join(inbox, d), join(held, d));
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("workforce run", () => {
  it("two runs started together: one works, the other exits 3 naming the holder and since when", async () => {
    const a = start(["--data-dir", dir, "run", "--json"]);
    const b = start(["--data-dir", dir, "run", "--json"]);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    const [winner, loser, winnerPid] = ra.code === 0 ? [ra, rb, a.child.pid] : [rb, ra, b.child.pid];
    expect(winner.code, winner.err).toBe(0);
    expect(loser.code, loser.err).toBe(3);
    expect(loser.err).toMatch(
      new RegExp(
        `workforce run\` \\(pid ${winnerPid} on [^,]+, since \\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}`,
      ),
    );
    const record = JSON.parse(winner.out) as {
      status: string;
      extracts_loaded: number;
      published_version: string;
    };
    expect(record.status).toBe("succeeded");
    expect(record.extracts_loaded).toBe(1);
    v1 = currentVersion(dir)!.manifest;
    expect(v1.version).toBe(record.published_version);
    expect(v1.as_of).toBe("2026-06-30");
    await assertIntact(v1.version);
    // One run in the run log, with its counts; the refused one is only an event.
    const runs = readRuns(dir);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "succeeded", extracts_loaded: 1, tests_failed: 0 });
    expect(runs[0]!.rows_loaded).toBeGreaterThan(1500);
    // Every record of the extract is accounted for: loaded, quarantined or deduplicated.
    const manifest = JSON.parse(
      readFileSync(join(dir, "inbox", "registry-extract-2026-06-30", "manifest.json"), "utf8"),
    ) as { files: { rows: number }[] };
    const records = manifest.files.reduce((n, f) => n + f.rows, 0);
    expect(runs[0]!.rows_loaded + runs[0]!.quarantined + runs[0]!.deduplicated).toBe(records);
    expect(events(dir).filter((e) => e.event === "run_locked")).toHaveLength(1);
  }, 240_000);

  it("killed during ingest, build, publish and site build: the old version stays whole; the next run completes", async () => {
    for (const d of readdirSync(held)) renameSync(join(held, d), join(dir, "inbox", d));
    // Milliseconds after the step starts; each is well within the step's own duration here.
    const delays: Record<string, number> = { ingest: 100, build: 400, publish: 800, site: 500 };
    for (const step of ["ingest", "build", "publish", "site"]) {
      const before = events(dir).length;
      const run = start(["--data-dir", dir, "run", "--json"]);
      const pid = run.child.pid;
      await waitFor(
        () =>
          events(dir)
            .slice(before)
            .some((e) => e.event === "step_start" && e.step === step && e.pid === pid),
        200_000,
        `the ${step} step`,
      );
      await new Promise((r) => setTimeout(r, delays[step]));
      run.child.kill("SIGKILL");
      const done = await run.done;
      expect(done.signal, `killed during ${step}`).toBe("SIGKILL");
      // The kill landed in that step: the run logged no later step and did not end.
      const own = events(dir)
        .slice(before)
        .filter((e) => e.pid === pid);
      expect(own.filter((e) => e.event === "step_start").at(-1)?.step, "the step in progress").toBe(step);
      expect(own.some((e) => e.event === "run_end" || (e.event === "step_end" && e.step === step))).toBe(
        false,
      );
      await assertIntact(v1.version, true);
      const last = readRuns(dir).at(-1)!;
      expect(last.status, step).toBe("interrupted");
    }
    const final = await workforce(["--data-dir", dir, "run", "--json"]);
    expect(final.code, final.err).toBe(0);
    const v2 = currentVersion(dir)!.manifest;
    expect(v2.version).not.toBe(v1.version);
    expect(v2.as_of).toBe("2026-07-02");
    await assertIntact(v2.version);
    // The previous version is kept beside it (readers that opened it keep working).
    expect(existsSync(join(publishedPaths(dir).versions, v1.version))).toBe(true);
    const statuses = readRuns(dir).map((r) => r.status);
    expect(statuses).toEqual([
      "succeeded",
      "interrupted",
      "interrupted",
      "interrupted",
      "interrupted",
      "succeeded",
    ]);
  }, 600_000);

  it("a run with nothing new keeps the published version, skipping build to site", async () => {
    const before = currentVersion(dir)!.manifest;
    const versions = readdirSync(publishedPaths(dir).versions).sort();
    const r = await workforce(["--data-dir", dir, "run", "--json"]);
    expect(r.code, r.err).toBe(0);
    const record = JSON.parse(r.out) as {
      status: string;
      unchanged: boolean;
      published_version: string;
      steps: { step: string; status: string }[];
    };
    expect(record).toMatchObject({ status: "succeeded", unchanged: true, published_version: before.version });
    expect(record.steps.map((s) => `${s.step} ${s.status}`)).toEqual([
      "ingest ok",
      "build skipped",
      "test skipped",
      "publish skipped",
      "site skipped",
    ]);
    expect(readdirSync(publishedPaths(dir).versions).sort()).toEqual(versions);
    await assertIntact(before.version);
    const text = await workforce(["--data-dir", dir, "run"]);
    expect(text.out).toContain(
      `nothing new to publish: ${before.version} (as of 2026-07-02) was made from the same extract, code and pseudonym key, and stays (\`workforce run --force\` builds and publishes anyway)`,
    );
  }, 240_000);

  it("a failing step leaves the published version and exits 1, recording the step", async () => {
    const current = currentVersion(dir)!.manifest.version;
    const r = await workforce(["--data-dir", dir, "run", "--force", "--json"], {
      WORKFORCE_SITE_BUILD_SCRIPT: join(import.meta.dirname, "no-such-site-script.ts"),
    });
    expect(r.code).toBe(1);
    const record = JSON.parse(r.out) as {
      status: string;
      failed_step: string;
      error: { code: string };
      steps: { step: string; status: string; seconds: number }[];
    };
    expect(record).toMatchObject({
      status: "failed",
      failed_step: "site",
      error: { code: "site_build_failed" },
    });
    // The failed step is timed like the others (the site build ran before it failed).
    const site = record.steps.find((s) => s.step === "site")!;
    expect(site.status).toBe("failed");
    expect(site.seconds).toBeGreaterThan(0);
    await assertIntact(current);
    // As text: which version stays.
    const text = await workforce(["--data-dir", dir, "run", "--force"], {
      WORKFORCE_SITE_BUILD_SCRIPT: join(import.meta.dirname, "no-such-site-script.ts"),
    });
    expect(text.code).toBe(1);
    expect(text.out).toContain(
      `nothing new was published: ${current} (as of ${currentVersion(dir)!.manifest.as_of}) stays`,
    );
    await assertIntact(current);
  }, 240_000);

  it("a held extract fails the run, after what loaded before it is built and published", async () => {
    const inbox = join(dir, "inbox");
    // 07-03 loads (a delta with no change); 07-04 is held (people.csv does not match its sha256).
    writeExtract(inbox, {
      as_of: "2026-07-03",
      kind: "delta",
      since: "2026-07-02",
      files: { "deletions.csv": csv("deletions", []) },
    });
    writeExtract(inbox, {
      as_of: "2026-07-04",
      kind: "delta",
      since: "2026-07-03",
      files: { "people.csv": { content: csv("people", []), sha256: "0".repeat(64) } },
    });
    const r = await workforce(["--data-dir", dir, "run", "--json"]);
    expect(r.code, r.err).toBe(1);
    const record = JSON.parse(r.out) as {
      status: string;
      failed_step: string;
      error: { code: string; message: string };
      published_version: string;
      as_of: string;
      steps: { step: string; status: string }[];
    };
    expect(record).toMatchObject({
      status: "failed",
      failed_step: "ingest",
      error: {
        code: "ingest_failed",
        message: "ingest did not load every complete extract: CTREG-2026-07-04-DELTA held (extract_held)",
      },
      as_of: "2026-07-03",
    });
    expect(record.steps.map((s) => `${s.step} ${s.status}`)).toEqual([
      "ingest failed",
      "build ok",
      "test ok",
      "publish ok",
      "site ok",
    ]);
    expect(currentVersion(dir)!.manifest).toMatchObject({
      version: record.published_version,
      as_of: "2026-07-03",
    });
    await assertIntact(record.published_version);
    expect(readRuns(dir).at(-1)).toMatchObject({ status: "failed", failed_step: "ingest" });
    // The next run: the held extract is held again; what is published stays (nothing new).
    const text = await workforce(["--data-dir", dir, "run"]);
    expect(text.code).toBe(1);
    expect(text.out).toContain(
      "error ingest_failed: ingest did not load every complete extract: CTREG-2026-07-04-DELTA held",
    );
    expect(text.out).toContain(`nothing new to publish: ${record.published_version} (as of 2026-07-03)`);
    expect(currentVersion(dir)!.manifest.version).toBe(record.published_version);
    // A later step failing in the same run does not hide the held extract.
    const both = await workforce(["--data-dir", dir, "run", "--force", "--json"], {
      WORKFORCE_SITE_BUILD_SCRIPT: join(import.meta.dirname, "no-such-site-script.ts"),
    });
    expect(both.code).toBe(1);
    const failed = JSON.parse(both.out) as { failed_step: string; error: { code: string; message: string } };
    expect(failed.failed_step).toBe("site");
    expect(failed.error.code).toBe("site_build_failed");
    expect(failed.error.message).toMatch(
      /; also, ingest did not load every complete extract: CTREG-2026-07-04-DELTA held \(extract_held\)$/,
    );
  }, 240_000);
});
