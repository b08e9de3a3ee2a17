/**
 * Checks across rows and files, run as set-based SQL on the staged tables, in this order (a record
 * keeps the first reason found; rows already failing are not looked at again):
 * 1. duplicate keys in the file: identical copies keep the first and count the rest as deduplicated
 *    (`duplicate_identical`); conflicting copies are all quarantined (`duplicate_key_conflict`);
 *    an event already loaded by an earlier extract with different values is `event_changed`;
 * 2. references (`orphan_reference`), resolved against the valid rows of this extract and the
 *    current records of the warehouse; a reference to a record of this extract that was set aside
 *    (and exists nowhere else) is `parent_set_aside`, naming that record and its reason, except for
 *    references marked `whenParentSetAside: "load"` (a training's trainer, a deletion), which load;
 *    a reference within the file (people.merged_into) is checked until no more records are set aside;
 * 3. a second DESIGNATED_QSM in the same classroom on the same day (`qsm_overlap`, named on the
 *    column assignment_role): the one that starts later (ties: the higher assignment_id) is quarantined; an incoming assignment that
 *    overlaps one already loaded (and not replaced by this extract) is quarantined.
 * Files are processed in contract order, so parents are final before their children are checked.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { ident, lit } from "../warehouse/db.ts";
import { rejectCode, rejectedFields } from "./raw-records.ts";
import { type RefCheck, referenceChecks } from "./references.ts";
import type { SourceSpec } from "./sources/contract.ts";
import { SOURCE_BY_NAME } from "./sources/index.ts";
import type { Staged } from "./stage.ts";
import { rows, scalar } from "./stage.ts";

export const DEDUP = "duplicate_identical";

const keyCols = (s: SourceSpec) => s.key.map(ident);
const keyMatch = (s: SourceSpec, a: string, b: string) =>
  s.key.map((k) => `${a}.${ident(k)} = ${b}.${ident(k)}`).join(" AND ");
const anyDifferent = (s: SourceSpec, a: string, b: string) =>
  s.columns.map((c) => `${a}.${ident(c.name)} IS DISTINCT FROM ${b}.${ident(c.name)}`).join(" OR ");

/** Tables holding the extra facts messages need (kept record of a duplicate, the other QSM...). */
export const dupInfoTable = (s: SourceSpec) => `dupinfo_${s.name}`;
export const qsmInfoTable = (s: SourceSpec) => `qsminfo_${s.name}`;
/** Keys of the records of a staged file that were set aside: k, rec (the first), reason, col. */
export const setAsideTable = (s: SourceSpec) => `setaside_${s.name}`;

export async function checkDuplicates(con: DuckDBConnection, st: Staged): Promise<void> {
  const s = st.source;
  const t = st.table;
  const info = ident(dupInfoTable(s));
  const k = keyCols(s).join(", ");
  await con.run(`DROP TABLE IF EXISTS ${info}`);
  const dupKeys = `dupk_${s.name}`;
  await con.run(
    `CREATE OR REPLACE TEMP TABLE ${ident(dupKeys)} AS
     SELECT ${k} FROM ${t} WHERE _fail IS NULL GROUP BY ${k} HAVING count(*) > 1`,
  );
  const n = Number(await scalar<bigint>(con, `SELECT count(*) FROM ${ident(dupKeys)}`));
  if (n > 0) {
    const allCols = s.columns.map((c) => ident(c.name)).join(", ");
    await con.run(
      `CREATE TEMP TABLE ${info} AS
       WITH r AS (
         SELECT s.rowid AS _rid, ${s.key.map((c) => `s.${ident(c)}`).join(", ")}, hash(${allCols}) AS h
         FROM ${t} s SEMI JOIN ${ident(dupKeys)} d ON ${keyMatch(s, "s", "d")}
         WHERE s._fail IS NULL
       )
       SELECT _rid, count(*) OVER w AS n, count(DISTINCT h) OVER w AS d, min(_rid) OVER w AS first_rid,
              NULL::VARCHAR AS loaded_from, NULL::VARCHAR AS was
       FROM r WINDOW w AS (PARTITION BY ${k})`,
    );
    await con.run(
      `UPDATE ${t} SET _fail = CASE WHEN i.d > 1 THEN 'duplicate_key_conflict:'
                                   ELSE '${DEDUP}:' END
       FROM ${info} i WHERE ${t}.rowid = i._rid AND (i.d > 1 OR i._rid <> i.first_rid)`,
    );
  } else {
    await con.run(
      `CREATE TEMP TABLE ${info} (_rid BIGINT, n BIGINT, d BIGINT, first_rid BIGINT,
                                 loaded_from VARCHAR, was VARCHAR)`,
    );
  }
  await con.run(`DROP TABLE ${ident(dupKeys)}`);
  if (s.mode === "event") await checkEventsAlreadyLoaded(con, st);
}

/**
 * An event whose key was loaded before with different values (`event_changed`, on the first column
 * that differs): events do not change, so the loaded one stays and this copy is set aside, its
 * message naming the extract it was loaded from and the value it had.
 */
async function checkEventsAlreadyLoaded(con: DuckDBConnection, st: Staged): Promise<void> {
  const s = st.source;
  const raw = `raw.${ident(s.name)}`;
  const any = Number(await scalar<bigint>(con, `SELECT count(*) FROM (SELECT 1 FROM ${raw} LIMIT 1)`));
  if (any === 0) return;
  const t = st.table;
  const conflicts = `evconf_${s.name}`;
  const differs = (c: string) => `s.${ident(c)} IS DISTINCT FROM r.${ident(c)}`;
  const firstDiff = (what: (c: string) => string) =>
    `CASE ${s.columns.map((c) => `WHEN ${differs(c.name)} THEN ${what(c.name)}`).join(" ")} END`;
  await con.run(
    `CREATE OR REPLACE TEMP TABLE ${ident(conflicts)} AS
     SELECT s.rowid AS _rid, any_value(l.extract_id) AS loaded_from,
            any_value(${firstDiff((c) => lit(c))}) AS col,
            any_value(${firstDiff((c) => `coalesce(CAST(r.${ident(c)} AS VARCHAR), '(empty)')`)}) AS was
     FROM ${t} s JOIN ${raw} r ON ${keyMatch(s, "s", "r")}
     LEFT JOIN meta.load_log l ON l.load_id = r._load_id
     WHERE s._fail IS NULL GROUP BY s.rowid HAVING NOT bool_or(NOT (${anyDifferent(s, "s", "r")}))`,
  );
  await con.run(
    `INSERT INTO ${ident(dupInfoTable(s))} SELECT _rid, 2, 2, _rid, loaded_from, was FROM ${ident(conflicts)};
     UPDATE ${t} SET _fail = 'event_changed:' || c.col
     FROM ${ident(conflicts)} c WHERE ${t}.rowid = c._rid;
     DROP TABLE ${ident(conflicts)}`,
  );
}

/** SQL of the keys a reference may point to: valid rows of this extract and current warehouse records. */
function parentKeysSql(target: string, column: string, staged: ReadonlyMap<string, Staged>): string {
  const parts = [`SELECT ${ident(column)} AS k FROM raw.${ident(target)} WHERE _valid_to IS NULL`];
  const parent = staged.get(target);
  if (parent) parts.push(`SELECT ${ident(column)} FROM ${parent.table} WHERE _fail IS NULL`);
  return parts.join(" UNION ALL ");
}

/**
 * Whether a staged file has set-aside records, building their key table on first use. Only files
 * whose checks are over are asked (contract order puts parents first); a file's own checks forget
 * the answer, since they may set more records aside.
 */
const setAsideBuilt = new WeakMap<Staged, boolean>();

async function hasSetAside(con: DuckDBConnection, parent: Staged): Promise<boolean> {
  const known = setAsideBuilt.get(parent);
  if (known !== undefined) return known;
  const s = parent.source;
  const table = ident(setAsideTable(s));
  const key = s.key.length === 1 ? ident(s.key[0]!) : null;
  await con.run(`CREATE OR REPLACE TEMP TABLE ${table} (k VARCHAR, rec BIGINT, reason VARCHAR, col VARCHAR)`);
  if (key) {
    await con.run(
      `INSERT INTO ${table}
       SELECT CAST(${key} AS VARCHAR), _rec, split_part(_fail, ':', 1), nullif(split_part(_fail, ':', 2), '')
       FROM ${ident(parent.view)}
       WHERE _fail IS NOT NULL AND NOT starts_with(_fail, '${DEDUP}:') AND ${key} IS NOT NULL`,
    );
    // Records the CSV reader rejected are not in the staging table: their key is read from the line.
    const at = parent.layout.fileColumns.indexOf(s.key[0]!);
    const fields = at === -1 ? new Map() : rejectedFields(parent.check.path, parent.rejects);
    const values = parent.rejects.flatMap((rj) => {
      const k = fields.get(rj.record)?.fields[at];
      if (!k) return [];
      const col = rejectCode(rj.errorType) === "invalid_encoding" ? rj.column : null;
      return [
        `(${lit(k)}, ${rj.record}, ${lit(rejectCode(rj.errorType))}, ${col === null ? "NULL" : lit(col)})`,
      ];
    });
    for (let i = 0; i < values.length; i += 1000) {
      await con.run(`INSERT INTO ${table} VALUES ${values.slice(i, i + 1000).join(", ")}`);
    }
  }
  const any = Number(await scalar<bigint>(con, `SELECT count(*) FROM (SELECT 1 FROM ${table} LIMIT 1)`)) > 0;
  setAsideBuilt.set(parent, any);
  return any;
}

/**
 * SQL of the keys of `target` records set aside in extracts loaded before and never loaded since:
 * a record referring to one of them waits for it as it would in the same extract.
 */
export function earlierSetAsideSql(target: string, targetColumn: string): string {
  const file = SOURCE_BY_NAME.get(target)!.file;
  return `SELECT q."key" AS k FROM meta.quarantine q
          WHERE q.file = ${lit(file)} AND q."key" IS NOT NULL
            AND q.extract_id IN (SELECT extract_id FROM meta.extracts WHERE status = 'loaded')
            AND q."key" NOT IN (SELECT ${ident(targetColumn)} FROM raw.${ident(target)})`;
}

/**
 * Records failing a reference only because the referenced record was set aside, in this extract
 * or an earlier one: `parent_set_aside` (named on the same column), or loaded when the contract
 * says so.
 */
async function relabelSetAsideParents(
  con: DuckDBConnection,
  st: Staged,
  ref: RefCheck,
  staged: ReadonlyMap<string, Staged>,
): Promise<void> {
  const t = st.table;
  const orphan = lit(`orphan_reference:${ref.column}`);
  const when = ref.when ? ` AND (${ref.when})` : "";
  const orphans = Number(
    await scalar<bigint>(
      con,
      `SELECT count(*) FROM (SELECT 1 FROM ${t} WHERE _fail = ${orphan}${when} LIMIT 1)`,
    ),
  );
  if (orphans === 0) return;
  const parent = staged.get(ref.target);
  const sets = [earlierSetAsideSql(ref.target, ref.targetColumn)];
  if (parent && (await hasSetAside(con, parent)))
    sets.push(`SELECT k FROM ${ident(setAsideTable(parent.source))}`);
  const to = ref.whenParentSetAside === "load" ? "NULL" : lit(`parent_set_aside:${ref.column}`);
  await con.run(
    `UPDATE ${t} SET _fail = ${to}
     WHERE _fail = ${orphan}${when}
       AND CAST(${ident(ref.column)} AS VARCHAR) IN (${sets.join(" UNION ALL ")})`,
  );
}

export async function checkOrphans(
  con: DuckDBConnection,
  st: Staged,
  staged: ReadonlyMap<string, Staged>,
): Promise<void> {
  const t = st.table;
  const checks = referenceChecks(st.source);
  for (const ref of checks.filter((r) => !r.discriminator)) {
    const col = ident(ref.column);
    const when = ref.when ? ` AND (${ref.when})` : "";
    // A reference within the file (people.merged_into) is checked again while it sets records
    // aside: a record referring to one set aside by the last pass is set aside in the next.
    const self = ref.target === st.source.name;
    for (;;) {
      const r = await con.run(
        `UPDATE ${t} SET _fail = ${lit(`orphan_reference:${ref.column}`)}
         WHERE _fail IS NULL AND ${col} IS NOT NULL${when}
           AND ${col} NOT IN (${parentKeysSql(ref.target, ref.targetColumn, staged)})`,
      );
      if (self) setAsideBuilt.delete(st);
      await relabelSetAsideParents(con, st, ref, staged);
      if (!self || Number(r.rowsChanged) === 0) break;
    }
  }
  // References whose target depends on another column (record_type, entity): one anti-join.
  const tagged = checks.filter((r) => r.discriminator);
  if (tagged.length > 0) {
    const column = tagged[0]!.column;
    const by = tagged[0]!.discriminator!.column;
    const parents = tagged
      .map(
        (r) =>
          `SELECT ${lit(r.discriminator!.value)} AS tag, k FROM (${parentKeysSql(r.target, r.targetColumn, staged)})`,
      )
      .join(" UNION ALL ");
    await con.run(
      `UPDATE ${t} SET _fail = ${lit(`orphan_reference:${column}`)}
       WHERE rowid IN (
         SELECT s.rowid FROM ${t} s ANTI JOIN (${parents}) p ON p.tag = s.${ident(by)} AND p.k = s.${ident(column)}
         WHERE s._fail IS NULL AND s.${ident(column)} IS NOT NULL)`,
    );
    for (const ref of tagged) await relabelSetAsideParents(con, st, ref, staged);
  }
  setAsideBuilt.delete(st);
}

/** The set-aside record a `parent_set_aside` record refers to. */
export interface SetAsideParent {
  file: string;
  record: number;
  reason: string;
  column: string | null;
  /** The extract it was set aside in, when not this one. */
  extract: string | null;
}

/**
 * What the message of a `parent_set_aside` record names: the referenced record's file, record
 * number and reason (this extract's first, else the latest earlier one), by referenced key.
 */
export async function setAsideParents(
  con: DuckDBConnection,
  target: string,
  parent: Staged | undefined,
  keys: readonly string[],
): Promise<Map<string, SetAsideParent>> {
  const out = new Map<string, SetAsideParent>();
  if (keys.length === 0) return out;
  const wanted = [...new Set(keys)].map(lit).join(", ");
  const file = SOURCE_BY_NAME.get(target)!.file;
  // Built again if a file's own checks forgot it (people.merged_into refers to people): every check
  // is over by now, so it holds every record set aside when the references were checked.
  const here =
    parent && (await hasSetAside(con, parent))
      ? `SELECT k, rec, reason, col, NULL AS extract, 0 AS o FROM ${ident(setAsideTable(parent.source))}`
      : null;
  const earlier = `SELECT q."key", q.record, q.reason_code, q."column", q.extract_id,
                          1 + row_number() OVER (PARTITION BY q."key" ORDER BY e.as_of DESC, q.extract_id DESC)
                   FROM meta.quarantine q JOIN meta.extracts e USING (extract_id)
                   WHERE q.file = ${lit(file)} AND e.status = 'loaded' AND q."key" IN (${wanted})`;
  const found = await rows(
    con,
    `SELECT k, arg_min(rec, (o, rec)) AS rec, arg_min(reason, (o, rec)) AS reason,
            arg_min(col, (o, rec)) AS col, arg_min(extract, (o, rec)) AS extract
     FROM (${here ? `${here} UNION ALL ` : ""}${earlier}) AS a (k, rec, reason, col, extract, o)
     WHERE k IN (${wanted}) GROUP BY k`,
  );
  for (const f of found) {
    out.set(String(f.k), {
      file,
      record: Number(f.rec),
      reason: String(f.reason),
      column: (f.col as string | null) ?? null,
      extract: (f.extract as string | null) ?? null,
    });
  }
  return out;
}

export async function checkQsmOverlap(
  con: DuckDBConnection,
  st: Staged,
  kind: "full" | "delta",
): Promise<void> {
  if (st.source.name !== "classroom_staffing") return;
  const t = st.table;
  const info = ident(qsmInfoTable(st.source));
  const loaded =
    kind === "delta"
      ? `UNION ALL
         SELECT NULL, r.assignment_id, r.classroom_id, r.start_date, coalesce(r.end_date, DATE '9999-12-31'), true
         FROM raw.classroom_staffing r
         WHERE r._valid_to IS NULL AND r.assignment_role = 'DESIGNATED_QSM'
           AND r.assignment_id NOT IN (SELECT assignment_id FROM ${t} WHERE assignment_id IS NOT NULL)`
      : "";
  await con.run(
    `CREATE OR REPLACE TEMP TABLE ${info} AS
     WITH q AS (
       SELECT rowid AS _rid, assignment_id, classroom_id, start_date,
              coalesce(end_date, DATE '9999-12-31') AS end_day, false AS loaded
       FROM ${t} WHERE _fail IS NULL AND assignment_role = 'DESIGNATED_QSM'
       ${loaded}
     )
     SELECT b._rid, arg_min(a.assignment_id, (a.start_date, a.assignment_id)) AS other,
            min(a.start_date) AS other_start
     FROM q a JOIN q b
       ON a.classroom_id = b.classroom_id AND a.assignment_id <> b.assignment_id
      AND a.start_date <= b.end_day AND b.start_date <= a.end_day
      AND (a.loaded OR a.start_date < b.start_date
           OR (a.start_date = b.start_date AND a.assignment_id < b.assignment_id))
     WHERE b._rid IS NOT NULL
     GROUP BY b._rid`,
  );
  await con.run(
    `UPDATE ${t} SET _fail = 'qsm_overlap:assignment_role' FROM ${info} i WHERE ${t}.rowid = i._rid`,
  );
  setAsideBuilt.delete(st);
}
