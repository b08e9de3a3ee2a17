/**
 * Builds the public static site with no network access (`npm run build:site`).
 *
 * 1. purges Framework's cached loader outputs (`dashboards/src/.observablehq/cache/` except `_npm`): `observable
 *    build` otherwise reuses a loader's old output forever;
 * 2. fills the npm cache from node_modules (offline-cache.ts), so Framework never calls npm or jsDelivr;
 * 3. runs `observable build` (root `dashboards/src/`, output `dist/`), with node_modules/.bin on PATH for tsx;
 * 4. checks `dist/` for external assets and unresolved imports (check-dist.ts).
 *
 * Options: `--keep-loader-cache` skips step 1 (faster when iterating on page code only).
 * Exit code: 0 ok, 1 build or check failed.
 */
import { spawn } from "node:child_process";
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkDist, formatProblems } from "./check-dist.ts";
import { fillOfflineNpmCache } from "./offline-cache.ts";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

export interface BuildSiteOptions {
  keepLoaderCache?: boolean;
  log?: (message: string) => void;
}

export interface BuildSiteResult {
  distDir: string;
  seconds: { purge: number; npmCache: number; build: number; check: number; total: number };
}

export async function buildSite(options: BuildSiteOptions = {}): Promise<BuildSiteResult> {
  const log = options.log ?? ((message: string) => console.log(message));
  const root = path.join(repoRoot, "dashboards", "src");
  const distDir = path.join(repoRoot, "dist");
  const cacheDir = path.join(root, ".observablehq", "cache");
  const started = performance.now();
  const seconds = { purge: 0, npmCache: 0, build: 0, check: 0, total: 0 };
  let t = performance.now();
  const lap = () => {
    const now = performance.now();
    const elapsed = (now - t) / 1000;
    t = now;
    return Math.round(elapsed * 100) / 100;
  };

  if (!options.keepLoaderCache) {
    const entries = await readdir(cacheDir).catch(() => [] as string[]);
    for (const entry of entries) {
      if (entry !== "_npm") await rm(path.join(cacheDir, entry), { recursive: true, force: true });
    }
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
  seconds.total = Math.round((performance.now() - started) / 10) / 100;
  log(
    `build-site: done in ${seconds.total} s (npm cache ${seconds.npmCache} s, observable build ${seconds.build} s)`,
  );
  return { distDir, seconds };
}

function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(`${path.basename(command)} ${args.join(" ")} failed (${signal ?? `exit code ${code}`})`),
        );
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildSite({ keepLoaderCache: process.argv.includes("--keep-loader-cache") }).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
