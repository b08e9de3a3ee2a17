/**
 * Builds the public static site with no network access (`npm run build:site`).
 *
 * 1. purges Framework's cached loader outputs (`dashboards/src/.observablehq/cache/` except `_npm`): `observable
 *    build` otherwise reuses a loader's old output forever;
 * 2. fills the npm cache from node_modules (offline-cache.ts), so Framework never calls npm or jsDelivr;
 * 3. runs `observable build` (root `dashboards/src/`, output `dist/`), with node_modules/.bin on PATH for tsx;
 * 4. checks `dist/` for external assets and unresolved imports (check-dist.ts);
 * 5. runs the privacy gate over every file of `dist/` (privacy-gate.ts); on a problem the output is
 *    moved to `dist-rejected/` and the build fails.
 *
 * One build at a time per working tree: a lock (in the system temp folder, named after the repository
 * path) serializes concurrent builds, which would otherwise share Framework's loader cache and dist/
 * (one build's loaders could then serve another's data directory).
 *
 * Loaders read the data directory `WORKFORCE_DATA_DIR` (default ./data), or `dataDir` when given.
 * Options: `--clean` deletes the whole Framework cache (the npm cache too) and dist/ first, inside the
 * lock (a build from nothing, as CI does); `--copy-to DIR` copies the checked dist/ to DIR before the
 * lock is released (a private copy no later build can change); `--keep-loader-cache` skips step 1 (only for iterating on page code with unchanged data: it
 * reuses the loaders' previous output).
 * Exit code: 0 ok, 1 build or check failed.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { cp, readdir, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import lockfile from "proper-lockfile";
import { checkDist, formatProblems } from "./check-dist.ts";
import { dataDir as defaultDataDir } from "./loaders.ts";
import { fillOfflineNpmCache } from "./offline-cache.ts";
import { formatGateProblems, privacyGate } from "./privacy-gate.ts";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

export interface BuildSiteOptions {
  keepLoaderCache?: boolean;
  /** Delete the whole Framework cache and dist/ first (a build from a clean cache). */
  clean?: boolean;
  /** Copy the checked dist/ here (replacing it) before the build lock is released. */
  copyTo?: string;
  /** The data directory the loaders read (default WORKFORCE_DATA_DIR or ./data). */
  dataDir?: string;
  log?: (message: string) => void;
}

export interface BuildSiteResult {
  distDir: string;
  seconds: { purge: number; npmCache: number; build: number; check: number; gate: number; total: number };
}

/** Deletes Framework's cached loader output (everything in the cache but the npm cache). */
export async function purgeLoaderCache(root: string): Promise<string[]> {
  const cacheDir = path.join(root, ".observablehq", "cache");
  const entries = await readdir(cacheDir).catch(() => [] as string[]);
  const purged: string[] = [];
  for (const entry of entries) {
    if (entry === "_npm") continue;
    await rm(path.join(cacheDir, entry), { recursive: true, force: true });
    purged.push(entry);
  }
  return purged;
}

/** Serializes site builds of this working tree; returns the release function. */
export async function lockSiteBuild(log: (message: string) => void = () => {}): Promise<() => Promise<void>> {
  const key = createHash("sha256").update(repoRoot).digest("hex").slice(0, 12);
  const dir = path.join(tmpdir(), `workforce-site-build-${key}`);
  mkdirSync(dir, { recursive: true });
  const options = { lockfilePath: `${dir}.lock`, stale: 60_000, realpath: false };
  try {
    return await lockfile.lock(dir, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
    log("build-site: another site build of this working tree is running; waiting for it to finish");
    return lockfile.lock(dir, { ...options, retries: { retries: 900, minTimeout: 1000, maxTimeout: 1000 } });
  }
}

export async function buildSite(options: BuildSiteOptions = {}): Promise<BuildSiteResult> {
  const log = options.log ?? ((message: string) => console.log(message));
  const release = await lockSiteBuild(log);
  try {
    return await buildSiteLocked(options);
  } finally {
    await release();
  }
}

async function buildSiteLocked(options: BuildSiteOptions): Promise<BuildSiteResult> {
  const log = options.log ?? ((message: string) => console.log(message));
  const root = path.join(repoRoot, "dashboards", "src");
  const distDir = path.join(repoRoot, "dist");
  const dataDir = path.resolve(options.dataDir ?? defaultDataDir());
  const started = performance.now();
  const seconds = { purge: 0, npmCache: 0, build: 0, check: 0, gate: 0, total: 0 };
  let t = performance.now();
  const lap = () => {
    const now = performance.now();
    const elapsed = (now - t) / 1000;
    t = now;
    return Math.round(elapsed * 100) / 100;
  };

  if (options.clean) {
    await rm(path.join(root, ".observablehq"), { recursive: true, force: true });
    await rm(distDir, { recursive: true, force: true });
  } else if (!options.keepLoaderCache) {
    await purgeLoaderCache(root);
  }
  seconds.purge = lap();

  await fillOfflineNpmCache({ root, log });
  seconds.npmCache = lap();

  const bin = path.join(repoRoot, "node_modules", ".bin");
  try {
    await run(path.join(bin, "observable"), ["build"], {
      cwd: repoRoot,
      env: {
        ...process.env,
        PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`,
        OBSERVABLE_TELEMETRY_DISABLE: "true",
        WORKFORCE_DATA_DIR: dataDir,
      },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `${message}\nhint: if the log above shows "npm:<name>@0.0.0-not-in-offline-cache" or a fetch of ` +
        "cdn.jsdelivr.net / registry.npmjs.org, a page uses a library that is not in the offline cache: " +
        "install it (npm install --save-exact) and add it to PACKAGES in dashboards/offline-cache.ts.",
    );
  }
  seconds.build = lap();

  const check = await checkDist(distDir);
  seconds.check = lap();
  if (check.problems.length > 0) {
    throw new Error(
      `${formatProblems(check)}\ncheck-dist: ${check.problems.length} problem(s) in dist/: the site would not work offline.`,
    );
  }
  log(`check-dist: ok, ${check.filesScanned} files scanned, no external assets or unresolved imports.`);

  const gate = await privacyGate(distDir, { dataDir });
  seconds.gate = lap();
  if (gate.problems.length > 0) {
    const rejected = path.join(repoRoot, "dist-rejected");
    await rm(rejected, { recursive: true, force: true });
    await rename(distDir, rejected);
    throw new Error(
      `privacy-gate: ${gate.problems.length} problem(s):\n${formatGateProblems(gate.problems)}\n` +
        `privacy-gate: the site was NOT published; its output was moved to ${rejected} for inspection.`,
    );
  }
  log(
    `privacy-gate: ok, ${gate.filesScanned} files, ${gate.countCellsChecked} count cells, ${gate.namesChecked} people's names checked.`,
  );
  if (options.copyTo) {
    await rm(options.copyTo, { recursive: true, force: true });
    await cp(distDir, options.copyTo, { recursive: true });
  }
  seconds.total = Math.round((performance.now() - started) / 10) / 100;
  log(
    `build-site: done in ${seconds.total} s (npm cache ${seconds.npmCache} s, observable build ${seconds.build} s)`,
  );
  return { distDir, seconds };
}

/**
 * Framework's per-file lines (copying each data file, with cache states such as "[missing]" that
 * read like errors but are not): left out of the output unless WORKFORCE_SITE_VERBOSE=1, and
 * printed in full when the build fails.
 */
const FRAMEWORK_FILE_LINE = /^(copy |bundle |build |alias |success |dist\/_|load \/data\/)/;

function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<void> {
  const verbose = process.env.WORKFORCE_SITE_VERBOSE === "1";
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "inherit"] });
    const all: string[] = [];
    let rest = "";
    let hidden = 0;
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      const lines = (rest + chunk).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) {
        all.push(line);
        if (verbose || !FRAMEWORK_FILE_LINE.test(line.replace(/\x1b\[[0-9;]*m/g, "").trim())) {
          process.stdout.write(`${line}\n`);
        } else hidden++;
      }
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (rest) all.push(rest);
      if (code === 0) {
        if (rest) process.stdout.write(`${rest}\n`);
        if (hidden > 0)
          process.stdout.write(
            `(${hidden} lines of copied files not shown: WORKFORCE_SITE_VERBOSE=1 shows them)\n`,
          );
        resolve();
      } else {
        process.stdout.write(`${all.join("\n")}\n`);
        reject(
          new Error(`${path.basename(command)} ${args.join(" ")} failed (${signal ?? `exit code ${code}`})`),
        );
      }
    });
  });
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? process.argv[i + 1] : undefined;
  return value ? path.resolve(value) : undefined;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildSite({
    keepLoaderCache: process.argv.includes("--keep-loader-cache"),
    clean: process.argv.includes("--clean"),
    copyTo: argValue("--copy-to"),
  }).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
