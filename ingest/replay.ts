/**
 * Records that wait: a record set aside only because a record it refers to was set aside
 * (`parent_set_aside`) is kept, typed, in `waiting.<source>` with where it came from, and loads by
 * itself once what it waits for has loaded. A delta carries a record only when it changed, so
 * without this the registry would have to send it again (or a full extract) after fixing its parent.
 *
 * - `keepWaiting`, for each file of a loaded extract: its `parent_set_aside` records wait, and any
 *   record of the file replaces an earlier waiting version of the same key (whatever became of it).
 * - `dropWaitingBeforeFull`: a full extract carries every current record, so nothing older waits.
 * - `replayWaiting`, after every file of the extract is applied (same transaction): in contract
 *   order (parents first, so a chain loads in one night), drops what waits for nothing any more (a
 *   later version of its key loaded, or its record deleted), then loads each waiting record whose
 *   every reference is now a current record (a reference the contract loads with when its record
 *   is set aside, a training's trainer, holds nothing back) and, for a designated QSM, that
 *   overlaps no other designated QSM of the room (current, or waiting and starting earlier), as a
 *   delta would: a new version valid from this extract's as-of date (into the bulk staging table
 *   when this extract is the first to load the source), its lineage a `meta.load_log` row of its
 *   own (status `replayed`, this extract, the file it was set aside from) and `meta.replays`
 *   naming the extract, file and record it came from.
 *   Its quarantine entry stays, as the history of that extract. A record whose reference names
 *   nothing (its record deleted or never sent) waits until a full extract ends the wait.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { ident, lit } from "../warehouse/db.ts";
import { applyFile } from "./apply.ts";
import { duckType } from "./checks.ts";
import { referenceChecks } from "./references.ts";
import type { SourceSpec } from "./sources/contract.ts";
import { SOURCE_BY_NAME, SOURCES } from "./sources/index.ts";
import { type Staged, scalar } from "./stage.ts";
import { earlierSetAsideSql } from "./validate.ts";

export const WAITING_COLUMNS = [
  ["_load_id", "INTEGER"],
  ["_record", "BIGINT"],
  ["_as_of", "DATE"],
] as const;

export function waitingTableDdl(source: SourceSpec): string {
  const cols = [
    ...source.columns.map((c) => `${ident(c.name)} ${duckType(c)}`),
    ...WAITING_COLUMNS.map(([n, t]) => `${n} ${t}`),
  ];
  return `CREATE TABLE IF NOT EXISTS waiting.${ident(source.name)} (${cols.join(", ")})`;
}

export const REPLAYS_DDL = `CREATE TABLE IF NOT EXISTS meta.replays (
  load_id INTEGER NOT NULL, "key" VARCHAR NOT NULL, set_aside_load_id INTEGER NOT NULL,
  set_aside_record BIGINT NOT NULL)`;

const waiting = (s: SourceSpec) => `waiting.${ident(s.name)}`;
const keyMatch = (s: SourceSpec, a: string, b: string) =>
  s.key.map((k) => `${a}.${ident(k)} = ${b}.${ident(k)}`).join(" AND ");
const keyText = (s: SourceSpec, a: string) =>
  s.key.length === 1
    ? `CAST(${a}.${ident(s.key[0]!)} AS VARCHAR)`
    : `concat_ws('|', ${s.key.map((k) => `${a}.${ident(k)}`).join(", ")})`;

/** Waiting records by source (sources with none left out), optionally only those from before `asOf`. */
export async function waitingCounts(con: DuckDBConnection, before?: string): Promise<Map<string, number>> {
  const where = before ? ` WHERE _as_of < DATE ${lit(before)}` : "";
  const counts = (
    await con.runAndReadAll(
      SOURCES.filter((s) => s.mode !== "deletions")
        .map((s) => `SELECT ${lit(s.name)} AS source, count(*) AS n FROM ${waiting(s)}${where}`)
        .join(" UNION ALL "),
    )
  ).getRows();
  return new Map(counts.filter(([, n]) => Number(n) > 0).map(([name, n]) => [String(name), Number(n)]));
}

/**
 * The file's `parent_set_aside` records wait (`setsAside`: it has some); any record of the file
 * replaces an earlier waiting one of the same key (`hasWaiting`: its source has waiting records).
 * Most nights neither, and nothing runs.
 */
export async function keepWaiting(
  con: DuckDBConnection,
  st: Staged,
  asOf: string,
  { hasWaiting, setsAside }: { hasWaiting: boolean; setsAside: boolean },
): Promise<void> {
  const s = st.source;
  if (s.mode === "deletions") return;
  const cols = s.columns.map((c) => ident(c.name));
  const statements: string[] = [];
  if (hasWaiting)
    statements.push(
      `DELETE FROM ${waiting(s)} w WHERE EXISTS (SELECT 1 FROM ${ident(st.view)} v WHERE ${keyMatch(s, "v", "w")})`,
    );
  if (setsAside)
    statements.push(
      `INSERT INTO ${waiting(s)} (${cols.join(", ")}, _load_id, _record, _as_of)
       SELECT ${cols.map((c) => `v.${c}`).join(", ")}, ${st.loadId}, v._rec, DATE ${lit(asOf)}
       FROM ${ident(st.view)} v WHERE starts_with(v._fail, 'parent_set_aside:')`,
    );
  if (statements.length > 0) await con.run(statements.join(";\n"));
}

/** A full extract carries every current record: nothing from before it waits any more. */
export async function dropWaitingBeforeFull(con: DuckDBConnection, asOf: string): Promise<void> {
  await con.run(
    SOURCES.filter((s) => s.mode !== "deletions")
      .map((s) => `DELETE FROM ${waiting(s)} WHERE _as_of < DATE ${lit(asOf)}`)
      .join(";\n"),
  );
}

export interface ReplayContext {
  extractId: string;
  asOf: string;
  /** Where a source's records are in this transaction (its bulk staging table, or null: raw). */
  tableOf: (source: string) => string | null;
  /** The first load id free for a replay's meta.load_log row. */
  nextLoadId: number;
}

export interface Replayed {
  file: string;
  load_id: number;
  records: number;
  inserted: number;
  /** The extracts that had set them aside. */
  from_extracts: string[];
}

function current(ctx: ReplayContext, source: string): string {
  return ctx.tableOf(source) ?? `raw.${ident(source)}`;
}

/** SQL over `w` (a waiting row): every reference it holds names a current record. */
function referencesResolve(s: SourceSpec, ctx: ReplayContext): string {
  const conds = referenceChecks(s).map((ref) => {
    const col = `w.${ident(ref.column)}`;
    const applies = ref.discriminator
      ? `w.${ident(ref.discriminator.column)} = ${lit(ref.discriminator.value)}`
      : ref.when
        ? `coalesce((${ref.when.replace(/\b(record_type|entity)\b/g, "w.$1")}), false)`
        : "true";
    // A reference the contract loads with when its record was set aside (a training's trainer)
    // holds nothing back: a record set aside earlier will do, as it does in a normal load.
    const setAside =
      ref.whenParentSetAside === "load"
        ? ` OR ${col} IN (${earlierSetAsideSql(ref.target, ref.targetColumn)})`
        : "";
    return `(${col} IS NULL OR NOT ${applies} OR ${col} IN (
      SELECT ${ident(ref.targetColumn)} FROM ${current(ctx, ref.target)} WHERE _valid_to IS NULL)${setAside})`;
  });
  return conds.length > 0 ? conds.join("\n AND ") : "true";
}

/** SQL over `w`: a designated QSM overlapping another current designated QSM of the room. */
function qsmOverlap(s: SourceSpec, ctx: ReplayContext): string {
  if (s.name !== "classroom_staffing") return "false";
  return `(w.assignment_role = 'DESIGNATED_QSM' AND EXISTS (
    SELECT 1 FROM ${current(ctx, "classroom_staffing")} r
    WHERE r._valid_to IS NULL AND r.assignment_role = 'DESIGNATED_QSM'
      AND r.classroom_id = w.classroom_id AND r.assignment_id <> w.assignment_id
      AND r.start_date <= coalesce(w.end_date, DATE '9999-12-31')
      AND w.start_date <= coalesce(r.end_date, DATE '9999-12-31')))`;
}

export async function replayWaiting(con: DuckDBConnection, ctx: ReplayContext): Promise<Replayed[]> {
  const out: Replayed[] = [];
  let loadId = ctx.nextLoadId;
  // Most nights nothing waits: one query instead of a few statements a source.
  const sources = SOURCES.filter((s) => s.mode !== "deletions");
  const waits = await waitingCounts(con, ctx.asOf);
  for (const s of sources) {
    if (!waits.has(s.name)) continue;
    const w = waiting(s);
    // A later version of the key loaded (or an event already there), or the record deleted since.
    const deletions = referenceChecks(SOURCE_BY_NAME.get("deletions")!)
      .filter((ref) => ref.target === s.name)
      .map(
        (ref) =>
          `DELETE FROM ${w} WHERE ${ident(ref.targetColumn)} IN (
             SELECT d.record_id FROM ${current(ctx, "deletions")} d
             WHERE (${(ref.when ?? "true").replace(/\b(record_type|entity|record_id)\b/g, "d.$1")})
               AND d._valid_from >= ${w}._as_of)`,
      );
    await con.run(
      [
        `DELETE FROM ${w} WHERE EXISTS (SELECT 1 FROM ${current(ctx, s.name)} r
           WHERE ${keyMatch(s, "r", w)} AND r._valid_from > ${w}._as_of)`,
        ...deletions,
      ].join(";\n"),
    );
    // A chain within the source (people.merged_into) resolves a link a pass.
    for (;;) {
      const ready = ident(`replay_${s.name}`);
      await con.run(
        `CREATE OR REPLACE TEMP TABLE ${ready} AS
         SELECT w.*, NULL::VARCHAR AS _fail, w._record AS _rec FROM ${w} w
         WHERE w._as_of < DATE ${lit(ctx.asOf)} AND ${referencesResolve(s, ctx)} AND NOT ${qsmOverlap(s, ctx)}
         ORDER BY w._load_id, w._record`,
      );
      if (s.name === "classroom_staffing") {
        // Two waiting designated QSMs of a room that overlap: the earlier (start date, then id)
        // loads, as in a normal load; the other is checked against it on the next pass.
        await con.run(
          `DELETE FROM ${ready} r WHERE r.assignment_role = 'DESIGNATED_QSM' AND EXISTS (
             SELECT 1 FROM ${ready} o
             WHERE o.assignment_role = 'DESIGNATED_QSM' AND o.classroom_id = r.classroom_id
               AND o.assignment_id <> r.assignment_id
               AND o.start_date <= coalesce(r.end_date, DATE '9999-12-31')
               AND r.start_date <= coalesce(o.end_date, DATE '9999-12-31')
               AND (o.start_date, o.assignment_id) < (r.start_date, r.assignment_id))`,
        );
      }
      const records = Number(await scalar<bigint>(con, `SELECT count(*) FROM ${ready}`));
      if (records === 0) {
        await con.run(`DROP TABLE ${ready}`);
        break;
      }
      const view = `replay_view_${s.name}`;
      await con.run(`CREATE OR REPLACE TEMP VIEW ${ident(view)} AS SELECT *, rowid AS _rid FROM ${ready}`);
      // The source's raw table was empty before this extract, which loads it in bulk: its staging
      // table becomes the raw table after the commit, so the records go there (none of its keys
      // is in it: a record of the file replaced its waiting version).
      const bulkTable = ctx.tableOf(s.name);
      const cols = s.columns.map((c) => ident(c.name));
      const applied = bulkTable
        ? {
            inserted: Number(
              (
                await con.run(
                  `INSERT INTO ${bulkTable} (${cols.join(", ")}, _load_id, _record, _valid_from)
                   SELECT ${cols.join(", ")}, ${loadId}, _rec, DATE ${lit(ctx.asOf)} FROM ${ready}`,
                )
              ).rowsChanged,
            ),
            unchanged: 0,
          }
        : await applyFile(
            con,
            { source: s, table: ready, view, loadId, bulk: false } as unknown as Staged,
            { extractId: ctx.extractId, asOf: ctx.asOf, kind: "delta" },
            records,
          );
      const from = (
        await con.runAndReadAll(
          `SELECT DISTINCT l.extract_id FROM ${ready} r JOIN meta.load_log l ON l.load_id = r._load_id ORDER BY 1`,
        )
      )
        .getRows()
        .map(([e]) => String(e));
      await con.run(
        `INSERT INTO meta.replays SELECT ${loadId}, ${keyText(s, "r")}, r._load_id, r._record FROM ${ready} r;
         INSERT INTO meta.load_log VALUES (${lit(ctx.extractId)}, ${lit(s.file)}, 'replayed', NULL,
           ${lit(
             `${records} record(s) of ${s.file} set aside by ${from.join(", ")} for a record they refer to loaded with this extract, once that record had loaded (meta.replays)`,
           )},
           NULL, ${records}, ${records}, 0, 0, ${applied.inserted}, ${applied.unchanged}, NULL, ${loadId});
         DELETE FROM ${w} WHERE EXISTS (SELECT 1 FROM ${ready} r WHERE ${keyMatch(s, "r", w)});
         DROP VIEW ${ident(view)}; DROP TABLE ${ready}`,
      );
      out.push({ file: s.file, load_id: loadId, records, inserted: applied.inserted, from_extracts: from });
      loadId++;
    }
  }
  return out;
}
