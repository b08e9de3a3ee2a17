/**
 * A small simulated warehouse for the site tests, built once and shared: `siteFixtureDataDir()`
 * simulates a registry of SITE_FIXTURE_MEMBERS members (default 4,000) as of 2026-06-30, plants canary
 * names in its people.csv (every CANARY_EVERY-th member becomes "Zzcanary<n> Zzcanaryfamily<n>", the
 * manifest's sha256 updated so ingest accepts the file), ingests it and builds the models, in `test-output/site-fixture/<key>/` (git-ignored), where the key is a hash of the
 * code that shapes the data (synthetic/, ingest/, transforms/, warehouse/): the next run with the same
 * code reuses it (fixtures of other code are removed after a day). A lock keeps two test files from building it at once. The CLI runs in child processes,
 * so no DuckDB handle stays open in the test process.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import lockfile from "proper-lockfile";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const fixturesRoot = path.join(repoRoot, "test-output", "site-fixture");
const members = Number(process.env.SITE_FIXTURE_MEMBERS ?? 4000);
export const FIXTURE_AS_OF = "2026-06-30";
export const CANARY_EVERY = 97;

function hashTree(hash: ReturnType<typeof createHash>, dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) hashTree(hash, full);
    else if (/\.(ts|sql|csv|json)$/.test(entry.name) && statSync(full).size < 5_000_000) {
      hash.update(path.relative(repoRoot, full));
      hash.update(readFileSync(full));
    }
  }
}

function fixtureKey(): string {
  const hash = createHash("sha256");
  hash.update(`members=${members};as_of=${FIXTURE_AS_OF}`);
  for (const dir of ["synthetic", "ingest", "transforms", "warehouse"])
    hashTree(hash, path.join(repoRoot, dir));
  return hash.digest("hex").slice(0, 16);
}

function cli(dataDir: string, args: string[]): void {
  const result = spawnSync(
    process.execPath,
    [path.join(repoRoot, "bin", "workforce.js"), "--data-dir", dataDir, ...args],
    {
      cwd: repoRoot,
      encoding: "utf8",
      timeout: 600_000,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (result.status !== 0) {
    throw new Error(
      `workforce ${args.join(" ")} failed (status ${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  }
}

/** Renames every CANARY_EVERY-th member of the extract's people.csv to a canary; returns how many. */
export async function plantCanaries(extractDir: string): Promise<number> {
  const file = path.join(extractDir, "people.csv");
  const rows = parse(await readFile(file), { columns: true, bom: true }) as Record<string, string>[];
  let planted = 0;
  rows.forEach((row, i) => {
    if (i % CANARY_EVERY === 0) {
      row.first_name = `Zzcanary${i}`;
      row.last_name = `Zzcanaryfamily${i}`;
      planted++;
    }
  });
  const columns = Object.keys(rows[0] ?? {});
  const text = stringify(rows, { header: true, columns });
  await writeFile(file, text);
  const manifestFile = path.join(extractDir, "manifest.json");
  const manifest = JSON.parse(await readFile(manifestFile, "utf8")) as {
    files: { name: string; rows: number; sha256: string }[];
  };
  const entry = manifest.files.find((f) => f.name === "people.csv");
  if (!entry) throw new Error(`${manifestFile}: no people.csv entry`);
  entry.sha256 = createHash("sha256").update(text).digest("hex");
  await writeFile(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return planted;
}

/** The data directory of the shared fixture (simulated, ingested and built). */
export async function siteFixtureDataDir(): Promise<string> {
  const key = fixtureKey();
  const dataDir = path.join(fixturesRoot, key);
  const ready = path.join(dataDir, "READY");
  if (existsSync(ready)) return dataDir;
  await mkdir(fixturesRoot, { recursive: true });
  const release = await lockfile.lock(fixturesRoot, {
    lockfilePath: path.join(fixturesRoot, "build.lock"),
    retries: { retries: 600, minTimeout: 1000, maxTimeout: 1000 },
    stale: 60_000,
  });
  try {
    if (existsSync(ready)) return dataDir;
    // Fixtures of older code go after a day (not at once: another test run may still be reading one).
    for (const old of await readdir(fixturesRoot)) {
      const full = path.join(fixturesRoot, old);
      if (old !== "build.lock" && old !== key && Date.now() - statSync(full).mtimeMs > 24 * 3600_000) {
        await rm(full, { recursive: true, force: true });
      }
    }
    // What a failed attempt left (not READY) is started over.
    await rm(dataDir, { recursive: true, force: true });
    await mkdir(dataDir, { recursive: true });
    cli(dataDir, [
      "simulate",
      "--members",
      String(members),
      "--seed",
      "site-tests",
      "--as-of",
      FIXTURE_AS_OF,
    ]);
    await plantCanaries(path.join(dataDir, "inbox", `registry-extract-${FIXTURE_AS_OF}`));
    cli(dataDir, ["ingest"]);
    cli(dataDir, ["build"]);
    await writeFile(ready, `${new Date().toISOString()}\n`);
    return dataDir;
  } finally {
    await release();
  }
}
