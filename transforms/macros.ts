/**
 * SQL macros shared by the models: the publishing rules of metrics.md ("Publishing rules") written
 * once, as DuckDB scalar macros, instead of once per reporting table. The build defines them in the
 * build file before any model runs (`defineMacros`), so every connection sees them; a model using a
 * macro has the macro's SQL in its definition (`macrosUsedBy`), so changing a macro rebuilds exactly
 * the models calling it. The parameters (k, the share multiple, the wage rule's program count and
 * share) come from staging.stg_publishing_rules, passed by each caller: the macros hold the rules'
 * form, the reference table their values. The data dictionary lists them (`workforce docs`).
 *
 * Each macro is a condition that is true when a figure must be withheld, so that a caller writes
 * `when too_few_share(...) then 'too_few'`; its value follows SQL's three-valued logic (null when an
 * input is null), as the conditions written out in each model did.
 */
import type { DuckDBConnection } from "@duckdb/node-api";

export interface Macro {
  name: string;
  args: readonly string[];
  /** The macro's expression. */
  sql: string;
  description: string;
}

export const MACROS: readonly Macro[] = [
  {
    name: "too_few_count",
    args: ["n", "k"],
    sql: "n between 1 and k - 1",
    description:
      'A count too small to publish (metrics.md, "Publishing rules", counts): from 1 to k - 1 people (or programs). Zero is shown.',
  },
  {
    name: "too_few_share",
    args: ["numerator", "denominator", "k", "multiple"],
    sql: "denominator < multiple * k or too_few_count(numerator, k) or too_few_count(denominator - numerator, k)",
    description:
      "A share too weak to publish (metrics.md, \"Publishing rules\", shares): its denominator is under multiple × k (2k by default), or its numerator or complement (denominator − numerator) is a count from 1 to k - 1. A zero denominator is 'no data' for the caller to test first.",
  },
  {
    name: "too_few_wage",
    args: ["people", "programs", "largest_program_people", "k", "min_programs", "max_program_share"],
    sql: "people < k or programs < min_programs or largest_program_people > max_program_share * people",
    description:
      'A wage statistic resting on too few people or programs (metrics.md, "Publishing rules", wage statistics): fewer than k people, people at fewer than min_programs programs (3 by default), or one program employing more than max_program_share of them (80% by default).',
  },
];

const USE = new Map(MACROS.map((m) => [m.name, new RegExp(`\\b${m.name}\\s*\\(`, "i")]));

/** The macros `sql` calls, directly or through another macro, in `MACROS` order. */
export function macrosUsedBy(sql: string): Macro[] {
  const used = new Set<string>();
  const visit = (text: string) => {
    for (const m of MACROS) {
      if (!used.has(m.name) && USE.get(m.name)!.test(text)) {
        used.add(m.name);
        visit(m.sql);
      }
    }
  };
  visit(sql);
  return MACROS.filter((m) => used.has(m.name));
}

/**
 * The statement defining `m` in the connection's default database, or in `database` (its main
 * schema): the published analyst copy gets them too, for analysts' own queries.
 */
export function macroStatement(m: Macro, database?: string): string {
  const name = database === undefined ? m.name : `${database}.main.${m.name}`;
  return `create or replace macro ${name}(${m.args.join(", ")}) as (${m.sql})`;
}

/** Define every macro (in order: a macro may call one listed before it). */
export async function defineMacros(con: DuckDBConnection, database?: string): Promise<void> {
  await con.run(MACROS.map((m) => macroStatement(m, database)).join(";\n"));
}
