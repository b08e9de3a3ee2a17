// Headline cards. Each card names the reporting table, column, row key and the loader's filter it shows
// (data-source-*), so a test can compare the rendered number with the published table.
import { html } from "npm:htl";
import { reasonFor } from "./data.js";
import { formatValue } from "./format.js";
import { reasonLabel } from "./reasons.js";

/**
 * headlineCard({title, rows, row, column, format, note}):
 * - rows: the table (from loadTable) the value comes from; row: its row; column: the column shown;
 * - format: "count" | "pct" | "usd" | "usd0" | "ratio" | "text" (format.js);
 * - note: a short line under the number (what it counts, as of when).
 * A withheld value shows "suppressed" and its reason.
 */
export function headlineCard({ title, rows, row, column, format = "count", note = "" }) {
  const value = row?.[column] ?? null;
  // The row's key: the grain columns the file has (a column the loader filtered on and left out is
  // fixed by the loader's filter, which the card carries too).
  const exported = new Set((rows?.meta?.columns ?? []).map((c) => c.name));
  const grain = (rows?.meta?.grain ?? []).filter((g) => exported.has(g));
  const key = Object.fromEntries(grain.map((g) => [g, row?.[g] ?? null]));
  const reason = value == null && row ? reasonFor(row, column) : null;
  return html`<div class="card headline"
    data-source-table=${rows?.meta?.table ?? ""}
    data-source-column=${column}
    data-source-key=${JSON.stringify(key)}
    data-source-where=${rows?.meta?.where ?? ""}
    data-format=${format}>
    <h2>${title}</h2>
    <span class="big headline-value">${formatValue(value, format)}</span>
    ${reason ? html`<span class="headline-reason muted"> (${reasonLabel(reason)})</span>` : ""}
    ${note ? html`<p class="muted headline-note">${note}</p>` : ""}
  </div>`;
}

/** A card with a plain statement (no number from a table), e.g. a status. */
export function statusCard({ title, value, note = "", tone = "neutral" }) {
  return html`<div class="card headline status-${tone}">
    <h2>${title}</h2>
    <span class="big">${value}</span>
    ${note ? html`<p class="muted headline-note">${note}</p>` : ""}
  </div>`;
}
