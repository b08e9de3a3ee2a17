/**
 * An audit of disclosure control written independently of the model's SQL
 * (reporting.rpt_suppressed_cells_by_table): which withheld counts a reader could work out exactly.
 */

/**
 * The counts a reader can pin to one value among the withheld ones that must stay hidden (too few,
 * or a count whose rest published elsewhere is 1 to k - 1), written independently of the model's
 * SQL: knowing the published counts, that each group's parts add up to its total, that a too_few
 * count is 1 to k - 1 and a complementary one 0 or at least k, narrow every withheld count's
 * interval by each group's equation (Gauss-Seidel, until nothing moves).
 */
export interface Pinned {
  /** '<table>|<partition>|<row>/<column>' */
  key: string;
  /**
   * One of its groups still has a published part that is not a total, which the model could have
   * withheld (a pin left only by totals cannot be, as totals are published in other tables too).
   */
  companionLeft: boolean;
}

export function pinnedCells(
  cells: {
    key: string;
    truth: number;
    published: number | null;
    reason: string | null;
    mustHide: boolean;
    /** A total (row or column 'ALL'): never withheld as a companion, as other tables publish it. */
    isTotal: boolean;
    groups: string[];
    totalOf: string[];
  }[],
  k: number,
): Pinned[] {
  const lo = cells.map((c) => c.published ?? (c.reason === "too_few" ? 1 : 0));
  const hi = cells.map((c) => c.published ?? (c.reason === "too_few" ? k - 1 : 1e12));
  const groups = new Map<string, { parts: number[]; total: number }>();
  cells.forEach((c, i) => {
    for (const g of c.groups) {
      const e = groups.get(g) ?? groups.set(g, { parts: [], total: -1 }).get(g)!;
      if (c.totalOf.includes(g)) e.total = i;
      else e.parts.push(i);
    }
  });
  const narrow = (i: number, low: number, high: number): boolean => {
    if (cells[i]!.published !== null) return false;
    let l = Math.max(lo[i]!, low);
    let h = Math.min(hi[i]!, high);
    if (cells[i]!.reason !== "too_few") {
      if (l >= 1) l = Math.max(l, k);
      if (h < k) h = 0;
    }
    const moved = l !== lo[i] || h !== hi[i];
    lo[i] = l;
    hi[i] = h;
    return moved;
  };
  for (let moved = true; moved; ) {
    moved = false;
    for (const g of groups.values()) {
      if (g.total < 0) continue;
      const sumLo = () => g.parts.reduce((s, i) => s + lo[i]!, 0);
      const sumHi = () => g.parts.reduce((s, i) => s + hi[i]!, 0);
      moved = narrow(g.total, sumLo(), sumHi()) || moved;
      for (const i of g.parts) {
        moved = narrow(i, lo[g.total]! - (sumHi() - hi[i]!), hi[g.total]! - (sumLo() - lo[i]!)) || moved;
      }
    }
  }
  cells.forEach((c, i) => {
    // the true count is always within what a reader can work out
    if (lo[i]! > c.truth || hi[i]! < c.truth)
      throw new Error(`${c.key}: ${c.truth} outside [${lo[i]}, ${hi[i]}]`);
  });
  // A published part that is not a total, in one of the cell's groups: a companion still to take.
  const companionIn = new Set(
    [...groups.entries()]
      .filter(
        ([, g]) => g.total >= 0 && g.parts.some((i) => cells[i]!.published !== null && !cells[i]!.isTotal),
      )
      .map(([name]) => name),
  );
  return cells
    .filter((c, i) => c.mustHide && c.published === null && lo[i] === hi[i] && k > 2)
    .map((c) => ({ key: c.key, companionLeft: c.groups.some((g) => companionIn.has(g)) }));
}

/**
 * `pinnedCells` of every partition of reporting.rpt_suppressed_cells_by_table, read with `rows`
 * (keys '<table>|<partition>|<row>/<column>').
 */
export async function pinnedWithheld(
  rows: (sql: string) => Promise<Record<string, unknown>[]>,
  k: number,
): Promise<Pinned[]> {
  const out = (await rows(
    `select o.table_name || '|' || o.partition_key as part, o.row_key || '/' || o.column_key as key,
            i.cell_count as truth, o.cell_count as published, o.suppression_reason_code as reason,
            coalesce(i.cell_count > 0 and i.complement_count between 1 and ${k} - 1, false) as must_rest,
            o.row_group_key, o.column_group_key, i.row_sum_role, i.column_sum_role, o.is_total
     from reporting.rpt_suppressed_cells_by_table o
     join marts.fct_publication_cells i using (table_name, partition_key, row_key, column_key)
     order by all`,
  )) as {
    part: string;
    key: string;
    truth: bigint;
    published: bigint | null;
    reason: string | null;
    must_rest: boolean;
    row_group_key: string | null;
    column_group_key: string | null;
    row_sum_role: string | null;
    is_total: boolean;
    column_sum_role: string | null;
  }[];
  const byPart = new Map<string, typeof out>();
  for (const c of out) byPart.set(c.part, [...(byPart.get(c.part) ?? []), c]);
  return [...byPart].flatMap(([part, cs]) =>
    pinnedCells(
      cs.map((c) => {
        const groups: string[] = [];
        const totalOf: string[] = [];
        if (c.row_sum_role !== null) {
          groups.push(`r:${c.row_group_key}`);
          if (c.row_sum_role === "TOTAL") totalOf.push(`r:${c.row_group_key}`);
        }
        if (c.column_sum_role !== null) {
          groups.push(`c:${c.column_group_key}`);
          if (c.column_sum_role === "TOTAL") totalOf.push(`c:${c.column_group_key}`);
        }
        return {
          key: `${part}|${c.key}`,
          truth: Number(c.truth),
          published: c.published === null ? null : Number(c.published),
          reason: c.reason,
          mustHide: c.reason === "too_few" || c.must_rest,
          isTotal: c.is_total,
          groups,
          totalOf,
        };
      }),
      k,
    ),
  );
}
