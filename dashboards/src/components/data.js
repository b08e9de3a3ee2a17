// Reading a page's tables: the CSV files a page loader wrote (dashboards/loaders.ts), typed with the
// column kinds in meta.json. The rows ARE the downloadable file: what a chart draws is what a reader
// downloads.
import { csvParse } from "npm:d3-dsv";

/**
 * Reads one table of a page archive: `await loadTable(FileAttachment("data/overview/rpt_x.csv"), meta)`.
 * Returns the typed rows; `rows.meta` is the table's metadata (columns, grain, description, withheld
 * counts), `rows.url` the file's URL and `rows.fileName` its name (for the download link).
 */
export async function loadTable(file, meta) {
  const fileName = String(file.name).split("/").pop();
  const name = fileName.replace(/\.csv$/, "");
  const tableMeta = meta?.tables?.[name];
  if (!tableMeta) throw new Error(`${fileName}: no such table in meta.json (is the loader exporting it?)`);
  const text = (await file.text()).replace(/^\uFEFF/, "");
  const kinds = new Map(tableMeta.columns.map((c) => [c.name, c.kind]));
  const rows = csvParse(text, (d) => {
    const row = {};
    for (const [column, value] of Object.entries(d)) row[column] = typed(value, kinds.get(column));
    return row;
  });
  const header = rows.columns;
  const expected = tableMeta.columns.map((c) => c.name);
  if (header.join(",") !== expected.join(",")) {
    throw new Error(`${fileName}: header ${header.join(",")} differs from meta.json ${expected.join(",")}`);
  }
  const url = await file.url();
  return Object.assign(Array.from(rows), { meta: tableMeta, url, fileName, pageMeta: meta });
}

function typed(value, kind) {
  if (value === "" || value == null) return null;
  switch (kind) {
    case "integer":
    case "number":
      return Number(value);
    case "boolean":
      return value === "true";
    case "date":
      return value;
    default:
      // The loader prefixes text that a spreadsheet would run as a formula with a quote.
      return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
  }
}

/** The latest value of `column` (a date) in rows: e.g. latest(rows, "snapshot_date"). */
export function latest(rows, column = "snapshot_date") {
  let max = null;
  for (const row of rows) if (row[column] != null && (max == null || row[column] > max)) max = row[column];
  return max;
}

/** The one row matching every key (throws when there is none or several: a card must be exact). */
export function pick(rows, keys) {
  const found = rows.filter((row) => Object.entries(keys).every(([k, v]) => row[k] === v));
  if (found.length !== 1) {
    throw new Error(
      `${rows.fileName ?? "table"}: ${found.length} rows match ${JSON.stringify(keys)}, expected 1`,
    );
  }
  return found[0];
}

/** The reason a null value was withheld, from the row's *_suppression_reason_code columns. */
export function reasonFor(row, column) {
  const base = column.replace(/_(count|pct|usd|ratio)$/, "");
  const candidates = [
    `${column}_suppression_reason_code`,
    `${base}_suppression_reason_code`,
    `${base.replace(/_(classroom|teacher|people|program)$/, "")}_suppression_reason_code`,
  ];
  if (/wage|ratio/.test(column)) candidates.push("wage_suppression_reason_code");
  for (const c of candidates) if (row[c] != null) return row[c];
  const reasons = Object.keys(row).filter((k) => k.endsWith("suppression_reason_code") && row[k] != null);
  return reasons.length === 1 ? row[reasons[0]] : null;
}

/**
 * The `*_earlier.csv` files of a page (loaders.ts `recentAndEarlier`): the earlier June 30s of
 * tables whose recent rows the page loads when opened. `load()` fetches and types them once, on
 * the first call (when a reader picks an earlier date), and resolves to an object keyed like
 * `files`; `downloads` are their download links' tables, made from meta.json without fetching them.
 *
 *   const earlier = earlierTables({towns: FileAttachment("data/x/towns_earlier.csv")}, meta);
 */
export function earlierTables(files, meta) {
  let loading = null;
  const entries = Object.entries(files);
  return {
    load: () =>
      (loading ??= Promise.all(entries.map(([, file]) => loadTable(file, meta))).then((tables) =>
        Object.fromEntries(entries.map(([key], i) => [key, tables[i]])),
      )),
    downloads: entries.map(([, file]) => {
      const fileName = String(file.name).split("/").pop();
      const tableMeta = meta?.tables?.[fileName.replace(/\.csv$/, "")];
      if (!tableMeta)
        throw new Error(`${fileName}: no such table in meta.json (is the loader exporting it?)`);
      return Object.assign(Array.from({ length: tableMeta.rows }), {
        meta: tableMeta,
        url: file.href,
        fileName,
      });
    }),
  };
}
