/**
 * `workforce quarantine [--extract ID] [--reason CODE] [--json | --csv FILE]`: what ingest set
 * aside. It reads the restricted zone (the quarantine holds values from PII columns) and says so.
 * The CSV export neutralises cells that a spreadsheet would run as a formula.
 */
import { writeFileSync } from "node:fs";
import { stringify } from "csv-stringify/sync";
import pc from "picocolors";
import { lit, warehousePaths, withReadOnly } from "../warehouse/db.ts";
import {
  EXIT,
  hintFor,
  outputError,
  REASONS,
  type ReasonCode,
  usageError,
  WorkforceError,
} from "../warehouse/errors.ts";
import type { QuarantineRow } from "./messages.ts";
import { SOURCE_BY_FILE } from "./sources/index.ts";
import { rows } from "./stage.ts";

export interface QuarantineQuery {
  dataDir: string;
  extract?: string;
  reason?: string;
  /** Only this file (people.csv). */
  file?: string;
}

export const QUARANTINE_COLUMNS = [
  "extract_id",
  "file",
  "record",
  "column",
  "value",
  "reason_code",
  "message",
  "key",
] as const;

/**
 * A quarantined record as listed: the row of meta.quarantine, its reason's hint (what to do) and,
 * for a record set aside only for a record it refers to, what became of it since (`state`):
 * `waiting` (it loads by itself once that record has), `loaded with <extract id>`, or null (any
 * other record; or one a newer version, a deletion or a full extract has replaced).
 */
export type ListedRecord = QuarantineRow & { hint: string; state: string | null };

/** Columns of the JSON and CSV listings. */
export const LISTED_COLUMNS = [...QUARANTINE_COLUMNS, "hint", "state"] as const;

const hintOf = (code: string) => (code in REASONS ? hintFor(code as ReasonCode) : "");

/** Rows of meta.quarantine, in extract, file and record order, each with its reason's hint. */
export async function listQuarantine(q: QuarantineQuery): Promise<ListedRecord[]> {
  return (await readQuarantine(q)).list;
}

/**
 * The rows of meta.quarantine (`listQuarantine`) and the ids of the extracts held (not loaded)
 * whose records are in it (they show why), read in one opening of the warehouse.
 */
async function readQuarantine(q: QuarantineQuery): Promise<{ list: ListedRecord[]; held: Set<string> }> {
  // Reason codes are lower case; ORPHAN_REFERENCE means orphan_reference.
  const reason = q.reason?.toLowerCase();
  if (reason !== undefined && !(reason in REASONS && REASONS[reason as ReasonCode].severity !== "cli")) {
    const codes = Object.entries(REASONS)
      .filter(([, r]) => r.severity !== "cli")
      .map(([code]) => code);
    const { didYouMean } = await import("../transforms/project.ts");
    const containing = codes.filter((c) => reason.length >= 3 && c.includes(reason));
    const guesses =
      containing.length > 0 ? containing.slice(0, 4) : [didYouMean(reason, codes)].filter((c) => c);
    throw usageError(
      `unknown reason code ${q.reason}${guesses.length ? ` (did you mean ${guesses.join(", ")}?)` : ""}; every code is in docs/reason-codes.md, and \`workforce quarantine\` without --reason lists the records with theirs`,
      "quarantine",
    );
  }
  if (q.file && !SOURCE_BY_FILE.has(q.file)) {
    throw usageError(
      `unknown file ${q.file}; the extract's files are ${[...SOURCE_BY_FILE.keys()].join(", ")}`,
      "quarantine",
    );
  }
  return withReadOnly(q.dataDir, async (db) => {
    if (!db) throw new WorkforceError("no_warehouse", { path: warehousePaths(q.dataDir).file }, EXIT.usage);
    if (q.extract) {
      // An extract id that was never ingested is a typo, not an empty selection.
      const known = (
        await rows(db.con, "SELECT extract_id FROM meta.extracts ORDER BY as_of, extract_id")
      ).map((r) => String(r.extract_id));
      if (!known.includes(q.extract)) {
        const list = known.length <= 6 ? known : [...known.slice(0, 3), "…", ...known.slice(-2)];
        throw usageError(
          `no extract ${q.extract} was ingested into ${warehousePaths(q.dataDir).file}${
            known.length ? `; known: ${list.join(", ")}` : " (none is)"
          }`,
          "quarantine",
        );
      }
    }
    const where: string[] = [];
    if (q.extract) where.push(`extract_id = ${lit(q.extract)}`);
    if (reason) where.push(`reason_code = ${lit(reason)}`);
    if (q.file) where.push(`file = ${lit(q.file)}`);
    const found = await rows(
      db.con,
      `SELECT ${QUARANTINE_COLUMNS.map((c) => `"${c}"`).join(", ")} FROM meta.quarantine
       ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY extract_id, file, record, reason_code`,
    );
    const held = new Set(
      (await rows(db.con, "SELECT extract_id FROM meta.extracts WHERE status = 'held'")).map((r) =>
        String(r.extract_id),
      ),
    );
    const states = await waitingStates(db.con);
    return {
      list: found.map((r) => ({
        ...(r as unknown as QuarantineRow),
        record: Number(r.record),
        hint: hintOf(String(r.reason_code)),
        state:
          r.reason_code === "parent_set_aside"
            ? (states.get(`${r.extract_id}\t${r.file}\t${r.record}`) ?? null)
            : null,
      })),
      held,
    };
  });
}

/**
 * What became of the records set aside for a record they refer to, by extract, file and record:
 * `waiting` (in waiting.*) or `loaded with <extract>` (meta.replays). A warehouse written before
 * ingest kept them has neither table: no state.
 */
async function waitingStates(con: Parameters<typeof rows>[0]): Promise<Map<string, string>> {
  const tables = (
    await rows(
      con,
      `SELECT schema_name || '.' || table_name AS t FROM duckdb_tables()
       WHERE schema_name = 'waiting' OR (schema_name = 'meta' AND table_name = 'replays')`,
    )
  ).map((r) => String(r.t));
  const parts = tables
    .filter((t) => t.startsWith("waiting."))
    .map((t) => `SELECT _load_id AS load_id, _record AS record, 'waiting' AS state FROM ${t}`);
  if (tables.includes("meta.replays")) {
    parts.push(
      `SELECT p.set_aside_load_id, p.set_aside_record, 'loaded with ' || l.extract_id
       FROM meta.replays p JOIN meta.load_log l ON l.load_id = p.load_id`,
    );
  }
  if (parts.length === 0) return new Map();
  const found = await rows(
    con,
    `SELECT l.extract_id, l.file, w.record, w.state FROM (${parts.join(" UNION ALL ")}) w
     JOIN meta.load_log l ON l.load_id = w.load_id`,
  );
  return new Map(found.map((r) => [`${r.extract_id}\t${r.file}\t${r.record}`, String(r.state)]));
}

/** A cell a spreadsheet would evaluate (=, +, -, @, and tab/CR per OWASP) gets a leading quote. */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function quarantineCsv(list: readonly ListedRecord[]): string {
  const records = list.map((r) =>
    LISTED_COLUMNS.map((c) => {
      const v = r[c];
      return v === null || v === undefined ? "" : neutraliseCell(String(v));
    }),
  );
  return stringify(records, { header: true, columns: [...LISTED_COLUMNS], record_delimiter: "\n" });
}

export function restrictedNotice(dataDir: string): string {
  return `Reading the restricted zone (${warehousePaths(dataDir).file}): the quarantine holds personal data; keep it inside the restricted zone.`;
}

function renderTable(list: readonly ListedRecord[], held: Set<string>): string {
  if (list.length === 0) return "The quarantine is empty for this selection.\n";
  const heldHere = [...new Set(list.map((r) => r.extract_id))].filter((id) => held.has(id));
  const note = heldHere.length
    ? `\n${pc.yellow("!")} ${heldHere.join(", ")}: held, not loaded (\`workforce status\` says why); its records above are those it set aside. They leave the quarantine when the extract is re-delivered and loaded.\n`
    : "";
  const byReason = new Map<string, number>();
  for (const r of list) byReason.set(r.reason_code, (byReason.get(r.reason_code) ?? 0) + 1);
  const cut = (s: string | null, n: number) => {
    const t = (s ?? "").replace(/[\r\n]+/g, "⏎");
    return t.length > n ? `${t.slice(0, n - 1)}…` : t;
  };
  const lines = list.map(
    (r) =>
      `${r.extract_id}  ${r.file}:${r.record}  ${pc.bold(r.reason_code)}  ${r.column === null ? "" : `${r.column}=`}${cut(r.value, 40)}${r.state ? `  (${r.state})` : ""}\n    ${pc.dim(r.message)}`,
  );
  const reasons = [...byReason].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const tally = reasons.map(([k, n]) => `${k} ${n}`);
  const todo = reasons.map(([k]) => `  ${pc.bold(k)}: ${hintOf(k)}`);
  return `${lines.join("\n")}\n\n${list.length} record(s) set aside: ${tally.join(", ")}\nWhat to do:\n${todo.join("\n")}\n${note}`;
}

export interface QuarantineCommandOptions extends QuarantineQuery {
  json?: boolean;
  csv?: string;
}

export interface CommandResult {
  exitCode: number;
  /** For stdout. */
  output: string;
  /** For stderr. */
  notice: string;
}

/** The `quarantine` verb: list (table, JSON) or export a neutralised CSV to a file. */
export async function quarantineCommand(opts: QuarantineCommandOptions): Promise<CommandResult> {
  if (opts.json && opts.csv) throw usageError("--json and --csv cannot be combined", "quarantine");
  const { list, held } = await readQuarantine(opts);
  const notice = restrictedNotice(opts.dataDir);
  if (opts.csv) {
    try {
      writeFileSync(opts.csv, quarantineCsv(list));
    } catch (e) {
      throw outputError(opts.csv, e);
    }
    return { exitCode: EXIT.ok, output: `Wrote ${list.length} record(s) to ${opts.csv}\n`, notice };
  }
  if (opts.json) return { exitCode: EXIT.ok, output: `${JSON.stringify(list, null, 2)}\n`, notice };
  return { exitCode: EXIT.ok, output: renderTable(list, held), notice };
}
