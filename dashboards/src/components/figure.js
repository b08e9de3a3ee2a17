// A chart card: title, one-line subtitle, the chart (an SVG from Plot, with aria-label), a table view
// of the same rows for screen readers and keyboard users, and the download link of the table.
import { html } from "npm:htl";
import { reasonFor } from "./data.js";
import { downloadLink } from "./download.js";
import { columnLabel, formatKindOf, formatValue } from "./format.js";
import { withheldText } from "./reasons.js";

/**
 * chartCard({id, title, subtitle, chart, rows, tableRows, columns, note}):
 * - chart: the rendered chart (e.g. resize((width) => Plot.plot({...}))); give Plot an ariaLabel and
 *   ariaDescription;
 * - rows: the table from loadTable (its download link is shown); tableRows: the rows shown in the table
 *   view (default rows, e.g. the current filter's slice); columns: [{column, label?, format?, code?}]
 *   for the table view (default: every column); code: a function turning a code into a label.
 */
export function chartCard({
  id,
  title,
  subtitle = "",
  chart,
  rows,
  tableRows,
  columns,
  note = "",
  maxTableRows = 300,
}) {
  return html`<figure class="card chart-card" id=${id} role="group" aria-label=${title}>
    <h2>${title}</h2>
    ${subtitle ? html`<h3>${subtitle}</h3>` : ""}
    <div class="chart">${chart}</div>
    ${note ? html`<p class="muted chart-note">${note}</p>` : ""}
    ${tableView(tableRows ?? rows, { columns, meta: rows.meta, title, maxRows: maxTableRows })}
    <p class="downloads">${downloadLink(rows)}</p>
  </figure>`;
}

/**
 * A <details> table view; a null value shows "suppressed (reason)", unless its column's
 * `missing(row)` gives another text (a figure not computed there, rather than withheld).
 */
export function tableView(rows, { columns, meta, title = "", maxRows = 300 } = {}) {
  const kinds = new Map((meta?.columns ?? []).map((c) => [c.name, c.kind]));
  const cols = (columns ?? (meta?.columns ?? []).map((c) => ({ column: c.name }))).map((c) =>
    typeof c === "string" ? { column: c } : c,
  );
  const shown = rows.slice(0, maxRows);
  return html`<details class="table-view">
    <summary>Table view${rows.length > maxRows ? ` (first ${maxRows} of ${rows.length} rows; the download has all)` : ""}</summary>
    <div class="table-scroll"><table>
      <caption class="sr-only">${title}</caption>
      <thead><tr>${cols.map((c) => html`<th scope="col">${c.label ?? columnLabel(c.column)}</th>`)}</tr></thead>
      <tbody>${shown.map(
        (row) =>
          html`<tr>${cols.map((c) => {
            const value = row[c.column];
            // A column may say why a value is absent when it is not withheld (c.missing(row)).
            const missing = value == null && c.missing ? c.missing(row) : null;
            if (missing) return html`<td class="muted">${missing}</td>`;
            if (value == null && !c.column.endsWith("_code")) {
              const reason = reasonFor(row, c.column);
              return html`<td class="withheld">${withheldText(reason)}</td>`;
            }
            const text = c.code
              ? c.code(value)
              : formatValue(value, c.format ?? formatKindOf(c.column, kinds.get(c.column)));
            return html`<td class=${typeof value === "number" ? "num" : ""}>${value == null ? "" : text}</td>`;
          })}</tr>`,
      )}</tbody>
    </table></div>
  </details>`;
}

/** The smallest width a chart is drawn at (resize may report a narrow width before layout settles). */
export const MIN_CHART_WIDTH = 360;

/** Clamp a resize width: Plot.plot({width: chartWidth(width), ...}). */
export function chartWidth(width) {
  return Math.max(Number(width) || 0, MIN_CHART_WIDTH);
}

/**
 * tableCard({id, title, subtitle, rows, tableRows, columns, note}): a card whose content IS a table
 * (e.g. a summary for legislators), always visible, with the download link of `rows`.
 */
export function tableCard({ id, title, subtitle = "", rows, tableRows, columns, note = "" }) {
  const view = tableView(tableRows ?? rows, { columns, meta: rows.meta, title, maxRows: 1000 });
  view.open = true;
  view.classList.add("summary-table");
  return html`<figure class="card table-card" id=${id} role="group" aria-label=${title}>
    <h2>${title}</h2>
    ${subtitle ? html`<h3>${subtitle}</h3>` : ""}
    ${view}
    ${note ? html`<p class="muted chart-note">${note}</p>` : ""}
    <p class="downloads">${downloadLink(rows)}</p>
  </figure>`;
}

/**
 * Label one band in how many on a year axis of `n` bands `width` pixels wide (1, 2, 5 or 10), so
 * that the year labels (about 36 px each) never overlap: use as tickFormat: (y) => (y % step === 0 ?
 * String(y) : "").
 */
export function yearStep(width, n) {
  const band = Math.max(1, chartWidth(width) - 60) / Math.max(1, n);
  return [1, 2, 5, 10].find((step) => band * step >= 36) ?? 10;
}
