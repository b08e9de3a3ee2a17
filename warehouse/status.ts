/**
 * `workforce status`: is the data fresh, and if not, why. Reads the run log, the published manifest,
 * the inbox and (read-only) the warehouse's ledger and quarantine. Exits 1 when the published data is
 * older than the limit (`--max-age-hours`, WORKFORCE_MAX_DATA_AGE_HOURS, default 48), or when the
 * last run failed (the data is then still yesterday's: a monitor hears of it before it goes stale),
 * so a monitor can alert on the exit code alone.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import Table from "cli-table3";
import pc from "picocolors";
import { findExtracts } from "../ingest/extract.ts";
import { assertInbox } from "../ingest/run.ts";
import { dataLayout } from "./config.ts";
import { lit, warehousePaths } from "./db.ts";
import { EXIT, formatReason, hintFor, usageError } from "./errors.ts";
import { type RunRecord, readRuns } from "./ops-log.ts";
import { processIsAlive } from "./process-alive.ts";
import { currentVersion } from "./published.ts";
import { incompleteExtracts } from "./run.ts";
import { holderLabel, type RunLockOwner, runLockHolder } from "./run-lock.ts";
import { DEFAULT_TIMEZONE } from "./schedule.ts";

export const MAX_AGE_ENV = "WORKFORCE_MAX_DATA_AGE_HOURS";
export const DEFAULT_MAX_AGE_HOURS = 48;

/** The hours of WORKFORCE_MAX_DATA_AGE_HOURS (a whole number from 1 to 100,000), or the default. */
export function maxAgeHoursFromEnv(): number {
  const v = process.env[MAX_AGE_ENV];
  if (v === undefined || v.trim() === "") return DEFAULT_MAX_AGE_HOURS;
  const n = Number(v.trim());
  if (!/^\d+$/.test(v.trim()) || n < 1 || n > 100_000) {
    throw usageError(
      `${MAX_AGE_ENV} is ${JSON.stringify(v)}: expected a whole number of hours from 1 to 100000 (or unset, for ${DEFAULT_MAX_AGE_HOURS})`,
      "status",
    );
  }
  return n;
}

export interface Gap {
  /** As-of date of the last extract loaded before the gap. */
  after: string | null;
  /** The first waiting delta starts from this as-of date. */
  needed_since: string | null;
  /**
   * `missing`: that delta starts after `after`, so the extracts in between are missing (or, with
   * nothing loaded, a full extract is). `overlap`: it starts before `after`; no missing extract
   * can fix it, a delta since `after` or a full extract must replace it.
   */
  kind: "missing" | "overlap";
  waiting: string[];
}

export interface StatusReport {
  data_dir: string;
  checked_at: string;
  running: RunLockOwner | null;
  last_run: RunRecord | null;
  last_success: RunRecord | null;
  newest_extract: { extract_id: string; as_of: string; loaded_at: string | null } | null;
  published: { version: string; as_of: string | null; created_at: string; pseudonym_key: string } | null;
  open_gaps: Gap[];
  /** Complete extracts in the inbox not loaded yet. */
  pending_extracts: string[];
  /** Extracts a run held (not loaded; tried again on the next run), with the reason it gave. */
  held_extracts: { extract_id: string; message: string | null }[];
  /** Extract folders still being written. */
  incomplete_extracts: string[];
  quarantine: {
    total: number;
    by_reason: { reason_code: string; count: number }[];
    /**
     * Of `total`, the records of extracts held for their reject rate (not loaded; they show why,
     * and leave the quarantine when the extract is re-delivered and loaded), by extract id.
     */
    held: { extract_id: string; count: number }[];
    /**
     * Of `total`, the records set aside only for a record they refer to that still wait for it
     * (they load by themselves once it has), and those that have loaded so since.
     */
    waiting: number;
    replayed: number;
  } | null;
  warehouse: "ok" | "missing" | "busy";
  max_age_hours: number;
  data_age_hours: number | null;
  is_stale: boolean;
  /**
   * The last finished run failed or was interrupted (no run succeeded after it): the published
   * data is yesterday's and will go stale unless the cause is fixed. Status exits 1 then too.
   */
  last_run_failed: boolean;
  /** When the published data passes `max_age_hours` (ISO time), when it has an as-of date. */
  stale_at: string | null;
}

async function readWarehouse(dataDir: string) {
  const file = warehousePaths(dataDir).file;
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(":memory:");
  } catch {
    return null;
  }
  const con = await instance.connect();
  try {
    await con.run(`attach ${lit(file)} as wh (read_only)`);
    const q = async (sql: string) =>
      (await con.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
    const loaded = await q(
      `select extract_id, as_of::varchar as as_of, loaded_at::varchar as loaded_at from wh.meta.extracts
       where status = 'loaded' order by as_of, extract_id`,
    );
    const byReason = await q(
      `select reason_code, count(*)::integer as count from wh.meta.quarantine group by all order by count desc, reason_code`,
    );
    const held = await q(
      `select extract_id, count(*)::integer as count from wh.meta.quarantine
       where extract_id in (select extract_id from wh.meta.extracts where status = 'held')
       group by all order by extract_id`,
    );
    // Held and still to be tried: an extract held before a later one loaded is stale, never tried again.
    const heldExtracts = await q(
      `select extract_id, message from wh.meta.extracts
       where status = 'held'
         and as_of > coalesce((select max(as_of) from wh.meta.extracts where status = 'loaded'), DATE '0001-01-01')
       order by as_of, extract_id`,
    );
    // Records waiting for a set-aside record, and those loaded once it had (a warehouse written
    // before ingest kept them has neither table).
    const tables = (
      await q(
        `select schema_name || '.' || table_name as t from duckdb_tables()
         where database_name = 'wh' and (schema_name = 'waiting' or (schema_name = 'meta' and table_name = 'replays'))`,
      )
    ).map((r) => String(r.t));
    const waitingTables = tables.filter((t) => t.startsWith("waiting."));
    const [waits] = waitingTables.length
      ? await q(
          `select sum(n)::integer as n from (${waitingTables.map((t) => `select count(*) as n from wh.${t}`).join(" union all ")})`,
        )
      : [{ n: 0 }];
    const [replays] = tables.includes("meta.replays")
      ? await q("select count(*)::integer as n from wh.meta.replays")
      : [{ n: 0 }];
    return {
      loaded,
      byReason,
      held,
      heldExtracts,
      waiting: Number(waits?.n ?? 0),
      replayed: Number(replays?.n ?? 0),
    };
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}

export async function status(opts: {
  dataDir: string;
  /** The inbox to look at for pending extracts and gaps (default: <data-dir>/inbox). */
  inbox?: string;
  maxAgeHours?: number;
  now?: Date;
}): Promise<StatusReport> {
  const layout = dataLayout(opts.dataDir);
  // A mistyped --inbox is a usage error, not an inbox with nothing pending.
  if (opts.inbox !== undefined) assertInbox(opts.inbox);
  const inbox = opts.inbox ?? layout.inbox;
  const now = opts.now ?? new Date();
  const maxAge = opts.maxAgeHours ?? maxAgeHoursFromEnv();
  const runs = readRuns(layout.root, processIsAlive);
  const running = await runLockHolder(layout.root);
  const finished = runs.filter((r) => r.status !== "running");
  const report: StatusReport = {
    data_dir: layout.root,
    checked_at: now.toISOString(),
    running,
    last_run: finished.at(-1) ?? null,
    last_success: finished.filter((r) => r.status === "succeeded").at(-1) ?? null,
    newest_extract: null,
    published: null,
    open_gaps: [],
    pending_extracts: [],
    held_extracts: [],
    incomplete_extracts: incompleteExtracts(inbox),
    quarantine: null,
    warehouse: "missing",
    max_age_hours: maxAge,
    data_age_hours: null,
    is_stale: true,
    last_run_failed: false,
    stale_at: null,
  };
  report.last_run_failed = report.last_run !== null && report.last_run.status !== "succeeded";
  const pub = currentVersion(layout.root);
  if (pub) {
    const m = pub.manifest;
    report.published = {
      version: m.version,
      as_of: m.as_of,
      created_at: m.created_at,
      pseudonym_key: m.pseudonym_key,
    };
    if (m.as_of) {
      // 0 until the end of the as-of day: the data is still current.
      const end = endOfDay(m.as_of).getTime();
      report.data_age_hours = Math.max(0, Math.round((now.getTime() - end) / 36e5));
      report.stale_at = new Date(end + maxAge * 36e5).toISOString();
      report.is_stale = report.data_age_hours > maxAge;
    }
  }
  let loadedIds = new Set<string>();
  let lastAsOf: string | null = null;
  try {
    const wh = await readWarehouse(layout.root);
    if (wh) {
      report.warehouse = "ok";
      const last = wh.loaded.at(-1);
      if (last) {
        report.newest_extract = {
          extract_id: String(last.extract_id),
          as_of: String(last.as_of),
          loaded_at: (last.loaded_at as string | null) ?? null,
        };
        lastAsOf = String(last.as_of);
      }
      loadedIds = new Set(wh.loaded.map((r) => String(r.extract_id)));
      report.held_extracts = wh.heldExtracts.map((r) => ({
        extract_id: String(r.extract_id),
        message: (r.message as string | null) ?? null,
      }));
      report.quarantine = {
        total: wh.byReason.reduce((s, r) => s + Number(r.count), 0),
        by_reason: wh.byReason.map((r) => ({ reason_code: String(r.reason_code), count: Number(r.count) })),
        held: wh.held.map((r) => ({ extract_id: String(r.extract_id), count: Number(r.count) })),
        waiting: wh.waiting,
        replayed: wh.replayed,
      };
    }
  } catch (e) {
    const message = (e as Error).message;
    report.warehouse = /lock|conflict/i.test(message) ? "busy" : "missing";
  }
  // Extracts in the inbox not loaded yet; a delta whose `since` is not the last loaded as-of opens a gap.
  let cursor = lastAsOf;
  let gap: Gap | null = null;
  for (const ex of findExtracts(inbox)) {
    const id = ex.manifest?.extract_id ?? ex.folder;
    if (loadedIds.has(id)) continue;
    if (report.warehouse !== "ok") continue;
    if (cursor && ex.asOf <= cursor) continue; // older than what is loaded: ingest reports it as stale
    report.pending_extracts.push(id);
    if (gap) {
      gap.waiting.push(id);
      continue;
    }
    if (ex.manifest?.kind === "delta" && ex.manifest.since !== cursor) {
      const since = ex.manifest.since ?? null;
      const kind = cursor !== null && since !== null && since < cursor ? "overlap" : "missing";
      gap = { after: cursor, needed_since: since, kind, waiting: [id] };
      report.open_gaps.push(gap);
    } else cursor = ex.asOf;
  }
  return report;
}

/** Offset of a time zone from UTC at an instant, in milliseconds (New York in winter: -5 h). */
function zoneOffset(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const local = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second"));
  return local - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The end of an extract's as-of day, when its data stops being current (the spec: "data is current
 * up to the end of this day"), in the registry's time zone (Connecticut: America/New_York).
 */
export function endOfDay(asOf: string, timeZone: string = DEFAULT_TIMEZONE): Date {
  const [y, m, d] = asOf.split("-").map(Number) as [number, number, number];
  const midnight = Date.UTC(y, m - 1, d + 1);
  // Local midnight is UTC midnight minus the offset; the offset is taken again at that instant, in
  // case a daylight-saving change falls in between.
  const first = midnight - zoneOffset(new Date(midnight), timeZone);
  return new Date(midnight - zoneOffset(new Date(first), timeZone));
}

function hours(h: number | null): string {
  if (h === null) return "unknown";
  return h >= 48 ? `${Math.round(h / 24)} days` : `${h} hours`;
}

export function renderStatus(r: StatusReport): string {
  const t = new Table({ style: { head: [], border: [] } });
  const run = (x: RunRecord | null) =>
    x
      ? `${x.run_id}: ${x.status}${x.failed_step ? ` at ${x.failed_step}` : ""}, ${x.started_at} to ${x.ended_at ?? "?"}${x.error ? ` (${x.error.code})` : ""}`
      : "none";
  t.push(
    {
      "running now": r.running
        ? `${holderLabel(r.running)}, pid ${r.running.pid}, since ${r.running.since}`
        : "no",
    },
    { "last run": run(r.last_run) },
    { "last success": run(r.last_success) },
    {
      "newest extract": r.newest_extract
        ? `${r.newest_extract.extract_id} (as of ${r.newest_extract.as_of})`
        : r.warehouse === "busy"
          ? "unknown (a run is writing the warehouse)"
          : "none loaded",
    },
    {
      published: r.published
        ? `${r.published.version}, as of ${r.published.as_of} (current to the end of that day, ${hours(r.data_age_hours)} ago)${r.published.pseudonym_key === "demo" ? " (DEMO pseudonym key)" : ""}`
        : "nothing published",
    },
    {
      "open gaps": r.open_gaps.length
        ? r.open_gaps
            .map(
              (g) =>
                `${
                  g.after === null
                    ? `nothing is loaded and ${g.waiting[0]} is a delta; a full extract is needed`
                    : g.kind === "overlap"
                      ? `${g.waiting[0]} is a delta since ${g.needed_since}, before the loaded ${g.after}: it overlaps and cannot load; a delta since ${g.after} or a full extract is needed`
                      : `missing: the extract(s) after ${g.after} up to ${g.needed_since} (${g.waiting[0]} is a delta since ${g.needed_since})`
                }; waiting: ${g.waiting.join(", ")}`,
            )
            .join("\n")
        : "none",
    },
    {
      // A held extract is still pending (tried again on the next run): said once, with its reason below.
      "pending extracts":
        r.pending_extracts
          .map((id) => (r.held_extracts.some((h) => h.extract_id === id) ? `${id} (held: see below)` : id))
          .join(", ") || "none",
    },
    {
      "held extracts": r.held_extracts.length
        ? r.held_extracts.map((h) => h.message ?? `${h.extract_id}: held (no reason recorded)`).join("\n")
        : "none",
    },
    { "being written": r.incomplete_extracts.join(", ") || "none" },
    {
      quarantine: r.quarantine
        ? // One reason per line, the five most frequent (every one: --json or `workforce quarantine`).
          `${r.quarantine.total} record(s)${
            r.quarantine.held.length
              ? ` (${r.quarantine.held
                  .map((h) => `${h.count} of extract ${h.extract_id}, held and not loaded`)
                  .join("; ")})`
              : ""
          }${
            r.quarantine.waiting || r.quarantine.replayed
              ? `; ${r.quarantine.waiting} waiting for a set-aside record they refer to, ${r.quarantine.replayed} loaded once it had`
              : ""
          }${
            r.quarantine.by_reason.length
              ? `:\n${r.quarantine.by_reason
                  .slice(0, 5)
                  .map((q) => `${q.reason_code} ${q.count}`)
                  .join("\n")}${
                  r.quarantine.by_reason.length > 5
                    ? `\n… ${r.quarantine.by_reason.length - 5} more reason(s): \`workforce quarantine\``
                    : ""
                }`
              : ""
          }`
        : "unknown",
    },
  );
  const verdict = !r.published
    ? pc.red(
        `${formatReason("nothing_published", { path: r.data_dir })}\nhint: ${hintFor("nothing_published")}`,
      )
    : r.is_stale
      ? pc.red(
          `${formatReason("data_stale", { as_of: r.published.as_of ?? "an unknown date", age: hours(r.data_age_hours), limit: `${r.max_age_hours} hours` })}\nhint: ${hintFor("data_stale")}`,
        )
      : r.last_run_failed && r.last_run
        ? pc.red(
            `${formatReason("last_run_failed", {
              run_id: r.last_run.run_id,
              status: r.last_run.status,
              step: r.last_run.failed_step ? ` at step ${r.last_run.failed_step}` : "",
              ended_at: r.last_run.ended_at ?? r.last_run.started_at,
              error: r.last_run.error ? ` (${r.last_run.error.code})` : "",
              as_of: r.published.as_of ?? "an unknown date",
              limit: `${r.max_age_hours} hours`,
              stale_at: r.stale_at ?? "an unknown time",
            })}\nhint: ${hintFor("last_run_failed")}`,
          )
        : pc.green(
            `fresh: the published data is current to the end of ${r.published?.as_of}, ${hours(r.data_age_hours)} ago (limit ${r.max_age_hours} hours)`,
          );
  return `${t.toString()}\n${verdict}\n`;
}

export async function statusCommand(opts: {
  dataDir: string;
  inbox?: string;
  json: boolean;
  maxAgeHours?: number;
}): Promise<number> {
  const r = await status(opts);
  process.stdout.write(opts.json ? `${JSON.stringify(r, null, 2)}\n` : renderStatus(r));
  return r.is_stale || r.last_run_failed ? EXIT.dataFailure : EXIT.ok;
}
