// One fixed colour per category, the same on every page. Colour-blind-safe palettes: Okabe & Ito
// (settings, qualification levels, OEC regions, funding sources), Paul Tol's "muted" (roles, planning
// regions) and viridis steps (ordered award levels). Grey is reserved for "none" and for suppressed
// values (hatched). Use colorScale(kind) as a Plot `color` option and label(kind, code) for text.

/** @type {Record<string, Record<string, {label: string, color: string}>>} */
export const CATEGORIES = {
  setting: {
    COMMUNITY: { label: "Community-based centers", color: "#0072B2" },
    PUBLIC_SCHOOL: { label: "Public-school programs", color: "#E69F00" },
    FAMILY_CHILD_CARE: { label: "Family child care homes", color: "#009E73" },
    ALL: { label: "All settings", color: "#000000" },
  },
  role: {
    TEACHER: { label: "Teacher", color: "#332288" },
    ASSISTANT_TEACHER: { label: "Assistant teacher", color: "#88CCEE" },
    DIRECTOR: { label: "Director", color: "#882255" },
    ASSISTANT_DIRECTOR: { label: "Assistant director", color: "#CC6677" },
    EDUCATION_COORDINATOR: { label: "Education coordinator", color: "#AA4499" },
    FCC_PROVIDER: { label: "Family child care provider", color: "#117733" },
    FCC_ASSISTANT: { label: "Family child care assistant", color: "#44AA99" },
    AIDE: { label: "Aide", color: "#DDCC77" },
    SUBSTITUTE: { label: "Substitute", color: "#999933" },
    // (not the orange of public-school programs, drawn beside roles on the same pages)
    FAMILY_SERVICES: { label: "Family services", color: "#6699CC" },
    OTHER: { label: "Other role", color: "#777777" },
    ALL: { label: "All roles", color: "#000000" },
  },
  award: {
    NONE: { label: "No verified award", color: "#BBBBBB" },
    HS_DIPLOMA_GED: { label: "High-school diploma or GED", color: "#FDE725" },
    CDA: { label: "CDA credential", color: "#A0DA39" },
    CERTIFICATE: { label: "Certificate", color: "#4AC16D" },
    ASSOCIATE: { label: "Associate degree", color: "#1FA187" },
    BACHELOR: { label: "Bachelor's degree", color: "#277F8E" },
    MASTER: { label: "Master's degree", color: "#365C8D" },
    DOCTORATE: { label: "Doctorate", color: "#46327E" },
    ALL: { label: "All levels", color: "#000000" },
  },
  qualification: {
    BACHELOR_LEVEL: { label: "Bachelor-level qualified", color: "#0072B2" },
    ASSOCIATE_LEVEL: { label: "Associate-level qualified", color: "#56B4E9" },
    NONE: { label: "Below associate level", color: "#BBBBBB" },
    ALL: { label: "All levels", color: "#000000" },
  },
  oecRegion: {
    "North Central": { label: "North Central", color: "#0072B2" },
    "South Central": { label: "South Central", color: "#E69F00" },
    East: { label: "East", color: "#009E73" },
    Southwest: { label: "Southwest", color: "#CC79A7" },
    Northwest: { label: "Northwest", color: "#D55E00" },
    ALL: { label: "Statewide", color: "#000000" },
  },
  planningRegion: {
    "09110": { label: "Capitol", color: "#332288" },
    "09120": { label: "Greater Bridgeport", color: "#88CCEE" },
    "09130": { label: "Lower Connecticut River Valley", color: "#44AA99" },
    "09140": { label: "Naugatuck Valley", color: "#117733" },
    "09150": { label: "Northeastern Connecticut", color: "#999933" },
    "09160": { label: "Northwest Hills", color: "#DDCC77" },
    "09170": { label: "South Central Connecticut", color: "#CC6677" },
    "09180": { label: "Southeastern Connecticut", color: "#882255" },
    "09190": { label: "Western Connecticut", color: "#AA4499" },
    ALL: { label: "Statewide", color: "#000000" },
  },
  fundingSource: {
    CDC: { label: "Child Day Care contracts", color: "#0072B2" },
    SR: { label: "School Readiness", color: "#E69F00" },
    SS: { label: "Smart Start", color: "#009E73" },
    SHS: { label: "State Head Start supplement", color: "#CC79A7" },
    ESCT: { label: "Early Start CT", color: "#56B4E9" },
    // (not the vermillion beside School Readiness' orange: the two lines run side by side to 2025)
    HS: { label: "Head Start (federal)", color: "#882255" },
    EHS: { label: "Early Head Start (federal)", color: "#F0E442" },
    // (not grey, which marks withheld and "none" categories, the black of "All", nor the benchmarks' vermillion)
    C4K: { label: "Care 4 Kids", color: "#8C564B" },
    PRIVATE: { label: "Private tuition and other", color: "#332288" },
    ALL: { label: "All state-funded", color: "#000000" },
  },
  benefits: {
    BOTH: { label: "Health insurance and retirement plan", color: "#0072B2" },
    HEALTH_INSURANCE_ONLY: { label: "Health insurance only", color: "#56B4E9" },
    RETIREMENT_PLAN_ONLY: { label: "Retirement plan only", color: "#E69F00" },
    NEITHER: { label: "Neither", color: "#BBBBBB" },
  },
  roomKind: {
    BACHELOR_LEVEL_QSM: { label: "Bachelor-level qualified QSM", color: "#0072B2" },
    ASSOCIATE_LEVEL_QSM: { label: "Associate-level QSM only", color: "#56B4E9" },
    BELOW_ASSOCIATE_LEVEL_QSM: { label: "QSM below associate level", color: "#E69F00" },
    NO_QSM: { label: "No designated QSM", color: "#BBBBBB" },
  },
};

/** Colour of a suppressed area or bar (drawn hatched where the mark allows it). */
export const SUPPRESSED_COLOR = "#BBBBBB";
/** Colour of benchmarks and targets. */
export const BENCHMARK_COLOR = "#D55E00";
/** Sequential scheme for maps (colour-blind safe, light to dark). */
export const SEQUENTIAL_SCHEME = "viridis";

/** Human-readable label of a code; unknown codes are returned as they are. */
export function label(kind, code) {
  return CATEGORIES[kind]?.[code]?.label ?? (code == null ? "" : String(code));
}

/** Fixed colour of a code ("#777777" when unknown). */
export function color(kind, code) {
  return CATEGORIES[kind]?.[code]?.color ?? "#777777";
}

/**
 * A Plot ordinal colour scale with the fixed colours of `kind`, limited to `codes` when given (in that
 * order), with readable legend labels: `Plot.plot({color: colorScale("setting"), ...})`.
 */
export function colorScale(kind, codes, { legend = true, includeAll = false } = {}) {
  const known = Object.keys(CATEGORIES[kind] ?? {});
  const domain = (codes ?? known).filter((c) => includeAll || c !== "ALL");
  return {
    type: "ordinal",
    domain,
    range: domain.map((c) => color(kind, c)),
    legend,
    tickFormat: (c) => label(kind, c),
  };
}
