/** The `build` and `test` verbs: progress and results on the terminal, JSON for machines. */
import pc from "picocolors";
import { EXIT, WorkforceError } from "../warehouse/errors.ts";
import { type BuildResult, build, type ModelRun, type TestResult, testCurrent } from "./build.ts";

function failureLines(t: TestResult): string {
  const sample = t.sample.length > 0 ? `\n      first rows: ${JSON.stringify(t.sample.slice(0, 3))}` : "";
  return `  ${t.severity === "error" ? pc.red("FAIL") : pc.yellow("WARN")} ${t.model} ${t.test}: ${t.failures} row(s)${sample}`;
}

/** Where the build's time went (finishing includes the final checkpoint, after the time above). */
function phaseLines(result: BuildResult): string[] {
  const p = result.phases;
  if (!p) return [];
  return [
    pc.dim(
      `time: preparing ${p.prepare} s, models ${p.models} s, tests ${p.tests} s, finishing ${p.finish} s (with the final checkpoint)`,
    ),
  ];
}

export function report(result: BuildResult, json: boolean): string {
  if (json) {
    return `${JSON.stringify(
      {
        build_id: result.buildId,
        status: result.status,
        seconds: result.seconds,
        phases: result.phases ?? null,
        full_reason: result.full ?? null,
        models: result.models.map(({ compareSeconds, ...run }) =>
          compareSeconds === undefined ? run : { ...run, compare_seconds: compareSeconds },
        ),
        tests: {
          passed: result.tests.filter((t) => t.status === "pass").length,
          failed: result.tests.filter((t) => t.status === "fail"),
        },
        error: result.error ? { code: result.error.code, message: result.error.message } : null,
      },
      null,
      2,
    )}\n`;
  }
  const failed = result.tests.filter((t) => t.status === "fail");
  const count = (mode: string) => result.models.filter((m) => m.mode === mode).length;
  const reusedTests = result.tests.filter((t) => t.reused).length;
  const lines = [
    `${result.models.length} model(s): ${count("full")} built, ${count("incremental")} incremental, ${count("reused")} unchanged; ${result.tests.length} test(s) (${reusedTests} unchanged), ${failed.length} failed, in ${result.seconds} s`,
    ...phaseLines(result),
    ...(result.full === "storage_format"
      ? [
          pc.dim(
            "the current build was in an older storage format: rebuilt in full once, in the format of DuckDB 1.3.0 and later",
          ),
        ]
      : []),
    ...failed.map(failureLines),
  ];
  if (result.error)
    lines.push(
      pc.red(`error ${result.error.code}: ${result.error.message}`),
      pc.dim(`hint: ${result.error.hint}`),
    );
  else lines.push(pc.green(`build ${result.buildId} is now current`));
  return `${lines.join("\n")}\n`;
}

/**
 * How a model was built, for its progress line: unchanged; from which date and for how many
 * changed entities on every date (or, for a model partitioned by entity only, how many), or no change; or in full after comparing the inputs (and
 * why: the share of its rows the changed entities hold). With how long comparing the inputs took,
 * when they were compared.
 */
export function howBuilt(run: ModelRun): string {
  const compared = run.compareSeconds === undefined ? [] : [`inputs compared in ${run.compareSeconds} s`];
  if (run.mode === "reused") return " (unchanged)";
  if (run.mode === "incremental") {
    const parts = [
      ...(run.from ? [`from ${run.from}`] : []),
      ...(run.entities
        ? [
            `${run.entities.toLocaleString("en-US")} changed ${run.entity ?? "entities"}${run.entityOnly ? "" : " on every date"}`,
          ]
        : []),
    ];
    return ` (${[...(parts.length > 0 ? parts : ["no change"]), ...compared].join("; ")})`;
  }
  const share =
    run.changedShare === undefined ? [] : [`${Math.round(run.changedShare * 100)}% of its rows changed`];
  const oneThread = run.threads === 1 ? ["run again on one thread after running out of memory"] : [];
  const notes = [...share, ...compared, ...oneThread];
  return notes.length > 0 ? ` (in full; ${notes.join("; ")})` : "";
}

export async function buildCommand(opts: {
  dataDir: string;
  select: string[];
  json: boolean;
  full?: boolean;
}): Promise<number> {
  // One line per model on stderr as it finishes (plain text when stderr is not a terminal, so a
  // scheduled or logged build shows where it is); nothing with --json.
  const progress = !opts.json;
  const result = await build({
    dataDir: opts.dataDir,
    select: opts.select,
    full: opts.full ?? false,
    onEvent: (e) => {
      if (!progress || e.type !== "model") return;
      const mark = e.run.status === "ok" ? pc.green("ok") : pc.red("error");
      const how = howBuilt(e.run);
      process.stderr.write(
        `  [${e.index + 1}/${e.total}] ${e.run.model} ${mark} ${e.run.rows ?? ""} rows ${e.run.seconds} s${how}\n`,
      );
    },
  });
  process.stdout.write(report(result, opts.json));
  return result.status === "swapped" ? EXIT.ok : EXIT.dataFailure;
}

export async function testCommand(opts: { dataDir: string; json: boolean }): Promise<number> {
  const results = await testCurrent({ dataDir: opts.dataDir });
  const failed = results.filter((t) => t.status === "fail");
  const blocking = failed.filter((t) => t.severity === "error").length;
  if (opts.json)
    process.stdout.write(`${JSON.stringify({ passed: results.length - failed.length, failed }, null, 2)}\n`);
  else {
    process.stdout.write(
      `${[`${results.length} test(s), ${failed.length} failed`, ...failed.map(failureLines)].join("\n")}\n`,
    );
  }
  if (blocking > 0) throw new WorkforceError("tests_failed", { count: blocking });
  return EXIT.ok;
}
