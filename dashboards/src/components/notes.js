// The page footer: data-as-of date, sources, the suppression note and every download.
import { html } from "npm:htl";
import { downloadLink } from "./download.js";
import { formatDate } from "./format.js";
import { REASONS } from "./reasons.js";

/** Explains withheld values by reason code, with how many of each the page's tables hold. */
export function suppressionNote(meta, tables = []) {
  const k = meta.k;
  const counts = {};
  for (const t of tables)
    for (const [reason, n] of Object.entries(t.meta.withheld ?? {}))
      counts[reason] = (counts[reason] ?? 0) + n;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return html`<div class="suppression-note" id="suppression-note">
    <h3>Suppressed values</h3>
    <p>To protect privacy, no count from 1 to ${k - 1} is published, and some values are withheld with it.
    A withheld value is blank in the downloads, hatched or grey in charts and maps, and says <em>suppressed</em> in tables, with its reason:</p>
    <ul>${Object.entries(REASONS).map(
      ([code, r]) =>
        html`<li><strong>${r.label}</strong> (<code>${code}</code>): ${r.explain(k)}${counts[code] ? html` <span class="muted">(${counts[code].toLocaleString("en-US")} on this page)</span>` : ""}.</li>`,
    )}</ul>
    <p class="muted">${total === 0 ? "No value on this page is withheld." : `${total.toLocaleString("en-US")} values on this page are withheld.`}</p>
  </div>`;
}

/**
 * pageFooter({meta, sources, tables}): the data-as-of block. sources: strings or {name, note}; tables:
 * every table behind a chart (each gets a download link).
 */
export function pageFooter({ meta, sources = [], tables = [] }) {
  return html`<section class="page-footer" id="page-footer" aria-label="Data as of, sources and downloads">
    <p class="as-of">Data as of <strong data-as-of=${meta.as_of_date}>${formatDate(meta.as_of_date)}</strong>
      (the latest registry extract); page data built ${formatDate(meta.generated_at.slice(0, 10))}.</p>
    ${staleDataNote(meta)}
    <h3>Sources</h3>
    <ul class="sources">
      <li>Connecticut Early Childhood Professional Registry, verified records only, as of ${formatDate(meta.as_of_date)}.</li>
      ${sources.map((s) => html`<li>${typeof s === "string" ? s : html`<strong>${s.name}</strong>${s.note ? `: ${s.note}` : ""}`}</li>`)}
    </ul>
    ${suppressionNote(meta, tables)}
    <h3>Downloads</h3>
    <ul class="downloads-list">${tables.map((t) => html`<li>${downloadLink(t)} <span class="muted">${t.meta.description}${t.meta.coverage ? ` This file: ${t.meta.coverage}.` : ""}</span></li>`)}</ul>
  </section>`;
}

/** Days from an ISO date to another. */
const daysBetween = (from, to) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 864e5);

/** Days a page's data may be older than the page before it says so (a nightly load is 1-2 days). */
export const STALE_AFTER_DAYS = 7;

/**
 * A caution when the data are more than STALE_AFTER_DAYS older than the page (no newer registry
 * extract was loaded before it was built); null otherwise.
 */
export function staleDataNote(meta) {
  const days = daysBetween(meta.as_of_date, meta.generated_at.slice(0, 10));
  if (!(days > STALE_AFTER_DAYS)) return null;
  return html`<p class="card note stale-data" id="stale-data-note"><strong>Not current.</strong>
    These figures are as of ${formatDate(meta.as_of_date)}, ${days.toLocaleString("en-US")} days before this page was built:
    no newer registry extract had been loaded. Read them as of that date.</p>`;
}

/**
 * A caution for a fiscal year that ended shortly before the data (`fiscalYear` ends June 30 of that
 * year): `why` says what is still coming in ("Training completed in it is still being reported and
 * verified, so its figures will grow."). Null when the year ended a year or more before the as-of
 * date.
 */
export function recentYearNote(meta, fiscalYear, why) {
  const ended = `${fiscalYear}-06-30`;
  const days = daysBetween(ended, meta.as_of_date);
  if (!(days >= 0 && days < 365)) return null;
  return html`<div class="card note recent-year" id="recent-year-note"><strong>Fiscal ${fiscalYear} is recent.</strong>
    It ended on ${formatDate(ended)}, ${days === 0 ? "the day these data are as of" : `${days === 1 ? "one day" : `${days.toLocaleString("en-US")} days`} before these data (as of ${formatDate(meta.as_of_date)})`}.
    ${why} Compare it with earlier years with care.</div>`;
}
