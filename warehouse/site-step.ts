/**
 * The site step of `workforce run`: build the public site and copy it into the staged publication
 * (`<staging>/site/`), so it is switched together with the analyst copy.
 *
 * It runs dashboards/build-site.ts (the offline build, its checks and privacy gate) as a child
 * process, with the data directory in WORKFORCE_DATA_DIR, its output going to
 * `<data-dir>/logs/site-build.log` (so `workforce run --json` prints only JSON). build-site.ts always
 * writes the repository's `dist/`, and copies the checked result into the staging folder with
 * `--copy-to` while it still holds its build lock (builds in one working tree take turns). A build
 * orphaned by a killed run is stopped before the next one starts.
 *
 * WORKFORCE_SITE_BUILD_SCRIPT names another script to run instead, which must write its site into
 * the folder named by WORKFORCE_SITE_OUT (the staging site folder); the operations tests use a fast stand-in (the real build
 * takes about 20 s on 2 cores).
 */
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { WorkforceError } from "./errors.ts";

export const SITE_SCRIPT_ENV = "WORKFORCE_SITE_BUILD_SCRIPT";
const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const TSX_CLI = join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs");

/**
 * A site build left running by a run that was killed (its own process group, recorded in
 * `<data-dir>/logs/site-build.pid`) is stopped before a new one starts, so two builds never write
 * `dist/` at the same time.
 */
function stopOrphanBuild(pidFile: string): void {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, "utf8").trim());
  } catch {
    return;
  }
  if (Number.isInteger(pid) && pid > 1) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  rmSync(pidFile, { force: true });
}

function runScript(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
  pidFile: string,
): Promise<void> {
  stopOrphanBuild(pidFile);
  const fd = openSync(logFile, "w");
  return new Promise<void>((resolvePromise, reject) => {
    const child = spawn(process.execPath, [TSX_CLI, script, ...args], {
      cwd: repoRoot,
      env,
      stdio: ["ignore", fd, fd],
      detached: true, // its own process group, so an orphan can be stopped with everything it started
    });
    if (child.pid) writeFileSync(pidFile, `${child.pid}\n`);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      rmSync(pidFile, { force: true });
      if (code === 0) resolvePromise();
      else reject(new Error(`${script} failed (${signal ?? `exit code ${code}`})`));
    });
  }).finally(() => closeSync(fd));
}

function tail(file: string, lines = 8): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

export async function buildSiteInto(opts: {
  dataDir: string;
  staging: string;
}): Promise<{ seconds: number }> {
  const started = performance.now();
  const custom = process.env[SITE_SCRIPT_ENV];
  const script = custom ? resolve(custom) : join(repoRoot, "dashboards", "build-site.ts");
  const logDir = join(opts.dataDir, "logs");
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, "site-build.log");
  const target = join(opts.staging, "site");
  rmSync(target, { recursive: true, force: true });
  try {
    await runScript(
      script,
      // The real build copies its checked dist/ into the staging folder inside its own build lock,
      // so a build started elsewhere in this working tree cannot change dist/ in between.
      custom ? [] : ["--copy-to", target],
      {
        ...process.env,
        WORKFORCE_DATA_DIR: opts.dataDir,
        WORKFORCE_PUBLISH_STAGING: opts.staging,
        WORKFORCE_SITE_OUT: target,
      },
      logFile,
      join(logDir, "site-build.pid"),
    );
  } catch (e) {
    throw new WorkforceError("site_build_failed", {
      detail: `${(e as Error).message}; last lines of ${logFile}:\n${tail(logFile)}`,
    });
  }
  if (!existsSync(join(target, "index.html")))
    throw new WorkforceError("site_build_failed", { detail: `${target} has no index.html` });
  return { seconds: Math.round((performance.now() - started) / 10) / 100 };
}
