// Every number on the site is formatted here, so cards, tips, tables and axes agree.

const countFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const pctFormat = new Intl.NumberFormat("en-US", {
  style: "percent",
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const usdCentsFormat = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const usdFormat = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  maximumFractionDigits: 0,
});
const ratioFormat = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The text shown for a withheld value. */
export const WITHHELD = "suppressed";

/** Format kinds: the card test reads them back (data-format) to know each one's rounding. */
export const FORMATS = {
  count: (v) => countFormat.format(v),
  pct: (v) => pctFormat.format(v),
  usd: (v) => usdCentsFormat.format(v),
  usd0: (v) => usdFormat.format(v),
  ratio: (v) => ratioFormat.format(v),
  year: (v) => String(v),
  text: (v) => String(v),
};

/** Formats a value of a format kind; null shows as "suppressed". */
export function formatValue(value, kind = "count") {
  if (value == null || (typeof value === "number" && Number.isNaN(value))) return WITHHELD;
  return (FORMATS[kind] ?? FORMATS.text)(value);
}

export const formatCount = (v) => formatValue(v, "count");
export const formatPct = (v) => formatValue(v, "pct");
export const formatUsd = (v) => formatValue(v, "usd");
export const formatUsd0 = (v) => formatValue(v, "usd0");
export const formatRatio = (v) => formatValue(v, "ratio");

/** The format kind a column's name implies (the naming conventions of the reporting tables). */
export function formatKindOf(column, kind) {
  if (/_pct$/.test(column)) return "pct";
  if (/_ratio$/.test(column)) return "ratio";
  if (/annual.*_usd$|_annual_usd$|awarded_usd$|paid_usd$/.test(column)) return "usd0";
  if (/_usd$/.test(column)) return "usd";
  if (/_count$/.test(column)) return "count";
  if (/_year$/.test(column)) return "year";
  if (kind === "integer" || kind === "number") return "count";
  return "text";
}

const months = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** "2026-06-30" -> "June 30, 2026". */
export function formatDate(iso) {
  if (!iso) return "";
  const [y, m, d] = String(iso).slice(0, 10).split("-").map(Number);
  return `${months[m - 1]} ${d}, ${y}`;
}

/** "2026-06-30" -> a Date at UTC midnight (for time scales). */
export function parseDate(iso) {
  return iso == null ? null : new Date(`${String(iso).slice(0, 10)}T00:00:00Z`);
}

/** Fiscal year label: 2026 -> "FY2026 (Jul 2025 - Jun 2026)". */
export function formatFiscalYear(fy) {
  return `FY${fy} (Jul ${fy - 1} - Jun ${fy})`;
}

/** A human label for a column name: "median_hourly_wage_usd" -> "Median hourly wage (USD)". */
export function columnLabel(column) {
  const text = column
    .replace(/_pct$/, " (share)")
    .replace(/_2024_usd$/, " (2024 USD)")
    .replace(/_usd$/, " (USD)")
    .replace(/_code$/, "")
    .replaceAll("_", " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
