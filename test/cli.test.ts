/** The `workforce` command's contract: help, exit codes for usage errors, the global --data-dir. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";

const BIN = join(import.meta.dirname, "..", "bin", "workforce.js");

function workforce(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

it("prints help listing the verbs and the exit codes", () => {
  const r = workforce(["--help"]);
  expect(r.code).toBe(0);
  expect(r.out).toContain("simulate");
  expect(r.out).toContain("--data-dir");
  expect(r.out).toContain("3 another run holds the lock");
});

it("exits 2 on an unknown verb or a bad option value, naming the problem", () => {
  const unknown = workforce(["frobnicate"]);
  expect(unknown.code).toBe(2);
  expect(unknown.err).toContain("unknown command 'frobnicate'");
  const bad = workforce(["simulate", "--members", "lots"]);
  expect(bad.code).toBe(2);
  expect(bad.err).toContain('"lots" is not a whole number');
  const date = workforce(["simulate", "--as-of", "2026-02-30"]);
  expect(date.code).toBe(2);
  expect(date.err).toContain('"2026-02-30" is not a day of the calendar');
  const form = workforce(["simulate", "--as-of", "2026/02/03"]);
  expect(form.code).toBe(2);
  expect(form.err).toContain('"2026/02/03" is not a date in YYYY-MM-DD form');
  // a pointer to --help, not the whole help, after the message
  expect(form.err).toContain("(add --help for usage)");
  expect(form.err).not.toContain("Usage:");
  const rate = workforce(["simulate", "--defects", "2"]);
  expect(rate.code).toBe(2);
  const early = workforce(["simulate", "--as-of", "2007-12-31"]);
  expect(early.code).toBe(2);
  expect(early.err).toContain(
    "2007-12-31 is before 2008-01-01, when the simulated registry's history starts",
  );
}, 30_000); // seven CLI start-ups, about a second each, more on a busy machine

it("refuses to write over extract folders already in --out unless --overwrite", () => {
  const dir = mkdtempSync(join(tmpdir(), "cli-overwrite-"));
  try {
    const args = ["simulate", "--out", dir, "--members", "20", "--deltas", "1", "--json"];
    expect(workforce(args).code).toBe(0);
    const again = workforce(args);
    expect(again.code).toBe(2);
    expect(again.err).toContain(
      `registry-extract-2026-06-30, registry-extract-2026-07-01 are already in ${dir} (ingest may have loaded them): give another --out, remove them, or --overwrite to replace them`,
    );
    expect(workforce([...args, "--overwrite"]).code).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);

it("exits 2 on a malformed setting in the environment, naming the variable, before touching the data", () => {
  const dir = mkdtempSync(join(tmpdir(), "cli-env-"));
  try {
    for (const verb of ["build", "run", "publish"]) {
      const r = workforce(["--data-dir", dir, verb], { WORKFORCE_BUILD_MEMORY_LIMIT: "lots" });
      expect(r.code, `${verb}: ${r.err}`).toBe(2);
      expect(r.err).toContain(
        'WORKFORCE_BUILD_MEMORY_LIMIT is "lots": expected an amount of memory such as 3GB, 3500MB or 4GiB',
      );
      expect(r.err).not.toContain("    at ");
    }
    for (const value of ["abc", "0", "72h", "-1"]) {
      const r = workforce(["--data-dir", dir, "status"], { WORKFORCE_MAX_DATA_AGE_HOURS: value });
      expect(r.code, value).toBe(2);
      expect(r.err).toContain(
        `WORKFORCE_MAX_DATA_AGE_HOURS is "${value}": expected a whole number of hours from 1 to 100000`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

it("simulates into <data-dir>/inbox by default, the data dir from the environment", () => {
  const dir = mkdtempSync(join(tmpdir(), "cli-"));
  try {
    const r = workforce(["simulate", "--members", "50", "--seed", "x", "--json"], {
      WORKFORCE_DATA_DIR: dir,
    });
    expect(r.code, r.err).toBe(0);
    const summary = JSON.parse(r.out) as { out: string; extracts: { folder: string }[] };
    expect(summary.out).toBe(join(dir, "inbox"));
    expect(existsSync(join(dir, "inbox", "registry-extract-2026-06-30", "manifest.json"))).toBe(true);
    for (const sub of ["warehouse", "published", "reports", "logs"])
      expect(existsSync(join(dir, sub))).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it("passes a query starting with a -- comment to sql as the query, not as an option", async () => {
  const { sqlCommentArgs } = await import("../warehouse/cli.ts");
  expect(sqlCommentArgs(["sql", "-- note\nselect 1"])).toEqual(["sql", "--", "-- note\nselect 1"]);
  expect(sqlCommentArgs(["--data-dir", "d", "sql", "--format", "csv", "-- x\nselect 1"])).toEqual([
    "--data-dir",
    "d",
    "sql",
    "--format",
    "csv",
    "--",
    "-- x\nselect 1",
  ]);
  // Options after the query stay options: the query goes last, after the `--`.
  expect(sqlCommentArgs(["sql", "-- x\nselect 1", "--format", "json", "--output", "o.json"])).toEqual([
    "sql",
    "--format",
    "json",
    "--output",
    "o.json",
    "--",
    "-- x\nselect 1",
  ]);
  // already separated, another verb, or a real option: unchanged
  expect(sqlCommentArgs(["sql", "--", "-- x\nselect 1"])).toEqual(["sql", "--", "-- x\nselect 1"]);
  expect(sqlCommentArgs(["metrics", "-- x"])).toEqual(["metrics", "-- x"]);
  expect(sqlCommentArgs(["sql", "--format", "csv", "select 1"])).toEqual([
    "sql",
    "--format",
    "csv",
    "select 1",
  ]);
});
