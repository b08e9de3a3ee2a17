// Download links: every chart's table is a CSV file in dist/ (UTF-8 with byte-order mark, every field
// quoted, CRLF line ends: Excel opens it with accents and leading zeros intact).
import { html } from "npm:htl";

/** <a download> for a table from loadTable; data-columns carries the header the file must have. */
export function downloadLink(rows, text) {
  const columns = rows.meta.columns.map((c) => c.name);
  return html`<a class="download-link" href=${rows.url} download=${rows.fileName}
    data-columns=${columns.join(",")} data-rows=${rows.length}
    title=${`${rows.meta.table}: ${rows.meta.description}`}>${text ?? `Download ${rows.fileName} (CSV, ${rows.length.toLocaleString("en-US")} rows)`}</a>`;
}
