/** Helpers of the operations tests: the CLI as a child process, simulated data, the published version. */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simulateCommand } from "../../synthetic/command.ts";

export const BIN = join(import.meta.dirname, "..", "..", "bin", "workforce.js");
export const FAKE_SITE = join(import.meta.dirname, "fake-site.ts");
/** A key for tests (never a real one). */
export const TEST_KEY = "test-pseudonym-key-0123456789abcdef-0123456789abcdef";

export interface Done {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

export function start(
  args: string[],
  env: Record<string, string> = {},
  input?: string,
): { child: ChildProcess; done: Promise<Done> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: {
      ...process.env,
      WORKFORCE_SITE_BUILD_SCRIPT: FAKE_SITE,
      WORKFORCE_PSEUDONYM_KEY: TEST_KEY,
      ...env,
    },
    stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  if (input !== undefined) child.stdin!.end(input);
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => {
    out += d;
  });
  child.stderr!.on("data", (d) => {
    err += d;
  });
  const done = new Promise<Done>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, out, err })),
  );
  return { child, done };
}

export function workforce(args: string[], env: Record<string, string> = {}, input?: string): Promise<Done> {
  return start(args, env, input).done;
}

export function tempDataDir(prefix = "wf-ops-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Simulate a full extract (and deltas) quietly into `out`. */
export async function simulate(out: string, members: number, deltas = 0, seed = "ops"): Promise<void> {
  const stdout = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    const code = await simulateCommand({
      out,
      asOf: "2026-06-30",
      members,
      seed,
      deltas,
      defects: 0.002,
      fileDefects: false,
      json: true,
    });
    if (code !== 0) throw new Error(`simulate exited ${code}`);
  } finally {
    process.stdout.write = stdout;
  }
}

/** Events of <data-dir>/logs/workforce.jsonl. */
export function events(dataDir: string): Record<string, unknown>[] {
  const file = join(dataDir, "logs", "workforce.jsonl");
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Resolve when `pred` holds (polled every 50 ms), or reject after `timeoutMs`. */
export async function waitFor(pred: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
