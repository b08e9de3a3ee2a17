/**
 * Checks across rows and files, run as set-based SQL on the staged tables, in this order (a record
 * keeps the first reason found; rows already failing are not looked at again):
 * 1. duplicate keys in the file: identical copies keep the first and count the rest as deduplicated
 *    (`duplicate_identical`); conflicting copies are all quarantined (`duplicate_key_conflict`);
 *    an event already loaded by an earlier extract with different values is a conflict too;
 * 2. orphan references (`orphan_reference`), resolved against the valid rows of this extract and
 *    the current records of the warehouse (a quarantined parent orphans its children only when its
 *    key exists nowhere else);
 * 3. a second DESIGNATED_QSM in the same classroom on the same day (`qsm_overlap`, named on the
 *    column assignment_role): the one that starts later (ties: the higher assignment_id) is quarantined; an incoming assignment that
 *    overlaps one already loaded (and not replaced by this extract) is quarantined.
 * Files are processed in contract order, so parents are final before their children are checked.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { ident, lit } from "../warehouse/db.ts";
import { referenceChecks } from "./references.ts";
import type { SourceSpec } from "./sources/contract.ts";
import type { Staged } from "./stage.ts";
import { scalar } from "./stage.ts";

export const DEDUP = "duplicate_identical";

const keyCols = (s: SourceSpec) => s.key.map(ident);
const keyMatch = (s: SourceSpec, a: string, b: string) =>
  s.key.map((k) => `${a}.${ident(k)} = ${b}.${ident(k)}`).join(" AND ");
const anyDifferent = (s: SourceSpec, a: string, b: string) =>
  s.columns.map((c) => `${a}.${ident(c.name)} IS DISTINCT FROM ${b}.${ident(c.name)}`).join(" OR ");

/** Tables holding the extra facts messages need (kept record of a duplicate, the other QSM...). */
export const dupInfoTable = (s: SourceSpec) => `dupinfo_${s.name}`;
export const qsmInfoTable = (s: SourceSpec) => `qsminfo_${s.name}`;

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
              false AS loaded_before
       FROM r WINDOW w AS (PARTITION BY ${k})`,
    );
    await con.run(
      `UPDATE ${t} SET _fail = CASE WHEN i.d > 1 THEN 'duplicate_key_conflict:'
                                   ELSE '${DEDUP}:' END
       FROM ${info} i WHERE ${t}.rowid = i._rid AND (i.d > 1 OR i._rid <> i.first_rid)`,
    );
  } else {
    await con.run(
      `CREATE TEMP TABLE ${info} (_rid BIGINT, n BIGINT, d BIGINT, first_rid BIGINT, loaded_before BOOLEAN)`,
    );
  }
  await con.run(`DROP TABLE ${ident(dupKeys)}`);
  if (s.mode === "event") await checkEventsAlreadyLoaded(con, st);
}

/** An event whose key was loaded before with different values conflicts with history. */
async function checkEventsAlreadyLoaded(con: DuckDBConnection, st: Staged): Promise<void> {
  const s = st.source;
  const raw = `raw.${ident(s.name)}`;
  const any = Number(await scalar<bigint>(con, `SELECT count(*) FROM (SELECT 1 FROM ${raw} LIMIT 1)`));
  if (any === 0) return;
  const t = st.table;
  const conflicts = `evconf_${s.name}`;
  await con.run(
    `CREATE OR REPLACE TEMP TABLE ${ident(conflicts)} AS
     SELECT s.rowid AS _rid FROM ${t} s JOIN ${raw} r ON ${keyMatch(s, "s", "r")}
     WHERE s._fail IS NULL GROUP BY s.rowid HAVING NOT bool_or(NOT (${anyDifferent(s, "s", "r")}))`,
  );
  await con.run(
    `INSERT INTO ${ident(dupInfoTable(s))} SELECT _rid, 2, 2, _rid, true FROM ${ident(conflicts)};
     UPDATE ${t} SET _fail = 'duplicate_key_conflict:'
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
    await con.run(
      `UPDATE ${t} SET _fail = ${lit(`orphan_reference:${ref.column}`)}
       WHERE _fail IS NULL AND ${col} IS NOT NULL${when}
         AND ${col} NOT IN (${parentKeysSql(ref.target, ref.targetColumn, staged)})`,
    );
  }
  // References whose target depends on another column (record_type, entity): one anti-join.
  const tagged = checks.filter((r) => r.discriminator);
  if (tagged.length === 0) return;
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
}
