/**
 * Property tests of the publishing rules (metrics.md): the SQL of the disclosure-control model
 * (reporting.rpt_suppressed_cells_by_table) and of the goal-share table run on random count grids
 * with their true totals, for several k. Whatever the counts: no published count is from 1 to
 * k - 1, a published count is the true count, no summable group (a row or column with its total)
 * has exactly one suppressed cell, and no share is published on a small numerator, denominator or
 * complement.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineMacros } from "../../transforms/macros.ts";
import { MODELS_DIR } from "../../transforms/project.ts";
import { pinnedWithheld } from "./disclosure.ts";

/** A share published rounded to 4 decimals is within half a unit of the 4th decimal (ties included). */
function expectRounded4(published: number, exact: number): void {
  expect(Math.abs(published - exact)).toBeLessThanOrEqual(0.00005 + 1e-12);
  expect(Math.round(published * 1e4)).toBeCloseTo(published * 1e4, 6);
}

const SUPPRESSION_SQL = readFileSync(
  join(MODELS_DIR, "reporting", "rpt_suppressed_cells_by_table.sql"),
  "utf8",
);
const GOAL_SHARE_SQL = readFileSync(join(MODELS_DIR, "reporting", "rpt_goal_share_by_region.sql"), "utf8");
const WAGES_SQL = readFileSync(join(MODELS_DIR, "reporting", "rpt_wages_by_role_setting.sql"), "utf8");
const WAGE_STATISTICS_SQL = readFileSync(join(MODELS_DIR, "marts", "fct_wage_statistics.sql"), "utf8");
const WAGE_CELLS_SQL = readFileSync(join(MODELS_DIR, "marts", "fct_wage_earner_cells.sql"), "utf8");
const NAEYC_SQL = readFileSync(
  join(MODELS_DIR, "reporting", "rpt_naeyc_readiness_by_setting_region.sql"),
  "utf8",
);
const TURNOVER_SQL = readFileSync(
  join(MODELS_DIR, "reporting", "rpt_turnover_by_fiscal_year_setting.sql"),
  "utf8",
);

interface Grid {
  table: string;
  partition: string;
  rows: string[];
  columns: string[];
  /** counts[r][c] of the interior cells; totals are computed. */
  counts: number[][];
}

interface Cell {
  table_name: string;
  partition_key: string;
  row_key: string;
  column_key: string;
  cell_count: number;
  row_group_key: string | null;
  column_group_key: string | null;
  /** The rest of a population published elsewhere that the cell is part of (fct_publication_cells). */
  complement_count?: number;
  /** Order in which a group's cells are chosen as its complement, before their size (default 0). */
  complement_rank?: number;
}

/** A year's application outcomes: a row group with no total cell (fct_publication_cells). */
const OUTCOME_TABLES = ["rpt_scholarships_by_fiscal_year", "rpt_applications_by_fiscal_year_type"];

/** The cell's place in its row group's and column group's sums: the 'ALL' cell is the total. */
function sumRoles(c: Cell): [string | null, string | null] {
  const row =
    c.row_group_key === null || OUTCOME_TABLES.includes(c.table_name) ? null : c.column_key === "ALL";
  const column = c.column_group_key === null ? null : c.row_key === "ALL";
  return [row, column].map((total) => (total === null ? null : total ? "TOTAL" : "PART")) as [
    string | null,
    string | null,
  ];
}

/** Withheld counts a reader can pin down in reporting.rpt_suppressed_cells_by_table (disclosure.ts). */
const pinnedNow = (k: number) => pinnedWithheld(rows, k);

/** The cells of a grid with its row, column and grand totals ('ALL'). */
function cellsOf(g: Grid): Cell[] {
  const cells: Cell[] = [];
  const rowKeys = [...g.rows, "ALL"];
  const columnKeys = [...g.columns, "ALL"];
  const value = (r: number, c: number): number => {
    const rs = r < g.rows.length ? [r] : g.rows.map((_, i) => i);
    const cs = c < g.columns.length ? [c] : g.columns.map((_, i) => i);
    return rs.reduce((s, i) => s + cs.reduce((t, j) => t + g.counts[i]![j]!, 0), 0);
  };
  for (const [r, row] of rowKeys.entries()) {
    for (const [c, column] of columnKeys.entries()) {
      cells.push({
        table_name: g.table,
        partition_key: g.partition,
        row_key: row,
        column_key: column,
        cell_count: value(r, c),
        row_group_key: row,
        column_group_key: column,
      });
    }
  }
  return cells;
}

/** Counts skewed to small values, where suppression happens. */
const countArb = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 12 }) },
  { weight: 3, arbitrary: fc.integer({ min: 13, max: 80 }) },
);

const gridArb = (table: string, rowNames: string[], columnNames: string[]) =>
  fc
    .record({
      rows: fc.integer({ min: 1, max: rowNames.length }),
      columns: fc.integer({ min: 1, max: columnNames.length }),
      seed: fc.array(fc.array(countArb, { minLength: columnNames.length, maxLength: columnNames.length }), {
        minLength: rowNames.length,
        maxLength: rowNames.length,
      }),
    })
    .map(
      ({ rows, columns, seed }): Omit<Grid, "partition"> => ({
        table,
        rows: rowNames.slice(0, rows),
        columns: columnNames.slice(0, columns),
        counts: seed.slice(0, rows).map((r) => r.slice(0, columns)),
      }),
    );

let instance: DuckDBInstance;
let con: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:");
  con = await instance.connect();
  await con.run("create schema marts; create schema staging; create schema reporting; create schema seeds");
  // The publishing rules' macros, as every build defines them.
  await defineMacros(con);
  await con.run(
    `create table seeds.qualification_benchmarks (benchmark_id varchar, benchmark_series_code varchar,
       effective_from_date date, effective_to_date date, deadline_date date, target_share_pct double)`,
  );
});

afterAll(() => {
  con?.closeSync();
  instance?.closeSync();
});

async function load(k: number, cells: Cell[]): Promise<void> {
  await con.run(
    `create or replace table staging.stg_publishing_rules as
     select 'DEFAULT' as rule_set_code, ${k} as min_cell_count, 2 as min_share_denominator_multiple,
            3 as min_wage_program_count, 0.8 as max_wage_program_share_pct, 'test' as source`,
  );
  await con.run(
    `create or replace table marts.fct_publication_cells (table_name varchar, partition_key varchar, row_key varchar,
       column_key varchar, cell_count bigint, is_total boolean, row_group_key varchar, column_group_key varchar,
       complement_count bigint, complement_rank integer, row_sum_role varchar, column_sum_role varchar)`,
  );
  const appender = await con.createAppender("fct_publication_cells", "marts");
  for (const c of cells) {
    appender.appendVarchar(c.table_name);
    appender.appendVarchar(c.partition_key);
    appender.appendVarchar(c.row_key);
    appender.appendVarchar(c.column_key);
    appender.appendBigInt(BigInt(c.cell_count));
    appender.appendBoolean(c.row_key === "ALL" || c.column_key === "ALL");
    for (const key of [c.row_group_key, c.column_group_key]) {
      if (key === null) appender.appendNull();
      else appender.appendVarchar(key);
    }
    if (c.complement_count === undefined) appender.appendNull();
    else appender.appendBigInt(BigInt(c.complement_count));
    appender.appendInteger(c.complement_rank ?? 0);
    for (const role of sumRoles(c)) {
      if (role === null) appender.appendNull();
      else appender.appendVarchar(role);
    }
    appender.endRow();
  }
  appender.closeSync();
  await con.run(`create or replace table reporting.rpt_suppressed_cells_by_table as ${SUPPRESSION_SQL}`);
}

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await con.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

const K = fc.constantFrom(3, 5, 10);

describe("complementary suppression", () => {
  it("never publishes 1 to k - 1, publishes true counts, and leaves no group with one suppressed cell", async () => {
    const names = ["A", "B", "C", "D", "E"];
    await fc.assert(
      fc.asyncProperty(
        K,
        fc.array(gridArb("t", names, names), { minLength: 1, maxLength: 4 }),
        // The rest of a population published elsewhere, for some cells (people without a wage).
        fc.array(fc.option(countArb, { freq: 3 }), { minLength: 36, maxLength: 36 }),
        async (k, grids, rests) => {
          const cells = grids
            .flatMap((g, i) => cellsOf({ ...g, partition: `p${i}` }))
            .map((c, i) => ({ ...c, complement_count: rests[i % rests.length] ?? undefined }));
          await load(k, cells);
          const out = await rows(
            `select o.*, i.cell_count as true_count, i.complement_count
           from reporting.rpt_suppressed_cells_by_table o
           join marts.fct_publication_cells i using (table_name, partition_key, row_key, column_key)`,
          );
          expect(out.length).toBe(cells.length);
          for (const c of out) {
            const truth = Number(c.true_count);
            if (c.cell_count !== null) {
              expect(Number(c.cell_count)).toBe(truth);
              expect(truth === 0 || truth >= k).toBe(true);
              // nor a count whose rest, published elsewhere as a total, is 1 to k - 1
              const rest = c.complement_count === null ? null : Number(c.complement_count);
              expect(truth === 0 || rest === null || rest === 0 || rest >= k).toBe(true);
              expect(c.suppression_reason_code).toBeNull();
            } else if (truth >= 1 && truth < k) {
              expect(c.suppression_reason_code).toBe("too_few");
            } else {
              expect(c.suppression_reason_code).toBe("complementary");
            }
          }
          const lone = await rows(
            `select table_name, partition_key, 'row' as kind, row_group_key as grp
           from reporting.rpt_suppressed_cells_by_table group by all having count(*) filter (where is_suppressed) = 1
           union all
           select table_name, partition_key, 'column', column_group_key
           from reporting.rpt_suppressed_cells_by_table group by all having count(*) filter (where is_suppressed) = 1`,
          );
          expect(lone).toEqual([]);
          // nor can a reader combining the groups' sums pin a withheld count that must stay hidden,
          // unless only totals are left to withhold (the model never withholds a total for that)
          expect((await pinnedNow(k)).filter((p) => p.companionLeft)).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);
});

describe("withheld counts a reader could pin down by combining groups", () => {
  // Column X: 1 + 1 + 10 = 12. Withholding only what no group leaves alone (A/X, B/X, C/Y too few;
  // A/Y, A/Z, B/Z, C/X complementary) is not enough: row C gives C/X = 39 - 20 - C/Y >= 10, a
  // complementary count being 0 or at least 10; column X then gives A/X + B/X = 12 - C/X <= 2, so
  // A/X = B/X = 1, C/X = 10 and C/Y = 9.
  const grid: Grid = {
    table: "t",
    partition: "p",
    rows: ["A", "B", "C"],
    columns: ["X", "Y", "Z"],
    counts: [
      [1, 40, 30],
      [1, 50, 35],
      [10, 9, 20],
    ],
  };
  const withheld = async () =>
    (
      await rows(
        `select row_key || '/' || column_key as cell, suppression_reason_code as reason
         from reporting.rpt_suppressed_cells_by_table where is_suppressed order by all`,
      )
    ).map((r) => `${r.cell} ${r.reason}`);

  it("are protected by further complementary cells, never a total, until none is pinned (k = 10)", async () => {
    await load(10, cellsOf(grid));
    expect(await withheld()).toEqual([
      "A/X too_few",
      "A/Y complementary",
      "A/Z complementary",
      "B/X too_few",
      // pinned B/X: its row's smallest published part (column X has none left)
      "B/Y complementary",
      "B/Z complementary",
      "C/X complementary",
      "C/Y too_few",
      // pinned C/Y: its row's smallest published part (20, before column Y's 50)
      "C/Z complementary",
    ]);
    // C/X is now 0 or 10 to 38 by its row, and at most 10 by its column: A/X and B/X are 1 to 9
    expect(await pinnedNow(10)).toEqual([]);
  });

  it("are found by the independent check: the same grid with only the lone-cell rule pins three", async () => {
    await load(10, cellsOf(grid));
    // What the rule that only keeps a withheld cell from being alone in its group withholds.
    await con.run(
      `update reporting.rpt_suppressed_cells_by_table o set cell_count = i.cell_count, is_suppressed = false,
         suppression_reason_code = null
       from marts.fct_publication_cells i
       where (o.row_key, o.column_key) = (i.row_key, i.column_key)
         and (o.row_key || '/' || o.column_key) in ('B/Y', 'C/Z')`,
    );
    expect(await pinnedNow(10)).toEqual([
      // A/X's row and column have no published part left but their totals
      { key: "t|p|A/X", companionLeft: false },
      { key: "t|p|B/X", companionLeft: true },
      { key: "t|p|C/Y", companionLeft: true },
    ]);
  });
});

describe("a count of part of a population published elsewhere", () => {
  it("is withheld when the rest is 1 to k - 1, as complementary, with companions in its row and column (k = 10)", async () => {
    // People with a wage (rows A, B by columns X, Y); the active workforce of A/X is published
    // elsewhere, 3 more than the 40 with a wage there: 40 would reveal those 3.
    const grid: Grid = {
      table: "t",
      partition: "p",
      rows: ["A", "B"],
      columns: ["X", "Y"],
      counts: [
        [40, 30],
        [50, 60],
      ],
    };
    const cells = cellsOf(grid).map((c) => ({
      ...c,
      complement_count: c.row_key === "A" && c.column_key === "X" ? 3 : c.row_key === "B" ? 0 : 12,
    }));
    await load(10, cells);
    const out = await rows(
      `select row_key || '/' || column_key as cell, cell_count, suppression_reason_code
       from reporting.rpt_suppressed_cells_by_table order by row_key, column_key`,
    );
    expect(out).toEqual([
      // A/X for its rest, then A/Y and B/X so that it is not alone in row A and column X, then B/Y
      // so that B/X is not alone in row B; the totals stay (a non-total is taken first).
      { cell: "A/ALL", cell_count: 70n, suppression_reason_code: null },
      { cell: "A/X", cell_count: null, suppression_reason_code: "complementary" },
      { cell: "A/Y", cell_count: null, suppression_reason_code: "complementary" },
      { cell: "ALL/ALL", cell_count: 180n, suppression_reason_code: null },
      { cell: "ALL/X", cell_count: 90n, suppression_reason_code: null },
      { cell: "ALL/Y", cell_count: 90n, suppression_reason_code: null },
      { cell: "B/ALL", cell_count: 110n, suppression_reason_code: null },
      { cell: "B/X", cell_count: null, suppression_reason_code: "complementary" },
      { cell: "B/Y", cell_count: null, suppression_reason_code: "complementary" },
    ]);
    // A rest of 0 or of k or more, and a zero count whatever its rest, withhold nothing.
    await load(
      10,
      cellsOf({
        ...grid,
        counts: [
          [0, 30],
          [50, 60],
        ],
      }).map((c) => ({
        ...c,
        complement_count: c.row_key === "A" && c.column_key === "X" ? 5 : c.row_key === "B" ? 0 : 10,
      })),
    );
    expect(
      await rows(
        "select count(*)::int as n from reporting.rpt_suppressed_cells_by_table where is_suppressed",
      ),
    ).toEqual([{ n: 0 }]);
  });
});

describe("the outcomes of a year's applications (a group with no total cell)", () => {
  const reasons = () =>
    rows(
      "select column_key, suppression_reason_code from reporting.rpt_suppressed_cells_by_table order by column_key",
    );
  const outcome = (column_key: string, cell_count: number, extra: Partial<Cell> = {}): Cell => ({
    table_name: "rpt_scholarships_by_fiscal_year",
    partition_key: "2026-07-03",
    row_key: "2010",
    column_key,
    cell_count,
    row_group_key: ["SUBMITTED", "APPROVED", "DENIED", "WITHDRAWN"].includes(column_key) ? "2010" : null,
    column_group_key: null,
    ...extra,
  });

  it("never leave a withheld outcome alone: the submitted count goes first, the denied count (published by the denials table) last", async () => {
    // Submitted 64 = approved 51 + denied 11 + withdrawn 2: the 2 would be 64 - 51 - 11.
    await load(10, [
      outcome("SUBMITTED", 64, { complement_rank: -1 }),
      outcome("APPROVED", 51),
      outcome("DENIED", 11, { complement_rank: 1 }),
      outcome("WITHDRAWN", 2),
      outcome("PAID", 51),
      // 5 paid and not completed: the completed count would give them away.
      outcome("COMPLETED", 46, { complement_count: 5 }),
    ]);
    expect(
      await rows(
        `select column_key, cell_count, suppression_reason_code from reporting.rpt_suppressed_cells_by_table
         order by column_key`,
      ),
    ).toEqual([
      { column_key: "APPROVED", cell_count: 51n, suppression_reason_code: null },
      { column_key: "COMPLETED", cell_count: null, suppression_reason_code: "complementary" },
      { column_key: "DENIED", cell_count: 11n, suppression_reason_code: null },
      { column_key: "PAID", cell_count: 51n, suppression_reason_code: null },
      { column_key: "SUBMITTED", cell_count: null, suppression_reason_code: "complementary" },
      { column_key: "WITHDRAWN", cell_count: null, suppression_reason_code: "too_few" },
    ]);
  });

  it("take the approved count before the denied one when ranks tie on the submitted count", async () => {
    await load(10, [
      outcome("APPROVED", 51),
      outcome("DENIED", 11, { complement_rank: 1 }),
      outcome("WITHDRAWN", 2),
    ]);
    expect(await reasons()).toEqual([
      { column_key: "APPROVED", suppression_reason_code: "complementary" },
      { column_key: "DENIED", suppression_reason_code: null },
      { column_key: "WITHDRAWN", suppression_reason_code: "too_few" },
    ]);
  });

  it("take a non-zero companion before a zero whatever its rank: a withheld zero beside a too-few cell hides nothing", async () => {
    // A "complementary" cell is never 1 to k - 1: withheld beside the 3, a 0 would add up to 3 with it.
    await load(10, [
      outcome("APPROVED", 0),
      outcome("DENIED", 12, { complement_rank: 1 }),
      outcome("WITHDRAWN", 3),
    ]);
    expect(await reasons()).toEqual([
      { column_key: "APPROVED", suppression_reason_code: null },
      { column_key: "DENIED", suppression_reason_code: "complementary" },
      { column_key: "WITHDRAWN", suppression_reason_code: "too_few" },
    ]);
  });

  it("take the smaller companion when no rank says otherwise", async () => {
    await load(10, [outcome("APPROVED", 51), outcome("DENIED", 11), outcome("WITHDRAWN", 2)]);
    expect(await reasons()).toEqual([
      { column_key: "APPROVED", suppression_reason_code: null },
      { column_key: "DENIED", suppression_reason_code: "complementary" },
      { column_key: "WITHDRAWN", suppression_reason_code: "too_few" },
    ]);
  });
});

describe("the goal share", () => {
  it("is published only on a denominator of at least 2k with no small numerator or complement", async () => {
    const kinds = ["BACHELOR_LEVEL_QSM", "ASSOCIATE_LEVEL_QSM", "BELOW_ASSOCIATE_LEVEL_QSM", "NO_QSM"];
    const regions = ["East", "North Central", "Northwest", "South Central", "Southwest"];
    await fc.assert(
      fc.asyncProperty(
        K,
        fc.array(gridArb("rpt_goal_share_by_region", kinds, regions), { minLength: 1, maxLength: 3 }),
        async (k, grids) => {
          // every room kind is present (the four kinds sum to the covered rooms)
          const full = grids.map((g, i) => ({
            ...g,
            partition: `2025-0${i + 1}-28`,
            rows: kinds,
            counts: kinds.map((_, r) => g.counts[r] ?? g.columns.map(() => 0)),
          }));
          await load(k, full.flatMap(cellsOf));
          const shares = await rows(
            `select s.snapshot_date::varchar as d, s.oec_region_name, s.goal_share_pct, s.goal_share_suppression_reason_code,
                    s.covered_classroom_count, s.bachelor_level_qsm_classroom_count,
                    t.cell_count as covered, q.cell_count as qualified
             from (${GOAL_SHARE_SQL}) s
             join marts.fct_publication_cells t
               on t.partition_key = s.snapshot_date::varchar and t.column_key = s.oec_region_name and t.row_key = 'ALL'
             join marts.fct_publication_cells q
               on q.partition_key = s.snapshot_date::varchar and q.column_key = s.oec_region_name and q.row_key = 'BACHELOR_LEVEL_QSM'`,
          );
          expect(shares.length).toBeGreaterThan(0);
          for (const s of shares) {
            const covered = Number(s.covered);
            const qualified = Number(s.qualified);
            const small = (n: number) => n >= 1 && n < k;
            if (s.goal_share_pct !== null) {
              expect(covered).toBeGreaterThanOrEqual(2 * k);
              expect(small(qualified) || small(covered - qualified)).toBe(false);
              expect(s.covered_classroom_count).not.toBeNull();
              expect(s.bachelor_level_qsm_classroom_count).not.toBeNull();
              expectRounded4(Number(s.goal_share_pct), qualified / covered);
              expect(s.goal_share_suppression_reason_code).toBeNull();
            } else {
              expect(s.goal_share_suppression_reason_code).toBe(
                covered === 0
                  ? "no_data"
                  : covered < 2 * k || small(qualified) || small(covered - qualified)
                    ? "too_few"
                    : "complementary",
              );
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});

describe("NAEYC readiness: programs assessed, ready, and the share ready", () => {
  it("publishes a ready count only when the rest of the assessed is not 1 to k - 1, and the share only on 2k assessed with no small part nor a withheld count", async () => {
    const settings = ["COMMUNITY", "PUBLIC_SCHOOL"];
    const regions = ["East", "North Central", "Northwest", "South Central", "Southwest"];
    await fc.assert(
      fc.asyncProperty(
        K,
        gridArb("rpt_naeyc_readiness_by_setting_region", settings, regions),
        // the share of each cell's assessed programs that is ready
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 10, maxLength: 10 }),
        async (k, assessed, shares) => {
          const ready = assessed.counts.map((row, r) =>
            row.map((n, c) => Math.floor(n * shares[r * regions.length + c]!)),
          );
          const date = "2025-06-30";
          const assessedCells = cellsOf({ ...assessed, partition: `${date}/ASSESSED` });
          const readyCells = cellsOf({ ...assessed, counts: ready, partition: `${date}/READY` });
          // A ready cell's rest: the assessed programs of the same cell that are not ready.
          const readyWithRest = readyCells.map((c, i) => ({
            ...c,
            complement_count: assessedCells[i]!.cell_count - c.cell_count,
          }));
          await load(k, [...assessedCells, ...readyWithRest]);
          const out = await rows(`select * from (${NAEYC_SQL}) order by setting_code, oec_region_name`);
          expect(out.length).toBe(assessedCells.length);
          const small = (n: number) => n >= 1 && n < k;
          for (const o of out) {
            const i = assessedCells.findIndex(
              (c) => c.row_key === o.setting_code && c.column_key === o.oec_region_name,
            );
            const a = assessedCells[i]!;
            const r = readyWithRest[i]!;
            const [nA, nR] = [a.cell_count, r.cell_count];
            if (o.assessed_program_count !== null) {
              expect(Number(o.assessed_program_count)).toBe(nA);
              expect(small(nA)).toBe(false);
            }
            if (o.ready_program_count !== null) {
              expect(Number(o.ready_program_count)).toBe(nR);
              expect(small(nR)).toBe(false);
              // the assessed not ready are not revealed by subtraction
              expect(nR === 0 || !small(nA - nR)).toBe(true);
            } else if (small(nR)) {
              expect(o.ready_program_count_suppression_reason_code).toBe("too_few");
            } else {
              expect(o.ready_program_count_suppression_reason_code).toBe("complementary");
            }
            if (o.ready_share_pct !== null) {
              expect(nA).toBeGreaterThanOrEqual(2 * k);
              expect(small(nR) || small(nA - nR)).toBe(false);
              expect(o.assessed_program_count).not.toBeNull();
              expect(o.ready_program_count).not.toBeNull();
              expectRounded4(Number(o.ready_share_pct), nR / nA);
              expect(o.ready_share_suppression_reason_code).toBeNull();
            } else {
              expect(o.ready_share_suppression_reason_code).toBe(
                nA === 0
                  ? "no_data"
                  : nA < 2 * k || small(nR) || small(nA - nR)
                    ? "too_few"
                    : "complementary",
              );
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});

describe("turnover and left-the-field shares", () => {
  it("are published only on a denominator of at least 2k with no small numerator or rest, nor a withheld count", async () => {
    const settings = ["COMMUNITY", "PUBLIC_SCHOOL", "FAMILY_CHILD_CARE"];
    const outcomes = ["STAYED", "ACTIVE_ELSEWHERE", "LEFT_FIELD"];
    await fc.assert(
      fc.asyncProperty(
        K,
        fc.array(gridArb("rpt_turnover_by_fiscal_year_setting", settings, outcomes), {
          minLength: 1,
          maxLength: 3,
        }),
        async (k, grids) => {
          // every outcome is present (the three outcomes sum to the members active on July 1)
          const full = grids.map((g, i) => ({
            ...g,
            partition: String(2020 + i),
            columns: outcomes,
            counts: g.counts.map((r) => outcomes.map((_, c) => r[c] ?? 0)),
          }));
          await load(k, full.flatMap(cellsOf));
          const shares = await rows(
            `select s.*, t.cell_count as total, st.cell_count as stayed, l.cell_count as left_field
             from (${TURNOVER_SQL}) s
             join marts.fct_publication_cells t
               on t.partition_key = s.fiscal_year::varchar and t.row_key = s.setting_code and t.column_key = 'ALL'
             join marts.fct_publication_cells st
               on st.partition_key = s.fiscal_year::varchar and st.row_key = s.setting_code and st.column_key = 'STAYED'
             join marts.fct_publication_cells l
               on l.partition_key = s.fiscal_year::varchar and l.row_key = s.setting_code and l.column_key = 'LEFT_FIELD'`,
          );
          expect(shares.length).toBeGreaterThan(0);
          const small = (n: number) => n >= 1 && n < k;
          for (const s of shares) {
            const total = Number(s.total);
            const checks: [unknown, unknown, number, unknown[]][] = [
              [
                s.turnover_pct,
                s.turnover_suppression_reason_code,
                total - Number(s.stayed),
                [s.stayed_count],
              ],
              [
                s.left_field_pct,
                s.left_field_suppression_reason_code,
                Number(s.left_field),
                [s.left_field_count],
              ],
            ];
            for (const [pct, reason, numerator, counts] of checks) {
              if (pct !== null) {
                expect(total).toBeGreaterThanOrEqual(2 * k);
                expect(small(numerator) || small(total - numerator)).toBe(false);
                expect(s.active_on_first_day_count).not.toBeNull();
                for (const c of counts) expect(c).not.toBeNull();
                expectRounded4(Number(pct), numerator / total);
                expect(reason).toBeNull();
              } else {
                expect(reason).toBe(
                  total === 0
                    ? "no_data"
                    : total < 2 * k || small(numerator) || small(total - numerator)
                      ? "too_few"
                      : "complementary",
                );
              }
            }
          }
        },
      ),
      { numRuns: 30 },
    );
  }, 60_000);
});

describe("wage statistics", () => {
  it("need k people at 3 programs with no program over 80% of them", async () => {
    // [role, setting, people per program]
    const groups: [string, string, number[]][] = [
      ["TEACHER", "COMMUNITY", [8, 1, 1]], // 10 people, 3 programs, 80%: published
      ["TEACHER", "PUBLIC_SCHOOL", [9, 1]], // 2 programs
      ["ASSISTANT_TEACHER", "COMMUNITY", [3, 3, 3]], // 9 people
      ["ASSISTANT_TEACHER", "PUBLIC_SCHOOL", [10, 1, 1]], // one program has 83%
    ];
    const earners: { role: string; setting: string; program: string; wage: number }[] = [];
    for (const [role, setting, sizes] of groups) {
      for (const [p, size] of sizes.entries()) {
        for (let i = 0; i < size; i++) {
          earners.push({ role, setting, program: `${role}-${setting}-${p}`, wage: 15 + earners.length });
        }
      }
    }
    const cells: Cell[] = [];
    const count = (role: string, setting: string) =>
      earners.filter(
        (e) => (role === "ALL" || e.role === role) && (setting === "ALL" || e.setting === setting),
      ).length;
    for (const role of ["TEACHER", "ASSISTANT_TEACHER", "DIRECTOR", "ALL"]) {
      for (const setting of ["COMMUNITY", "PUBLIC_SCHOOL", "ALL"]) {
        cells.push({
          table_name: "rpt_wages_by_role_setting",
          partition_key: "2025-06-30",
          row_key: role,
          column_key: setting,
          cell_count: count(role, setting),
          row_group_key: role,
          column_group_key: setting,
        });
      }
    }
    await load(10, cells);
    await loadWorkforce(
      earners.map((e) => ({ ...e, award: "BACHELOR", town: "Hartford", date: "2025-06-30" })),
    );
    const out = await rows(
      `select role_code, setting_code, median_hourly_wage_usd as median, wage_suppression_reason_code as reason
       from (${WAGES_SQL}) where role_code <> 'ALL' and setting_code <> 'ALL' order by 1, 2`,
    );
    expect(out).toEqual([
      { role_code: "ASSISTANT_TEACHER", setting_code: "COMMUNITY", median: null, reason: "too_few" },
      { role_code: "ASSISTANT_TEACHER", setting_code: "PUBLIC_SCHOOL", median: null, reason: "too_few" },
      { role_code: "DIRECTOR", setting_code: "COMMUNITY", median: null, reason: "no_data" },
      { role_code: "DIRECTOR", setting_code: "PUBLIC_SCHOOL", median: null, reason: "no_data" },
      // wages 15..24: the median is 19.5
      { role_code: "TEACHER", setting_code: "COMMUNITY", median: 19.5, reason: null },
      { role_code: "TEACHER", setting_code: "PUBLIC_SCHOOL", median: null, reason: "too_few" },
    ]);
  });
});

interface Earner {
  date: string;
  role: string;
  setting: string;
  award: string;
  town: string;
  program: string;
  wage: number;
}

/** marts.fct_workforce_monthly, dim_dates and dim_geography for these earners, then the wage cells and statistics. */
async function loadWorkforce(earners: Earner[]): Promise<void> {
  const dates = [...new Set(earners.map((e) => e.date))];
  await con.run(
    `create or replace table marts.fct_workforce_monthly as
     select snapshot_date::date as snapshot_date, * exclude (snapshot_date) from (values ${earners
       .map(
         (e, i) =>
           `('${e.date}', 'P${i}', '${e.role}', '${e.setting}', '${e.award}', '${e.town}', '${e.program}', ${e.wage}::double)`,
       )
       .join(", ")}) as t(snapshot_date, person_id, role_code, setting_code, highest_award_code,
         program_town_name, program_id, hourly_wage_usd);
     create or replace table marts.dim_dates as
     select d::date as calendar_date, true as is_snapshot_date, month(d::date) as month_number,
            last_day(d::date) = d::date as is_month_end, d = '${[...dates].sort().at(-1)}' as is_extract_as_of_date
     from (values ${dates.map((d) => `('${d}')`).join(", ")}) as t(d);
     create or replace table marts.dim_geography as
     select * from (values ('Hartford', '09110'), ('New Haven', '09170'), ('Andover', '09110'))
       as t(town_name, planning_region_fips);
     create or replace table marts.fct_wage_earner_cells as ${WAGE_CELLS_SQL};
     create or replace table marts.fct_wage_statistics as ${WAGE_STATISTICS_SQL}`,
  );
}

describe("wage statistics models (marts.fct_wage_earner_cells, marts.fct_wage_statistics)", () => {
  it("equals quantile_cont, count(distinct program) and the largest program's count in every cell", async () => {
    const earner = fc.record({
      date: fc.constantFrom("2025-05-31", "2025-06-30", "2025-08-14"),
      role: fc.constantFrom("TEACHER", "ASSISTANT_TEACHER", "DIRECTOR"),
      award: fc.constantFrom("CDA", "ASSOCIATE", "BACHELOR"),
      town: fc.constantFrom("Hartford", "New Haven", "Andover", "Nowhere"),
      program: fc.constantFrom("PG1", "PG2", "PG3", "PG4", "PG5"),
      // cents, with many ties; some wages with more decimals
      wage: fc.oneof(
        fc.integer({ min: 1200, max: 1220 }).map((c) => c / 100),
        fc.double({ min: 10, max: 60, noNaN: true }),
      ),
    });
    // As in fct_workforce_monthly, the setting is the program's (one per program and date).
    const settingOf: Record<string, string> = {
      PG1: "COMMUNITY",
      PG2: "COMMUNITY",
      PG3: "PUBLIC_SCHOOL",
      PG4: "PUBLIC_SCHOOL",
      PG5: "COMMUNITY",
    };
    await fc.assert(
      fc.asyncProperty(fc.array(earner, { minLength: 1, maxLength: 120 }), async (drawn) => {
        const earners = drawn.map((e) => ({
          ...e,
          setting: e.date === "2025-05-31" && e.program === "PG5" ? "PUBLIC_SCHOOL" : settingOf[e.program]!,
        }));
        await loadWorkforce(earners);
        // Independent: DuckDB's own aggregates over every earner of each cell, for each breakdown
        // (HIGHEST_AWARD and PLANNING_REGION only on June 30 and the as-of date, 2025-08-14 or the
        // latest date present).
        const expected = await rows(
          `with w as (
             select w.*, coalesce(g.planning_region_fips, 'UNKNOWN') as region,
                    month(snapshot_date) = 6 and day(snapshot_date) = 30
                      or snapshot_date = (select max(snapshot_date) from marts.fct_workforce_monthly) as annual
             from marts.fct_workforce_monthly w left join marts.dim_geography g on g.town_name = w.program_town_name
           ),
           long as (
             select snapshot_date, 'ROLE' as breakdown, role_code as code, setting_code, program_id, hourly_wage_usd from w
             union all select snapshot_date, 'HIGHEST_AWARD', highest_award_code, setting_code, program_id, hourly_wage_usd from w where annual
             union all select snapshot_date, 'PLANNING_REGION', region, setting_code, program_id, hourly_wage_usd from w where annual
           ),
           cells as (
             select snapshot_date, breakdown, c.code, s.setting_code
             from (select distinct snapshot_date, breakdown from long) d
             join (select distinct breakdown, code from long union all select distinct breakdown, 'ALL' from long) c using (breakdown)
             cross join (values ('COMMUNITY'), ('PUBLIC_SCHOOL'), ('ALL')) s(setting_code)
           ),
           members as (
             select c.*, l.program_id, l.hourly_wage_usd
             from cells c join long l on l.snapshot_date = c.snapshot_date and l.breakdown = c.breakdown
               and (c.code = 'ALL' or l.code = c.code) and (c.setting_code = 'ALL' or l.setting_code = c.setting_code)
           ),
           by_program as (
             select snapshot_date, breakdown, code, setting_code, program_id, count(*) as n from members group by all
           )
           select m.snapshot_date::varchar as d, m.breakdown, m.code, m.setting_code, count(*) as people,
                  count(distinct m.program_id) as programs,
                  (select max(n) from by_program b where b.snapshot_date = m.snapshot_date and b.breakdown = m.breakdown
                     and b.code = m.code and b.setting_code = m.setting_code) as largest,
                  quantile_cont(m.hourly_wage_usd, 0.25) as p25, quantile_cont(m.hourly_wage_usd, 0.5) as p50,
                  quantile_cont(m.hourly_wage_usd, 0.75) as p75
           from members m group by all order by all`,
        );
        const actual = await rows(
          `select snapshot_date::varchar as d, breakdown, breakdown_code as code, setting_code, people_count as people,
                  program_count as programs, largest_program_people_count as largest,
                  p25_hourly_wage_usd as p25, median_hourly_wage_usd as p50, p75_hourly_wage_usd as p75
           from marts.fct_wage_statistics order by all`,
        );
        expect(actual).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
