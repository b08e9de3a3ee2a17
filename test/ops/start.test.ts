/**
 * `npm start` (warehouse/start.ts) on extracts already in the inbox: it runs the job of `workforce
 * run` and records it in the run log; with the run lock held it exits 3 as `workforce run` does.
 * (The simulation of an empty inbox is the simulator's, tested in test/synthetic; the real site
 * build is tested in test/site: the fast stand-in builds the site here.)
 */
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { currentVersion } from "../../warehouse/published.ts";
import { acquireRunLock } from "../../warehouse/run-lock.ts";
import { type Done, FAKE_SITE, simulate, TEST_KEY, tempDataDir } from "./helpers.ts";

const START = join(import.meta.dirname, "..", "..", "warehouse", "start.ts");

let dir: string;

beforeAll(async () => {
  dir = tempDataDir("wf-start-");
  await simulate(join(dir, "inbox"), 300, 1);
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function npmStart(env: Record<string, string> = {}): Promise<Done> {
  const child = spawn(process.execPath, ["--import", "tsx", START], {
    env: {
      ...process.env,
      WORKFORCE_DATA_DIR: dir,
      WORKFORCE_NO_SERVE: "1",
      ...env,
      WORKFORCE_SITE_BUILD_SCRIPT: FAKE_SITE,
      WORKFORCE_PSEUDONYM_KEY: TEST_KEY,
      NO_COLOR: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => {
    out += d;
  });
  child.stderr.on("data", (d) => {
    err += d;
  });
  return new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal, out, err })));
}

it("runs the job on the extracts in the inbox, publishes, and records the run", async () => {
  const r = await npmStart();
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  expect(r.out).toContain(`Using the extracts already in ${join(dir, "inbox")}.`);
  const published = currentVersion(dir)!.manifest;
  expect(r.out).toContain(`published ${published.version} (as of ${published.as_of}): analyst copy and site`);
  expect(r.out).toContain("Done. Published in");
  const records = readFileSync(join(dir, "logs", "runs.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(records.map((x) => [x.record, x.trigger ?? null, x.status ?? null])).toEqual([
    ["start", "npm start", null],
    ["end", "npm start", "succeeded"],
  ]);
  expect(records[1]).toMatchObject({ extracts_loaded: 2, published_version: published.version });
}, 240_000);

it("exits 3 naming the holder when another run holds the lock, publishing nothing", async () => {
  const before = currentVersion(dir)!.manifest.version;
  const release = await acquireRunLock(dir, "run", "run-test");
  try {
    const r = await npmStart();
    expect(r.code).toBe(3);
    expect(r.err).toContain("error run_lock_held: another run holds the run lock");
    expect(r.err).toContain(`(pid ${process.pid} on`);
    expect(r.err).toContain("hint: Wait for it to finish");
  } finally {
    await release();
  }
  expect(currentVersion(dir)!.manifest.version).toBe(before);
}, 120_000);

it("checks PORT before the run: a malformed or taken port exits 2 at once, nothing run", async () => {
  const runsBefore = readFileSync(join(dir, "logs", "runs.jsonl"), "utf8");
  const bad = await npmStart({ WORKFORCE_NO_SERVE: "0", PORT: "abc" });
  expect(bad.code).toBe(2);
  expect(bad.err).toContain('PORT is "abc": expected a port number from 1 to 65535');
  expect(bad.err).toContain("WORKFORCE_NO_SERVE=1");
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", () => resolve()));
  try {
    const port = String((taken.address() as AddressInfo).port);
    const busy = await npmStart({ WORKFORCE_NO_SERVE: "0", PORT: port });
    expect(busy.code).toBe(2);
    expect(busy.err).toContain(
      `cannot serve the site on 127.0.0.1:${port}: another program is listening on that port`,
    );
    expect(busy.err).not.toContain("    at ");
  } finally {
    await new Promise<void>((resolve) => taken.close(() => resolve()));
  }
  expect(readFileSync(join(dir, "logs", "runs.jsonl"), "utf8")).toBe(runsBefore);
}, 60_000);
