// The staff-qualification target in force on each date, drawn the same way on every goal chart:
// orange steps, dashed while a target is upcoming and solid once its deadline makes it binding,
// labelled with the law; and the changes of the state funding sources that move classrooms in or
// out of the covered set (a source ending or starting), as labelled rules.
import * as Plot from "npm:@observablehq/plot";
import { formatDate, formatPct, parseDate } from "./format.js";
import { BENCHMARK_COLOR } from "./palette.js";

const YEAR_MS = 365.25 * 864e5;

/**
 * The benchmark rows of a monthly goal table (one per benchmark of the reference table, from its
 * benchmark_* columns) and their segments: each step split where its deadline makes it binding,
 * ending at `lastDate` when the benchmark is still in force.
 */
export function benchmarkSteps(goalByMonth, lastDate, benchmarks = []) {
  const inForce = Array.from(
    new Map(goalByMonth.filter((d) => d.benchmark_id != null).map((d) => [d.benchmark_id, d])).values(),
  ).map((d) => ({
    benchmark_id: d.benchmark_id,
    benchmark_share_pct: d.benchmark_share_pct,
    benchmark_effective_from_date: d.benchmark_effective_from_date,
    benchmark_effective_to_date: d.benchmark_effective_to_date,
    benchmark_deadline_date: d.benchmark_deadline_date,
    benchmark_law_citation: d.benchmark_law_citation,
    benchmark_source: d.benchmark_source,
  }));
  // The targets still to come (the reference table's rows in force only after lastDate: no date of
  // the monthly table has them), drawn dashed as upcoming; one with no end for two years.
  const known = new Set(inForce.map((d) => d.benchmark_id));
  const later = benchmarks
    .filter((b) => !known.has(b.benchmark_id) && parseDate(b.effective_from_date) > lastDate)
    .map((b) => ({
      benchmark_id: b.benchmark_id,
      benchmark_share_pct: Number(b.target_share_pct),
      benchmark_effective_from_date: b.effective_from_date,
      benchmark_effective_to_date: b.effective_to_date,
      benchmark_deadline_date: b.deadline_date,
      benchmark_law_citation: b.law_citation,
      benchmark_source: b.source,
      upcoming: true,
    }))
    .sort((a, b) =>
      String(a.benchmark_effective_from_date).localeCompare(String(b.benchmark_effective_from_date)),
    );
  const steps = [...inForce, ...later];
  const segments = steps.flatMap((s) => {
    const from = parseDate(s.benchmark_effective_from_date);
    const to = s.benchmark_effective_to_date
      ? parseDate(s.benchmark_effective_to_date)
      : s.upcoming
        ? new Date(from.getTime() + 2 * YEAR_MS)
        : lastDate;
    if (s.upcoming) return [{ ...s, x1: from, x2: to, binding: false }];
    const deadline = s.benchmark_deadline_date ? parseDate(s.benchmark_deadline_date) : null;
    const parts = [];
    if (!deadline || deadline > from)
      parts.push({ ...s, x1: from, x2: deadline && deadline < to ? deadline : to, binding: false });
    if (deadline && deadline < to)
      parts.push({ ...s, x1: new Date(Math.max(deadline, from)), x2: to, binding: true });
    return parts;
  });
  return { steps, segments };
}

/** A law's citation, short enough for a chart label: "PA 17-41", "2025 HB 6921". */
export function shortCitation(text) {
  const t = String(text ?? "")
    .replace(/\s*\(.*$/, "")
    .replace(/\s*\/.*$/, "");
  return t.length > 24 ? `${t.slice(0, 23)}…` : t;
}

const stepTitle = (d) =>
  `${d.benchmark_law_citation}: target ${formatPct(d.benchmark_share_pct)} ${d.upcoming ? `from ${formatDate(d.benchmark_effective_from_date)}` : `by ${formatDate(d.benchmark_deadline_date)}`} (${d.binding ? "binding" : "upcoming"})${d.benchmark_source ? `\nSource: ${d.benchmark_source}` : ""}`;

/** One sentence naming the targets still to come ("" when there is none). */
export function upcomingTargetsNote(steps) {
  const later = steps.filter((s) => s.upcoming);
  if (later.length === 0) return "";
  return `Targets still to come (dashed, after the latest date): ${later
    .map(
      (s) =>
        `${formatPct(s.benchmark_share_pct)} from ${formatDate(s.benchmark_effective_from_date)} (${shortCitation(s.benchmark_law_citation)})`,
    )
    .join("; ")}.`;
}

/**
 * The marks of the target steps: dashed upcoming and solid binding segments, and each law's name
 * once, never left out: above its step's first segment, starting where it starts (or ending where
 * it ends for the last four years, so that it stays inside the chart); where that would overlap a
 * label already placed at the same height, below the line, then anchored at the other end of the
 * segment, above and below, and last one line higher. (A label left out made the step after it
 * read as the earlier law's: "PA 17-41" over PA 19-34's years on a half-width chart.)
 */
export function benchmarkMarks(segments, lastDate, { width = 640 } = {}) {
  // A label's extent in time, from its length: about 6 px a character at 10 px.
  const start = Math.min(...segments.map((d) => d.x1));
  const end = Math.max(lastDate, ...segments.map((d) => d.x2));
  const pxPerYear = Math.max(1, (width - 60) / Math.max(1, (end - start) / YEAR_MS));
  const msPerPx = YEAR_MS / pxPerYear;
  const recent = (d) => lastDate - d.x1 <= 4 * YEAR_MS;
  const extent = (s, atEnd) => {
    const w = (shortCitation(s.benchmark_law_citation).length * 6 + 6) * msPerPx;
    const x1 = +s.x1;
    const x2 = +s.x2;
    return atEnd ? [x2 - w, x2] : [x1, x1 + w];
  };
  const labels = [];
  const fits = (s, tier, atEnd) => {
    const [lo, hi] = extent(s, atEnd);
    if (lo < start - 10 * msPerPx || hi > end + 10 * msPerPx) return false;
    return !labels.some(
      (l) => l.tier === tier && l.benchmark_share_pct === s.benchmark_share_pct && lo < l.hi && l.lo < hi,
    );
  };
  // Tiers: 0 above the line, 1 below it, 2 a line higher.
  for (const s of segments.filter((d, i) => i === 0 || segments[i - 1].benchmark_id !== d.benchmark_id)) {
    const preferred = recent(s);
    const choices = [
      [0, preferred],
      [1, preferred],
      [0, !preferred],
      [1, !preferred],
      [2, preferred],
    ];
    const [tier, atEnd] = choices.find(([t, e]) => fits(s, t, e)) ?? [2, preferred];
    const [lo, hi] = extent(s, atEnd);
    labels.push({ ...s, tier, atEnd, lo, hi });
  }
  const link = (rows, dashed) =>
    Plot.link(rows, {
      x1: "x1",
      x2: "x2",
      y1: "benchmark_share_pct",
      y2: "benchmark_share_pct",
      stroke: BENCHMARK_COLOR,
      strokeWidth: 2,
      strokeDasharray: dashed ? "5,4" : null,
      tip: true,
      title: stepTitle,
    });
  return [
    link(
      segments.filter((d) => !d.binding),
      true,
    ),
    link(
      segments.filter((d) => d.binding),
      false,
    ),
    // Plot's dy is a constant: one mark per tier and anchor.
    ...[0, 1, 2].flatMap((tier) =>
      [false, true].map((atEnd) =>
        Plot.text(
          labels.filter((d) => d.tier === tier && d.atEnd === atEnd),
          {
            x: atEnd ? "x2" : "x1",
            y: "benchmark_share_pct",
            text: (d) => shortCitation(d.benchmark_law_citation),
            dy: [-8, 12, -20][tier],
            textAnchor: atEnd ? "end" : "start",
            fill: BENCHMARK_COLOR,
            // A halo of the card's colour: a funding change's dotted rule does not run through it.
            stroke: "var(--theme-background-alt)",
            strokeWidth: 3,
            fontSize: 10,
          },
        ),
      ),
    ),
  ];
}

/**
 * The dates on which the state funding sources changed the covered set within [firstDate,
 * lastDate]: a source's first day (July 1 before its first fiscal year) and the day after its last
 * (July 1 after its last fiscal year), from the `sources` table (funding_source_code,
 * funding_source_name, is_state_funding, first_fiscal_year, last_fiscal_year). One row per date,
 * with a short label ("Smart Start ended", "Early Start CT began") and the names of the sources that
 * ended and began.
 */
export function fundingChanges(sources, firstDate, lastDate) {
  const byDate = new Map();
  const add = (year, kind, d) => {
    const date = new Date(Date.UTC(year, 6, 1));
    if (date <= firstDate || date > lastDate) return;
    const key = date.getTime();
    if (!byDate.has(key)) byDate.set(key, { date, ended: [], began: [] });
    byDate.get(key)[kind].push(d);
  };
  for (const d of sources.filter((s) => s.is_state_funding === true || s.is_state_funding === "true")) {
    if (d.first_fiscal_year != null) add(Number(d.first_fiscal_year) - 1, "began", d);
    if (d.last_fiscal_year != null) add(Number(d.last_fiscal_year), "ended", d);
  }
  const names = (list) =>
    list.length > 2
      ? list.map((d) => d.funding_source_code).join(", ")
      : list.map((d) => d.funding_source_name).join(" and ");
  return [...byDate.values()]
    .sort((a, b) => a.date - b.date)
    .map((c) => ({
      date: c.date,
      // The chart label names what began (the note gives both); a date with only endings names those.
      text: c.began.length ? `${names(c.began)} began` : `${names(c.ended)} ended`,
      ended: c.ended.map((d) => d.funding_source_name),
      began: c.began.map((d) => d.funding_source_name),
    }));
}

/**
 * The marks of the funding changes: a grey rule on each date, named along it from the bottom; or,
 * with `numbered` (a narrow chart, where the names ran into the target's labels), numbered above
 * the frame, the note naming each number (fundingChangesNote with the same option).
 */
export function fundingChangeMarks(changes, { numbered = false } = {}) {
  const rule = Plot.ruleX(changes, { x: "date", stroke: "#999", strokeDasharray: "2,3" });
  if (numbered) {
    return [
      rule,
      Plot.text(changes, {
        x: "date",
        frameAnchor: "top",
        text: (_d, i) => String(i + 1),
        // (above a target label on the frame's top line: the chart needs a marginTop of 32)
        dy: -22,
        fill: "#555",
        fontSize: 10,
        fontWeight: "bold",
        tip: true,
        title: (d) => `${formatDate(d.date.toISOString().slice(0, 10))}: ${d.text}`,
      }),
    ];
  }
  return [
    rule,
    Plot.text(changes, {
      x: "date",
      frameAnchor: "bottom",
      text: "text",
      rotate: -90,
      textAnchor: "start",
      dx: -4,
      dy: -4,
      fill: "#555",
      stroke: "white",
      strokeWidth: 3,
      fontSize: 10,
    }),
  ];
}

/** One sentence naming the funding changes drawn (numbered as fundingChangeMarks draws them). */
export function fundingChangesNote(changes, { numbered = false } = {}) {
  if (changes.length === 0) return "";
  const parts = changes.map(
    (c, i) =>
      `${numbered ? `(${i + 1}) ` : ""}${formatDate(c.date.toISOString().slice(0, 10))}, ${[
        c.ended.length ? `${c.ended.join(", ")} ended` : "",
        c.began.length ? `${c.began.join(", ")} began` : "",
      ]
        .filter(Boolean)
        .join(" and ")}`,
  );
  return `Covered rooms are those of state-funded programs, so the set changes with the state funding sources (grey lines${numbered ? ", numbered above the chart" : ""}: ${parts.join("; ")}); the number of covered rooms, and the share, can jump on those dates.`;
}
