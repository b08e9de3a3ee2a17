/**
 * Output of `workforce ingest`: a progress bar on a terminal while it runs, then per extract a
 * status line and a table per file (records, loaded, quarantined, deduplicated, top reasons), or
 * the whole summary as JSON (`--json`).
 */
import { SingleBar } from "cli-progress";
import pc from "picocolors";
import type { FileReport, ProgressEvent } from "./load.ts";
import type { ExtractReport, IngestSummary } from "./run.ts";

const STATUS_COLOUR: Record<string, (s: string) => string> = {
  loaded: pc.green,
  skipped: pc.dim,
  held: pc.red,
  gap: pc.yellow,
  overlap: pc.yellow,
  waiting: pc.yellow,
  stale: pc.red,
  changed: pc.red,
  invalid: pc.red,
  rejected: pc.red,
  not_loaded: pc.dim,
  ignored: pc.yellow,
};

const colour = (status: string) => (STATUS_COLOUR[status] ?? ((s: string) => s))(status);
const num = (n: number | null) => (n === null ? "-" : n.toLocaleString("en-US"));

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
const visibleLength = (text: string) => text.replace(ANSI, "").length;

function pad(text: string, width: number, right = false): string {
  const visible = visibleLength(text);
  const fill = " ".repeat(Math.max(0, width - visible));
  return right ? fill + text : text + fill;
}

function topReasons(f: FileReport): string {
  const parts = f.top_reasons.slice(0, 3).map((r) => `${r.code} ${r.count}`);
  if (f.top_reasons.length > 3) parts.push("…");
  // Rejected for its reject rate: the reasons of the records that would have been set aside.
  if (f.status === "rejected" || f.status === "ignored")
    return `${f.reason_code ?? ""}${parts.length ? `: ${parts.join(", ")}` : ""}`;
  const warn = f.warnings.map((w) => `${w.code} (warning)`);
  return [...parts, ...warn].join(", ");
}

export function renderFileTable(files: FileReport[]): string {
  const head = ["file", "status", "records", "loaded", "quarantined", "deduplicated", "top reasons"];
  const body = files.map((f) => [
    f.file,
    colour(f.status),
    num(f.records ?? f.manifest_records),
    num(f.loaded),
    num(f.quarantined),
    num(f.deduplicated),
    topReasons(f),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => visibleLength(r[i]!))));
  const numeric = new Set([2, 3, 4, 5]);
  const line = (cells: string[]) => `  ${cells.map((c, i) => pad(c, widths[i]!, numeric.has(i))).join("  ")}`;
  return [pc.bold(line(head)), ...body.map(line)].join("\n");
}

export function renderExtract(e: ExtractReport): string {
  const title = `${pc.bold(e.extract_id)} (${e.kind ?? "?"}, as of ${e.as_of}): ${colour(e.status)}`;
  const lines = [title];
  if (e.message) lines.push(`  ${e.message}`);
  if (e.hint && e.status !== "skipped") lines.push(pc.dim(`  hint: ${e.hint}`));
  if (e.files.length > 0) lines.push(renderFileTable(e.files));
  for (const f of e.files) {
    if (f.status === "rejected" && f.message) {
      lines.push(`  ${pc.red("✗")} ${f.message}`);
      if (f.hint && f.hint !== e.hint) lines.push(pc.dim(`    hint: ${f.hint}`));
    }
    for (const w of f.warnings) lines.push(`  ${pc.yellow("!")} ${w.message}`);
    if (f.status === "ignored" && f.message) lines.push(`  ${pc.yellow("!")} ${f.message}`);
  }
  for (const r of e.replayed ?? []) {
    lines.push(
      `  ${pc.green("+")} ${r.records} record(s) of ${r.file} set aside by ${r.from_extracts.join(", ")} loaded: what they waited for has loaded (meta.replays)`,
    );
  }
  return lines.join("\n");
}

export function renderSummary(s: IngestSummary): string {
  if (s.extracts.length === 0)
    return `No complete extract in ${s.inbox} (a folder is complete once manifest.json is present).\n`;
  const counts = new Map<string, number>();
  for (const e of s.extracts) counts.set(e.status, (counts.get(e.status) ?? 0) + 1);
  const tally = [...counts].map(([k, n]) => `${n} ${k}`).join(", ");
  return `${s.extracts.map(renderExtract).join("\n\n")}\n\n${pc.bold("Extracts:")} ${tally}. Warehouse: ${s.warehouse}\n`;
}

export function renderJson(s: IngestSummary): string {
  return `${JSON.stringify(s, null, 2)}\n`;
}

/** A progress reporter for a terminal (stderr); a no-op elsewhere. */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): {
  onProgress: (e: ProgressEvent) => void;
  stop: () => void;
} {
  if (!stream.isTTY) return { onProgress: () => {}, stop: () => {} };
  const bar = new SingleBar({
    format: "{extract} {phase} {bar} {value}/{total} files | {file}",
    hideCursor: true,
    stream,
  });
  let started = false;
  return {
    onProgress: (e) => {
      if (e.phase === "extract" || e.phase === "commit") return;
      if (!started) {
        bar.start(e.total, e.done, { extract: e.extract, phase: e.phase, file: e.file });
        started = true;
      }
      bar.setTotal(e.total);
      bar.update(e.done, { extract: e.extract, phase: e.phase, file: e.file });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
