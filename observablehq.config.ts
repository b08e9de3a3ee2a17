// Observable Framework configuration for the public site (root `dashboards/src/`, output `dist/`).
// Offline-safe: no Google Fonts, no links to observablehq.com, DuckDB-WASM extensions disabled (they
// would be downloaded from extensions.duckdb.org). Build with `npm run build:site`
// (dashboards/build-site.ts), which also fills the npm cache from node_modules.

const footer = [
  "Connecticut Early Childhood Workforce. Figures come from the Early Childhood Professional Registry;",
  "small counts are suppressed. Town boundaries: CT Data Collaborative (MIT).",
].join(" ");

export default {
  title: "Connecticut Early Childhood Workforce",
  root: "dashboards/src",
  output: "dist",
  pages: [{ name: "Overview", path: "/" }],
  globalStylesheets: [],
  footer,
  search: false,
  duckdb: { extensions: { json: null, parquet: null } },
};
