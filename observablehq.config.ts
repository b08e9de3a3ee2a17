// Observable Framework configuration for the public site (root `dashboards/src/`, output `dist/`).
// Offline-safe: no Google Fonts (style.css imports only Framework's own styles), no links to
// observablehq.com, DuckDB-WASM extensions disabled (they would be downloaded from
// extensions.duckdb.org). Build with `npm run build:site` (dashboards/build-site.ts), which purges
// cached loader output, fills the npm cache from node_modules and runs the privacy gate.
// Every page listed here is visited by the browser test (test/site/pages.test.ts).

const footer = [
  "Connecticut Early Childhood Workforce. Figures come from the Early Childhood Professional Registry;",
  "small counts are suppressed. Town and planning-region boundaries: CT Data Collaborative (MIT).",
].join(" ");

export default {
  title: "Connecticut Early Childhood Workforce",
  root: "dashboards/src",
  output: "dist",
  pages: [
    { name: "Overview", path: "/" },
    { name: "Staff-qualification goals", path: "/qualification-goals" },
    { name: "Compensation", path: "/compensation" },
    { name: "Cost of closing the wage gap", path: "/wage-gap-cost" },
    { name: "Methodology and data dictionary", path: "/methodology" },
    { name: "Workforce", path: "/workforce" },
    { name: "Qualifications and career ladder", path: "/qualifications" },
    { name: "Funding", path: "/funding" },
    { name: "Scholarships and applications", path: "/scholarships" },
    { name: "Professional development", path: "/professional-development" },
  ],
  style: "style.css",
  globalStylesheets: [],
  // No favicon request (the browser would ask for /favicon.ico and log a 404).
  head: '<link rel="icon" href="data:,">',
  footer,
  search: false,
  duckdb: { extensions: { json: null, parquet: null } },
};
