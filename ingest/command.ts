/**
 * The `ingest` verb for warehouse/cli.ts: plain options in, the summary written (human tables on a
 * terminal with a progress bar, or JSON), the exit code out (0 ok, 1 a file or extract was not
 * loaded, 3 the lock is held; a WorkforceError carries its own exit code).
 */
import { EXIT, usageError, WorkforceError } from "../warehouse/errors.ts";
import { renderJson, renderSummary, terminalProgress } from "./render.ts";
import { type IngestSummary, ingest } from "./run.ts";
import { SOURCES } from "./sources/index.ts";

export interface IngestCommandOptions {
  dataDir: string;
  inbox: string;
  json?: boolean;
  rejectRateLimit?: number;
  acceptShrink?: string[];
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WriteStream;
}

/**
 * --accept-shrink names files of the contract whose records a full extract ends when absent, alone
 * (people.csv) or in one extract (CTREG-2026-07-01-FULL/people.csv).
 */
function checkAcceptShrink(files: readonly string[]): void {
  const entityFiles = SOURCES.filter((s) => s.mode === "entity").map((s) => s.file);
  const unknown = files.filter((f) => !entityFiles.includes(f.slice(f.lastIndexOf("/") + 1)));
  if (unknown.length > 0) {
    throw usageError(
      `--accept-shrink ${unknown.join(", ")}: not a file whose records a full extract ends; one of ${entityFiles.join(", ")}`,
      "ingest",
    );
  }
}

export async function ingestCommand(opts: IngestCommandOptions): Promise<number> {
  const stdout = opts.stdout ?? process.stdout;
  const stderr = opts.stderr ?? process.stderr;
  const progress = opts.json ? { onProgress: () => {}, stop: () => {} } : terminalProgress(stderr);
  let summary: IngestSummary;
  try {
    checkAcceptShrink(opts.acceptShrink ?? []);
    summary = await ingest({
      dataDir: opts.dataDir,
      inbox: opts.inbox,
      rejectRateLimit: opts.rejectRateLimit,
      acceptShrink: opts.acceptShrink,
      onProgress: progress.onProgress,
    });
  } catch (e) {
    progress.stop();
    if (e instanceof WorkforceError) {
      stderr.write(`error ${e.code}: ${e.message}\nhint: ${e.hint}\n`);
      return e.exitCode;
    }
    throw e;
  }
  progress.stop();
  stdout.write(opts.json ? renderJson(summary) : renderSummary(summary));
  return summary.exit_code ?? EXIT.ok;
}
